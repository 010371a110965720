"""References between objects: what the fixtures cannot show (kustomize generators, objects defined twice,
the strict-references profile's severity)."""

from __future__ import annotations

from pathlib import Path

from tests import helpers
from k8slint.model import Severity
from tests.helpers import lint

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
          envFrom: [{configMapRef: {name: app-config}}]
"""
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata: {a: b}\n"


def lint_tree(tmp_path: Path, monkeypatch, capsys, files: dict[str, str]) -> list[tuple[str, str, int]]:
    _, report = helpers.lint_tree(tmp_path, monkeypatch, capsys, files, "--select", "configmap-secret-ref-missing", ".")
    return [(f["name"], f["file"], f["line"]) for f in report["findings"]]


def test_a_configmap_generated_by_the_kustomization_counts_as_present(tmp_path, monkeypatch, capsys):
    files = {
        "base/kustomization.yaml": "resources: [deployment.yaml, configmap.yaml]\nconfigMapGenerator:\n  - name: app-config\n    literals: [A=1]\n",
        "base/deployment.yaml": DEPLOYMENT,
        "base/configmap.yaml": CONFIGMAP,
        "overlay/kustomization.yaml": "resources: [../base]\n",
    }
    assert lint_tree(tmp_path, monkeypatch, capsys, files) == []


def test_without_the_generator_the_reference_is_reported(tmp_path, monkeypatch, capsys):
    files = {
        "base/kustomization.yaml": "resources: [deployment.yaml, configmap.yaml]\n",
        "base/deployment.yaml": DEPLOYMENT,
        "base/configmap.yaml": CONFIGMAP,
    }
    assert lint_tree(tmp_path, monkeypatch, capsys, files) == [("configmap-secret-ref-missing", "base/deployment.yaml", 12)]


def test_a_reference_to_an_object_defined_twice_is_satisfied_by_either():
    text = """\
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {selector: {app: other}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: "postgres:17"}]}}
"""
    assert not lint(text, select=["statefulset-service-missing"]).findings


def test_strict_references_reports_missing_targets_as_errors_everywhere():
    text = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
"""
    assert not lint(text, select=["ingress-backend-missing"]).findings
    findings = lint(text, select=["ingress-backend-missing"], config={"profiles": ["strict-references"]}).findings
    assert [(f.line, f.column, f.severity, f.message) for f in findings] == [
        (5, 36, Severity.ERROR, 'backend Service "web" is not in namespace "shop"')
    ]


def test_an_hpa_in_another_namespace_does_not_see_the_target():
    """kube-linter ignores the namespace; kube-score compares it, as the HPA controller does."""
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: b}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: b}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
"""
    assert [f.message for f in lint(text, select=["hpa-target-missing"]).findings] == [
        'scale target Deployment.apps "web" is not in namespace "b"'
    ]


RENDERED_DEPLOYMENT = DEPLOYMENT.replace("metadata: {name: web}", "metadata: {name: web, labels: {helm.sh/chart: demo-1.0.0}}") + "---\n" + CONFIGMAP


def test_one_file_of_a_release_rendered_per_template_is_not_judged_alone(tmp_path, monkeypatch, capsys):
    """Files under examples/ are apply sets of their own; `helm template --output-dir` output there is one
    release split over files, so the ConfigMap in the sibling file is not reported as missing."""
    files = {
        "examples/default/rendered/component.yaml": RENDERED_DEPLOYMENT,
        "examples/default/rendered/app-config.yaml": CONFIGMAP.replace("name: other", "name: app-config"),
    }
    assert lint_tree(tmp_path, monkeypatch, capsys, files) == []


def test_a_self_contained_sample_file_is_judged_alone(tmp_path, monkeypatch, capsys):
    files = {"examples/env-from.yaml": DEPLOYMENT + "---\n" + CONFIGMAP}
    assert lint_tree(tmp_path, monkeypatch, capsys, files) == [("configmap-secret-ref-missing", "examples/env-from.yaml", 12)]
