"""
## What it does
Reports a RoleBinding or ClusterRoleBinding whose `roleRef` names a Role or ClusterRole that is not in
the apply set and is not one every cluster has (`cluster-admin`, `admin`, `edit`, `view`, `system:*`, and
kube-system's `extension-apiserver-authentication-reader`).
Under the `strict-references` profile it is an error.

No peer has this check (kube-linter has it as a parameter of its access checks, Polaris folds it into
its exec checks).

## Why is this bad?
The binding grants nothing until the role exists, so the workload fails with `forbidden` errors at
runtime; usually the role was renamed, or is a Role in another namespace (a RoleBinding only sees Roles
of its own namespace).

## Example
```yaml
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-reader}
subjects: [{kind: ServiceAccount, name: app}]
```

Use instead:
```yaml
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get
from k8slint.rbac import ROLE_KINDS, bindings, bound_role, is_builtin_role
from k8slint.references import missing

CODE = "K755"
NAME = "role-binding-role-missing"
SUMMARY = "a binding's roleRef names a role absent from the input"
SEVERITY = Severity.INFO
SET_KINDS = ("ClusterRoleBinding", "RoleBinding")  # check_set reports only on these
REMEDIATION = "Create the role in the input (a Role in the binding's namespace), or fix `roleRef`."
PROFILE = "rbac"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for binding in bindings(objects):
        kind, name = get(binding.value, ("roleRef", "kind")), get(binding.value, ("roleRef", "name"))
        namespace = binding.effective_namespace(ctx.settings)
        if kind not in ROLE_KINDS or not isinstance(name, str) or not name or is_builtin_role(kind, name, namespace):
            continue
        if binding.kind == "ClusterRoleBinding" and kind == "Role":
            continue  # the API server rejects it: a ClusterRoleBinding can only bind ClusterRoles
        if bound_role(objects, binding) is None:
            where = f'namespace "{namespace}"' if kind == "Role" else "the apply set"
            yield binding, missing(ctx, ("roleRef", "name"), f'{kind} "{name}" is not in {where}')
