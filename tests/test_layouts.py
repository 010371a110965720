"""Realistic repository layouts, linted as a user would (`k8slint lint .` at the root): no false positive,
and the true positives planted in them are still found.

Each layout is written to a temporary directory (a .gitignore inside the project's own tree would hide
its files from git), then linted with the real command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8slint.cli import main
from tests.helpers import lint_tree, write_tree

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.k8s.io/echoserver:2.5
          ports: [{containerPort: 8080, name: http}]
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
"""
CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {LOG_LEVEL: info}
"""

KUSTOMIZE_APP = {
    "base/kustomization.yaml": "resources: [deployment.yaml, service.yaml, configmap.yaml]\n",
    "base/deployment.yaml": DEPLOYMENT,
    "base/service.yaml": SERVICE,
    "base/configmap.yaml": CONFIGMAP,
    "components/monitoring/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
        "patches:\n  - path: annotations.yaml\n    target: {kind: Deployment}\n"
    ),
    "components/monitoring/annotations.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: any\n"
        "  annotations: {prometheus.io/scrape: \"true\"}\n"
    ),
    "overlays/staging/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: staging\n"
        "resources: [../../base]\ncomponents: [../../components/monitoring]\n"
        "patches:\n  - path: replicas.yaml\n"
    ),
    "overlays/staging/replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n",
    "overlays/prod/kustomization.yaml": (
        "namespace: prod\nresources: [../../base, extra.yaml]\n"
        "patchesStrategicMerge: [image.yaml, delete-configmap.yaml]\n"
        "patchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: web}\n    path: ops.yaml\n"
        "configMapGenerator:\n  - name: app-config\n    files: [app-settings.yaml]\n"
    ),
    "overlays/prod/image.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
        "      containers:\n        - name: web\n          image: k8s.gcr.io/echoserver:2.5\n"
        "      $setElementOrder/containers: [{name: web}]\n"
    ),
    "overlays/prod/delete-configmap.yaml": "$patch: delete\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n",
    "overlays/prod/ops.yaml": "- op: replace\n  path: /spec/replicas\n  value: 5\n",
    "overlays/prod/app-settings.yaml": "feature: {enabled: true}\nthreshold: 3\n",
    "overlays/prod/extra.yaml": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web-internal}\nspec:\n"
        "  selector: {app: wbe}\n  ports: [{port: 8080}]\n"
    ),
}
# Planted: the k8s.gcr.io image set in prod's patch; the prod Service that selects no Pod ("wbe").
KUSTOMIZE_EXPECTED = [
    ("deprecated-registry", "overlays/prod/image.yaml", 9),
    ("service-selects-nothing", "overlays/prod/extra.yaml", 5),
]

HELM_CHART = {
    "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    "charts/web/values.yaml": "replicaCount: 2\nimage: {repository: nginx, tag: \"1.27\"}\n",
    "charts/web/templates/_helpers.tpl": '{{- define "web.labels" -}}\napp: {{ .Chart.Name }}\n{{- end }}\n',
    "charts/web/templates/deployment.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
        "  labels:\n    {{- include \"web.labels\" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n"
    ),
    "charts/web/templates/NOTES.txt": "Thanks for installing {{ .Chart.Name }}.\n",
    "charts/web/crds/widgets.yaml": (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
        "metadata: {name: widgets.example.com}\nspec:\n  group: example.com\n"
        "  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n"
        "    - name: v1\n      served: true\n      storage: true\n      schema:\n"
        "        openAPIV3Schema:\n          type: object\n          properties:\n"
        "            spec: {type: object, additionalProperties: false}\n"
    ),
}
HELM_EXPECTED = [("crd-invalid", "charts/web/crds/widgets.yaml", 16)]
# Rendered (a Helm renderer is installed): the chart's Deployment has neither a selector nor a Pod template,
# which the API server rejects; both are reported at the template's `spec:` line, where they are missing.
HELM_RENDERED_EXPECTED = [
    *HELM_EXPECTED,
    ("missing-selector", "charts/web/templates/deployment.yaml", 7),
    ("schema-invalid", "charts/web/templates/deployment.yaml", 7),
]

APP_REPO = {
    "src/app.py": "print('hello')\n",
    "package.json": json.dumps({"name": "app", "version": "1.0.0", "scripts": {"test": "jest"}}),
    "docker-compose.yml": "version: '3'\nservices:\n  web: {image: 'nginx:1.27', ports: ['80:80']}\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  test: {runs-on: ubuntu-latest, steps: [{run: make}]}\n",
    ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks: [{id: k8slint, name: k8slint, entry: k8slint lint, language: system}]\n",
    "config/settings.yaml": "database: {host: localhost, port: 5432}\nfeatures: [a, b]\n",
    "catalog-info.yaml": (
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: Web_App}\n"
        "spec: {type: service, lifecycle: production, owner: team-web}\n"
    ),
    "skaffold.yaml": "apiVersion: skaffold/v4beta11\nkind: Config\nmetadata: {name: web}\nmanifests: {rawYaml: [k8s/*.yaml]}\n",
    "openapi.json": json.dumps({"swagger": "2.0", "info": {"title": "api", "version": "1"}, "paths": {}}),
    ".gitignore": "build/\n*.generated.yaml\n",
    "build/out.yaml": "apiVersion: v1\nkind: [broken\n",
    "k8s/web.generated.yaml": "apiVersion: v1\nkind: [broken\n",
    "k8s/deployment.yaml": DEPLOYMENT.replace("labels: {app: web}}", "labels: {app: web, version: 1.10}}"),
    "k8s/service.yaml": SERVICE,
    "e2e/chainsaw-test.yaml": (
        "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nmetadata: {name: web}\n"
        "spec:\n  steps: [{try: [{apply: {file: ../k8s/deployment.yaml}}, {assert: {file: web-assert.yaml}}]}]\n"
    ),
    "e2e/web-assert.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nstatus: {readyReplicas: 1}\n",
    "e2e/scale.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n(spec.replicas > `1`): true\n",
}
APP_EXPECTED = [("invalid-label", "k8s/deployment.yaml", 3), ("invalid-label", "k8s/deployment.yaml", 7)]

# chainsaw names its assertions freely in the Test (`01-assert-collector.yaml`): they are partial objects.
CHAINSAW_TEST = {
    "e2e/restart/chainsaw-test.yaml": (
        "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nmetadata: {name: restart}\nspec:\n  steps:\n"
        "    - try: [{apply: {file: 01-install.yaml}}, {assert: {file: 01-assert-collector.yaml}}]\n"
        "    - try: [{delete: {ref: {apiVersion: apps/v1, kind: Deployment, name: web}}}]\n"
        "      catch: [{error: {file: 02-gone-*.yaml}}]\n"
        "    - try: [{apply: {file: 03-relabel.yaml}}]\n"
    ),
    # applied onto the Deployment of step 1 (merged): no selector or template needed
    "e2e/restart/03-relabel.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {tier: web}}\n",
    "e2e/restart/01-install.yaml": DEPLOYMENT.replace("labels: {app: web}}", "labels: {app: web, version: 1.10}}"),
    "e2e/restart/01-assert-collector.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nstatus: {readyReplicas: 1}\n"
    ),
    "e2e/restart/02-gone-pods.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {app: web}\n",
}
CHAINSAW_EXPECTED = [("invalid-label", "e2e/restart/01-install.yaml", 3), ("invalid-label", "e2e/restart/01-install.yaml", 7)]

ALTERNATIVE_LAYOUTS = {
    "manifests/install.yaml": DEPLOYMENT + "---\n" + SERVICE + "---\n" + CONFIGMAP + "---\n" + CONFIGMAP,
    "manifests/ha/install.yaml": DEPLOYMENT.replace("spec:\n  selector", "spec:\n  replicas: 3\n  selector") + "---\n" + SERVICE,
    "examples/basic/web.yaml": DEPLOYMENT,
    "examples/advanced/web.yaml": DEPLOYMENT,
}
# Planted: the ConfigMap defined twice in one file (both places are reported).
ALTERNATIVE_EXPECTED = [
    ("duplicate-object", "manifests/install.yaml", 23),
    ("duplicate-object", "manifests/install.yaml", 28),
]


def lint_layout(tmp_path: Path, monkeypatch, capsys, files: dict[str, str], *args: str) -> tuple[int, list, dict]:
    code, report = lint_tree(tmp_path, monkeypatch, capsys, files, *args)
    return code, sorted((f["name"], f["file"], f["line"]) for f in report["findings"]), report


@pytest.mark.parametrize(
    "files, expected",
    [
        (KUSTOMIZE_APP, KUSTOMIZE_EXPECTED),
        (HELM_CHART, HELM_EXPECTED),
        (APP_REPO, APP_EXPECTED),
        (ALTERNATIVE_LAYOUTS, ALTERNATIVE_EXPECTED),
        (CHAINSAW_TEST, CHAINSAW_EXPECTED),
    ],
    ids=[
        "kustomize-base-overlays-component-patches",
        "helm-chart",
        "app-repo",
        "alternative-install-layouts",
        "chainsaw-test-named-assertions",
    ],
)
def test_layout_gives_only_the_planted_findings(tmp_path, monkeypatch, capsys, files, expected):
    from k8slint.render import find_helm

    if files is HELM_CHART and find_helm() is not None:
        expected = HELM_RENDERED_EXPECTED
    code, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, files)
    assert findings == sorted(expected)
    assert code == 1


def test_files_that_are_not_manifests_are_counted_not_reported(tmp_path, monkeypatch, capsys):
    _, _, report = lint_layout(tmp_path, monkeypatch, capsys, APP_REPO)
    # docker-compose, package.json, settings, openapi, pre-commit config, Backstage catalog, Skaffold config,
    # the chainsaw test and two asserts (.github/ is a hidden directory: not walked at all)
    assert report["summary"]["skipped"] == 10
    capsys.readouterr()
    assert main(["lint", "--show-files"]) == 0
    listing = capsys.readouterr().out
    assert "docker-compose.yml  skipped: not a Kubernetes manifest" in listing
    assert "e2e/scale.yaml  skipped: a test-harness assertion" in listing
    assert "catalog-info.yaml  skipped: not a Kubernetes manifest (a Backstage catalog" in listing
    assert "k8s/deployment.yaml  (directory k8s)" in listing
    assert "build/out.yaml" not in listing and "web.generated.yaml" not in listing  # .gitignore


def test_a_hook_given_one_file_sees_the_rest_of_its_apply_set(tmp_path, monkeypatch, capsys):
    """pre-commit names only the staged file; the Service is still checked against the base Deployment,
    and the overlay's other file is read but not reported."""
    (tmp_path / ".git").mkdir()  # a git work tree: the project's root
    code, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, KUSTOMIZE_APP, "overlays/prod/extra.yaml")
    assert findings == [("service-selects-nothing", "overlays/prod/extra.yaml", 5)]
    code, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, KUSTOMIZE_APP, "base/service.yaml")
    assert (code, findings) == (0, [])


def test_objects_of_different_apply_sets_are_never_duplicates(tmp_path, monkeypatch, capsys):
    files = {"a/settings.yaml": CONFIGMAP, "b/settings.yaml": CONFIGMAP, "c/settings.yaml": CONFIGMAP + "---\n" + CONFIGMAP}
    _, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, files)
    assert findings == [("duplicate-object", "c/settings.yaml", 3), ("duplicate-object", "c/settings.yaml", 8)]


def test_a_directory_of_alternatives_is_one_apply_set_per_file(tmp_path, monkeypatch, capsys):
    """Two files of one directory defining the same object are alternatives (an install and its
    namespaced variant, the states of one object in test data), not one set applied together."""
    files = {
        "manifests/install.yaml": DEPLOYMENT + "---\n" + SERVICE,
        "manifests/namespace-install.yaml": DEPLOYMENT + "---\n" + SERVICE.replace("{app: web}", "{app: other}"),
    }
    _, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, files)
    assert findings == [("service-selects-nothing", "manifests/namespace-install.yaml", 18)]


def test_a_kustomization_compares_its_files(tmp_path, monkeypatch, capsys):
    # As written (rendering off): kustomize itself would refuse the build, see tests/test_rendering.py.
    files = {
        ".k8slint.yaml": "render: {enabled: false}\n",
        "app/kustomization.yaml": "resources: [a.yaml, b.yaml]\n",
        "app/a.yaml": CONFIGMAP,
        "app/b.yaml": CONFIGMAP,
    }
    _, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, files)
    assert [f for f in findings if f[0] != "not-rendered"] == [("duplicate-object", "app/a.yaml", 3), ("duplicate-object", "app/b.yaml", 3)]


def test_test_data_and_example_directories_hold_one_apply_set_per_file(tmp_path, monkeypatch, capsys):
    files = {"testdata/healthy.yaml": SERVICE, "testdata/web.yaml": DEPLOYMENT.replace("app: web", "app: api")}
    _, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, files)
    assert findings == []  # the Service is not compared with the unrelated sample beside it


def test_apply_set_scope_run_compares_everything(tmp_path, monkeypatch, capsys):
    files = {".k8slint.yaml": "applySets: {scope: run}\n", "a/settings.yaml": CONFIGMAP, "b/settings.yaml": CONFIGMAP}
    _, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, files)
    assert findings == [("duplicate-object", "a/settings.yaml", 3), ("duplicate-object", "b/settings.yaml", 3)]


def test_apply_set_groups_join_directories(tmp_path, monkeypatch, capsys):
    files = {
        ".k8slint.yaml": "applySets: {groups: [[a/, b/]]}\n",
        "a/settings.yaml": CONFIGMAP,
        "b/settings.yaml": CONFIGMAP,
        "c/settings.yaml": CONFIGMAP,
    }
    _, findings, _ = lint_layout(tmp_path, monkeypatch, capsys, files)
    assert findings == [("duplicate-object", "a/settings.yaml", 3), ("duplicate-object", "b/settings.yaml", 3)]


def test_configuration_is_found_from_the_linted_path(tmp_path, monkeypatch, capsys):
    files = {"proj/.k8slint.yaml": "rules: {invalid-label: {level: info}}\n", "proj/k8s/deployment.yaml": APP_REPO["k8s/deployment.yaml"]}
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--format", "json", "proj"]) == 0  # the label findings are infos there


def test_force_exclude_applies_ignore_to_named_files(tmp_path, monkeypatch, capsys):
    files = {".k8slint.yaml": "ignore: [vendor/]\n", "vendor/bad.yaml": "apiVersion: v1\nkind: [\n"}
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--format", "concise", "vendor/bad.yaml"]) == 1
    assert main(["lint", "--format", "concise", "--force-exclude", "vendor/bad.yaml"]) == 0
