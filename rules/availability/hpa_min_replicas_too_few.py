"""
## What it does
Reports a HorizontalPodAutoscaler whose `spec.minReplicas` (default 1) is below the option `minReplicas`
(default 2), and a KEDA ScaledObject whose `spec.minReplicaCount` (default 0) is, unless it is 0 (scale to
zero, a deliberate choice).

Peers: kube-score `horizontalpodautoscaler-replicas`, kube-linter `hpa-minimum-three-replicas`, Polaris
`hpaMinAvailability` (which lets an unset `minReplicas`, that is 1, pass).

## Why is this bad?
When load is low the workload runs a single replica, and a node failure or drain is an outage.

## Example
```yaml
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
```

Use instead:
```yaml
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
```

## Options
- `minReplicas` (int, default 2): the lowest minimum accepted.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K830"
NAME = "hpa-min-replicas-too-few"
SUMMARY = "an autoscaler may scale a workload down to fewer replicas than the configured minimum"
SEVERITY = Severity.INFO
REMEDIATION = "Raise the autoscaler's minimum to at least `minReplicas`."
KINDS = ("HorizontalPodAutoscaler.autoscaling", "ScaledObject.keda.sh")
PROFILE = "reliability"
OPTIONS = {"minReplicas": (int, 2)}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    field, default = ("minReplicas", 1) if obj.kind == "HorizontalPodAutoscaler" else ("minReplicaCount", 0)
    value = get(obj.value, ("spec", field), default)
    if not isinstance(value, int) or isinstance(value, bool) or value >= ctx.options["minReplicas"]:
        return
    if obj.kind == "ScaledObject" and value == 0:
        return
    written = isinstance(obj.value.get("spec"), dict) and field in obj.value["spec"]
    yield Problem(("spec", field) if written else ("spec",), f"{field} is {value}{'' if written else ' (the default)'}, below {ctx.options['minReplicas']}", on_key=not written)
