"""
## What it does
Reports a Pod or Pod template that no NetworkPolicy of its namespace isolates in a required direction
(option `require`, default both `Ingress` and `Egress`). A policy covers a Pod when its `podSelector`
(`matchLabels` and `matchExpressions`; `{}` selects every Pod) matches the Pod template's labels; it
covers the directions in its `policyTypes`, or, without `policyTypes`, `Ingress` plus `Egress` when it has
`egress` rules, as the API server defaults them.

Peers: kube-score `pod-networkpolicy`, kube-linter `non-isolated-pod`, Polaris `missingNetworkPolicy`
(which matches a policy only when its `matchLabels` equal exactly one template label,
FairwindsOps/polaris#1202), Checkov CKV2_K8S_6 (which ignores `matchExpressions`,
bridgecrewio/checkov#7668).

## Why is this bad?
A Pod that no policy selects accepts connections from, and opens connections to, every Pod of the
cluster: one compromised workload reaches all others.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
```

Use instead:
```yaml
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: db}}}]
```

## Options
- `require` (list, default `[Ingress, Egress]`): the directions a policy must isolate.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.references import pods_by_namespace, selector_at

CODE = "K760"
NAME = "pod-not-isolated"
SUMMARY = "no NetworkPolicy isolates a Pod template's ingress or egress"
SEVERITY = Severity.INFO
REMEDIATION = "Add a NetworkPolicy whose podSelector selects the Pods, with the missing direction in `policyTypes`."
PROFILE = "network"
OPTIONS = {"require": (list, ["Ingress", "Egress"])}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    policies: dict[str | None, list] = {}
    for policy in objects.of_kind("NetworkPolicy"):
        spec = policy.value.get("spec")
        selector = selector_at(policy.value, ("spec", "podSelector"))
        if policy.group != "networking.k8s.io" or selector is None:
            continue
        types = spec.get("policyTypes")
        if not isinstance(types, list):
            types = ["Ingress", "Egress"] if spec.get("egress") else ["Ingress"]
        policies.setdefault(policy.effective_namespace(ctx.settings), []).append((selector, set(types)))
    required = [direction for direction in ctx.options["require"] if isinstance(direction, str)]
    for namespace, pods in pods_by_namespace(objects).items():
        for pod in pods:
            covered: set[str] = set()
            for selector, types in policies.get(namespace, ()):
                if selector.matches(pod.labels):
                    covered |= types
            uncovered = [direction for direction in required if direction not in covered]
            if uncovered:
                what = " and ".join(direction.lower() for direction in uncovered)
                yield pod.obj, Problem(pod.path, f'no NetworkPolicy of namespace "{namespace}" isolates the {what} of these Pods', on_key=True)
