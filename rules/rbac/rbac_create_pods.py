"""
## What it does
Reports a RoleBinding or ClusterRoleBinding whose role (a Role or ClusterRole of the apply set, aggregated
ClusterRoles followed) allows `create` (or `*`) on Pods or on the workloads that make them: `pods`,
`deployments`, `replicasets`, `statefulsets`, `daemonsets`, `jobs`, `cronjobs` (or `*`).

Peer: kube-linter `access-to-create-pods` (CIS 5.1.4), whose `^cronjob$` pattern never matches the
`cronjobs` resource.

## Why is this bad?
Whoever creates a Pod chooses its ServiceAccount, its volumes and its security context: in a namespace
without Pod Security enforcement, that is a way to every Secret of the namespace and to the node.

## Example
```yaml
kind: Role
metadata: {name: runner}
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [create, get, list]
```

Use instead:
```yaml
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [get, list]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.rbac import bindings_granting

CODE = "K753"
NAME = "rbac-create-pods"
SUMMARY = "a binding grants the creation of Pods or workloads"
SEVERITY = Severity.INFO
SET_KINDS = ("ClusterRoleBinding", "RoleBinding")  # check_set reports only on these
REMEDIATION = "Leave Pod creation to controllers and CI; grant read access only."
PROFILE = "rbac"

_GROUPS = ("", "apps", "batch", "extensions")
_RESOURCES = ("pods", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs")


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for binding, role, grant in bindings_granting(objects, _GROUPS, _RESOURCES, ("create",)):
        yield binding, Problem(
            ("roleRef", "name"),
            f"{binding.describe()} grants {role.describe()}, whose rule {grant.index} allows creating Pods or workloads",
            related=(Related(grant.role, grant.path, "the rule"),),
        )
