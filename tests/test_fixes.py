"""`lint --fix`, `--diff` and `--unsafe-fixes`, and the edits behind them (k8slint.fixes).

Each rule's fixes are shown by its fixture's `.fix.diff` snapshot (tests/test_fixtures.py); here every such
fixture is also fixed inside a file with comments, anchors, other documents and CRLF line ends, through the
command line, and every byte outside the edits must stay as it was.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from k8slint import fixes
from k8slint.cli import main
from k8slint.fixes import apply_edits, fix_text
from k8slint.model import Finding, Fix, ObjectRef, Severity, TextEdit
from tests.helpers import FIXTURES, fixture_config, lint
from tests.test_fixtures import fixture_rule, headers

FIXED_FIXTURES = sorted(path.with_suffix("").with_suffix(".yaml") for path in FIXTURES.glob("*.fix.diff"))

# Around each fixture: a comment, a document with an anchor and its alias, and a document after it.
BEFORE = (
    "# Managed by hand: keep this comment.\r\n"
    "apiVersion: v1\r\n"
    "kind: ConfigMap\r\n"
    "metadata: {name: shared, labels: &labels {app: web}, annotations: *labels}   # an anchor and its alias\r\n"
    "data: {a: '1', b: \"two\"}\r\n"
    "\r\n"
    "---\r\n"
)
AFTER = "\r\n---\r\n# the last document\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: last\r\n"


def _fixed_by_snapshot(path: Path) -> str:
    """The fixture's text with the edits its `.fix.diff` snapshot shows."""
    from k8slint.linter import Linter
    from tests.helpers import lint_files, make_config

    rule = fixture_rule(path)
    select = [rule.name, *headers(path).get("rules", [])]
    config = make_config(select, fixture_config(path))
    report = lint_files([path], select=select, config=fixture_config(path))
    text = path.read_text(encoding="utf-8")
    result = fix_text(text, report.findings, lambda t: Linter(config).lint_text(t, str(path)).findings, unsafe=True)
    return result.text


@pytest.mark.parametrize("path", FIXED_FIXTURES, ids=lambda path: path.stem)
def test_every_byte_outside_the_edits_is_kept(path: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    rule = fixture_rule(path)
    extra = headers(path)
    if extra.get("files"):
        pytest.skip("a fixture linted with other files")
    config = fixture_config(path) or {}
    (tmp_path / ".k8slint.yaml").write_text(json.dumps({"applySets": {"scope": "run"}, **config}))
    original = path.read_text(encoding="utf-8")
    target = tmp_path / "manifest.yaml"
    before = (BEFORE + original.replace("\n", "\r\n") + AFTER).encode("utf-8")
    target.write_bytes(before)
    monkeypatch.chdir(tmp_path)
    select = ",".join([rule.name, *extra.get("rules", [])])
    main(["lint", "--fix", "--unsafe-fixes", "--select", select, "--format", "concise", "manifest.yaml"])
    out, err = capsys.readouterr()
    assert "fix not applied" not in err, err
    expected = BEFORE + _fixed_by_snapshot(path).replace("\n", "\r\n") + AFTER
    assert target.read_bytes() == expected.encode("utf-8")
    assert "Fixed" in out


def _finding(code: str, line: int, edits: tuple[TextEdit, ...], safe: bool = True) -> Finding:
    return Finding(
        "x.yaml", line, 1, code, f"rule-{code.lower()}", Severity.WARNING, "m",
        obj=ObjectRef("v1", "ConfigMap", None, "x", 0), fix=Fix("fix it", safe, edits) if edits else None,
    )


def test_overlapping_fixes_are_applied_in_rounds() -> None:
    # "ab" -> "Ab" and "bc" -> "bC" overlap on "b": the second waits for the next round.
    def lint_fake(text: str) -> list[Finding]:
        found = []
        index = text.find("ab")
        if index >= 0:
            found.append(_finding("K991", 1, (TextEdit(1, index + 1, 1, index + 3, "Ab"),)))
        index = text.find("bc")
        if index >= 0:
            found.append(_finding("K992", 1, (TextEdit(1, index + 1, 1, index + 3, "bC"),)))
        return found

    result = fix_text("x: abc\n", lint_fake("x: abc\n"), lint_fake)
    assert result.text == "x: AbC\n"
    assert [finding.code for finding in result.fixed] == ["K991", "K992"]
    assert result.rejected == []


def test_a_fix_that_brings_a_new_finding_is_not_applied() -> None:
    def lint_fake(text: str) -> list[Finding]:
        if "old" in text:
            return [_finding("K991", 1, (TextEdit(1, 4, 1, 7, "new"),))]
        return [_finding("K993", 1, ())]  # the fixed text has another problem

    result = fix_text("x: old\n", lint_fake("x: old\n"), lint_fake)
    assert result.text == "x: old\n"
    assert [why for _, why in result.rejected] == ["the fixed text would have a new finding: K993 rule-k993 m"]


def test_a_fix_that_changes_the_structure_is_not_applied() -> None:
    def lint_fake(text: str) -> list[Finding]:
        return [_finding("K991", 1, (TextEdit(1, 4, 1, 7, "a: b"),))] if "old" in text else []

    result = fix_text("x: old\n", lint_fake("x: old\n"), lint_fake)
    assert result.text == "x: old\n"
    assert result.rejected[0][1] == "the fixed text would not read: mapping values are not allowed in this context"


def test_rounds_stop_at_the_limit(monkeypatch) -> None:
    monkeypatch.setattr(fixes, "MAX_ROUNDS", 2)

    def lint_fake(text: str) -> list[Finding]:
        lines = text.splitlines()
        found = []
        for number, line in enumerate(lines, start=1):
            if line.startswith("- x"):
                fixable = not found  # one fix a round: the first line left
                found.append(_finding("K991", number, (TextEdit(number, 3, number, 4, "y"),) if fixable else ()))
        return found

    text = "- x\n- x\n- x\n"
    result = fix_text(text, lint_fake(text), lint_fake)
    assert result.text == "- y\n- y\n- x\n"


def test_apply_edits_counts_lines_as_yaml_does() -> None:
    text = "a: 1\r\nb: k8s.gcr.io/x\rc: 3\n"
    assert apply_edits(text, [TextEdit(2, 4, 2, 14, "registry.k8s.io")]) == "a: 1\r\nb: registry.k8s.io/x\rc: 3\n"


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {enabled: yes}
spec:
  serviceAccount: web
  containers:
    - name: web
      image: k8s.gcr.io/pause:3.9
    - name: logs
      image: busybox:1.36
      args: [/bin/sh, -c, "tail -f /var/log/app.log"]
"""
FIXED_POD = POD.replace("{enabled: yes}", '{enabled: "yes"}').replace("serviceAccount:", "serviceAccountName:").replace(
    "k8s.gcr.io", "registry.k8s.io"
)
RULES = "invalid-label,deprecated-service-account-field,deprecated-registry,sidecar-tail-follows-descriptor"


def test_fix_applies_the_safe_fixes_and_reports_what_remains(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "pod.yaml").write_text(POD)
    monkeypatch.chdir(tmp_path)
    code = main(["lint", "--select", RULES, "--format", "concise", "pod.yaml"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("[*]") == 4  # three findings and the summary; the unsafe tail fix is not marked
    assert "[*] 3 fixable with --fix. 1 more with --unsafe-fixes." in out
    code = main(["lint", "--fix", "--select", RULES, "--format", "concise", "pod.yaml"])
    out = capsys.readouterr().out
    assert (tmp_path / "pod.yaml").read_text() == FIXED_POD
    assert code == 1  # the tail -f finding remains
    assert "K602 [sidecar-tail-follows-descriptor]" in out
    assert "Fixed 3 problem(s). 1 more with --unsafe-fixes." in out
    code = main(["lint", "--fix", "--unsafe-fixes", "--select", RULES, "--format", "concise", "pod.yaml"])
    out = capsys.readouterr().out
    assert code == 0
    assert (tmp_path / "pod.yaml").read_text() == FIXED_POD.replace("tail -f", "tail -F")
    assert out == "No problems in 1 file(s), 1 document(s). Fixed 1 problem(s).\n"


def test_diff_prints_the_fixes_and_changes_nothing(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "pod.yaml").write_text(POD)
    monkeypatch.chdir(tmp_path)
    code = main(["lint", "--diff", "--select", RULES, "pod.yaml"])
    out = capsys.readouterr().out
    assert code == 1  # as ruff: there is something to fix
    assert (tmp_path / "pod.yaml").read_text() == POD
    assert out.startswith("--- a/pod.yaml\n+++ b/pod.yaml\n")
    assert "-  labels: {enabled: yes}\n+  labels: {enabled: \"yes\"}\n" in out
    assert "tail -F" not in out
    (tmp_path / "pod.yaml").write_text(FIXED_POD)
    assert main(["lint", "--diff", "--select", "deprecated-registry", "pod.yaml"]) == 0
    assert capsys.readouterr().out == ""


def test_fix_on_stdin_prints_the_fixed_text(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(POD.encode())))
    code = main(["lint", "--fix", "--select", RULES, "--format", "concise", "--stdin-filename", "pod.yaml", "-"])
    out, err = capsys.readouterr()
    assert out == FIXED_POD
    assert "pod.yaml:13:" in err and "Fixed 3 problem(s)." in err  # the report goes to stderr
    assert code == 1


def test_fix_on_stdin_without_fixes_prints_the_text_unchanged(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FIXED_POD.encode())))
    main(["lint", "--fix", "--select", "deprecated-registry", "--format", "concise", "-"])
    assert capsys.readouterr().out == FIXED_POD


def test_json_and_sarif_carry_the_fix() -> None:
    from k8slint.formats import FORMATS

    report = lint(POD, select=["deprecated-registry"])
    out = io.StringIO()
    FORMATS["json"](report, out)
    (finding,) = json.loads(out.getvalue())["findings"]
    assert finding["fix"] == {
        "message": "replace k8s.gcr.io with registry.k8s.io",
        "safe": True,
        "edits": [{"line": 10, "column": 14, "endLine": 10, "endColumn": 24, "text": "registry.k8s.io"}],
    }
    out = io.StringIO()
    FORMATS["sarif"](report, out)
    (result,) = json.loads(out.getvalue())["runs"][0]["results"]
    (replacement,) = result["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 10, "startColumn": 14, "endLine": 10, "endColumn": 24},
        "insertedContent": {"text": "registry.k8s.io"},
    }


@pytest.mark.parametrize(
    "text",
    [
        # An anchored value and its alias: an edit would change both places.
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
        "    - {name: a, image: &img k8s.gcr.io/pause:3.9}\n    - {name: b, image: *img}\n",
        # An escape, and an escaped line break: the file does not spell the registry literally.
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - {name: a, image: "k8s\\x2egcr.io/pause:3.9"}\n',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: "k8s.gcr.\\\n        io/pause:3.9"\n',
    ],
    ids=["anchor-and-alias", "escaped", "escaped-line-break"],
)
def test_no_fix_where_the_file_does_not_spell_it_plainly(text: str) -> None:
    findings = lint(text, select=["deprecated-registry"]).findings
    assert findings
    assert [finding.fix for finding in findings] == [None] * len(findings)


def test_a_block_scalar_is_edited_in_place() -> None:
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: >-\n        k8s.gcr.io/pause:3.9\n"
    (finding,) = lint(text, select=["deprecated-registry"]).findings
    assert finding.fix.edits == (TextEdit(8, 9, 8, 19, "registry.k8s.io"),)


def test_findings_on_rendered_objects_carry_no_fix(tmp_path, monkeypatch, capsys) -> None:
    from tests.helpers import lint_tree

    deployment = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n"
        "  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
        '      containers: [{name: web, image: "k8s.gcr.io/pause:3.9"}]\n'
    )
    files = {"kustomization.yaml": "resources: [deploy.yaml]\nnamePrefix: x-\n", "deploy.yaml": deployment}
    _, report = lint_tree(tmp_path, monkeypatch, capsys, files, "--select", "deprecated-registry,not-rendered", ".")
    if any(finding["name"] == "not-rendered" for finding in report["findings"]):
        pytest.skip("kustomize (or kubectl) is not installed: the overlay is not rendered")
    (finding,) = report["findings"]
    assert finding["object"]["name"] == "x-web" and finding["file"] == "deploy.yaml"
    assert "fix" not in finding
    assert main(["lint", "--fix", "--select", "deprecated-registry", "."]) == 1
    assert (tmp_path / "deploy.yaml").read_text() == deployment


COLLECTOR_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: collector-%d}
data:
  config.yaml: |
    receivers: {otlp: {protocols: {grpc: {endpoint: "0.0.0.0:4317"}}}}
    exporters:
      debug:
        loglevel: info
    service:
      pipelines:
        traces: {receivers: [otlp], exporters: [debug]}
"""


def test_whole_set_fixes_are_positioned_by_the_process_that_read_the_file(tmp_path) -> None:
    from k8slint.linter import Linter
    from tests.helpers import make_config

    paths = []
    for number in range(6):
        path = tmp_path / f"collector-{number}.yaml"
        path.write_text(COLLECTOR_CONFIGMAP % number)
        paths.append(str(path))
    config = make_config(["otel-deprecated-option"])
    alone = Linter(config, jobs=1).lint_paths(paths).findings
    forked = Linter(config, jobs=2).lint_paths(paths).findings
    assert len(forked) == 6
    assert [finding.fix for finding in forked] == [finding.fix for finding in alone]
    assert forked[0].fix.edits == (TextEdit(9, 9, 9, 17, "verbosity"), TextEdit(9, 19, 9, 23, "normal"))


def test_fix_on_stdin_keeps_crlf_and_the_byte_order_mark(monkeypatch, capsys) -> None:
    data = b"\xef\xbb\xbf" + POD.replace("\n", "\r\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    main(["lint", "--fix", "--select", "deprecated-registry", "--format", "concise", "-"])
    out = capsys.readouterr().out.encode()
    assert out == data.replace(b"k8s.gcr.io", b"registry.k8s.io")
