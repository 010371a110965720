"""
## What it does
Reports a NetworkPolicy peer (`ingress[*].from[*]`, `egress[*].to[*]`) with a `podSelector` and no
`namespaceSelector` (so it selects Pods of the policy's own namespace) that matches no Pod and no Pod
template of that namespace. Peers with a `namespaceSelector` select Pods of other namespaces and are not
judged. It is checked only when the apply set holds Pods or workloads in the namespace (always under the
`strict-references` profile).

Peer: kube-linter `dangling-networkpolicypeer-podselector` (off by default there too).

## Why is this bad?
The rule allows traffic from (or to) no Pod: the clients it was written for are denied, usually because
of a typo in a label.

## Example
```yaml
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: api-server}}
```

Use instead:
```yaml
  ingress:
    - from:
        - podSelector: {matchLabels: {app: api}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get
from k8slint.references import missing, selector_at, selects_no_pod

CODE = "K121"
NAME = "networkpolicy-peer-selects-nothing"
SUMMARY = "a NetworkPolicy peer's podSelector matches no Pod template in the policy's namespace"
SEVERITY = Severity.INFO
SET_KINDS = ("NetworkPolicy",)  # check_set reports only on these
REMEDIATION = "Make the peer's `podSelector` select labels that the intended Pods carry, or add a `namespaceSelector` for Pods of other namespaces."
PROFILE = "network"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for policy in objects.of_kind("NetworkPolicy"):
        if policy.group != "networking.k8s.io":
            continue
        namespace = policy.effective_namespace(ctx.settings)
        for direction, peers_key in (("ingress", "from"), ("egress", "to")):
            rules = get(policy.value, ("spec", direction))
            for rule_index, rule in enumerate(rules if isinstance(rules, list) else ()):
                peers = rule.get(peers_key) if isinstance(rule, dict) else None
                for peer_index, peer in enumerate(peers if isinstance(peers, list) else ()):
                    selector = selector_at(peer, ("podSelector",))
                    if selector is None or "namespaceSelector" in peer:
                        continue
                    if selects_no_pod(objects, ctx, selector, namespace):
                        at = ("spec", direction, rule_index, peers_key, peer_index, "podSelector")
                        shown = "{}" if selector.empty else f'"{selector}"'
                        yield policy, missing(ctx, at, f'peer podSelector {shown} matches no Pod or Pod template in namespace "{namespace}"')
