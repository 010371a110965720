"""
## What it does
Reports a ClusterRoleBinding or RoleBinding that grants `cluster-admin`, or a Role or ClusterRole of the
apply set with a rule allowing every verb (`*`, or all of get, list, watch, create, update, patch,
delete) on every resource (`*`) of every API group (`*`). The bootstrap bindings (`cluster-admin`,
`system:*`, GKE's `gce:podsecuritypolicy:calico-sa`) are not reported.

Peers: kube-linter `cluster-admin-role-binding` (CIS 5.1.1), Polaris `clusterrolebindingClusterAdmin`,
`rolebindingClusterAdminClusterRole`, `rolebindingClusterAdminRole`.

## Why is this bad?
The subjects can do anything: read every Secret, run privileged Pods on any node, grant themselves more.
A compromised Pod running as such a ServiceAccount owns the cluster (or, through a RoleBinding, the
namespace, Secrets included).

## Example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]
```

Use instead:
```yaml
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ci-deployer}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.rbac import bindings, bound_role, granted_rules, is_bootstrap_binding

CODE = "K750"
NAME = "binding-to-admin-role"
SUMMARY = "a binding grants cluster-admin or a role allowing everything"
SEVERITY = Severity.WARNING
SET_KINDS = ("ClusterRoleBinding", "RoleBinding")  # check_set reports only on these
REMEDIATION = "Bind a role that lists the resources and verbs the subjects need."
PROFILE = "rbac"

_ALL_VERBS = frozenset({"get", "list", "watch", "create", "update", "patch", "delete"})


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for binding in bindings(objects):
        if is_bootstrap_binding(binding):
            continue
        ref = binding.value.get("roleRef")
        if not isinstance(ref, dict):
            continue
        if ref.get("kind") == "ClusterRole" and ref.get("name") == "cluster-admin":
            yield binding, Problem(("roleRef", "name"), f"{binding.describe()} grants cluster-admin")
            continue
        role = bound_role(objects, binding)
        for grant in granted_rules(objects, role) if role is not None else ():
            if _allows_everything(grant.rule):
                yield binding, Problem(
                    ("roleRef", "name"),
                    f'{binding.describe()} grants {role.describe()}, which allows every verb on every resource',
                    related=(Related(grant.role, grant.path, "the rule"),),
                )
                break


def _allows_everything(rule: dict) -> bool:
    groups, resources, verbs = rule.get("apiGroups"), rule.get("resources"), rule.get("verbs")
    if not (isinstance(groups, list) and "*" in groups and isinstance(resources, list) and "*" in resources):
        return False
    return isinstance(verbs, list) and ("*" in verbs or _ALL_VERBS <= set(verbs))
