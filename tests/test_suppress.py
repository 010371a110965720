"""Comment directives and annotations: scope, quoting, unknown rules, and unused suppressions."""

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
