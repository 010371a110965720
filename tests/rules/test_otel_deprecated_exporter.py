from k8slint.model import Severity
from tests.helpers import lint

RULE = "otel-deprecated-exporter"

# The Kubernetes docs' collector example, deployed with a ConfigMap and a Deployment of {image}.
DEPLOYED = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: otel-config, namespace: observability}
data:
  config.yaml: |
    receivers:
      otlp:
        protocols:
          grpc:
    exporters:
      # Replace this exporter with the exporter for your backend
      logging:
        logLevel: debug
    service:
      pipelines:
        traces:
          receivers: [otlp]
          exporters: [logging]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: otel-collector, namespace: observability}
spec:
  selector: {matchLabels: {app: otel}}
  template:
    metadata: {labels: {app: otel}}
    spec:
      containers:
        - name: collector
          image: {image}
          volumeMounts: [{name: config, mountPath: /conf}]
      volumes:
        - name: config
          configMap: {name: otel-config}
"""


def _findings(image):
    report = lint(DEPLOYED.replace("{image}", image), select=[RULE])
    return [(f.line, f.column, f.severity, f.message) for f in report.findings]



def test_error_on_a_collector_that_removed_it_or_an_unknown_one():
    message = 'exporter "logging" uses the "logging" exporter, deprecated in Collector v0.86.0 and removed in v0.111.0'
    for image in ("otel/opentelemetry-collector:0.111.0", "otel/opentelemetry-collector:latest"):
        assert _findings(image) == [(12, 7, Severity.ERROR, message)]


def test_warning_when_every_mounting_collector_still_has_it():
    assert [f[2] for f in _findings("otel/opentelemetry-collector-contrib:0.110.0")] == [Severity.WARNING]


def test_other_namespace_does_not_count():
    text = DEPLOYED.replace("{image}", "otel/opentelemetry-collector:0.90.0").replace(
        "name: otel-collector, namespace: observability", "name: otel-collector, namespace: other"
    )
    assert [f.severity for f in lint(text, select=[RULE]).findings] == [Severity.ERROR]


def test_an_untagged_collector_next_to_an_old_one_keeps_it_an_error():
    text = DEPLOYED.replace("{image}", "otel/opentelemetry-collector:0.90.0") + """\
---
apiVersion: v1
kind: Pod
metadata: {name: another-collector, namespace: observability}
spec:
  containers:
    - {name: c, image: "otel/opentelemetry-collector-contrib", volumeMounts: [{name: v, mountPath: /c}]}
  volumes: [{name: v, projected: {sources: [{configMap: {name: otel-config}}]}}]
"""
    assert [f.severity for f in lint(text, select=[RULE]).findings] == [Severity.ERROR]
