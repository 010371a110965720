"""
## What it does
Reports a Deployment with `strategy.type: Recreate` whose Pods a Service of the apply set selects, and a
DaemonSet or StatefulSet with `updateStrategy.type: OnDelete`.

Peers: kube-score `deployment-strategy`, kube-linter `no-rolling-update-strategy`.

## Why is this bad?
`Recreate` stops every Pod before starting the new ones: each rollout is an outage for the Service's
clients. `OnDelete` never rolls out a change until someone deletes the Pods. `Recreate` is needed with
ReadWriteOnce volumes: suppress with that reason.

## Example
```yaml
spec:
  strategy: {type: Recreate}
```

Use instead:
```yaml
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get, pod_labels

CODE = "K833"
NAME = "no-rolling-update-strategy"
SUMMARY = "a workload is updated by recreating or by hand instead of rolling"
SEVERITY = Severity.INFO
REMEDIATION = "Use the `RollingUpdate` strategy."
PROFILE = "reliability"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.selector_index import selector_from_map, string_labels

    selectors: dict[str | None, list] = {}
    for service in objects.of_kind("Service"):
        selector = selector_from_map(get(service.value, ("spec", "selector")))
        if service.group == "" and selector is not None and not selector.empty:
            selectors.setdefault(service.effective_namespace(ctx.settings), []).append(selector)
    for workload in objects.of_kind("Deployment", "DaemonSet", "StatefulSet"):
        if workload.group != "apps":
            continue
        field = "strategy" if workload.kind == "Deployment" else "updateStrategy"
        kind = get(workload.value, ("spec", field, "type"))
        if workload.kind == "Deployment" and kind == "Recreate":
            labels = pod_labels(workload)
            own = string_labels(labels[1]) if labels is not None else {}
            if any(selector.matches(own) for selector in selectors.get(workload.effective_namespace(ctx.settings), ())):
                yield workload, Problem(("spec", field, "type"), f"{workload.describe()} is recreated on each rollout while a Service sends it traffic")
        elif workload.kind != "Deployment" and kind == "OnDelete":
            yield workload, Problem(("spec", field, "type"), f"{workload.describe()} is only updated when its Pods are deleted by hand")
