"""
## What it does
Reports a HorizontalPodAutoscaler (any `autoscaling` version) or KEDA ScaledObject whose
`spec.scaleTargetRef` names an object that is not in its namespace: the kind (and the API group of
`apiVersion`, whatever its version; any group when `apiVersion` is left out) and the name must match. A
ScaledObject's target defaults to an `apps/v1` Deployment, as KEDA defaults it. It is reported only when
the apply set holds objects of the target's kind in that namespace (always, as an error, under the
`strict-references` profile).

Peers: kube-score `horizontalpodautoscaler-has-target`, kube-linter `dangling-horizontalpodautoscaler`
(which compares the exact `apiVersion`, so `apps/v1beta1` misses an `apps/v1` Deployment, and ignores the
namespace).

## Why is this bad?
The autoscaler scales nothing: its status says `FailedGetScale` and the workload keeps its fixed replica
count under any load.

## Example
```yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web-app}
  minReplicas: 2
  maxReplicas: 10
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
```

Use instead:
```yaml
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get
from k8slint.references import find, missing, reported

CODE = "K123"
NAME = "hpa-target-missing"
SUMMARY = "an autoscaler's scaleTargetRef names an object absent from its namespace"
SEVERITY = Severity.WARNING
SET_KINDS = ("HorizontalPodAutoscaler", "ScaledObject")  # check_set reports only on these
REMEDIATION = "Make `scaleTargetRef` name the kind, API group and name of the workload to scale."

# (kind, group) of the autoscalers, and the target KEDA assumes when `kind`/`apiVersion` are left out
_AUTOSCALERS = {("HorizontalPodAutoscaler", "autoscaling"): None, ("ScaledObject", "keda.sh"): ("apps/v1", "Deployment")}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for autoscaler in objects.of_kind("HorizontalPodAutoscaler", "ScaledObject"):
        if (autoscaler.kind, autoscaler.group) not in _AUTOSCALERS:
            continue
        default_api_version, default_kind = _AUTOSCALERS[(autoscaler.kind, autoscaler.group)] or (None, None)
        ref = get(autoscaler.value, ("spec", "scaleTargetRef"))
        if not isinstance(ref, dict):
            continue
        name, kind = ref.get("name"), ref.get("kind", default_kind)
        api_version = ref.get("apiVersion", default_api_version)
        if not isinstance(name, str) or not name or not isinstance(kind, str) or not kind:
            continue
        group = (api_version.rpartition("/")[0] if "/" in api_version else "") if isinstance(api_version, str) else None
        namespace = autoscaler.effective_namespace(ctx.settings)
        if find(objects, group, kind, namespace, name) is None and reported(objects, ctx, group, kind, namespace):
            target = f"{kind}.{group}" if group else kind
            yield autoscaler, missing(ctx, ("spec", "scaleTargetRef", "name"), f'scale target {target} "{name}" is not in namespace "{namespace}"')
