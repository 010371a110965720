from k8slint.model import Severity
from tests.helpers import lint, messages, positions

RULE = "otel-deprecated-option"

DOCS_EXAMPLE_IN_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: otel-config}
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
"""



def test_docs_example_fires_both_otel_rules_at_exact_positions():
    report = lint(DOCS_EXAMPLE_IN_CONFIGMAP, select=[RULE, "otel-deprecated-exporter"])
    assert [(f.line, f.column, f.name) for f in report.findings] == [
        (12, 7, "otel-deprecated-exporter"),
        (13, 9, "otel-deprecated-option"),
    ]


def test_message():
    assert messages(DOCS_EXAMPLE_IN_CONFIGMAP, RULE) == [
        'exporter "logging": option "logLevel" is not a valid option (config keys are case-sensitive); '
        "use `verbosity`"
    ]


def test_loglevel_on_an_old_collector_is_a_warning():
    text = DOCS_EXAMPLE_IN_CONFIGMAP.replace("logLevel", "loglevel") + """\
---
apiVersion: v1
kind: Pod
metadata: {name: collector}
spec:
  containers:
    - {name: c, image: "otel/opentelemetry-collector:0.90.0", volumeMounts: [{name: v, mountPath: /c}]}
  volumes: [{name: v, configMap: {name: otel-config}}]
"""
    findings = lint(text, select=[RULE]).findings
    assert [(f.line, f.column, f.severity) for f in findings] == [(13, 9, Severity.WARNING)]


def test_verbosity_alone_is_fine():
    assert positions(DOCS_EXAMPLE_IN_CONFIGMAP.replace("logLevel: debug", "verbosity: detailed"), RULE) == []
