"""
## What it does
Reports two objects with the same API group, kind, namespace and name anywhere in the input
set, on both objects, each naming the other's file and line (the first other one, and how many
more there are). Objects without a namespace are in
the configured default namespace (`defaultNamespace`, default `default`).

## Why is this bad?
Only one of them survives `kubectl apply`: the later one silently overwrites the earlier, and
which one wins depends on file order.

## Example
```yaml
# base/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
# overlays/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
```

Use instead: keep one definition, or give the objects different names or namespaces.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from k8slint.model import Problem, Severity
from k8slint.objects import K8sObject, is_config_file

CODE = "K104"
NAME = "duplicate-object"
SUMMARY = "the same object is defined twice"
SEVERITY = Severity.ERROR
REMEDIATION = "Keep a single definition of the object."
CROSS_OBJECT = True


def check(obj: K8sObject, ctx) -> Iterator[Problem]:
    if obj.name is None or is_config_file(obj):
        return
    groups = ctx.objects.memo(NAME, lambda: _by_identity(ctx))
    same = groups.get(_identity(obj, ctx), ())
    if len(same) < 2:
        return
    other = same[1] if same[0] is obj else same[0]
    more = f" (and {len(same) - 2} more places)" if len(same) > 2 else ""
    yield Problem(("metadata", "name"), f"{obj.describe()} is also defined at {ctx.where(other, ('metadata', 'name'))}{more}")


def _identity(obj: K8sObject, ctx) -> tuple:
    return (obj.group, obj.kind, obj.effective_namespace(ctx.settings), obj.name)


def _by_identity(ctx) -> dict[tuple, list[K8sObject]]:
    groups: dict[tuple, list[K8sObject]] = defaultdict(list)
    for obj in ctx.objects:
        if obj.name is not None and not is_config_file(obj):
            groups[_identity(obj, ctx)].append(obj)
    return groups
