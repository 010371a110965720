"""
## What it does
Reports a bare Pod (one without a controller in `ownerReferences`) that a controller in the same
namespace would adopt: its labels match the selector of a ReplicaSet, ReplicationController,
DaemonSet or Job with `manualSelector: true`, or of a StatefulSet that the Pod's name makes it a
member of (`<statefulset name>-<ordinal>`). The finding names the controller and where it is (the
first one, and how many more there are). Objects without a namespace are in the configured default
namespace (`defaultNamespace`, default `default`).

Only real adoptions are reported, as the controllers in kubernetes/kubernetes decide them:
- ReplicaSets and ReplicationControllers (pkg/controller/replicaset/replica_set.go `claimPods`),
  DaemonSets (pkg/controller/daemon/daemon_controller.go `getDaemonPods`) and Jobs
  (pkg/controller/job/job_controller.go `getPodsForJob`) adopt every orphan their selector matches.
- A Job without `manualSelector: true` gets a generated selector on its own `controller-uid`, which
  no bare Pod carries.
- A StatefulSet claims only Pods named `<its name>-<ordinal>`
  (pkg/controller/statefulset/stateful_set.go `getPodsForStatefulSet`, filtered by `isMemberOf` in
  stateful_set_utils.go).
- A Deployment never adopts a Pod: it adopts ReplicaSets, and each ReplicaSet it creates adds
  `pod-template-hash` to its selector (pkg/controller/deployment/sync.go `getNewReplicaSet`), a
  label a hand-written Pod does not have. A bare Pod that shares a Deployment's labels is still
  counted by Services and PodDisruptionBudgets using those labels, but it is not adopted or deleted.

## Why is this bad?
The controller takes the Pod over. A ReplicaSet adopts it at once and, if that takes it over its
replica count, deletes a Pod to get back down: possibly this one (the ReplicaSet documentation
calls this "Non-Template Pod acquisition"). A DaemonSet keeps one Pod per node and deletes all but
the oldest on the node the bare Pod runs on; a Job counts the Pod's success or failure as its own;
a StatefulSet treats the Pod as its replica of that ordinal, deletes it when the ordinal is beyond
`replicas`, and replaces it on the next update.

## Example
```yaml
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend}
spec:
  selector: {matchLabels: {tier: frontend}}
  template: {metadata: {labels: {tier: frontend}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels: {tier: frontend}
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels: {tier: frontend-debug}
```
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K114"
NAME = "pod-matched-by-controller"
SUMMARY = "a bare Pod's labels match a controller's selector"
SEVERITY = Severity.WARNING
REMEDIATION = "Give the Pod labels that no controller selects, or let a controller create it."
SET_KINDS = ("Pod",)  # check_set reports only on these


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.selector_index import adopts_orphan_pod, is_controlled, string_labels

    pods = [pod for pod in objects.of_kind("Pod") if not is_controlled(pod)]
    if not pods:
        return
    indexes = _controller_index(objects)
    for pod in pods:
        index = indexes.get(pod.effective_namespace(ctx.settings))
        matched = index.matching(string_labels(pod.labels)) if index is not None else ()
        claimants = [(controller, claim) for controller, claim in matched if adopts_orphan_pod(controller, pod.name)]
        if not claimants:
            continue
        controller, claim = claimants[0]
        others = len(claimants) - 1
        more = f" (and {others} more controller{'s' if others > 1 else ''})" if others else ""
        yield pod, Problem(
            ("metadata", "labels"),
            f"Pod labels match the selector of {controller.describe()}, which would adopt this Pod{more}",
            on_key=True,
            related=(Related(controller, claim.selector_path, f"the selector of {controller.describe()}", on_key=True),),
        )


def _controller_index(objects: ApplySet) -> dict[str | None, Any]:
    """namespace -> SelectorIndex of (controller, claim), controllers in input order."""
    from k8slint.selector_index import ORPHAN_POD_ADOPTERS, SelectorIndex, claim

    indexes: dict[str | None, Any] = defaultdict(SelectorIndex)
    for controller in sorted(objects.of_kind(*ORPHAN_POD_ADOPTERS, "StatefulSet"), key=lambda controller: controller.ordinal):
        found = claim(controller)
        if found is not None:
            indexes[controller.effective_namespace(objects.settings)].add(found.selector, (controller, found))
    return dict(indexes)
