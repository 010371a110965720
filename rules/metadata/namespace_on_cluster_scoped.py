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

from k8slint.model import Context, Problem, Severity
from k8slint.objects import BUILTIN_GROUPS, ApplySet, K8sObject, get

CODE = "K105"
NAME = "namespace-on-cluster-scoped"
SUMMARY = "metadata.namespace is set on a cluster-scoped kind"
SEVERITY = Severity.WARNING
REMEDIATION = "Remove metadata.namespace, or use the namespaced counterpart (Role instead of ClusterRole...)."


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    """Built-in kinds: their scope is known without looking at other objects."""
    if obj.namespace is not None and obj.is_cluster_scoped:
        yield _problem(obj)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """Custom resources: their scope is in a CustomResourceDefinition of the apply set."""
    custom = None
    for obj in objects:
        if obj.namespace is None or obj.group in BUILTIN_GROUPS:
            continue
        if custom is None:
            custom = _cluster_scoped_custom_kinds(objects)
        if (obj.group, obj.kind) in custom:
            yield obj, _problem(obj)


def _problem(obj: K8sObject) -> Problem:
    return Problem(("metadata", "namespace"), f'{obj.kind} is cluster-scoped, but sets namespace "{obj.namespace}"')


def _cluster_scoped_custom_kinds(objects: ApplySet) -> set[tuple[str, str]]:
    kinds = set()
    for crd in objects.of_kind("CustomResourceDefinition"):
        spec = crd.value.get("spec")
        if get(spec, ("scope",)) == "Cluster":
            group, kind = get(spec, ("group",)), get(spec, ("names", "kind"))
            if isinstance(group, str) and isinstance(kind, str):
                kinds.add((group, kind))
    return kinds
