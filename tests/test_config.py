"""Configuration: rule levels, options, selector-scoped rules, version, ignores, --select/--ignore precedence."""

import pytest

from k8slint.config import ConfigError, load_config
from tests.helpers import lint, make_config

TWO_SERVICES = """\
apiVersion: v1
kind: Service
metadata:
  name: Legacy_One
  labels: {tier: legacy}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata:
  name: New_One
  labels: {tier: web}
spec: {ports: [{port: 80}]}
"""


def names(report):
    return [(f.name, f.line) for f in report.findings]


def test_rule_excluded_for_objects_matching_a_selector():
    config = {"rules": {"invalid-name": {"exclude": ["tier in (legacy)"]}}}
    assert names(lint(TWO_SERVICES, select=["invalid-name"], config=config)) == [("invalid-name", 11)]


def test_rule_only_for_objects_matching_a_selector():
    config = {"rules": {"invalid-name": {"only": ["tier=legacy"]}}}
    assert names(lint(TWO_SERVICES, select=["invalid-name"], config=config)) == [("invalid-name", 4)]


def test_invalid_selector_in_config_names_the_key():
    with pytest.raises(ConfigError, match=r"rules.invalid-name.exclude\[0\]: invalid selector 'tier in \(legacy'"):
        make_config(config={"rules": {"invalid-name": {"exclude": ["tier in (legacy"]}}})


def test_level_and_disable():
    report = lint(TWO_SERVICES, select=["invalid-name"], config={"rules": {"K102": {"level": "info"}}})
    assert {str(f.severity) for f in report.findings} == {"info"}
    assert lint(TWO_SERVICES, config={"rules": {"invalid-name": "disable"}}).findings == []


def test_rule_options_are_type_checked():
    with pytest.raises(ConfigError, match="rules.prioritylevel-weak-isolation.threshold: expected float, got str"):
        make_config(config={"rules": {"prioritylevel-weak-isolation": {"threshold": "high"}}})
    config = make_config(config={"rules": {"prioritylevel-weak-isolation": {"threshold": 1}}})
    assert config.rules["K409"].options["threshold"] == 1.0


def test_kubernetes_version_and_defaults():
    assert make_config(config={"kubernetesVersion": "1.29"}).settings.kubernetes_version == (1, 29)
    assert make_config(config={"kubernetesVersion": "v1.31.4"}).settings.kubernetes_version == (1, 31)
    assert load_config(None).settings.kubernetes_version == (1, 37)


def test_select_prefix_and_more_specific_ignore():
    config = load_config(None, select=["K1"], ignore=["K10"])
    assert "K101" not in config.rules and "K110" in config.rules
    always_on = {"K001", "K006"}  # invalid-yaml and unreadable-file cannot be deselected
    config = load_config(None, select=["invalid-name"], ignore=["K1"])
    assert set(config.rules) == {"K102"} | always_on
    config = load_config(None, select=["K102"], ignore=["invalid-name"])
    assert set(config.rules) == always_on


@pytest.mark.parametrize("args", [["--select", "K3"], ["--ignore", "K001"], ["--ignore", "K0"]])
def test_a_selection_never_hides_a_syntax_error(tmp_path, capsys, args):
    from k8slint.cli import main

    (tmp_path / "broken.yaml").write_text("apiVersion: v1\nkind: [\n")
    assert main(["lint", "--format", "concise", *args, str(tmp_path / "broken.yaml")]) == 1
    assert "invalid-yaml" in capsys.readouterr().out


def test_a_selection_never_hides_an_unreadable_path(tmp_path, capsys):
    from k8slint.cli import main

    assert main(["lint", "--ignore", "K006", str(tmp_path / "nope.yaml")]) == 2


def test_invalid_yaml_cannot_be_disabled_in_the_configuration(tmp_path):
    (tmp_path / ".k8slint.yaml").write_text("rules: {invalid-yaml: disable}\n")
    with pytest.raises(ConfigError, match="invalid-yaml cannot be disabled"):
        load_config(tmp_path / ".k8slint.yaml")


def test_ignore_paths_in_gitignore_syntax(tmp_path, monkeypatch):
    (tmp_path / "charts" / "x" / "templates").mkdir(parents=True)
    (tmp_path / "charts" / "x" / "templates" / "svc.yaml").write_text("a: [\n")
    (tmp_path / "svc.yaml").write_text("a: [\n")
    (tmp_path / ".k8slint.yaml").write_text("ignore: |\n  charts/*/templates/\n")
    monkeypatch.chdir(tmp_path)
    from k8slint.config import config_path_for
    from k8slint.linter import Linter

    report = Linter(load_config(config_path_for(None), select=["invalid-yaml"])).lint_paths(["."])
    assert [f.file for f in report.findings] == ["svc.yaml"]


OLD_COLLECTOR = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: otel}
data:
  relay: |
    receivers: {otlp: {protocols: {grpc: {}}}}
    exporters: {logging: {}}
    service: {pipelines: {traces: {receivers: [otlp], exporters: [logging]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: collector}
spec:
  containers: [{name: c, image: "otel/opentelemetry-collector:0.98.0", volumeMounts: [{name: v, mountPath: /c}]}]
  volumes: [{name: v, configMap: {name: otel}}]
"""


def test_a_configured_level_always_wins_over_a_problems_own_severity():
    """otel-deprecated-exporter says warning for a Collector older than v0.111.0; an explicit level wins,
    even when it equals the rule's default (it used to lose there)."""
    (default,) = lint(OLD_COLLECTOR, select=["otel-deprecated-exporter"]).findings
    assert str(default.severity) == "warning"
    config = {"rules": {"otel-deprecated-exporter": {"level": "error"}}}
    (configured,) = lint(OLD_COLLECTOR, select=["otel-deprecated-exporter"], config=config).findings
    assert str(configured.severity) == "error"


DEPLOYMENT_WITHOUT_SELECTOR = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
"""


@pytest.mark.parametrize(
    "select, ignore, expected",
    [
        ((), (), ["missing-selector"]),
        ((), ("missing-selector",), ["schema-invalid"]),  # the API server's rejection is still reported
        (("K301",), (), ["schema-invalid"]),
        (("K111",), (), ["missing-selector"]),
    ],
)
def test_a_general_finding_is_dropped_only_while_the_specific_rule_is_on(select, ignore, expected):
    from k8slint.linter import Linter

    config = load_config(None, select=select, ignore=ignore)
    report = Linter(config).lint_text(DEPLOYMENT_WITHOUT_SELECTOR, "web.yaml")
    assert [f.name for f in report.findings if f.line == 4] == expected
