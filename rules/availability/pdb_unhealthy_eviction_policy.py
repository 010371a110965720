"""
## What it does
Reports a PodDisruptionBudget without `spec.unhealthyPodEvictionPolicy`, on Kubernetes 1.27 and later
(beta in 1.27, GA in 1.31).

Peer: kube-linter `pdb-unhealthy-pod-eviction-policy` (on by default there, which is noisy: unset is a
deliberate default).

## Why is this bad?
Unset means `IfHealthyBudget`: Pods that are running but not ready can only be evicted while the budget
is met, so a crash-looping replica can block a node drain. `AlwaysAllow` lets drains evict unhealthy
Pods.

## Example
```yaml
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
```

Use instead:
```yaml
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K829"
NAME = "pdb-unhealthy-eviction-policy"
SUMMARY = "a PodDisruptionBudget leaves unhealthyPodEvictionPolicy unset"
SEVERITY = Severity.INFO
REMEDIATION = "Set `unhealthyPodEvictionPolicy: AlwaysAllow` so that drains can evict Pods that are not ready."
KINDS = ("PodDisruptionBudget.policy",)
PROFILE = "reliability"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.value.get("spec")
    if ctx.settings.kubernetes_version >= (1, 27) and obj.version == "v1" and isinstance(spec, dict) and "unhealthyPodEvictionPolicy" not in spec:
        yield Problem(("spec",), "unhealthyPodEvictionPolicy is not set (IfHealthyBudget)", on_key=True)
