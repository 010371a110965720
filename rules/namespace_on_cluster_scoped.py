"""
## What it does
Reports `metadata.namespace` on an object whose kind is cluster-scoped: built-in kinds such as
Namespace, Node, PersistentVolume, ClusterRole, ClusterRoleBinding, StorageClass,
CustomResourceDefinition, FlowSchema and PriorityLevelConfiguration, and custom kinds whose
CustomResourceDefinition in the input set says `scope: Cluster`.

## Why is this bad?
The namespace is ignored (or the request fails, depending on the client), which usually means
the author believes the object is isolated to a namespace when it affects the whole cluster.

## Example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
  namespace: team-a
```

Use instead:
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Problem, Severity
from k8slint.objects import BUILTIN_GROUPS, K8sObject, get

CODE = "K105"
NAME = "namespace-on-cluster-scoped"
SUMMARY = "metadata.namespace is set on a cluster-scoped kind"
SEVERITY = Severity.WARNING
REMEDIATION = "Remove metadata.namespace, or use the namespaced counterpart (Role instead of ClusterRole...)."
CROSS_OBJECT = True


def needs_input_set(obj: K8sObject, settings) -> bool:
    """Built-in kinds are known here; only a custom resource's scope is in a CRD of the input set."""
    return obj.namespace is not None and obj.group not in BUILTIN_GROUPS


def check(obj: K8sObject, ctx) -> Iterator[Problem]:
    if obj.namespace is None:
        return
    if obj.is_cluster_scoped or (obj.group, obj.kind) in ctx.objects.memo(NAME, lambda: _cluster_scoped_custom_kinds(ctx)):
        yield Problem(("metadata", "namespace"), f'{obj.kind} is cluster-scoped, but sets namespace "{obj.namespace}"')


def _cluster_scoped_custom_kinds(ctx) -> set[tuple[str, str]]:
    kinds = set()
    for crd in ctx.objects.of_kind("CustomResourceDefinition"):
        spec = crd.value.get("spec")
        if get(spec, ("scope",)) == "Cluster":
            group, kind = get(spec, ("group",)), get(spec, ("names", "kind"))
            if isinstance(group, str) and isinstance(kind, str):
                kinds.add((group, kind))
    return kinds
