"""Comment directives and annotations: scope, quoting, unknown rules, and unused suppressions."""

import time

from tests.helpers import lint

HEAD = "apiVersion: v1\nkind: Service\nmetadata:\n"


def found(text, select=("invalid-name", "invalid-label", "unused-suppression", "invalid-suppression")):
    return [(f.name, f.line) for f in lint(text, select=list(select)).findings]


def test_disable_line_inline_covers_only_that_line():
    text = HEAD + "  name: Bad_Name  # k8slint: disable-line=invalid-name\n  labels: {a: yes}\n"
    assert found(text) == [("invalid-label", 5)]


def test_disable_line_on_its_own_line_covers_the_next_content_line():
    text = HEAD + "  # k8slint: disable-line=K102\n  # another comment\n  name: Bad_Name\n"
    assert found(text) == []


def test_disable_next_line_by_code_and_name_list():
    text = HEAD + "  # k8slint: disable-next-line=K102, invalid-label\n  name: Bad_Name\n  labels: {a: yes}\n"
    assert found(text) == [("unused-suppression", 4), ("invalid-label", 6)]


def test_block_disable_until_enable():
    text = (
        "# k8slint: disable=invalid-label\n" + HEAD + "  name: ok\n  labels: {a: yes}\n"
        "# k8slint: enable=invalid-label\n---\n" + HEAD + "  name: ok2\n  labels: {b: no}\n"
    )
    assert found(text) == [("invalid-label", 13)]


def test_disable_without_rules_covers_everything_and_disable_file():
    text = HEAD + "  name: Bad_Name\n  labels: {a: yes}\n# k8slint: disable-file\n"
    assert found(text) == []
    text = "# k8slint: disable-file=invalid-name\n" + HEAD + "  name: Bad_Name\n"
    assert found(text) == []


def test_hash_inside_a_quoted_or_block_string_is_not_a_directive():
    text = (
        HEAD + '  name: Bad_Name\n  annotations:\n    note: "x # k8slint: disable-file"\n'
        "    script: |\n      echo hi  # k8slint: disable-file\n"
    )
    assert found(text) == [("invalid-name", 4)]


def test_hash_glued_to_a_plain_scalar_is_not_a_comment():
    text = HEAD + "  name: Bad_Name#k8slint:disable-line\n"
    assert [name for name, _ in found(text)] == ["invalid-name"]


def test_annotations_suppress_on_the_object_only():
    text = (
        HEAD + "  name: Bad_Name\n  annotations:\n    ignore-check.k8slint.io/invalid-name: legacy\n---\n"
        + HEAD + "  name: Bad_Two\n"
    )
    assert found(text) == [("invalid-name", 11)]
    text = HEAD + "  name: Bad_Name\n  labels: {a: yes}\n  annotations:\n    k8slint.io/ignore-all: vendored\n"
    assert found(text) == []


def test_unused_and_invalid_suppressions_are_reported_where_written():
    text = (
        HEAD + "  name: good  # k8slint: disable-line=invalid-name\n"
        "  annotations:\n    ignore-check.k8slint.io/nonexistent: x\n"
    )
    findings = lint(text, select=["invalid-name", "unused-suppression", "invalid-suppression"]).findings
    assert [(f.name, f.line, f.column, f.message) for f in findings] == [
        ("unused-suppression", 4, 15, '"k8slint: disable-line=invalid-name" does not suppress any invalid-name finding'),
        ("invalid-suppression", 6, 5, 'annotation "ignore-check.k8slint.io/nonexistent" names unknown rule "nonexistent"'),
    ]


def test_suppressions_of_rules_that_did_not_run_are_not_unused():
    text = HEAD + "  name: good  # k8slint: disable-line=invalid-label\n"
    assert found(text, select=("invalid-name", "unused-suppression")) == []


def test_syntax_errors_cannot_be_suppressed():
    text = "# k8slint: disable-file\na: [\n"
    assert [(f.name, f.line) for f in lint(text, select=["invalid-yaml", "unused-suppression"]).findings] == [
        ("unused-suppression", 1),
        ("invalid-yaml", 3),
    ]


def test_directive_after_a_quoted_look_alike_on_the_same_line():
    text = HEAD + '  name: Bad_Name\n  labels: {a: "# k8slint: disable-line=K102"}  # k8slint: disable-line=K103\n  annotations: {b: "1"}\n'
    text = text.replace("{a: ", "{a: yes, c: ")
    assert found(text) == [("invalid-name", 4)]


# ---- malformed directives suppress nothing (issue 16) ------------------------------------------

MALFORMED = [
    ("# k8slint: disable invalid-name", 'did you mean "k8slint: disable=invalid-name"?'),
    ("# k8slint: disable: invalid-name", 'did you mean "k8slint: disable=invalid-name"?'),
    ("# k8slint: disable-nextline=invalid-name", 'did you mean "k8slint: disable-next-line=invalid-name"?'),
    ("# k8slint: disable-lines=invalid-name", 'did you mean "k8slint: disable-line=invalid-name"?'),
    ("# k8slint: disable=", 'did you mean "k8slint: disable"?'),
    ("# k8slint: disable=invalid-name legacy", 'did you mean "k8slint: disable=invalid-name,legacy"?'),
    ("# k8slint: disabel-file", 'did you mean "k8slint: disable-file"?'),
    ("# k8slint: off", "is not a k8slint directive (expected one of disable-next-line, disable-line,"),
]


def test_a_directive_that_does_not_parse_is_reported_and_suppresses_nothing():
    for directive, hint in MALFORMED:
        text = directive + "\n" + HEAD + "  name: Bad_Name\n"
        findings = lint(text, select=["invalid-name", "invalid-suppression", "unused-suppression"]).findings
        assert [(f.name, f.line, f.column) for f in findings] == [("invalid-suppression", 1, 1), ("invalid-name", 5, 9)], directive
        assert findings[0].message.startswith(f'"{directive[2:]}" is ') and hint in findings[0].message, findings[0].message


def test_a_directive_naming_an_unknown_rule_suppresses_nothing_and_suggests_the_rule():
    text = HEAD + "  name: Bad_Name  # k8slint: disable-line=invalid-name,invalid-nmae\n"
    findings = lint(text, select=["invalid-name", "invalid-suppression", "unused-suppression"]).findings
    assert [(f.name, f.line, f.message) for f in findings] == [
        ("invalid-name", 4, findings[0].message),
        ("invalid-suppression", 4, 'suppression names unknown rule "invalid-nmae"; did you mean "invalid-name"?'),
    ]


def test_a_reason_after_a_second_hash_is_allowed():
    text = HEAD + "  name: Bad_Name  # k8slint: disable-line=invalid-name  # legacy name, renamed in v2\n"
    assert found(text) == []


def test_repeated_disable_is_ended_by_one_enable_as_in_yamllint():
    text = (
        "# k8slint: disable=invalid-label\n# k8slint: disable=invalid-label\n" + HEAD + "  labels: {a: yes}\n"
        "# k8slint: enable=invalid-label\n---\n" + HEAD + "  labels: {b: yes}\n"
        "# k8slint: enable=invalid-label\n---\n" + HEAD + "  labels: {c: yes}\n"
    )
    assert found(text, select=("invalid-label", "invalid-suppression")) == [("invalid-label", 12), ("invalid-label", 18)]


def test_enable_of_one_rule_keeps_the_others_of_the_block_and_of_a_bare_disable_off():
    text = (
        "# k8slint: disable=invalid-label,invalid-name\n" + HEAD + "  name: Bad_One\n  labels: {a: yes}\n"
        "# k8slint: enable=invalid-label\n---\n" + HEAD + "  name: Bad_Two\n  labels: {b: yes}\n"
    )
    assert found(text, select=("invalid-label", "invalid-name")) == [("invalid-label", 13)]
    text = text.replace("disable=invalid-label,invalid-name", "disable")
    assert found(text, select=("invalid-label", "invalid-name")) == [("invalid-label", 13)]


def test_many_directive_lines_and_many_findings_in_one_mapping():
    count = 20_000
    text = HEAD + "  name: c\n  labels:\n" + "".join(
        f"    k{index}: yes  # k8slint: disable-line=invalid-label\n" for index in range(count)
    )
    started = time.perf_counter()
    findings = lint(text, select=["invalid-label", "unused-suppression"]).findings
    # A hang guard, not a speed target: scanning used to cost directive lines x scalars (about 70 s here).
    assert time.perf_counter() - started < 20
    assert findings == []


def test_disable_file_between_blocks_of_the_same_rule():
    text = (
        "# k8slint: disable=invalid-label\n" + HEAD + "  labels: {a: yes}\n# k8slint: enable=invalid-label\n---\n"
        + HEAD + "  labels: {b: yes}  # k8slint: disable-file=invalid-label\n---\n"
        "# k8slint: disable=invalid-label\n" + HEAD + "  labels: {c: yes}\n# k8slint: enable=invalid-label\n"
    )
    assert found(text, select=("invalid-label", "unused-suppression")) == []
