"""
## What it does
Reports a RoleBinding or ClusterRoleBinding whose role (a Role or ClusterRole of the apply set, aggregated
ClusterRoles followed through their `aggregationRule`) allows `get`, `list`, `watch`, `create`, `delete`
or `*` on `secrets` (or `*`) in the core API group, for any Secret (rules limited by `resourceNames` are
not reported). Bootstrap bindings (`system:*`) are skipped. Bindings to roles absent from the set are
`role-binding-role-missing`'s.

Peer: kube-linter `access-to-secrets` (CIS 5.1.2).

## Why is this bad?
Secrets hold credentials for databases, registries and cloud accounts, and ServiceAccount tokens; `list`
and `watch` return every value of the namespace (of the cluster, through a ClusterRoleBinding).
Operators that manage Secrets need it: suppress with a reason.

## Example
```yaml
kind: Role
metadata: {name: reader}
rules:
  - apiGroups: [""]
    resources: [secrets, configmaps]
    verbs: [get, list]
```

Use instead:
```yaml
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list]
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [app-credentials]
    verbs: [get]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.rbac import bindings_granting

CODE = "K752"
NAME = "rbac-secrets-access"
SUMMARY = "a binding grants read or write access to Secrets"
SEVERITY = Severity.INFO
SET_KINDS = ("ClusterRoleBinding", "RoleBinding")  # check_set reports only on these
REMEDIATION = "Grant access to the named Secrets only (`resourceNames`), or none."
PROFILE = "rbac"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for binding, role, grant in bindings_granting(objects, ("",), ("secrets",), ("get", "list", "watch", "create", "delete"), any_name=True):
        yield binding, Problem(
            ("roleRef", "name"),
            f"{binding.describe()} grants {role.describe()}, whose rule {grant.index} gives access to Secrets",
            related=(Related(grant.role, grant.path, "the rule"),),
        )
