"""
## What it does
Checks OpenTelemetry Collector configurations (standalone files, or embedded in a ConfigMap) for
the `logging` exporter, deprecated in Collector v0.86.0 and removed in v0.111.0 in favour of the
`debug` exporter. The Kubernetes documentation's own tracing example uses it. It is an error unless
every Collector image in the input that mounts the ConfigMap is older than v0.111.0, where it is a
warning.

## Why is this bad?
A Collector from v0.111.0 on does not know the exporter and exits at startup with an unknown-type
error, so the traces Kubernetes components send are lost. On older Collectors it still works but
breaks on the next upgrade.

## Example
```yaml
exporters:
  logging:
    loglevel: debug
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [logging]
```

Use instead:
```yaml
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

from k8slint.embedded import all_older_than, config_documents, configmaps_with_collector_configs
from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject

CODE = "K512"
NAME = "otel-deprecated-exporter"
SUMMARY = "collector uses the logging exporter, removed in v0.111.0"
SEVERITY = Severity.ERROR
REMEDIATION = "Replace the logging exporter with the debug exporter (verbosity: basic, normal or detailed)."
KINDS = (OTEL_COLLECTOR_CONFIG,)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    """A standalone collector config: its Collector's version is unknown."""
    if obj.kind == OTEL_COLLECTOR_CONFIG:
        yield from _problems(obj, [])


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """Configs in ConfigMaps: the Collectors of the apply set that mount them tell the version."""
    for obj, versions in configmaps_with_collector_configs(objects):
        for problem in _problems(obj, versions):
            yield obj, problem


def _problems(obj: K8sObject, versions: list) -> Iterator[Problem]:
    from k8slint.otel import LOGGING_EXPORTER_REMOVED, logging_exporters

    severity = Severity.WARNING if all_older_than(versions, LOGGING_EXPORTER_REMOVED) else None
    for document in config_documents(obj, OTEL_COLLECTOR_CONFIG):
        for finding in logging_exporters(document.value):
            yield document.problem(finding.path, finding.message, on_key=True, severity=severity)
