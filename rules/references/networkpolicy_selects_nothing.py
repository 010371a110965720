"""
## What it does
Reports a NetworkPolicy whose `spec.podSelector` (`matchLabels` and `matchExpressions`, evaluated as the
API server does) matches the labels of no Pod and no Pod template in the policy's namespace. An empty
`podSelector: {}` selects every Pod, so it passes whenever the namespace has a Pod carrier. The policy is
checked only when the apply set holds Pods or workloads in that namespace (always under the
`strict-references` profile), so a directory of policies alone stays quiet. A selector naming a label
that controllers add (`pod-template-hash`, `statefulset.kubernetes.io/pod-name`, `job-name`...) is not
judged.

Peers: kube-score `networkpolicy-targets-pod`, kube-linter `dangling-networkpolicy` (which ignores
`matchExpressions`).

## Why is this bad?
The policy isolates nothing: the Pods it was written for keep accepting (or sending) all traffic, usually
because of a typo in a label or a label renamed on the workload.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
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
  podSelector: {matchLabels: {app: webapp}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.references import missing, selector_at, selects_no_pod

CODE = "K120"
NAME = "networkpolicy-selects-nothing"
SUMMARY = "a NetworkPolicy's podSelector matches no Pod template in its namespace"
SEVERITY = Severity.WARNING
SET_KINDS = ("NetworkPolicy",)  # check_set reports only on these
REMEDIATION = "Make `spec.podSelector` select labels that the target Pod template carries."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for policy in objects.of_kind("NetworkPolicy"):
        selector = selector_at(policy.value, ("spec", "podSelector"))
        if policy.group != "networking.k8s.io" or selector is None:
            continue
        namespace = policy.effective_namespace(ctx.settings)
        if selects_no_pod(objects, ctx, selector, namespace):
            what = "selects every Pod, but there is none" if selector.empty else f'"{selector}" matches no Pod or Pod template'
            yield policy, missing(ctx, ("spec", "podSelector"), f'podSelector {what} in namespace "{namespace}"')
