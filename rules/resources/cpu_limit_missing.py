"""
## What it does
Reports a container without a CPU limit (`resources.limits.cpu` unset or zero): kube-score
`container-resources`, Polaris `cpuLimitsMissing`. Many teams set no CPU limits on purpose
(zegl/kube-score#30, bridgecrewio/checkov#7226): limits throttle a container even when the node is idle.
This rule stays off even in the `reliability` profile: it has its own, `cpu-limits`.

Only long-running containers are checked: `containers` and native sidecars (init containers with
`restartPolicy: Always`). Plain init containers run one at a time before them, so the Pod's request is
their maximum, not their sum (zegl/kube-score#533 reported them as false positives). A request that is
unset while the limit is set is not reported: the API server defaults the request to the limit (kube-score
and Polaris report it). A LimitRange of the apply set in the Pod's namespace that gives containers a
default (`default`, `defaultRequest` or `max` for cpu) counts as setting it.

## Why is this bad?
Without a limit, a busy container may use every idle CPU of the node; with CPU requests set, the other
containers still get their share, but latency-sensitive neighbours may notice. Some clusters require
limits (quota with `limits.cpu` rejects Pods without them).

## Example
```yaml
containers:
  - name: web
    image: web:1.4
    resources:
      requests: {cpu: 250m}
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    resources:
      requests: {cpu: 250m}
      limits: {cpu: "1"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.resources import missing_resource_problems

CODE = "K804"
NAME = "cpu-limit-missing"
SUMMARY = "a container sets no CPU limit"
SEVERITY = Severity.INFO
REMEDIATION = "Set `resources.limits.cpu`, if the cluster's policy wants CPU limits."
PROFILE = "cpu-limits"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return missing_resource_problems(objects, ctx, "limits", "cpu")
