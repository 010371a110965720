"""
## What it does
Reports a PodDisruptionBudget whose `spec.selector` (`matchLabels` and `matchExpressions`, evaluated as the
API server does) matches the labels of no Pod and no Pod template in its namespace. It is checked only
when the apply set holds Pods or workloads in that namespace (always under the `strict-references`
profile). A selector naming a label that controllers add (`pod-template-hash`,
`statefulset.kubernetes.io/pod-name`...) is not judged.

No peer has this check; kube-score's `deployment-has-poddisruptionbudget` looks the other way (a
workload without a budget), and Polaris matches a budget when any single label is shared.

## Why is this bad?
The budget protects nothing: node drains and cluster upgrades evict the Pods it was written for all at
once, usually because of a typo in a label or a label renamed on the workload.

## Example
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: webapp}}
  template: {metadata: {labels: {app: webapp}}}
```

Use instead:
```yaml
spec:
  minAvailable: 1
  selector: {matchLabels: {app: webapp}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.references import missing, selector_at, selects_no_pod

CODE = "K130"
NAME = "pdb-selects-nothing"
SUMMARY = "a PodDisruptionBudget's selector matches no Pod template in its namespace"
SEVERITY = Severity.WARNING
SET_KINDS = ("PodDisruptionBudget",)  # check_set reports only on these
REMEDIATION = "Make `spec.selector` select labels that the Pod template to protect carries."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for budget in objects.of_kind("PodDisruptionBudget"):
        selector = selector_at(budget.value, ("spec", "selector"))
        if budget.group != "policy" or selector is None or selector.empty:
            continue  # empty: every Pod of the namespace in policy/v1; none in the removed v1beta1
        namespace = budget.effective_namespace(ctx.settings)
        if selects_no_pod(objects, ctx, selector, namespace):
            yield budget, missing(ctx, ("spec", "selector"), f'selector "{selector}" matches no Pod or Pod template in namespace "{namespace}"')
