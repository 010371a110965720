"""
## What it does
Reports a container without a memory limit (`resources.limits.memory` unset or zero): kube-linter
`unset-memory-requirements`, kube-score `container-resources`, Polaris `memoryLimitsMissing`.

Only long-running containers are checked: `containers` and native sidecars (init containers with
`restartPolicy: Always`). Plain init containers run one at a time before them, so the Pod's request is
their maximum, not their sum (zegl/kube-score#533 reported them as false positives). A request that is
unset while the limit is set is not reported: the API server defaults the request to the limit (kube-score
and Polaris report it). A LimitRange of the apply set in the Pod's namespace that gives containers a
default (`default`, `defaultRequest` or `max` for memory) counts as setting it.

## Why is this bad?
Without a limit a container may take all of the node's memory: the kernel's OOM killer then ends
other Pods' processes, and the kubelet evicts Pods to recover. A leak in one application becomes an
outage of its neighbours.

## Example
```yaml
containers:
  - name: web
    image: web:1.4
    resources:
      requests: {memory: 256Mi}
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    resources:
      requests: {memory: 256Mi}
      limits: {memory: 512Mi}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.resources import missing_resource_problems

CODE = "K803"
NAME = "memory-limit-missing"
SUMMARY = "a container sets no memory limit"
SEVERITY = Severity.WARNING
REMEDIATION = "Set `resources.limits.memory` to the most memory the container may use."
PROFILE = "reliability"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return missing_resource_problems(objects, ctx, "limits", "memory")
