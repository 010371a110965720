"""Adopting k8slint on a noisy repository: baselines, --add-suppressions, --exit-zero, and saying so
when nothing was linted."""

import json
import re

from k8slint.suppression_edits import with_suppressions
from tests.helpers import lint
from tests.test_cli import BAD_NAME, GOOD, run, workdir  # noqa: F401 (a fixture)

NOISY = (
    b'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n'
    b"  name: 'Web_Frontend'   # the old name\r\n"
    b'  labels: {enabled: yes, "on": yes}\r\n'
    b"spec:\r\n  ports: [{port: 80}]\r\n"
)
INSERTED = re.compile(rb" *# k8slint: disable-line=[a-z,-]+(?=\r\n)")


def test_baseline_hides_known_findings_reports_new_ones_and_counts_fixed(workdir, capsys):
    (workdir / "a.yaml").write_bytes(NOISY)
    code, _, err = run(["lint", "a.yaml", "--write-baseline", "baseline.json"], capsys)
    assert code == 0 and "recorded 3 finding(s) in baseline.json" in err
    entries = json.loads((workdir / "baseline.json").read_text())["findings"]
    assert {entry["rule"] for entry in entries} == {"invalid-name", "invalid-label"}

    code, out, _ = run(["lint", "--format", "concise", "a.yaml", "--baseline", "baseline.json"], capsys)
    assert code == 0
    assert out == "No problems in 1 file(s), 1 document(s). Baseline: 3 known problem(s) not shown, 0 fixed.\n"

    # One label fixed, the file moved down by an unrelated document, a new problem added.
    text = NOISY.replace(b"enabled: yes", b'enabled: "yes"').replace(b'"on": yes', b'"on": yes, debug: no')
    (workdir / "a.yaml").write_bytes(GOOD.encode() + b"---\r\n" + text)
    code, out, _ = run(["lint", "--format", "json", "a.yaml", "--baseline", "baseline.json"], capsys)
    document = json.loads(out)
    assert document["summary"]["baseline"] == {"known": 2, "fixed": 1}
    assert code == 1 and [(finding["line"], finding["message"][:15]) for finding in document["findings"]] == [(11, 'label "debug" h')]


def test_a_file_that_is_not_a_baseline_is_a_usage_error(workdir, capsys):
    (workdir / "a.yaml").write_text(BAD_NAME)
    (workdir / "baseline.json").write_text('{"findings": 3}')
    code, _, err = run(["lint", "a.yaml", "--baseline", "baseline.json"], capsys)
    assert code == 2 and "not a k8slint baseline" in err and "Traceback" not in err


def test_add_suppressions_edits_only_line_ends_and_silences_every_finding(workdir, capsys):
    (workdir / "a.yaml").write_bytes(NOISY)
    code, _, err = run(["lint", "a.yaml", "--add-suppressions"], capsys)
    assert code == 0 and "added 2 suppression comment(s) in 1 file(s)" in err
    edited = (workdir / "a.yaml").read_bytes()
    assert INSERTED.sub(b"", edited) == NOISY  # every byte outside the insertions is as it was
    assert b"# the old name  # k8slint: disable-line=invalid-name\r\n" in edited
    assert b'"on": yes}  # k8slint: disable-line=invalid-label\r\n' in edited
    code, out, _ = run(["lint", "--format", "concise", "a.yaml"], capsys)
    assert code == 0 and out.startswith("No problems")


def test_add_suppressions_merges_into_a_disable_line_comment_and_leaves_strings_alone():
    text = (
        "apiVersion: v1\nkind: Service\nmetadata:\n"
        "  name: Bad_Name  # k8slint: disable-line=invalid-label\n"
        "  labels: {enabled: yes}\n"
        "spec: {ports: [{port: 80}]}\n"
    )
    report = lint(text, select=["invalid-name", "invalid-label"])
    edited, count, skipped = with_suppressions(text, report.findings)
    assert count == 2 and skipped == []
    assert "  name: Bad_Name  # k8slint: disable-line=invalid-label,invalid-name\n" in edited
    assert lint(edited, select=["invalid-name", "invalid-label"]).findings == []


def test_a_finding_inside_a_multi_line_string_is_left_alone():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  conf: |\n    line one\n    line two\n"
    finding = lint("apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec: {ports: [{port: 80}]}\n", select=["invalid-name"]).findings[0]
    moved = type(finding)(**{**{name: getattr(finding, name) for name in finding.__slots__}, "line": 7})
    edited, count, skipped = with_suppressions(text, [moved])
    assert edited == text and count == 0 and skipped == [(7, "inside a multi-line string")]


def test_exit_zero_keeps_the_report(workdir, capsys):
    (workdir / "a.yaml").write_text(BAD_NAME)
    code, out, _ = run(["lint", "--format", "concise", "--exit-zero", "a.yaml"], capsys)
    assert code == 0 and "invalid-name" in out


def test_nothing_linted_is_said_on_stderr_and_can_fail(workdir, capsys):
    (workdir / "empty").mkdir()
    (workdir / "empty" / "notes.yaml").write_text("# nothing here\n")
    code, _, err = run(["lint", "--format", "concise", "empty"], capsys)
    assert code == 0
    assert "k8slint: nothing was linted: no Kubernetes manifests found in empty (1 file(s) skipped; --show-files lists them)" in err
    code, _, err = run(["lint", "--format", "concise", "--fail-if-no-objects-found", "empty"], capsys)
    assert code == 1
    (workdir / "a.yaml").write_text(GOOD)
    code, _, err = run(["lint", "--format", "concise", "--fail-if-no-objects-found", "a.yaml"], capsys)
    assert code == 0 and "nothing was linted" not in err


def test_add_suppressions_never_edits_the_file_stdin_was_named_after(workdir, capsys, monkeypatch):
    (workdir / "a.yaml").write_text(GOOD)
    code, _, err = run(["lint", "--add-suppressions", "--stdin-filename", "a.yaml", "-"], capsys, stdin=BAD_NAME, monkeypatch=monkeypatch)
    assert code == 0 and "added 0 suppression comment(s) in 0 file(s)" in err
    assert (workdir / "a.yaml").read_text() == GOOD
