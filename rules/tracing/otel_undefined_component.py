"""
## What it does
Checks OpenTelemetry Collector configurations (standalone files, or embedded in a ConfigMap) for a
pipeline that names a receiver, processor, exporter or connector not defined at the top level, and
for an extension listed in `service.extensions` but not defined under `extensions`. A connector
counts as a receiver and as an exporter, never as a processor.

## Why is this bad?
The Collector validates the whole configuration at startup and exits with 'references exporter
"debug" which is not configured': no pipeline runs, and every component sending to it loses its
telemetry.

## Example
```yaml
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
exporters:
  exporters:            # nested by mistake: defines an exporter named "exporters"
    debug:
      verbosity: detailed
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
```

Use instead:
```yaml
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
exporters:
  debug:
    verbosity: detailed
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import config_documents
from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, K8sObject

CODE = "K510"
NAME = "otel-undefined-component"
SUMMARY = "collector pipeline or service references a component that is not defined"
SEVERITY = Severity.ERROR
REMEDIATION = "Define the component in its top-level section, or fix the name in the pipeline."
KINDS = (OTEL_COLLECTOR_CONFIG, "ConfigMap")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint.otel import undefined_components

    for document in config_documents(obj, OTEL_COLLECTOR_CONFIG):
        for finding in undefined_components(document.value):
            yield document.problem(finding.path, finding.message)
