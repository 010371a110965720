"""
## What it does
Reports a Deployment or StatefulSet with more than one replica (or none written) whose Pods no
PodDisruptionBudget of its namespace selects (`matchLabels` and `matchExpressions` against the Pod
template labels).

Peers: kube-score `deployment-has-poddisruptionbudget`, `statefulset-has-poddisruptionbudget`; Polaris
`missingPodDisruptionBudget` (which matches a budget sharing any one label, and never one using
`matchExpressions`).

## Why is this bad?
A node drain may evict all replicas at once: without a budget, the eviction API does not wait for the new
Pods to be ready.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template: {metadata: {labels: {app: web}}}
```

Use instead:
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.availability import replicas
from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, pod_labels
from k8slint.references import selector_at

CODE = "K825"
NAME = "pdb-missing"
SUMMARY = "no PodDisruptionBudget protects a replicated workload"
SEVERITY = Severity.INFO
REMEDIATION = "Add a PodDisruptionBudget (`maxUnavailable: 1`) selecting the Pod template's labels."
PROFILE = "reliability"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.selector_index import string_labels

    budgets: dict[str | None, list] = {}
    for budget in objects.of_kind("PodDisruptionBudget"):
        selector = selector_at(budget.value, ("spec", "selector"))
        if budget.group != "policy" or selector is None:
            continue
        budgets.setdefault(budget.effective_namespace(ctx.settings), []).append(selector)
    for workload in objects.of_kind("Deployment", "StatefulSet"):
        count, labels = replicas(workload), pod_labels(workload)
        if count is None or labels is None or ("replicas" in (workload.value.get("spec") or {}) and count < 2):
            continue
        own = string_labels(labels[1])
        if not any(selector.matches(own) for selector in budgets.get(workload.effective_namespace(ctx.settings), ())):
            yield workload, Problem(labels[0], f"no PodDisruptionBudget selects the Pods of {workload.describe()}", on_key=True)
