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

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject, is_config_file

CODE = "K104"
NAME = "duplicate-object"
SUMMARY = "the same object is defined twice"
SEVERITY = Severity.ERROR
REMEDIATION = "Keep a single definition of the object."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    groups: dict[tuple, list[K8sObject]] = defaultdict(list)
    for obj in objects:
        if obj.name is not None and not is_config_file(obj):
            groups[(obj.group, obj.kind, obj.effective_namespace(ctx.settings), obj.name)].append(obj)
    for same in groups.values():
        if len(same) < 2:
            continue
        for obj in sorted(same, key=lambda obj: obj.ordinal):
            other = same[1] if same[0] is obj else same[0]
            times = "twice" if len(same) == 2 else f"{len(same)} times"
            yield obj, Problem(
                ("metadata", "name"),
                f"{obj.describe()} is defined {times}",
                related=(Related(other, ("metadata", "name"), f"the other definition of {other.describe()}"),),
            )
