"""Fingerprints (stable under unrelated edits) and baselines."""

from k8slint import tracking
from tests.helpers import lint

MANIFEST = """\
apiVersion: v1
kind: Service
metadata:
  name: Web_Frontend
  labels: {enabled: yes, on: yes}
spec:
  ports: [{port: 80}]
"""
RULES = ["invalid-name", "invalid-label"]


def prints(text: str, path: str = "deploy/web.yaml") -> list[str]:
    return tracking.fingerprints(lint(text, path=path, select=RULES).findings)


def test_fingerprints_ignore_lines_moved_by_unrelated_edits():
    before = prints(MANIFEST)
    moved = "# a comment\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n---\n" + MANIFEST.replace(
        "metadata:\n", "metadata:\n  annotations: {team: web}\n"
    )
    assert len(before) == 3 and len(set(before)) == 3
    assert sorted(prints(moved)) == sorted(before)


def test_fingerprints_change_with_the_rule_file_object_or_field():
    before = set(prints(MANIFEST))
    assert not before & set(prints(MANIFEST, path="deploy/other.yaml"))
    renamed = prints(MANIFEST.replace("labels: {enabled: yes, on: yes}", "labels: {enabled: yes, on: yes}\n  namespace: prod"))
    assert not before & set(renamed)
    relabelled = set(prints(MANIFEST.replace("enabled:", "active:")))
    assert len(before & relabelled) == 2  # the name's and the other label's findings stay


def test_fingerprints_do_not_depend_on_where_k8slint_runs(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "deploy").mkdir()
    monkeypatch.chdir(tmp_path)
    from_root = prints(MANIFEST, path="deploy/web.yaml")
    monkeypatch.chdir(tmp_path / "deploy")
    from_subdirectory = prints(MANIFEST, path="web.yaml")
    assert from_root == from_subdirectory


def test_a_message_that_names_another_line_keeps_its_fingerprint_when_both_move():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {}\ndata: {}\n"
    before = tracking.fingerprints(lint(text, select=["duplicate-key"]).findings)
    after = tracking.fingerprints(lint("# moved\n\n" + text, select=["duplicate-key"]).findings)
    assert len(before) == 1 and before == after
