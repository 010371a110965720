"""Availability rules: what the fixtures cannot show (kustomizations that change replica counts, the
disruption controller's rounding)."""

from __future__ import annotations

from pathlib import Path

from k8slint.availability import scaled
from tests import helpers

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
"""
BUDGET = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n"


def lint_tree(tmp_path: Path, monkeypatch, capsys, files: dict[str, str]) -> list[tuple[str, str, int]]:
    _, report = helpers.lint_tree(tmp_path, monkeypatch, capsys, files, "--select", "pdb-min-available-blocks-eviction", ".")
    return [(f["name"], f["file"], f["line"]) for f in report["findings"]]


def test_a_budget_over_one_replica_blocks_eviction(tmp_path, monkeypatch, capsys):
    files = {"app/deployment.yaml": DEPLOYMENT, "app/pdb.yaml": BUDGET}
    assert lint_tree(tmp_path, monkeypatch, capsys, files) == [("pdb-min-available-blocks-eviction", "app/pdb.yaml", 5)]


def test_a_kustomization_that_sets_replicas_is_not_judged_from_its_resources(tmp_path, monkeypatch, capsys):
    files = {
        "app/kustomization.yaml": "resources: [deployment.yaml, pdb.yaml]\nreplicas: [{name: web, count: 3}]\n",
        "app/deployment.yaml": DEPLOYMENT,
        "app/pdb.yaml": BUDGET,
    }
    assert lint_tree(tmp_path, monkeypatch, capsys, files) == []


def test_percentages_round_up_as_the_disruption_controller_does():
    assert scaled("67%", 3) == 3  # 2.01 -> 3: no disruption allowed with 3 replicas
    assert scaled("50%", 3) == 2
    assert scaled(2, 3) == 2
    assert scaled("two", 3) is None
    assert scaled(True, 3) is None


def test_the_rendered_kustomization_gives_the_replica_count(tmp_path, monkeypatch, capsys):
    """Rendered (kubectl kustomize), a patch that leaves the replica count alone keeps `web` at one replica:
    the rendered objects are judged, where the kustomization's sources alone would not be."""
    import shutil

    import pytest

    if shutil.which("kubectl") is None and shutil.which("kustomize") is None:
        pytest.skip("neither kubectl nor kustomize is installed: kustomizations are not rendered")
    files = {
        "app/kustomization.yaml": "resources: [deployment.yaml, pdb.yaml]\npatches: [{path: annotate.yaml}]\n",
        "app/annotate.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, annotations: {team: shop}}\n",
        "app/deployment.yaml": DEPLOYMENT,
        "app/pdb.yaml": BUDGET,
    }
    assert lint_tree(tmp_path, monkeypatch, capsys, files) == [("pdb-min-available-blocks-eviction", "app/pdb.yaml", 5)]
