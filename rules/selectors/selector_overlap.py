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
definition of the same object (kind, namespace and name, in any API group) is left to
`duplicate-object`.

The check indexes selectors by their required labels, so it stays fast with many thousands of
controllers in one namespace.

How bad an overlap is depends on whether one controller adopts the other's Pods, which is how
each controller in kubernetes/kubernetes claims Pods:

| pair | severity | why |
| --- | --- | --- |
| ReplicaSet, ReplicationController, DaemonSet or manual-selector Job with any controller | error | these adopt every orphaned Pod their selector matches (pkg/controller/replicaset/replica_set.go `claimPods`, pkg/controller/daemon/daemon_controller.go `getDaemonPods`, pkg/controller/job/job_controller.go `getPodsForJob`) |
| Deployment with a ReplicaSet it does not own whose `metadata.labels` its selector matches | error | the Deployment adopts that ReplicaSet and scales it as one of its own (pkg/controller/deployment/deployment_controller.go `getReplicaSetsForDeployment`); reported at the ReplicaSet's labels |
| Deployment with Deployment | warning | a Deployment adopts ReplicaSets, not Pods, and each ReplicaSet it creates adds its own `pod-template-hash` to its selector (pkg/controller/deployment/sync.go `getNewReplicaSet`) |
| StatefulSet with Deployment or StatefulSet | warning | a StatefulSet claims only Pods named `<its name>-<ordinal>` (pkg/controller/statefulset/stateful_set.go `getPodsForStatefulSet`, `isMemberOf`) |

A pair is an error when the selector of an adopting controller (first row) matches the other's
Pod template labels, or a Deployment would take the ReplicaSet (second row), else a warning.

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
        # A second definition of the same object is one controller, which duplicate-object reports;
        # the group does not count, as one Deployment is served by apps and extensions alike.
        identity = (controller.kind, controller.effective_namespace(ctx.settings), controller.name)
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
        taken = _replicasets_taken(members, classes)
        for position, ((controller, found), adoption, overlap) in enumerate(zip(members, adopted, shared)):
            if adoption is not None:
                other, other_claim = members[adoption.first]
                message = f"selector overlaps with {other.describe()}: both would claim the same Pods{_more(adoption.count)}"
                yield controller, _problem(found.selector_path, message, None, other, other_claim.selector_path)
            elif taken.get(position):
                partners = taken[position]
                other, other_claim = members[partners[0]]
                if controller.kind == _DEPLOYMENT:  # the other is the ReplicaSet it would take
                    message = (
                        f"selector matches the labels of {other.describe()}, which this Deployment would adopt "
                        f"and scale as one of its own ReplicaSets{_more(len(partners))}"
                    )
                    yield controller, _problem(found.selector_path, message, None, other, ("metadata", "labels"))
                else:
                    message = (
                        f"labels match the selector of {other.describe()}, which would adopt this ReplicaSet "
                        f"and scale it as one of its own{_more(len(partners))}"
                    )
                    yield controller, _problem(("metadata", "labels"), message, None, other, other_claim.selector_path)
            elif overlap is not None:
                other, other_claim = members[overlap.first]
                message = (
                    f"selector overlaps with {other.describe()}{_more(overlap.count)}: neither adopts the other's "
                    "Pods, but HPA, PodDisruptionBudget and kubectl selections by these selectors mix their Pods"
                )
                yield controller, _problem(found.selector_path, message, Severity.WARNING, other, other_claim.selector_path)


def _more(count: int) -> str:
    return f" (and {count - 1} more controller{'s' if count > 2 else ''})" if count > 1 else ""


def _problem(at: tuple, message: str, severity: Severity | None, other: K8sObject, other_path: tuple) -> Problem:
    what = "the labels" if other_path == ("metadata", "labels") else "the selector"
    return Problem(
        at,
        message,
        on_key=True,
        severity=severity,
        related=(Related(other, other_path, f"{what} of {other.describe()}", on_key=True),),
    )


def _replicasets_taken(members: list, classes: list) -> dict[int, list[int]]:
    """position -> positions of its partners, for each Deployment whose selector matches the labels
    (metadata.labels) of a ReplicaSet it does not own, and for that ReplicaSet: the Deployment
    controller claims every orphaned ReplicaSet its selector matches (kubernetes
    pkg/controller/deployment/deployment_controller.go `getReplicaSetsForDeployment`)."""
    from k8slint.selector_index import SelectorIndex, string_labels

    deployments: SelectorIndex[int] = SelectorIndex(
        (found.selector, position) for position, (controller, found) in enumerate(members) if controller.kind == _DEPLOYMENT
    )
    taken: dict[int, list[int]] = defaultdict(list)
    if not len(deployments):
        return taken
    for position, ((controller, _), klass) in enumerate(zip(members, classes)):
        if klass != "ReplicaSet":
            continue
        for deployment in deployments.matching(string_labels(controller.labels)):
            taken[deployment].append(position)
            taken[position].append(deployment)
    return taken


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
