"""
## What it does
Reports two controllers in the same namespace (ReplicaSets, ReplicationControllers, Deployments,
StatefulSets, DaemonSets, and Jobs with `manualSelector: true`) where the selector of one matches
the Pod template labels of the other, on both objects, naming the other one and where it is (the
first other one, and how many more there are). Objects without a namespace are in the configured
default namespace (`defaultNamespace`, default `default`). A Deployment and a ReplicaSet it owns
do not count: a ReplicaSet carrying the `pod-template-hash` label, or owned (ownerReferences) by a
Deployment, is not compared with Deployments. Controllers whose selector is missing, empty,
invalid or does not match their own template are left to the other selector rules, and a second
definition of the same object (kind, namespace and name) is left to `duplicate-object`.

The check indexes selectors by their required labels, so it stays fast with many thousands of
controllers in one namespace.

How bad an overlap is depends on whether one controller adopts the other's Pods, which is how
each controller in kubernetes/kubernetes claims Pods:

| pair | severity | why |
| --- | --- | --- |
| ReplicaSet, ReplicationController, DaemonSet or manual-selector Job with any controller | error | these adopt every orphaned Pod their selector matches (pkg/controller/replicaset/replica_set.go `claimPods`, pkg/controller/daemon/daemon_controller.go `getDaemonPods`, pkg/controller/job/job_controller.go `getPodsForJob`) |
| Deployment with Deployment | warning | a Deployment adopts ReplicaSets, not Pods, and each ReplicaSet it creates adds its own `pod-template-hash` to its selector (pkg/controller/deployment/sync.go `getNewReplicaSet`) |
| StatefulSet with Deployment or StatefulSet | warning | a StatefulSet claims only Pods named `<its name>-<ordinal>` (pkg/controller/statefulset/stateful_set.go `getPodsForStatefulSet`, `isMemberOf`) |

A pair is an error when the selector of an adopting controller (first row) matches the other's
Pod template labels, else a warning.

## Why is this bad?
When one controller adopts the other's Pods, both believe they own them: Pods orphaned by a
`--cascade=orphan` delete or a re-created controller are adopted by whichever controller sees them
first, each controller logs "more than one ... is selecting pods", and a ReplicaSet that adopts
Pods it did not create counts them toward its replicas and deletes the surplus. The Deployment
documentation warns: "do not create other Pods whose labels match this selector".

When neither adopts the other's Pods (two Deployments, a StatefulSet and a Deployment) the
controllers keep their own Pods, but everything that reads their selector sees both sets: a
HorizontalPodAutoscaler scales one controller on the metrics of both (it reads the Pods through the
scale subresource's selector), a PodDisruptionBudget or Service written with the same labels counts
both, and `kubectl get pods -l`, `kubectl logs deploy/x` and rollout views mix them.

## Example
```yaml
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend}
spec:
  selector: {matchLabels: {app: nginx}}
  template: {metadata: {labels: {app: nginx}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend-v2}
spec:
  selector: {matchLabels: {app: nginx}}
  template: {metadata: {labels: {app: nginx}}}
```

Use instead:
```yaml
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend}
spec:
  selector: {matchLabels: {app: nginx, release: v1}}
  template: {metadata: {labels: {app: nginx, release: v1}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend-v2}
spec:
  selector: {matchLabels: {app: nginx, release: v2}}
  template: {metadata: {labels: {app: nginx, release: v2}}}
```
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K113"
NAME = "selector-overlap"
SUMMARY = "two controllers' selectors claim the same Pods"
SEVERITY = Severity.ERROR
REMEDIATION = "Give each controller a label (and selector requirement) of its own, such as a distinct app or release."

_DEPLOYMENT = "Deployment"
_DEPLOYMENT_REPLICASET = "ReplicaSet owned by a Deployment"
_TEMPLATE_HASH = "pod-template-hash"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.selector_index import CONTROLLER_KINDS, ORPHAN_POD_ADOPTERS, claim, overlaps
    from k8slint.selectors import NOTHING

    by_namespace: dict[str | None, list[tuple[K8sObject, Any]]] = defaultdict(list)
    controllers = sorted(objects.of_kind(*CONTROLLER_KINDS), key=lambda controller: controller.ordinal)
    defined: set[tuple] = set()
    for controller in controllers:
        # A second definition of the same object is one controller, which duplicate-object reports.
        identity = (controller.group, controller.kind, controller.effective_namespace(ctx.settings), controller.name)
        if identity in defined:
            continue
        defined.add(identity)
        found = claim(controller)
        # A controller whose selector misses its own template is rejected by the server: it owns nothing.
        if found is not None and found.selector.matches(found.labels):
            by_namespace[controller.effective_namespace(ctx.settings)].append((controller, found))
    exempt = [(_DEPLOYMENT, _DEPLOYMENT_REPLICASET)]
    for members in by_namespace.values():
        classes = [_class(controller, found) for controller, found in members]
        shared = overlaps(
            [(found.selector, found.labels, klass) for (_, found), klass in zip(members, classes)], exempt=exempt
        )
        # The same question asked of the adopters' selectors alone: a pair where one controller
        # would adopt the other's orphaned Pods. StatefulSets and Deployments adopt no other
        # controller's Pods (see `adopts_orphan_pod`), so their selectors take no part.
        adopted = overlaps(
            [
                (found.selector if controller.kind in ORPHAN_POD_ADOPTERS else NOTHING, found.labels, klass)
                for (controller, found), klass in zip(members, classes)
            ],
            exempt=exempt,
        )
        for (controller, found), adoption, overlap in zip(members, adopted, shared):
            if overlap is None:
                continue
            first, count = (adoption.first, adoption.count) if adoption is not None else (overlap.first, overlap.count)
            other, other_claim = members[first]
            more = f" (and {count - 1} more controller{'s' if count > 2 else ''})" if count > 1 else ""
            if adoption is not None:
                message = f"selector overlaps with {other.describe()}: both would claim the same Pods{more}"
            else:
                message = (
                    f"selector overlaps with {other.describe()}{more}: neither adopts the other's Pods, "
                    "but HPA, PodDisruptionBudget and kubectl selections by these selectors mix their Pods"
                )
            yield controller, Problem(
                found.selector_path,
                message,
                on_key=True,
                severity=None if adoption is not None else Severity.WARNING,
                related=(Related(other, other_claim.selector_path, f"the selector of {other.describe()}", on_key=True),),
            )


def _class(controller: K8sObject, found: Any) -> str:
    """Deployments and the ReplicaSets they own are exempt from each other."""
    if controller.kind == "ReplicaSet":
        references = controller.metadata.get("ownerReferences")
        owned = isinstance(references, list) and any(
            isinstance(reference, dict) and reference.get("kind") == _DEPLOYMENT for reference in references
        )
        if owned or _TEMPLATE_HASH in found.labels or any(
            requirement.key == _TEMPLATE_HASH for requirement in found.selector.requirements
        ):
            return _DEPLOYMENT_REPLICASET
    return controller.kind or ""
