"""
## What it does
Reports a workload (a Pod carrier) whose `app.kubernetes.io/instance` label is missing or differs from its
`metadata.name`.

Peer: Polaris `metadataAndInstanceMismatched`.

## Why is this bad?
Tools that group objects by instance (dashboards, `kubectl get -l app.kubernetes.io/instance=...`) miss
the workload. Helm sets the label to the **release** name, which differs from the object names of
multi-object charts: this check suits teams that name one workload per instance, hence opt-in.

## Example
```yaml
metadata:
  name: web
  labels: {app.kubernetes.io/instance: website}
```

Use instead:
```yaml
metadata:
  name: web
  labels: {app.kubernetes.io/instance: web}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject

CODE = "K141"
NAME = "instance-label-mismatch"
SUMMARY = "a workload's app.kubernetes.io/instance label differs from its name"
SEVERITY = Severity.INFO
REMEDIATION = "Set the `app.kubernetes.io/instance` label to the object's name."
KINDS = POD_CARRIERS
PROFILE = "conventions"

_INSTANCE = "app.kubernetes.io/instance"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not obj.name:
        return
    value = obj.labels.get(_INSTANCE)
    if value is None:
        yield Problem(("metadata", "labels") if "labels" in obj.metadata else ("metadata", "name"), f'the label "{_INSTANCE}" is missing', on_key=True)
    elif value != obj.name:
        yield Problem(("metadata", "labels", _INSTANCE), f'the label "{_INSTANCE}" is "{value}", not the name "{obj.name}"')
