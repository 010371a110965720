"""
## What it does
Reports an `apps/v1` Deployment, ReplicaSet, StatefulSet or DaemonSet without `spec.selector`, or
with an empty one (no `matchLabels` and no `matchExpressions`).

## Why is this bad?
The API server rejects it: `apps/v1` requires the selector and, unlike the long-removed
`extensions/v1beta1`, does not default it from the Pod template's labels. An empty selector would
select every Pod in the namespace and is refused ("empty selector is invalid for deployment").

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {app: web}
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K111"
NAME = "missing-selector"
SUMMARY = "an apps/v1 controller has no selector, or an empty one"
SEVERITY = Severity.ERROR
REMEDIATION = "Set spec.selector.matchLabels to labels that the Pod template carries."
KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.api_version != "apps/v1":
        return
    spec = obj.value.get("spec")
    if not isinstance(spec, dict):
        return  # no spec at all is a missing required field, reported elsewhere
    selector = spec.get("selector")
    if "selector" not in spec:
        message = f"{obj.kind} has no spec.selector; apps/v1 requires one and does not default it"
        yield Problem(("spec",), message, on_key=True)
    elif selector is None:
        message = "spec.selector is null; apps/v1 requires a selector and does not default it"
        yield Problem(("spec", "selector"), message, on_key=True)
    elif isinstance(selector, dict) and not selector.get("matchLabels") and not selector.get("matchExpressions"):
        kind = (obj.kind or "").lower()
        message = f"spec.selector is empty, which the API server rejects (empty selector is invalid for {kind})"
        yield Problem(("spec", "selector"), message)
