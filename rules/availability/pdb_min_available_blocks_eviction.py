"""
## What it does
Reports a PodDisruptionBudget whose `minAvailable` (a percentage is scaled and rounded up, as the
disruption controller does) is at least the number of Pods it protects, so no Pod can be evicted. The Pods
are those of the workloads in the budget's namespace whose Pod template labels its selector matches
(`matchLabels` and `matchExpressions`); their number is the sum of their `replicas` (default 1), or, for a
workload an autoscaler scales, its `minReplicas` (the count it falls to when idle). Budgets that also
cover DaemonSets, Jobs or bare Pods (whose count is not in the manifest) are not judged, nor are
kustomizations that patch or set replica counts, nor budgets over a workload the apply set
defines twice. `minAvailable: 100%` is `pdb-zero-disruptions`'s.

Peers: kube-linter `pdb-min-available` (which reads each workload's *selector* as a label set and fails on
`matchExpressions`, and compares replicas wrongly with an HPA, stackrox/kube-linter#637), Polaris
`pdbMinAvailableGreaterThanHPAMinReplicas` (which matches a budget when any one label is shared).

## Why is this bad?
Every eviction is refused: `kubectl drain`, node upgrades and autoscaler scale-down block on these Pods
until someone deletes them by hand.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
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

from k8slint.availability import is_full_percent, replica_counts_known, replicas, scaled, scaled_by
from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.references import pods_by_namespace, selector_at

CODE = "K827"
NAME = "pdb-min-available-blocks-eviction"
SUMMARY = "a PodDisruptionBudget's minAvailable is at least the number of Pods it protects"
SEVERITY = Severity.WARNING
SET_KINDS = ("PodDisruptionBudget",)  # check_set reports only on these
REMEDIATION = "Lower `minAvailable` below the replica count (the autoscaler's minReplicas), or use `maxUnavailable: 1`."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    if not replica_counts_known(objects):
        return
    for budget in objects.of_kind("PodDisruptionBudget"):
        spec = budget.value.get("spec")
        if budget.group != "policy" or not isinstance(spec, dict) or "minAvailable" not in spec or is_full_percent(spec["minAvailable"]):
            continue
        selector = selector_at(spec, ("selector",))
        if selector is None:
            continue
        matched = [pod.obj for pod in pods_by_namespace(objects).get(budget.effective_namespace(ctx.settings), []) if selector.matches(pod.labels)]
        counts = [_count(objects, workload) for workload in matched]
        if not matched or any(count is None for count in counts) or len({(o.kind, o.name) for o in matched}) < len(matched):
            continue  # a count the manifests do not give, or a workload defined twice (which one is applied?)
        total = sum(count for count, _ in counts)
        minimum = scaled(spec["minAvailable"], total)
        if total == 0 or minimum is None or minimum < total:
            continue
        what = ", ".join(f"{workload.describe()} ({how})" for workload, (_, how) in zip(matched, counts))
        yield budget, Problem(
            ("spec", "minAvailable"),
            f"minAvailable {spec['minAvailable']} leaves no Pod to evict out of {total}: {what}",
            related=tuple(Related(workload, ("metadata", "name"), workload.describe()) for workload in matched[:3]),
        )


def _count(objects: ApplySet, workload: K8sObject) -> tuple[int, str] | None:
    """(Pods, how they were counted) of a workload, or None when the manifest does not say."""
    count = replicas(workload)
    if count is None:
        return None
    minima = [scaler.min_replicas for scaler in scaled_by(objects, workload)]
    if minima:
        return min(minima), f"{min(minima)} at the autoscaler's minimum"
    return count, f"{count} replica{'s' if count != 1 else ''}"
