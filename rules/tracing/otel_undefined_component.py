"""
## What it does
Checks OpenTelemetry Collector configurations (standalone files, or embedded in a ConfigMap) for a
pipeline that names a receiver, processor, exporter or connector not defined at the top level, and
for an extension listed in `service.extensions` but not defined under `extensions`. A connector
counts as a receiver and as an exporter, never as a processor.

A Collector merges every config it is given at start-up (several `--config` flags, inline
`--config=yaml:...` configs and `--set` flags: open-telemetry/opentelemetry-collector
otelcol/flags.go and its confmap providers), so a reference is reported only when no config that
may be merged with this one defines the component:
- for a ConfigMap: its other data keys, the other ConfigMaps mounted by a Collector Pod that mounts
  it, and that Collector container's `--config=yaml:...` and `--set` arguments;
- for a standalone config file: the other standalone collector configs of its apply set (the
  files applied together, such as one directory).

A ConfigMap mounted by a Collector that also reads a config k8slint cannot see (a `--config` with
another provider, such as `env:` or `https:`, or a file outside the ConfigMaps it mounts, in the
image or a Secret) is not checked: any component may be defined there.

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

from k8slint.embedded import config_documents, merged_collector_configs
from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject

CODE = "K510"
NAME = "otel-undefined-component"
SUMMARY = "collector pipeline or service references a component that is not defined"
SEVERITY = Severity.ERROR
REMEDIATION = "Define the component in its top-level section, or fix the name in the pipeline."
SET_KINDS = (OTEL_COLLECTOR_CONFIG, "ConfigMap")  # check_set reports only on these


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.otel import undefined_components

    for obj in objects.of_kind(OTEL_COLLECTOR_CONFIG, "ConfigMap"):
        documents = config_documents(obj, OTEL_COLLECTOR_CONFIG)
        if not documents:
            continue
        merged_with = merged_collector_configs(obj, objects)
        if merged_with is None:
            continue
        for document in documents:
            for finding in undefined_components(document.value, merged_with):
                yield obj, document.problem(finding.path, finding.message)
