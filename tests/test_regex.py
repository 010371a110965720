"""Regular expressions from the input run on RE2 (linear time), are refused as the API server refuses
them, and a missing RE2 means they are not evaluated, never a hang (issue 16)."""

import re
import time

import pytest

from k8slint import fluentd, regex, schemas
from k8slint.schemas import SchemaError
from tests.helpers import lint

LATEST = (1, 37)
EVIL = "^(a+)+$"
EVIL_TEXT = "a" * 48 + "!"


def crd_with_pattern(pattern):
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {
            "group": "example.com", "names": {"kind": "Widget", "plural": "widgets"}, "scope": "Namespaced",
            "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                "type": "object",
                "properties": {"spec": {"type": "object", "properties": {"name": {"type": "string", "pattern": pattern}}}},
            }}}],
        },
    }


def widget_errors(crd, name):
    custom = schemas.CustomSchemas([crd])
    value = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {"name": name}}
    return schemas.validate(value, "example.com/v1", "Widget", LATEST, custom)


def test_a_crd_pattern_with_nested_repetition_runs_in_linear_time():
    started = time.perf_counter()
    found = widget_errors(crd_with_pattern(EVIL), EVIL_TEXT)
    # A hang guard: Python's backtracking re took minutes here.
    assert time.perf_counter() - started < 10
    assert found == [SchemaError(("spec", "name"), f'"{EVIL_TEXT}" does not match the pattern \'^(a+)+$\'')]
    assert widget_errors(crd_with_pattern(EVIL), "aaaa") == []


@pytest.mark.parametrize(
    "pattern, reason",
    [
        (r"^(a)\1$", r"invalid escape sequence: \1"),
        ("^(?=a)", "invalid perl operator: (?="),
        ("a{1001}", "invalid repetition size: {1001}"),
        ("+", "no argument for repetition operator: +"),
    ],
)
def test_a_crd_pattern_re2_refuses_is_reported_as_the_api_server_does_and_not_applied(pattern, reason):
    crd = crd_with_pattern(pattern)
    assert schemas.crd_problems(crd) == [
        SchemaError(
            ("spec", "versions", 0, "schema", "openAPIV3Schema", "properties", "spec", "properties", "name", "pattern"),
            f"must be a valid regular expression, but isn't: {reason}",
        )
    ]
    assert widget_errors(crd, "anything") == []


def test_crd_invalid_positions_the_refused_pattern():
    text = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n"
        "spec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n"
        "  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n"
        "        properties:\n          spec:\n            type: object\n            properties:\n"
        "              name: {type: string, pattern: '(a)\\1'}\n"
    )
    findings = lint(text, select=["crd-invalid"]).findings
    assert [(f.line, f.column, f.message) for f in findings] == [
        (19, 45, r"must be a valid regular expression, but isn't: invalid escape sequence: \1")
    ]


def test_a_fluentd_match_regex_with_nested_repetition_runs_in_linear_time():
    config = fluentd.parse(
        "<match /(a+)+b/>\n  @type null\n</match>\n<match " + "a" * 40 + "c>\n  @type stdout\n</match>\n"
    )
    started = time.perf_counter()
    unreachable = list(fluentd.unreachable_matches(config))
    assert time.perf_counter() - started < 10
    assert unreachable == []
    assert fluentd.MatchPattern("/(a+)+b/").matches("a" * 40 + "b")


def test_without_re2_input_patterns_are_not_evaluated(monkeypatch):
    monkeypatch.setattr(regex, "ENGINE", None)
    assert regex.compile(EVIL) is None and regex.rejection(r"(a)\1") is None
    assert widget_errors(crd_with_pattern(EVIL), EVIL_TEXT) == []
    assert schemas.crd_problems(crd_with_pattern(r"(a)\1")) == []
    assert not fluentd.MatchPattern("/(a+)+b/").matches("a" * 40 + "b")


def test_re2_prints_nothing_when_it_refuses_a_pattern(capfd):
    regex.compile(r"(b)\1 not cached before")
    assert capfd.readouterr().err == ""


def test_lazy_patterns_compile_on_first_use_and_act_as_compiled_ones():
    pattern = regex.LazyPattern(r"(?P<word>[a-z]+)-(\d+)", re.IGNORECASE)
    assert "match" not in vars(pattern)  # nothing compiled yet
    assert pattern.fullmatch("Web-12").group("word") == "Web"
    assert pattern.sub(r"\2", "a-1 b-2") == "1 2" and pattern.findall("x-3") == [("x", "3")]
    assert pattern.groups == 2 and pattern.groupindex == {"word": 1} and pattern.flags & re.IGNORECASE
    assert pattern.pattern == r"(?P<word>[a-z]+)-(\d+)" and "match" in vars(pattern)
