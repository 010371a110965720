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

from k8slint import records
from k8slint.embedded import (
    ConfigDocument,
    all_older_than,
    config_documents,
    configmaps_with_collector_configs,
    replace_scalar,
)
from k8slint.model import Context, Problem, ProblemFix, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject

CODE = "K512"
NAME = "otel-deprecated-exporter"
SUMMARY = "collector uses the logging exporter, removed in v0.111.0"
SEVERITY = Severity.ERROR
REMEDIATION = "Replace the logging exporter with the debug exporter (verbosity: basic, normal or detailed)."
KINDS = (OTEL_COLLECTOR_CONFIG,)
# Unsafe unless the exporter sets `verbosity`: the debug exporter's default verbosity (basic) is not the
# logging exporter's (normal). None for a Collector older than v0.86.0, which has no debug exporter.
FIX = "unsafe"

DEBUG_EXPORTER_ADDED = (0, 86, 0)


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
    too_old = any(version is not None and version < DEBUG_EXPORTER_ADDED for version in versions)
    for document in config_documents(obj, OTEL_COLLECTOR_CONFIG):
        for finding in logging_exporters(document.value):
            problem = document.problem(finding.path, finding.message, on_key=True, severity=severity)
            fix = None if too_old else _debug_exporter(obj, document, finding.component)
            yield problem if fix is None else records.replace(problem, fix=fix)


def _debug_exporter(obj: K8sObject, document: ConfigDocument, component: str) -> ProblemFix | None:
    """`logging[/name]` -> `debug[/name]`, in `exporters` and in every pipeline of the document that
    names it; None when that name is taken or the document has no pipelines (they are elsewhere)."""
    from k8slint.otel import pipelines, section

    exporters = section(document.value, "exporters")
    renamed = "debug" + component[len("logging"):]
    found = pipelines(document.value)
    if renamed in exporters or not found:
        return None
    edits = [replace_scalar(obj, document, ("exporters", component), component, renamed, on_key=True)]
    for pipeline in found:
        names = pipeline.value.get("exporters")
        for index, name in enumerate(names if isinstance(names, list) else []):
            if name == component:
                edits.append(replace_scalar(obj, document, (*pipeline.path, "exporters", index), component, renamed))
    settings = exporters.get(component)
    explicit = isinstance(settings, dict) and "verbosity" in settings
    return ProblemFix(f'replace the "{component}" exporter with "{renamed}"', tuple(edits), safe=True if explicit else None)
