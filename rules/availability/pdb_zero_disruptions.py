"""
## What it does
Reports a PodDisruptionBudget that allows no voluntary disruption at all: `maxUnavailable: 0` (or `"0%"`),
or `minAvailable: "100%"`.

Peers: kube-linter `pdb-max-unavailable` and `pdb-min-available` (the 100% part), Polaris
`pdbDisruptionsIsZero`.

## Why is this bad?
The eviction API refuses every eviction of the Pods: `kubectl drain`, cluster upgrades and the cluster
autoscaler's scale-down wait forever on the node. It only suits a singleton that must never be
evicted, which deserves a suppression with its reason.

## Example
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  maxUnavailable: 0
  selector: {matchLabels: {app: web}}
```

Use instead:
```yaml
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.availability import is_full_percent, is_zero_percent
from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K826"
NAME = "pdb-zero-disruptions"
SUMMARY = "a PodDisruptionBudget allows no eviction at all"
SEVERITY = Severity.WARNING
REMEDIATION = "Allow at least one disruption: `maxUnavailable: 1`, or a `minAvailable` below the replica count."
KINDS = ("PodDisruptionBudget.policy",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    unavailable = get(obj.value, ("spec", "maxUnavailable"))
    available = get(obj.value, ("spec", "minAvailable"))
    if (unavailable == 0 and not isinstance(unavailable, bool)) or is_zero_percent(unavailable):
        yield Problem(("spec", "maxUnavailable"), f"maxUnavailable {unavailable} allows no Pod to be evicted")
    elif is_full_percent(available):
        yield Problem(("spec", "minAvailable"), f'minAvailable "{available}" allows no Pod to be evicted')
