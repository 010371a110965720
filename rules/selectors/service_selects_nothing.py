"""
## What it does
Reports a Service whose `spec.selector` matches the labels of no Pod and no Pod template (of a
Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job or CronJob) in the same
namespace, when the input holds at least one such workload in that namespace. Labels that
controllers add to their Pods count too: the `statefulset.kubernetes.io/pod-name` and
`apps.kubernetes.io/pod-index` of a StatefulSet's replicas, a Job's `job-name`, and hashes and uids
no manifest can predict (assumed to match). Services without a selector (endpoints managed by
hand) and `ExternalName` Services are not checked. Objects without a namespace are in the
configured default namespace (`defaultNamespace`, default `default`).

## Why is this bad?
The Service gets no endpoints: connections to it are refused or time out, usually because of a
typo in a label, or a label changed on the workload but not on the Service.

## Example
```yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: webapp}}
  template: {metadata: {labels: {app: webapp}}}
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: webapp}
  ports: [{port: 80}]
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get

CODE = "K115"
NAME = "service-selects-nothing"
SUMMARY = "a Service's selector matches no Pod template in its namespace"
SEVERITY = Severity.WARNING
SET_KINDS = ("Service",)  # check_set reports only on these
REMEDIATION = "Make the Service selector equal to labels that the target Pod template carries."

_WORKLOADS = ("Pod", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob")


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.selector_index import selector_from_map

    services = objects.of_kind("Service")
    if not services:
        return
    selecting, namespaces_with_workloads = _selecting_services(objects)
    for service in services:
        spec = service.value.get("spec")
        if not isinstance(spec, dict) or spec.get("type") == "ExternalName" or not spec.get("selector"):
            continue
        namespace = service.effective_namespace(ctx.settings)
        if id(service) in selecting or namespace not in namespaces_with_workloads:
            continue
        selector = selector_from_map(spec["selector"])
        if selector is None:
            continue  # not a map of strings: invalid-selector reports it
        yield service, Problem(
            ("spec", "selector"),
            f'selector "{selector}" matches no Pod or Pod template in namespace "{namespace}"',
            on_key=True,
        )


def _selecting_services(objects: ApplySet) -> tuple[set[int], set[str | None]]:
    """(ids of Services whose selector matches some workload's Pods, namespaces holding a workload).

    Each workload's Pod labels are looked up in an index of the Services of its namespace, so the
    cost is one query per workload rather than one test per (Service, workload) pair. Requirements
    on labels that controllers add to their Pods (below) are set aside from the index and checked
    against what the workload's controller would assign.
    """
    from k8slint.objects import pod_labels
    from k8slint.selector_index import SelectorIndex, selector_from_map, string_labels
    from k8slint.selectors import Selector

    indexes: dict[str | None, SelectorIndex] = {}
    selecting: set[int] = set()
    namespaces: set[str | None] = set()
    for service in objects.of_kind("Service"):
        spec = service.value.get("spec")
        selector = selector_from_map(spec.get("selector")) if isinstance(spec, dict) else None
        if selector is not None and not selector.empty:
            template_part = Selector([r for r in selector.requirements if r.key not in _CONTROLLER_LABELS])
            assigned_part = [r for r in selector.requirements if r.key in _CONTROLLER_LABELS]
            namespace = service.effective_namespace(objects.settings)
            indexes.setdefault(namespace, SelectorIndex()).add(template_part, (id(service), assigned_part))
    for workload in objects.of_kind(*_WORKLOADS):
        found = pod_labels(workload)
        if found is None:
            continue
        namespace = workload.effective_namespace(objects.settings)
        namespaces.add(namespace)
        index = indexes.get(namespace)
        if index is None:
            continue
        labels = string_labels(found[1])
        for service_id, assigned_part in index.matching(labels):
            if all(_holds(requirement, labels, workload) for requirement in assigned_part):
                selecting.add(service_id)
    return selecting, namespaces


# Labels that controllers put on the Pods they create, beyond the template's. A Service may select
# them (a per-replica Service selecting statefulset.kubernetes.io/pod-name is a common pattern).
_STATEFULSET_POD_NAME = "statefulset.kubernetes.io/pod-name"
_STATEFULSET_POD_INDEX = "apps.kubernetes.io/pod-index"
_JOB_NAMES = ("batch.kubernetes.io/job-name", "job-name")
# kind -> labels its controller sets to values a manifest cannot predict (hashes, uids, indexes)
_UNPREDICTABLE = {
    "Deployment": {"pod-template-hash"},
    "StatefulSet": {"controller-revision-hash"},
    "DaemonSet": {"controller-revision-hash", "pod-template-generation"},
    "Job": {"batch.kubernetes.io/controller-uid", "controller-uid", "batch.kubernetes.io/job-completion-index"},
    "CronJob": {
        "batch.kubernetes.io/controller-uid",
        "controller-uid",
        "batch.kubernetes.io/job-completion-index",
        *_JOB_NAMES,  # the Job's name carries the schedule time
    },
}
_CONTROLLER_LABELS = frozenset(
    {_STATEFULSET_POD_NAME, _STATEFULSET_POD_INDEX, *_JOB_NAMES, *(key for keys in _UNPREDICTABLE.values() for key in keys)}
)


def _holds(requirement: Any, labels: dict[str, str], workload: K8sObject) -> bool:
    """Whether a Pod of `workload` can carry the required value of a controller-assigned label."""
    if requirement.key in labels:  # the template sets it; the controller does not override it
        return requirement.matches(labels)
    (value,) = requirement.values
    if requirement.key in _UNPREDICTABLE.get(workload.kind or "", ()):
        return True
    if workload.kind == "StatefulSet":
        # Pods are named <name>-<ordinal>; replicas may be scaled, so any ordinal from the start counts.
        start = get(workload.value, ("spec", "ordinals", "start"), 0)
        start = start if isinstance(start, int) and not isinstance(start, bool) else 0
        if requirement.key == _STATEFULSET_POD_INDEX:
            ordinal = value
        elif requirement.key == _STATEFULSET_POD_NAME and workload.name and value.startswith(workload.name + "-"):
            ordinal = value[len(workload.name) + 1 :]
        else:
            return False
        return ordinal.isascii() and ordinal.isdigit() and str(int(ordinal)) == ordinal and int(ordinal) >= start
    if workload.kind == "Job" and requirement.key in _JOB_NAMES:
        return value == workload.name
    return False
