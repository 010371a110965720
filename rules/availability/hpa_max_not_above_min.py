"""
## What it does
Reports a HorizontalPodAutoscaler whose `spec.maxReplicas` is not above its `spec.minReplicas` (default 1).
The API server rejects `maxReplicas` below `minReplicas`; equal values are accepted but leave nothing to
scale.

Peer: Polaris `hpaMaxAvailability`.

## Why is this bad?
The autoscaler can never add a replica: under load the workload saturates while looking autoscaled.

## Example
```yaml
spec:
  minReplicas: 3
  maxReplicas: 3
```

Use instead:
```yaml
spec:
  minReplicas: 3
  maxReplicas: 10
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K831"
NAME = "hpa-max-not-above-min"
SUMMARY = "an autoscaler's maxReplicas is not above its minReplicas"
SEVERITY = Severity.INFO
REMEDIATION = "Set `maxReplicas` above `minReplicas`."
KINDS = ("HorizontalPodAutoscaler.autoscaling",)
PROFILE = "reliability"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    maximum, minimum = get(obj.value, ("spec", "maxReplicas")), get(obj.value, ("spec", "minReplicas"), 1)
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (maximum, minimum)):
        return
    if maximum < minimum:
        yield Problem(("spec", "maxReplicas"), f"maxReplicas {maximum} is below minReplicas {minimum}", severity=Severity.ERROR)
    elif maximum == minimum:
        yield Problem(("spec", "maxReplicas"), f"maxReplicas {maximum} equals minReplicas: there is nothing to scale")
