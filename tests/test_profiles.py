"""Profiles (opt-in rule bundles), `podTemplates:` for custom pod carriers, and per-container suppressions."""

import json
import pickle

import pytest

from k8slint.cli import main
from k8slint.config import ConfigError
from k8slint.objects import K8sObject
from k8slint.registry import PROFILES, all_rules, lookup
from tests.helpers import lint, make_config

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: nginx:1.27
"""


def found(report):
    return sorted((f.name, f.line, f.column) for f in report.findings)


# -- profiles


def test_a_rule_with_a_profile_is_off_by_default_and_baseline_is_on():
    config = make_config()
    assert "K701" in config.rules  # privileged-container: baseline, on
    assert "K722" not in config.rules  # run-as-non-root: pss-restricted
    assert lookup("run-as-non-root").profile == "pss-restricted"
    assert lookup("privileged-container").profile is None


def test_profiles_in_the_configuration_turn_their_rules_on():
    config = make_config(config={"profiles": ["pss-restricted"]})
    restricted = {rule.code for rule in all_rules() if rule.profile == "pss-restricted"}
    assert restricted and restricted <= set(config.rules)
    assert config.settings.profiles == frozenset({"pss-restricted"})


def test_profile_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "pod.yaml"
    path.write_text(POD)
    assert main(["lint", "--format", "concise", str(path)]) == 0
    assert main(["lint", "--format", "concise", "--profile", "pss-restricted", str(path)]) == 1
    out = capsys.readouterr().out
    assert "K722 [run-as-non-root]" in out and "K720 [allow-privilege-escalation]" in out


def test_unknown_profile_is_a_configuration_error_naming_the_key(tmp_path, capsys):
    with pytest.raises(ConfigError, match=r"profiles\[1\]: unknown profile 'hardend' \(profiles: "):
        make_config(config={"profiles": ["pss-restricted", "hardend"]})
    (tmp_path / "pod.yaml").write_text(POD)
    assert main(["lint", "--profile", "strict", str(tmp_path / "pod.yaml")]) == 2
    assert "--profile: unknown profile 'strict'" in capsys.readouterr().err


def test_select_turns_on_a_rule_of_a_profile_that_is_off():
    assert [f.name for f in lint(POD, select=["run-as-non-root"]).findings] == ["run-as-non-root"]


def test_rule_settings_can_still_disable_a_rule_of_an_enabled_profile():
    config = make_config(config={"profiles": ["pss-restricted"], "rules": {"run-as-non-root": "disable"}})
    assert "K722" not in config.rules and "K720" in config.rules


def test_rules_command_shows_the_profile(capsys):
    assert main(["rules", "--format", "json"]) == 0
    rules = {rule["name"]: rule for rule in json.loads(capsys.readouterr().out)}
    assert rules["run-as-non-root"]["profile"] == "pss-restricted"
    assert rules["privileged-container"]["profile"] is None
    assert main(["rules"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "run-as-non-root" in line)
    assert "pss-restricted" in line
    assert main(["rules", "--format", "markdown"]) == 0
    assert "| severity | profile | summary |" in capsys.readouterr().out


def test_explain_says_when_a_rule_is_off_by_default(capsys):
    assert main(["explain", "run-as-non-root"]) == 0
    assert "Off unless its profile `pss-restricted` is on" in capsys.readouterr().out
    assert main(["explain", "privileged-container"]) == 0
    assert "Off unless" not in capsys.readouterr().out


def test_every_profile_the_catalog_proposes_is_known():
    """The catalog's profiles; `cpu-limits` (cpu-limit-missing stays off "even in reliability", row E4) and
    `conventions` for the metadata rules the catalog leaves without one."""
    assert set(PROFILES) == {"pss-restricted", "hardening", "reliability", "rbac", "network", "strict-references", "cpu-limits", "conventions"}


# -- podTemplates: custom resources that make Pods

ROLLOUT = """\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: k8s.gcr.io/nginx:1.27
          securityContext:
            privileged: true
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: worker}
spec:
  jobTargetRef:
    template:
      spec:
        hostPID: true
        containers:
          - {name: worker, image: "busybox:1.36"}
"""
POD_TEMPLATES = {"podTemplates": {"Rollout.argoproj.io": "spec.template", "ScaledJob": "spec.jobTargetRef.template"}}


def test_custom_pod_templates_are_checked_where_the_configuration_says():
    report = lint(ROLLOUT, select=PSS, config=POD_TEMPLATES)
    assert found(report) == [("host-pid", 22, 18), ("privileged-container", 13, 25)]
    privileged = next(f for f in report.findings if f.name == "privileged-container")
    assert privileged.field == "spec.template.spec.containers[0].securityContext.privileged"


def test_custom_pod_templates_reach_per_object_rules_that_accept_configured_carriers():
    report = lint(ROLLOUT, select=["deprecated-registry"], config=POD_TEMPLATES)
    assert found(report) == [("deprecated-registry", 11, 18)]


PSS = ["privileged-container", "host-pid"]


def test_without_the_mapping_custom_resources_are_not_pod_carriers():
    assert found(lint(ROLLOUT, select=PSS)) == []


def test_a_group_qualified_mapping_matches_that_group_only():
    other_group = ROLLOUT.replace("argoproj.io/v1alpha1", "example.com/v1")
    assert [f.name for f in lint(other_group, select=PSS, config=POD_TEMPLATES).findings] == ["host-pid"]


def test_pod_templates_survive_the_trip_between_processes():
    obj = K8sObject({"kind": "Rollout", "apiVersion": "argoproj.io/v1alpha1"}, "f.yaml", 0)
    obj.use_pod_templates(make_config(config=POD_TEMPLATES).settings)
    assert pickle.loads(pickle.dumps(obj)).template_path == ("spec", "template")


# Argo Rollouts with what the logging and tracing families look for in a Pod: log sidecars, fluentd
# agents and their ConfigMaps, a kube-apiserver and an etcd with tracing flags, an OpenTelemetry Collector.
LOGGING_AND_TRACING_ROLLOUTS = """\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: streaming}
spec:
  template:
    spec:
      containers:
        - name: count
          image: busybox:1.28
          args: [/bin/sh, -c, "while true; do date >> /srv/logs/app.log; sleep 1; done"]
          volumeMounts: [{name: logs, mountPath: /srv/logs}]
        - name: count-log
          image: busybox:1.28
          args: [/bin/sh, -c, "tail -n+1 -F /logs/app.log"]
          volumeMounts: [{name: logs, mountPath: /logs}]
        - name: follows-descriptor
          image: busybox:1.28
          command: [tail, -f, /srv/logs/app.log]
          volumeMounts: [{name: logs, mountPath: /srv/logs}]
        - name: unshared
          image: busybox:1.28
          command: [tail, -F, /var/log/other.log]
      volumes: [{name: logs, emptyDir: {}}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: agents}
spec:
  template:
    spec:
      containers:
        - name: no-volume
          image: fluent/fluentd:v1.17-1
          command: [fluentd]
          args: [-c, /config/fluent.conf]
        - name: tailer
          image: fluent/fluentd:v1.17-1
          command: [fluentd]
          args: [-c, /fluentd/etc/fluent.conf]
          volumeMounts: [{name: config, mountPath: /fluentd/etc}]
        - name: missing-key
          image: fluent/fluentd:v1.17-1
          command: [fluentd]
          args: [-c, /other/missing.conf]
          volumeMounts: [{name: other, mountPath: /other}]
      volumes:
        - {name: config, configMap: {name: agent-config}}
        - {name: other, configMap: {name: other-config}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: agent-config}
data:
  fluent.conf: |
    <source>
      @type tail
      path /var/log/a.log
      pos_file /tmp/a.pos
      tag a
      <parse>
        @type none
      </parse>
    </source>
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other-config}
data:
  present.conf: ""
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: control-plane, namespace: kube-system}
spec:
  template:
    spec:
      containers:
        - name: kube-apiserver
          image: registry.k8s.io/kube-apiserver:v1.30.2
          command:
            - kube-apiserver
            - --feature-gates=APIServerTracing=yes
            - --tracing-config-file=/etc/kubernetes/tracing.yaml
        - name: etcd
          image: registry.k8s.io/etcd:3.6.4-0
          command:
            - etcd
            - --experimental-enable-distributed-tracing=true
            - --experimental-distributed-tracing-address
            - jaeger-collector:14268
---
apiVersion: v1
kind: ConfigMap
metadata: {name: relay, namespace: observability}
data:
  relay: |
    receivers:
      otlp:
        protocols:
          grpc:
    exporters:
      debug: {}
    service:
      pipelines:
        traces:
          receivers: [otlp]
          exporters: [debug]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: old-collector, namespace: observability}
spec:
  template:
    spec:
      containers:
        - name: otelcol
          image: otel/opentelemetry-collector-contrib:0.98.0
          args: [--config=/conf/relay]
          volumeMounts: [{name: config, mountPath: /conf}]
      volumes:
        - {name: config, configMap: {name: relay}}
"""
LOGGING_AND_TRACING = ["sidecar-log-file-not-shared", "sidecar-tail-follows-descriptor", "streaming-sidecar-duplicates-logs",
                       "logging-agent-config-missing", "fluentd-pos-file-not-persistent", "tracing-feature-gate",
                       "tracing-config-not-mounted", "etcd-tracing-flags", "tracing-endpoint-mismatch",
                       "otel-receiver-localhost"]


def test_logging_and_tracing_rules_see_the_pods_of_mapped_custom_resources():
    report = lint(LOGGING_AND_TRACING_ROLLOUTS, select=LOGGING_AND_TRACING, config={"podTemplates": {"Rollout.argoproj.io": "spec.template"}})
    assert found(report) == [
        ("etcd-tracing-flags", 88, 15), ("etcd-tracing-flags", 89, 15),
        ("fluentd-pos-file-not-persistent", 58, 16),
        ("logging-agent-config-missing", 35, 22), ("logging-agent-config-missing", 44, 22),
        ("sidecar-log-file-not-shared", 22, 21), ("sidecar-log-file-not-shared", 57, 12),
        ("sidecar-tail-follows-descriptor", 18, 21),
        ("streaming-sidecar-duplicates-logs", 14, 31), ("streaming-sidecar-duplicates-logs", 18, 21),
        ("tracing-config-not-mounted", 83, 15), ("tracing-endpoint-mismatch", 90, 15), ("tracing-feature-gate", 82, 15),
    ]


def test_without_the_mapping_the_collector_of_a_rollout_is_unknown():
    """The ConfigMap's receiver defaults to localhost only from Collector v0.104.0: with the Rollout mapped,
    its v0.98.0 Collector is known to bind 0.0.0.0; without, the ConfigMap is judged by the newest default."""
    report = lint(LOGGING_AND_TRACING_ROLLOUTS, select=LOGGING_AND_TRACING)
    assert found(report) == [("otel-receiver-localhost", 100, 11)]


def test_pod_templates_are_validated():
    with pytest.raises(ConfigError, match=r"podTemplates"):
        make_config(config={"podTemplates": {"Rollout": "spec..template"}})
    with pytest.raises(ConfigError, match=r"podTemplates"):
        make_config(config={"podTemplates": {"Rollout": 3}})


def test_pod_templates_with_several_jobs(tmp_path, capsys):
    for index in range(4):
        (tmp_path / f"r{index}.yaml").write_text(ROLLOUT)
    (tmp_path / ".k8slint.yaml").write_text(json.dumps(POD_TEMPLATES))
    code = main(["--config", str(tmp_path / ".k8slint.yaml"), "lint", "--jobs", "2", "--format", "concise", str(tmp_path)])
    assert code == 1
    assert capsys.readouterr().out.count("[privileged-container]") == 4


# -- per-container suppressions

DAEMONSET = """\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  annotations:
    container.ignore-check.k8slint.io/privileged-container: "cni, installer: they configure the node"
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      initContainers:
        - name: installer
          image: installer:1.0
          securityContext: {privileged: true}
      containers:
        - name: cni
          image: cni:1.0
          securityContext: {privileged: true}
        - name: exporter
          image: exporter:1.0
          securityContext: {privileged: true}
"""


def test_a_container_suppression_silences_only_the_named_containers():
    report = lint(DAEMONSET, select=["privileged-container", "unused-suppression"])
    assert found(report) == [("privileged-container", 22, 41)]


def test_a_container_suppression_without_reason_and_a_single_container():
    text = DAEMONSET.replace('"cni, installer: they configure the node"', "exporter")
    report = lint(text, select=["privileged-container", "unused-suppression"])
    assert [f.line for f in report.findings] == [15, 19]


def test_a_container_suppression_naming_an_unknown_container_is_invalid():
    text = DAEMONSET.replace('"cni, installer: they configure the node"', '"cin: typo"')
    report = lint(text, select=["privileged-container", "invalid-suppression"])
    invalid = [f for f in report.findings if f.name == "invalid-suppression"]
    assert [(f.line, f.message) for f in invalid] == [
        (6, 'annotation "container.ignore-check.k8slint.io/privileged-container" names unknown container "cin" '
            '(containers: "installer", "cni", "exporter")')
    ]
    assert len([f for f in report.findings if f.name == "privileged-container"]) == 3


def test_a_container_suppression_that_silences_nothing_is_unused():
    text = DAEMONSET.replace("securityContext: {privileged: true}", "securityContext: {privileged: false}")
    report = lint(text, select=["privileged-container", "unused-suppression"])
    assert [(f.name, f.line) for f in report.findings] == [("unused-suppression", 6)]


def test_a_container_suppression_does_not_cover_a_container_whose_index_only_starts_alike():
    containers = "".join(
        f"    - name: c{index}\n      image: app:1\n      securityContext: {{privileged: true}}\n" for index in range(11)
    )
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\n  annotations:\n"
        '    container.ignore-check.k8slint.io/privileged-container: "c1"\nspec:\n  containers:\n' + containers
    )
    report = lint(text, select=["privileged-container"])
    fields = [f.field for f in report.findings]
    assert "spec.containers[1].securityContext.privileged" not in fields
    assert "spec.containers[10].securityContext.privileged" in fields


# -- container lists


def test_container_lists_native_sidecars_and_where_per_container_findings_point():
    from k8slint.objects import container_field, containers, is_native_sidecar, running_containers

    obj = K8sObject(
        {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "spec": {"jobTemplate": {"spec": {"template": {"spec": {
                "initContainers": [{"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}],
                "containers": [{"name": "main", "securityContext": {"privileged": False}}, {"image": "x"}],
                "ephemeralContainers": [{"name": "debug"}],
            }}}}},
        },
        "f.yaml",
        0,
    )
    base = ("spec", "jobTemplate", "spec", "template", "spec")
    assert [path for path, _ in containers(obj)] == [
        (*base, "initContainers", 0), (*base, "initContainers", 1), (*base, "containers", 0),
        (*base, "containers", 1), (*base, "ephemeralContainers", 0),
    ]
    assert [c.get("name") for _, c in running_containers(obj)] == ["proxy", "main", None]
    assert [is_native_sidecar(path, c) for path, c in containers(obj)] == [False, True, False, False, False]
    (main_path, main), (unnamed_path, unnamed) = list(containers(obj, ("containers",)))
    assert container_field(main_path, main, ("securityContext", "privileged")) == (*main_path, "securityContext", "privileged")
    assert container_field(main_path, main, ("securityContext", "runAsNonRoot")) == (*main_path, "name")
    assert container_field(unnamed_path, unnamed, ("securityContext",)) == unnamed_path


def test_container_suppressions_hold_when_files_are_read_in_several_processes(tmp_path, capsys):
    for index in range(6):
        (tmp_path / f"agent{index}.yaml").write_text(DAEMONSET)
    code = main(["lint", "--jobs", "2", "--format", "concise", "--select", "privileged-container,unused-suppression", str(tmp_path)])
    assert code == 1
    lines = capsys.readouterr().out.splitlines()[:-1]
    assert len(lines) == 6 and all('container "exporter" is privileged' in line for line in lines)


def test_custom_pod_templates_in_a_labelled_namespace():
    namespace = (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels:\n"
        "    pod-security.kubernetes.io/enforce: baseline\n---\n"
    )
    rollout = ROLLOUT.split("---")[0].replace("metadata: {name: web}", "metadata: {name: web, namespace: apps}")
    report = lint(namespace + rollout, select=["namespace-pod-security", "privileged-container"], config=POD_TEMPLATES)
    assert [(f.name, f.line) for f in report.findings] == [("namespace-pod-security", 20)]
