"""
## What it does
Checks OpenTelemetry Collector configurations (standalone files, or embedded in a ConfigMap) for a
pipeline without any receiver or without any exporter, for a processor listed twice in one pipeline,
and for a pipeline whose `receivers`, `processors` or `exporters` is not a list.

## Why is this bad?
The Collector refuses such a configuration at startup ("must have at least one receiver",
"references processor 'batch' multiple times"), so the whole Collector, not only that pipeline,
stops.

## Example
```yaml
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
processors:
  batch: {}
exporters:
  debug: {}
service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch, batch]
    metrics:
      receivers: [otlp]
      exporters: [debug]
```

Use instead:
```yaml
service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
    metrics:
      receivers: [otlp]
      exporters: [debug]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import config_documents
from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, K8sObject

CODE = "K511"
NAME = "otel-empty-pipeline"
SUMMARY = "collector pipeline without a receiver or exporter, or with a processor listed twice"
SEVERITY = Severity.ERROR
REMEDIATION = "Give every pipeline at least one receiver and one exporter, and list each processor once."
KINDS = (OTEL_COLLECTOR_CONFIG, "ConfigMap")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint.otel import pipeline_shape

    for document in config_documents(obj, OTEL_COLLECTOR_CONFIG):
        for finding in pipeline_shape(document.value):
            yield document.problem(finding.path, finding.message)
