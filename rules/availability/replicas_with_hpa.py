"""
## What it does
Reports a Deployment, StatefulSet or ReplicaSet that sets `spec.replicas` while a HorizontalPodAutoscaler
or KEDA ScaledObject of its namespace scales it (`scaleTargetRef` kind and name).

Peer: kube-score `deployment-targeted-by-hpa-does-not-have-replicas-configured` (Deployments only).

## Why is this bad?
Every `kubectl apply` (every GitOps sync) resets the replica count to `spec.replicas`, then the
autoscaler scales again: under load, Pods are killed at each deploy. Without `replicas`, apply leaves
the count the autoscaler chose.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 10
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.availability import REPLICATED, scaled_by
from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject, get

CODE = "K832"
NAME = "replicas-with-hpa"
SUMMARY = "a workload sets replicas although an autoscaler scales it"
SEVERITY = Severity.WARNING
REMEDIATION = "Remove `spec.replicas` and let the autoscaler own the count (its `minReplicas` is the floor)."
SET_KINDS = ("HorizontalPodAutoscaler", "ScaledObject")  # check_set reports nothing without an autoscaler


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for workload in objects.of_kind("Deployment", "StatefulSet", "ReplicaSet"):
        if workload.group not in REPLICATED[workload.kind or ""] or get(workload.value, ("spec", "replicas")) is None:
            continue
        scalers = scaled_by(objects, workload)
        if scalers:
            scaler = scalers[0].obj
            yield workload, Problem(
                ("spec", "replicas"),
                f"spec.replicas is set, but {scaler.describe()} scales {workload.describe()}",
                related=(Related(scaler, ("spec", "scaleTargetRef"), "the autoscaler's target"),),
            )
