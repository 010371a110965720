"""
## What it does
Checks the scrape configs of a Prometheus configuration (standalone, in a ConfigMap, or in an
`additionalScrapeConfigs` Secret) for scrapes of the kubelet that Prometheus accepts but that fail or
are insecure:
- a target (static, or an `__address__` relabel `replacement` such as `${1}:10255`) on the kubelet's
  read-only port 10255 (warning);
- the kubelet's port 10250 scraped over plain HTTP: a target or replacement on port 10250, or
  `kubernetes_sd_configs` with `role: node` (whose targets are the kubelets' port 10250) without
  `scheme: https` and without relabelling `__address__` or `__scheme__` (warning);
- `tls_config.insecure_skip_verify: true` (info): the targets' certificates are not verified.

## Why is this bad?
The read-only port serves metrics without authentication and is off (`readOnlyPort: 0`) on kubeadm
clusters and in most distributions, so tutorials that scrape `:10255` collect nothing there, and
turning it back on exposes Pod data to the whole network. Port 10250 serves only HTTPS: a plain HTTP
scrape gets "Client sent an HTTP request to an HTTPS server" and the target stays down.
`insecure_skip_verify` accepts any certificate, so a man in the middle can feed or read the scrape;
prefer the cluster CA (`ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt`) with kubelet
serving certificates signed by it (`serverTLSBootstrap: true`).

## Example
```yaml
scrape_configs:
  - job_name: kubelet
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - source_labels: [__address__]
        regex: (.+):10250
        replacement: ${1}:10255
        target_label: __address__
```

Use instead:
```yaml
scrape_configs:
  - job_name: kubelet
    scheme: https
    kubernetes_sd_configs:
      - role: node
    authorization:
      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, PROMETHEUS_CONFIG, K8sObject
from k8slint.prometheus import kubelet_scrape_findings, prometheus_documents

CODE = "K656"
NAME = "prometheus-kubelet-scrape"
SUMMARY = (
    "a Prometheus job scrapes the kubelet's read-only port, or its HTTPS port over HTTP, or skips TLS verification"
)
SEVERITY = Severity.WARNING
REMEDIATION = "Scrape the kubelet on port 10250 with scheme https, a ServiceAccount token and the cluster CA."
KINDS = (PROMETHEUS_CONFIG, OTEL_COLLECTOR_CONFIG, "ConfigMap", "Secret", "OpenTelemetryCollector.opentelemetry.io")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for document in prometheus_documents(obj):
        for finding in kubelet_scrape_findings(document.value):
            yield document.problem(finding.path, finding.message, on_key=finding.on_key, severity=finding.severity)
