"""
## What it does
Reports a Role or ClusterRole with a rule allowing `get`, `create` or `*` on `pods/exec` or `pods/attach`
(or `*`) in the core API group (or `*`). `get` counts because `kubectl exec` also works over a websocket
`GET`. The built-in ClusterRoles (`admin`, `edit`, `cluster-admin`) and the platform's roles (`system:*`,
GKE's `gce:podsecuritypolicy:calico-sa`) are not reported.

Peers: Polaris `clusterrolePodExecAttach`, `rolePodExecAttach` (and the binding variants
`clusterrolebindingPodExecAttach`, `rolebindingClusterRolePodExecAttach`, `rolebindingRolePodExecAttach`,
which report the binding of such a role: the role is reported here, once).

## Why is this bad?
Exec gives a shell in a running container, with its ServiceAccount token, its mounted Secrets and its
network position, and no trace of what was typed.

## Example
```yaml
rules:
  - apiGroups: [""]
    resources: [pods, pods/exec]
    verbs: [get, create]
```

Use instead:
```yaml
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject
from k8slint.rbac import allows_any, is_builtin_role, is_platform_name, role_rules

CODE = "K754"
NAME = "rbac-pod-exec-attach"
SUMMARY = "a role allows exec or attach into Pods"
SEVERITY = Severity.WARNING
REMEDIATION = "Remove `pods/exec` and `pods/attach`; use `kubectl debug` with an audited, time-limited role when needed."
KINDS = ("Role.rbac.authorization.k8s.io", "ClusterRole.rbac.authorization.k8s.io")
PROFILE = "rbac"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_builtin_role(obj.kind, obj.name) or is_platform_name(obj.name):
        return
    for grant in role_rules(obj):
        if allows_any(grant.rule, ("",), ("pods/exec", "pods/attach"), ("get", "create")):
            yield Problem((*grant.path, "resources"), f"rule {grant.index} allows exec or attach into Pods")
