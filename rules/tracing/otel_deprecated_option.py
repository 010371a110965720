"""
## What it does
Checks the `logging` and `debug` exporters of OpenTelemetry Collector configurations (standalone
files, or embedded in a ConfigMap) for the `loglevel` and `logLevel` options. `loglevel` was
deprecated in v0.63.0 in favour of `verbosity` and left with the `logging` exporter; the `debug`
exporter never had it; `logLevel` (as in the Kubernetes documentation's example) never matched,
because Collector configuration keys are case-sensitive and unknown keys are errors (since v0.71.0).

## Why is this bad?
The Collector rejects the configuration at startup ("has invalid keys: loglevel"), or, with both
`loglevel` and `verbosity`, with "'loglevel' and 'verbosity' are incompatible".

## Example
```yaml
exporters:
  debug:
    logLevel: debug
```

Use instead:
```yaml
exporters:
  debug:
    verbosity: detailed
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import all_older_than, config_documents, configmaps_with_collector_configs
from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject

CODE = "K513"
NAME = "otel-deprecated-option"
SUMMARY = "collector logging or debug exporter sets loglevel or logLevel instead of verbosity"
SEVERITY = Severity.ERROR
REMEDIATION = "Replace loglevel with verbosity (debug -> detailed, info -> normal, warn or error -> basic)."
KINDS = (OTEL_COLLECTOR_CONFIG,)

# Until these releases the logging exporter still accepted the key as written (a deprecation warning).
_ACCEPTED_UNTIL = {"loglevel": (0, 111, 0), "logLevel": (0, 71, 0)}


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
    from k8slint.otel import component_type, deprecated_options

    for document in config_documents(obj, OTEL_COLLECTOR_CONFIG):
        for finding in deprecated_options(document.value):
            key = finding.path[-1]
            exporters = document.value.get("exporters")
            settings = exporters.get(finding.component) if isinstance(exporters, dict) else None
            accepted = (
                component_type(finding.component or "") == "logging"
                and not (isinstance(settings, dict) and key == "loglevel" and "verbosity" in settings)
                and all_older_than(versions, _ACCEPTED_UNTIL[key])
            )
            yield document.problem(
                finding.path, finding.message, on_key=True, severity=Severity.WARNING if accepted else None
            )
