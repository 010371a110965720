"""
## What it does
Checks a Prometheus configuration the way Prometheus 3.x loads it: a `prometheus.yml` of its own
(recognised by its `scrape_configs`), one embedded in a ConfigMap, the Prometheus Operator's
`additionalScrapeConfigs` Secret (a bare list of scrape configs, in `stringData` or base64 `data`), or
the `config` of an OpenTelemetry Collector's `prometheus` receiver. Configurations that use
VictoriaMetrics vmagent's extensions (`stream_parse`, relabel `if`, `keep_if_equal`...) are vmagent's
and are not checked.
Reported, at the line inside the embedded text:
- two scrape configs with the same `job_name`, or one without a `job_name`;
- `scrape_timeout` greater than `scrape_interval` (the job's, or the global one it inherits);
- durations that are not Prometheus durations (`30s`, `1m30s`, `1h`; not `30`, `1.5m`, `30 s`);
- static `targets` that are URLs (`http://app:8080/metrics`) in a job without `relabel_configs`;
- unknown fields (top level, `global`, scrape configs, relabel rules, `remote_write` with its
  `queue_config` and `metadata_config`, `remote_read`, `alerting` and its `alertmanagers`, the service
  discovery blocks `kubernetes_sd_configs` (with `namespaces`, `selectors`, `attach_metadata`),
  `file_sd_configs`, `dns_sd_configs`, `http_sd_configs` and `static_configs`, and the HTTP client blocks
  `tls_config`, `basic_auth`, `authorization` and `oauth2` wherever they appear), judged against the
  field names of both Prometheus 2.x and 3.x so that neither release's configuration is reported;
  other service discovery mechanisms (consul, ec2...) are not checked;
- relabel rules (of scrape configs, `write_relabel_configs`, `alert_relabel_configs` and
  Alertmanager `relabel_configs`) that are null, with an unknown `action`, without a field their
  action needs (`target_label` for `replace`, `hashmod`, `lowercase`, `uppercase`, `keepequal`,
  `dropequal`; `modulus` for `hashmod`), with fields `labeldrop`/`labelkeep` or `keepequal`/`dropequal`
  forbid, or with a `regex` Go's RE2 engine rejects (look-arounds, atomic groups, back-references,
  `\\Z`, possessive quantifiers, unbalanced parentheses).

## Why is this bad?
Prometheus refuses to start with the configuration (and keeps the old one on a reload): `config.Load`
decodes strictly and validates every scrape config, relabel rule and duration (prometheus/prometheus
`config/config.go`, `discovery/kubernetes/kubernetes.go`, `model/relabel/relabel.go`, prometheus/common
`config/http_config.go` and `model/time.go`). The Prometheus
Operator copies `additionalScrapeConfigs` verbatim into the generated configuration, so one bad job
stops reloads for all of them.

## Example
```yaml
scrape_configs:
  - job_name: node
    scrape_interval: 15
    static_configs:
      - targets: ["http://node-exporter:9100/metrics"]
  - job_name: node
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_name]
        regex: "(?!kube-).*"
```

Use instead:
```yaml
scrape_configs:
  - job_name: node
    scrape_interval: 15s
    static_configs:
      - targets: ["node-exporter:9100"]
  - job_name: pods
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_name]
        regex: "kube-.*"
        action: drop
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, PROMETHEUS_CONFIG, K8sObject
from k8slint.prometheus import config_findings, prometheus_documents

CODE = "K655"
NAME = "prometheus-config-invalid"
SUMMARY = "a Prometheus configuration that Prometheus refuses to load"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the field as the message says; `promtool check config` confirms the file loads."
KINDS = (PROMETHEUS_CONFIG, OTEL_COLLECTOR_CONFIG, "ConfigMap", "Secret", "OpenTelemetryCollector.opentelemetry.io")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for document in prometheus_documents(obj):
        for finding in config_findings(document.value):
            yield document.problem(finding.path, finding.message, on_key=finding.on_key)
