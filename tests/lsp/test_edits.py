"""The edits of the language server's "suppress" code actions: each is minimal, leaves every other byte
alone, and the edited text no longer has the finding (and has no new one)."""

from __future__ import annotations

import json

from k8slint import records
from k8slint.lsp.edits import suppress_on_line, suppress_on_object
from k8slint.model import TextEdit
from tests.helpers import lint

RULE = "deprecated-registry"


def apply(text: str, edit: TextEdit) -> str:
    """`text` with one edit applied (1-based lines and characters, line breaks as written)."""
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: edit.line - 1]) + edit.column - 1
    end = sum(len(line) for line in lines[: edit.end_line - 1]) + edit.end_column - 1
    return text[:start] + edit.text + text[end:]


def only_finding(text: str, rule: str = RULE):
    (finding,) = [finding for finding in lint(text).findings if finding.name == rule]
    return finding


def names(text: str) -> list[str]:
    return [finding.name for finding in lint(text).findings]


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web  # the front end
  labels: {app: web}
spec:
  containers:
    - name: web
      image: k8s.gcr.io/pause:3.9
"""


def test_on_line_appends_the_comment_and_nothing_else() -> None:
    edit = suppress_on_line(POD, only_finding(POD))
    assert edit == TextEdit(9, 34, 9, 34, "  # k8slint: disable-line=deprecated-registry")
    fixed = apply(POD, edit)
    assert fixed == POD.replace("pause:3.9\n", "pause:3.9  # k8slint: disable-line=deprecated-registry\n")
    assert RULE not in names(fixed)


def test_on_line_adds_the_rule_to_the_line_s_comment() -> None:
    text = POD.replace("pause:3.9\n", "pause:3.9  # k8slint: disable-line=invalid-label  # why\n")
    fixed = apply(text, suppress_on_line(text, only_finding(text)))
    assert fixed == POD.replace("pause:3.9\n", "pause:3.9  # k8slint: disable-line=invalid-label,deprecated-registry  # why\n")


def test_on_line_keeps_crlf() -> None:
    text = POD.replace("\n", "\r\n")
    fixed = apply(text, suppress_on_line(text, only_finding(text)))
    assert fixed == text.replace("pause:3.9\r\n", "pause:3.9  # k8slint: disable-line=deprecated-registry\r\n")


def test_on_line_none_inside_a_multi_line_string() -> None:
    text = POD.replace("  labels: {app: web}\n", "  labels: {app: web}\n  annotations:\n    note: |\n      first\n      second\n")
    finding = only_finding(text)
    assert suppress_on_line(text, finding) is not None
    # A comment on a line of the block scalar would become part of the string.
    assert suppress_on_line(text, records.replace(finding, line=8)) is None


def test_on_object_adds_the_annotation_to_block_annotations() -> None:
    text = POD.replace("  labels: {app: web}\n", "  labels: {app: web}\n  annotations:\n    team: shop\n")
    edit = suppress_on_object(text, only_finding(text))
    fixed = apply(text, edit)
    assert fixed == text.replace("    team: shop\n", '    ignore-check.k8slint.io/deprecated-registry: ""\n    team: shop\n')
    assert RULE not in names(fixed) and names(fixed) == [n for n in names(text) if n != RULE]


def test_on_object_adds_annotations_to_block_metadata() -> None:
    fixed = apply(POD, suppress_on_object(POD, only_finding(POD)))
    assert fixed == POD.replace(
        "metadata:\n  name: web", 'metadata:\n  annotations:\n    ignore-check.k8slint.io/deprecated-registry: ""\n  name: web'
    )
    assert RULE not in names(fixed)


def test_on_object_in_flow_metadata_and_flow_annotations() -> None:
    flow_metadata = POD.replace("metadata:\n  name: web  # the front end\n  labels: {app: web}\n", "metadata: {name: web, labels: {app: web}}\n")
    fixed = apply(flow_metadata, suppress_on_object(flow_metadata, only_finding(flow_metadata)))
    assert 'metadata: {name: web, labels: {app: web}, "annotations": {"ignore-check.k8slint.io/deprecated-registry": ""}}\n' in fixed
    assert RULE not in names(fixed)
    empty = POD.replace("  labels: {app: web}\n", "  labels: {app: web}\n  annotations: {}\n")
    fixed = apply(empty, suppress_on_object(empty, only_finding(empty)))
    assert '  annotations: {"ignore-check.k8slint.io/deprecated-registry": ""}\n' in fixed
    assert RULE not in names(fixed)


def test_on_object_in_json_stays_json() -> None:
    document = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "k8s.gcr.io/pause:3.9"}]}}
    text = json.dumps(document, indent=2) + "\n"
    fixed = apply(text, suppress_on_object(text, only_finding(text)))
    assert json.loads(fixed)["metadata"] == {"name": "web", "annotations": {"ignore-check.k8slint.io/deprecated-registry": ""}}
    assert RULE not in names(fixed)


def test_on_object_finds_its_document_among_several_and_keeps_crlf() -> None:
    other = POD.replace("name: web  # the front end", "name: other").replace("k8s.gcr.io", "registry.k8s.io")
    text = (other + "---\n" + POD).replace("\n", "\r\n")
    fixed = apply(text, suppress_on_object(text, only_finding(text)))
    assert fixed == text.replace(
        "---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n",
        '---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  annotations:\r\n    ignore-check.k8slint.io/deprecated-registry: ""\r\n',
    )
    assert RULE not in names(fixed)


def test_only_the_finding_s_document_counts_even_beside_markers_in_strings_and_a_broken_document() -> None:
    script = "  annotations:\n    script: |\n      ---\n      ...\n"
    text = "# leading comment\n---\n" + POD.replace("  labels: {app: web}\n", "  labels: {app: web}\n" + script) + "...\n---\nkind: [\n"
    finding = only_finding(text)
    fixed = apply(text, suppress_on_object(text, finding))
    assert fixed == text.replace("  annotations:\n", '  annotations:\n    ignore-check.k8slint.io/deprecated-registry: ""\n')
    fixed = apply(text, suppress_on_line(text, finding))
    assert fixed == text.replace("pause:3.9\n", "pause:3.9  # k8slint: disable-line=deprecated-registry\n")


def test_on_object_none_for_an_item_of_a_list() -> None:
    items = "".join("  " + line + "\n" for line in ("- " + POD.replace("\n", "\n  ")).splitlines())
    text = "apiVersion: v1\nkind: List\nitems:\n" + items
    finding = only_finding(text)
    assert suppress_on_object(text, finding) is None
    assert suppress_on_line(text, finding) is not None
