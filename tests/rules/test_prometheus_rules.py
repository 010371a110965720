"""Prometheus configuration rules, checked against Prometheus 3.x.

Upstream read: prometheus/prometheus `config/config.go` (`Config.UnmarshalYAML`: "found multiple scrape configs
with job name %q"; `GlobalConfig.UnmarshalYAML`: "global scrape timeout greater than scrape interval";
`ScrapeConfig.Validate`: "scrape timeout greater than scrape interval for scrape config with job name %q", the
interval defaulting to the global one; `ScrapeConfig.UnmarshalYAML`: "job_name is empty", static targets checked
by `CheckTargetAddress` only without relabel_configs; `yaml.UnmarshalStrict`), `model/relabel/relabel.go`
(`Action.UnmarshalYAML` lower-cases the action; `Validate`: hashmod needs a non-zero modulus, replace, hashmod,
lowercase, uppercase, keepequal and dropequal need target_label, labeldrop/labelkeep take only regex; `NewRegexp`
compiles `^(?:` + s + `)$` with Go's regexp), prometheus/common `model/time.go` (`ParseDuration`:
`^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$`, and "0").
Nested blocks: `config/config.go` (RemoteWriteConfig, QueueConfig, MetadataConfig, RemoteReadConfig,
AlertingConfig, AlertmanagerConfig with `discovery.UnmarshalYAMLWithInlineConfigs`; the null relabel rule messages
"empty or null relabeling rule in remote write config", "empty or null Alertmanager target relabeling rule"),
`discovery/kubernetes/kubernetes.go` (SDConfig: api_server, role, kubeconfig_file, namespaces {own_namespace, names},
selectors {role, label, field}, attach_metadata {node}) and prometheus/common `config/http_config.go` (HTTPClientConfig,
BasicAuth, Authorization, OAuth2 with its inline ProxyConfig, TLSConfig).
"""

import pytest

from k8slint.prometheus import duration_ms, go_regexp_error
from tests.helpers import check_fixture, messages, positions


@pytest.mark.parametrize(
    "text, milliseconds",
    [
        ("15s", 15_000),
        ("1m30s", 90_000),
        ("1h", 3_600_000),
        ("2w", 14 * 86_400_000),
        ("1y", 365 * 86_400_000),
        ("500ms", 500),
        ("0", 0),
        ("1d12h", 129_600_000),
    ],
)
def test_valid_durations(text, milliseconds):
    assert duration_ms(text) == (milliseconds, None)


@pytest.mark.parametrize("value", ["1.5m", "30", 30, "30 s", "1s1m", "-1s", "1M", "1m30", "0s0"])
def test_invalid_durations(value):
    assert duration_ms(value)[1] is not None
    assert duration_ms("")[1] == "empty duration string"
    assert duration_ms(None) == (None, None)


@pytest.mark.parametrize(
    "pattern",
    ["(?=a)b", "a(?!b)", "(?<=x)y", "(?<!x)y", "(?>a)", r"(a)\1", r"a\Z", "a++", "(a", "a))"],
)
def test_regexes_go_rejects(pattern):
    assert go_regexp_error(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        "",
        "(.*)",
        "a)|(b",
        r"([^:]+)(?::\d+)?;(\d+)",
        "[(?=]",
        r"\Qa(b\E",
        "[[:alpha:]]+",
        r"\pL+",
        "(?i)kube-.*",
        "(?P<name>x)",
        r"[\1]",
        r"a\0",
        "a+?",
    ],
)
def test_regexes_go_accepts(pattern):
    assert go_regexp_error(pattern) is None


def test_configmap_findings_point_inside_the_embedded_text():
    report = check_fixture("prometheus-config-invalid.yaml")
    found = sorted(
        (f.line, f.column) for f in report.findings if f.obj.kind == "ConfigMap" and f.obj.name != "fire-nested-blocks"
    )
    assert found == [(101, 13), (103, 19), (149, 31)]  # the last inside a Collector config


def test_secret_string_data_positions_and_base64_data_at_the_key():
    report = check_fixture("prometheus-config-invalid.yaml")
    secrets = {f.obj.name: f for f in report.findings if f.obj.kind == "Secret"}
    listed = secrets["fire-additional-scrape-configs"]
    assert (listed.line, listed.column) == (121, 17)
    assert listed.message == 'found multiple scrape configs with job name "blackbox"'
    encoded = secrets["fire-additional-scrape-configs-base64"]
    assert (encoded.line, encoded.column) == (129, 31)
    assert encoded.message == 'not a valid duration string: "1m30" (at [0].scrape_interval of the decoded value)'


def test_tutorial_config_scraping_kubelet_read_only_port():
    text = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: prometheus}
data:
  prometheus.yml: |
    scrape_configs:
      - job_name: kubelet
        static_configs:
          - targets: ['kubelet:10255']
"""
    assert positions(text, "prometheus-kubelet-scrape") == [(9, 23)]
    assert messages(text, "prometheus-kubelet-scrape")[0].startswith("scrapes the kubelet's read-only port 10255")
    assert positions(text, "prometheus-config-invalid") == []


def test_other_programs_with_scrape_configs_are_not_prometheus():
    promtail = """\
server: {http_listen_port: 9080}
clients: [{url: "http://loki:3100/loki/api/v1/push"}]
scrape_configs:
  - job_name: pods
    unknown_to_prometheus: true
"""
    assert positions(promtail, "prometheus-config-invalid") == []


def test_vmagent_configurations_are_not_judged_by_prometheus_rules():
    text = """\
scrape_configs:
  - job_name: vm
    stream_parse: true
    scrape_interval: 1.5m
    relabel_configs:
      - if: '{job="x"}'
        action: drop
"""
    assert positions(text, "prometheus-config-invalid") == []
    assert positions(
        text.replace("    stream_parse: true\n", "").replace("if:", "regex:"), "prometheus-config-invalid"
    ) == [(3, 22)]


def test_nested_block_fields_point_at_the_key_inside_the_embedded_text():
    report = check_fixture("prometheus-config-invalid.yaml")
    found = {
        (f.line, f.column): f.message
        for f in report.findings
        if f.obj.name == "fire-nested-blocks"
    }
    assert found[(187, 9)] == "field remote_timout not found in type config.RemoteWriteConfig"
    assert found[(191, 11)] == "field passwd not found in type config.BasicAuth"
    assert found[(204, 11)] == "field ca_cert not found in type config.TLSConfig"
    assert found[(212, 11)] == "field tls not found in type config.AlertmanagerConfig"
    assert found[(222, 15)] == "field own_namespaces not found in type kubernetes.NamespaceDiscovery"
    assert found[(231, 13)] == "field refresh not found in type file.SDConfig"
    assert not [f for f in report.findings if f.obj.name == "dont-fire-nested-blocks"]


def test_null_relabel_rules_are_worded_per_list():
    text = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: prometheus}
data:
  prometheus.yml: |
    remote_write:
      - url: http://mimir/api/v1/push
        write_relabel_configs: [null]
    alerting:
      alertmanagers:
        - static_configs: [{targets: ["am:9093"]}]
          relabel_configs: [null]
    scrape_configs:
      - job_name: x
        static_configs: [{targets: ["x:1"]}]
"""
    assert messages(text, "prometheus-config-invalid") == [
        "empty or null relabeling rule in remote write config",
        "empty or null Alertmanager target relabeling rule",
    ]
