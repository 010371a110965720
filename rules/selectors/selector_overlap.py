"""
## What it does
Reports two controllers in the same namespace (ReplicaSets, ReplicationControllers, Deployments,
StatefulSets, DaemonSets, and Jobs with `manualSelector: true`) where the selector of one matches
the Pod template labels of the other, on both objects, naming the other one and where it is (the
first other one, and how many more there are). Objects without a namespace are in the configured
default namespace (`defaultNamespace`, default `default`). A Deployment and a ReplicaSet it owns
do not count: a ReplicaSet carrying the `pod-template-hash` label, or owned (ownerReferences) by a
Deployment, is not compared with Deployments. Controllers whose selector is missing, empty,
invalid or does not match their own template are left to the other selector rules.

The check indexes selectors by their required labels, so it stays fast with many thousands of
controllers in one namespace.

## Why is this bad?
Both controllers believe they own the same Pods. Orphaned Pods are adopted by whichever controller
sees them first, each controller logs "more than one ... is selecting pods", and a ReplicaSet whose
selector matches Pods it did not create counts them toward its replicas and deletes the surplus.
The Deployment documentation warns: "do not create other Pods whose labels match this selector".

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
    from k8slint.selector_index import CONTROLLER_KINDS, claim, overlaps

    by_namespace: dict[str | None, list[tuple[K8sObject, Any]]] = defaultdict(list)
    controllers = sorted(objects.of_kind(*CONTROLLER_KINDS), key=lambda controller: controller.ordinal)
    for controller in controllers:
        found = claim(controller)
        # A controller whose selector misses its own template is rejected by the server: it owns nothing.
        if found is not None and found.selector.matches(found.labels):
            by_namespace[controller.effective_namespace(ctx.settings)].append((controller, found))
    exempt = [(_DEPLOYMENT, _DEPLOYMENT_REPLICASET)]
    for members in by_namespace.values():
        entries = [(found.selector, found.labels, _class(controller, found)) for controller, found in members]
        for (controller, found), overlap in zip(members, overlaps(entries, exempt=exempt)):
            if overlap is None:
                continue
            other, other_claim = members[overlap.first]
            others = overlap.count - 1
            more = f" (and {others} more controller{'s' if others > 1 else ''})" if others else ""
            yield controller, Problem(
                found.selector_path,
                f"selector overlaps with {other.describe()}: both would claim the same Pods{more}",
                on_key=True,
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
