"""Findings, fixes and suppressions in LSP terms: ranges in the client's code units, severities, codes,
documentation links, related locations, tags, and the quick fixes (fixes from synthetic findings: the
fixes themselves come with the rules that have them)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("lsprotocol", reason="the language server needs the extra k8slint[lsp] (lsprotocol)")
from lsprotocol import types  # noqa: E402

from k8slint import registry  # noqa: E402
from k8slint.lsp import protocol  # noqa: E402
from k8slint.model import Finding, Fix, Location, ObjectRef, Severity, TextEdit  # noqa: E402

UTF16 = protocol.Columns([], lambda text: len(text.encode("utf-16-le")) // 2).count_units
TEXT = """\
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
  labels: {emoji: "🚀🚀", app: k8s.gcr.io}
spec:
  template:
    spec:
      containers:
        - name: web
          image: k8s.gcr.io/pause:3.9
"""
LINES = TEXT.splitlines(keepends=True)
URI = "file:///project/app/deploy.yaml"
OBJECT = ObjectRef("extensions/v1beta1", "Deployment", None, "web", 0)


def finding(name: str, line: int, column: int, end_column: int, **extra) -> Finding:
    rule = registry.lookup(name)
    return Finding(
        "/project/app/deploy.yaml", line, column, rule.code, rule.name, rule.severity, "message", line, end_column, obj=OBJECT, **extra
    )


def position(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def test_columns_count_the_client_s_code_units() -> None:
    columns = protocol.Columns(LINES, UTF16)
    # `app` follows two emoji, each one character but two UTF-16 code units.
    assert columns.position(5, 25) == position(4, 26)
    assert columns.to_characters(position(4, 26)) == (5, 25)
    assert columns.position(11, 18) == position(10, 17)  # ASCII lines as they are
    assert columns.position(40, 1) == position(39, 0)  # past the end: clamped, never raises


def test_a_diagnostic_carries_code_rule_severity_link_tags_and_related_places() -> None:
    deprecated = finding(
        "deprecated-api-version", 1, 13, 31, related=(Location("/project/app/other.yaml", 2, 3, 2, 7, "the other definition"),)
    )
    other = protocol.Columns(["a\n", "b: 🚀xy\n"], UTF16)
    diagnostic = protocol.diagnostic(deprecated, protocol.Columns(LINES, UTF16), registry.lookup("K304"), lambda file: other)
    assert diagnostic.range == types.Range(start=position(0, 12), end=position(0, 30))
    assert (diagnostic.code, diagnostic.source, diagnostic.severity) == ("K304", "k8slint", types.DiagnosticSeverity.Warning)
    assert diagnostic.message == "message [deprecated-api-version]"
    assert diagnostic.code_description.href.endswith("/docs/rules.md#deprecated-api-version-k304")
    assert diagnostic.tags == [types.DiagnosticTag.Deprecated]
    (related,) = diagnostic.related_information
    assert related.location.uri == Path("/project/app/other.yaml").as_uri()
    assert related.location.range == types.Range(start=position(1, 2), end=position(1, 7))
    assert related.message == "the other definition"


def test_severities_are_mapped() -> None:
    columns = protocol.Columns(LINES, UTF16)
    levels = [
        protocol.diagnostic(
            Finding("f", 1, 1, "K201", "deprecated-registry", severity, "m", 1, 2), columns, None, lambda file: None
        ).severity
        for severity in Severity
    ]
    assert levels == [types.DiagnosticSeverity.Information, types.DiagnosticSeverity.Warning, types.DiagnosticSeverity.Error]


def test_a_fix_is_a_quick_fix_safe_ones_preferred_and_unsafe_ones_labelled() -> None:
    columns = protocol.Columns(LINES, UTF16)
    safe = Fix("replace k8s.gcr.io with registry.k8s.io", True, (TextEdit(11, 18, 11, 28, "registry.k8s.io"),))
    unsafe = Fix("move to apps/v1", False, (TextEdit(1, 13, 1, 31, "apps/v1"), TextEdit(5, 25, 5, 28, "name")))
    findings = [finding("deprecated-api-version", 1, 13, 31, fix=unsafe), finding("deprecated-registry", 11, 18, 44, fix=safe)]
    diagnostics = [protocol.diagnostic(f, columns, None, lambda file: None) for f in findings]
    everything = types.Range(start=position(0, 0), end=position(11, 0))
    actions = protocol.code_actions(URI, TEXT, findings, diagnostics, everything, columns)
    assert [(action.title, action.is_preferred) for action in actions[:2]] == [
        ("replace k8s.gcr.io with registry.k8s.io", True),
        ("move to apps/v1 (unsafe: changes behaviour)", False),
    ]
    assert all(action.kind == types.CodeActionKind.QuickFix for action in actions)
    assert actions[0].diagnostics == [diagnostics[1]]
    assert actions[0].edit.changes == {URI: [types.TextEdit(range=types.Range(start=position(10, 17), end=position(10, 27)), new_text="registry.k8s.io")]}
    assert actions[1].edit.changes[URI] == [
        types.TextEdit(range=types.Range(start=position(0, 12), end=position(0, 30)), new_text="apps/v1"),
        types.TextEdit(range=types.Range(start=position(4, 26), end=position(4, 29)), new_text="name"),
    ]
    assert [action.title for action in actions[2:]] == [
        "Suppress deprecated-api-version on this line",
        "Suppress deprecated-api-version for Deployment/web",
        "Suppress deprecated-registry on this line",
        "Suppress deprecated-registry for Deployment/web",
    ]


def test_suppressions_once_per_rule_and_line_or_object_and_only_where_asked() -> None:
    columns = protocol.Columns(LINES, UTF16)
    findings = [finding("deprecated-registry", 11, 18, 44), finding("deprecated-registry", 11, 18, 44), finding("deprecated-registry", 5, 30, 40)]
    diagnostics = [protocol.diagnostic(f, columns, None, lambda file: None) for f in findings]
    line_11 = types.Range(start=position(10, 0), end=position(10, 0))
    titles = [action.title for action in protocol.code_actions(URI, TEXT, findings, diagnostics, line_11, columns)]
    assert titles == []  # the range ends before the finding starts
    line_11 = types.Range(start=position(10, 20), end=position(10, 20))
    actions = protocol.code_actions(URI, TEXT, findings, diagnostics, line_11, columns)
    assert [action.title for action in actions] == ["Suppress deprecated-registry on this line", "Suppress deprecated-registry for Deployment/web"]
    assert actions[0].edit.changes[URI][0].new_text == "  # k8slint: disable-line=deprecated-registry"
