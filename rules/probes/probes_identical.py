"""
## What it does
Reports a long-running container (`containers` and native sidecars, outside Jobs and CronJobs) whose
liveness probe checks the same thing as its readiness probe (both `httpGet` with the same path, port,
host and scheme; both `tcpSocket` on the same port; both `exec` with the same command; both `grpc` on the
same port and service) and gives up no later than the readiness probe: the liveness probe's failure
window (`initialDelaySeconds + periodSeconds × failureThreshold`, with the API's defaults 0, 10 and 3) is
not longer than the readiness probe's. kube-score's `pod-probes-identical` ignores the thresholds, which
its users reported as false positives (zegl/kube-score#339, #296, #285, #41), and compares named ports as
0, so two different named ports look identical; k8slint compares the ports as written.

## Why is this bad?
When the check fails under load, the liveness probe restarts the container at the moment the readiness
probe would have taken it out of the Service to recover: a traffic peak becomes a crash loop across all
replicas.

## Example
```yaml
readinessProbe:
  httpGet: {path: /healthz, port: 8080}
livenessProbe:
  httpGet: {path: /healthz, port: 8080}
```

Use instead:
```yaml
readinessProbe:
  httpGet: {path: /healthz, port: 8080}
livenessProbe:
  httpGet: {path: /healthz, port: 8080}
  failureThreshold: 6
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, running_containers
from k8slint.podsecurity import who
from k8slint.probes import RUN_TO_COMPLETION

CODE = "K814"
NAME = "probes-identical"
SUMMARY = "a container's liveness probe checks what its readiness probe checks, and gives up as soon"
SEVERITY = Severity.INFO
REMEDIATION = "Make the liveness probe check only that the process is alive, or give it a longer failure window than the readiness probe."
KINDS = POD_CARRIERS
PROFILE = "reliability"

HANDLERS = {
    "httpGet": ("path", "port", "host", "scheme"),
    "tcpSocket": ("port", "host"),
    "exec": ("command",),
    "grpc": ("port", "service"),
}
DEFAULTS = {"initialDelaySeconds": 0, "periodSeconds": 10, "failureThreshold": 3}


def _target(probe: dict) -> tuple | None:
    for handler, fields in HANDLERS.items():
        action = probe.get(handler)
        if isinstance(action, dict):
            return handler, tuple(repr(action.get(field)) for field in fields)
    return None


def _window(probe: dict) -> int | None:
    values = {}
    for field, default in DEFAULTS.items():
        value = probe.get(field, default)
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        values[field] = value
    return values["initialDelaySeconds"] + values["periodSeconds"] * values["failureThreshold"]


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.kind in RUN_TO_COMPLETION:
        return
    for path, container in running_containers(obj):
        liveness, readiness = container.get("livenessProbe"), container.get("readinessProbe")
        if not isinstance(liveness, dict) or not isinstance(readiness, dict):
            continue
        target = _target(liveness)
        live_window, ready_window = _window(liveness), _window(readiness)
        if target is None or target != _target(readiness) or live_window is None or ready_window is None:
            continue
        if live_window <= ready_window:
            yield Problem(
                (*path, "livenessProbe"),
                f"{who(path, container)} livenessProbe checks what its readinessProbe checks and fails after "
                f"{live_window}s, no later than the readinessProbe ({ready_window}s)",
                on_key=True,
            )
