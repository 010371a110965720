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

CODE = "K513"
NAME = "otel-deprecated-option"
SUMMARY = "collector logging or debug exporter sets loglevel or logLevel instead of verbosity"
SEVERITY = Severity.ERROR
REMEDIATION = "Replace loglevel with verbosity (debug -> detailed, info -> normal, warn or error -> basic)."
KINDS = (OTEL_COLLECTOR_CONFIG,)
# `loglevel: info` -> `verbosity: normal`, the logging exporter's own translation (safe); `logLevel`,
# which no Collector since v0.71.0 reads, is unsafe: the setting starts to apply.
FIX = "safe"

# exporter/loggingexporter/config.go: how the logging exporter read loglevel as a verbosity.
VERBOSITY_OF_LOGLEVEL = {"debug": "detailed", "info": "normal", "warn": "basic", "error": "basic"}

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
            problem = document.problem(
                finding.path, finding.message, on_key=True, severity=Severity.WARNING if accepted else None
            )
            fix = _verbosity(obj, document, finding.path, settings)
            yield problem if fix is None else records.replace(problem, fix=fix)


def _verbosity(obj: K8sObject, document: ConfigDocument, path: tuple, settings: object) -> ProblemFix | None:
    """`loglevel: debug` -> `verbosity: detailed`; None when `verbosity` is set too (which one wins is
    the question) or the level is not one the logging exporter knew."""
    key = path[-1]
    level = settings.get(key) if isinstance(settings, dict) else None
    if not isinstance(level, str) or level not in VERBOSITY_OF_LOGLEVEL or "verbosity" in settings:
        return None
    edits = (
        replace_scalar(obj, document, path, key, "verbosity", on_key=True),
        replace_scalar(obj, document, path, level, VERBOSITY_OF_LOGLEVEL[level]),
    )
    return ProblemFix(f"replace {key}: {level} with verbosity: {VERBOSITY_OF_LOGLEVEL[level]}", edits, safe=False if key == "logLevel" else None)
