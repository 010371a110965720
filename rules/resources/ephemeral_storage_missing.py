"""
## What it does
Reports a container without an ephemeral-storage limit (`resources.limits.ephemeral-storage` unset or
zero): kube-score's `container-ephemeral-storage-request-and-limit`, which also asks for a request (an
unset request defaults to the limit, so the limit is what matters).

Only long-running containers are checked: `containers` and native sidecars (init containers with
`restartPolicy: Always`); plain init containers run one at a time before them. A LimitRange of the
apply set in the Pod's namespace that gives containers a default (`default`, `defaultRequest` or `max`
for `ephemeral-storage`) counts as setting it.

## Why is this bad?
Logs, `emptyDir` volumes and writes to the container's filesystem use the node's disk. Without a
limit, one container can fill it, and the kubelet then evicts Pods by disk pressure, its neighbours
included. With a limit, only the container that overran is evicted.

## Example
```yaml
containers:
  - name: web
    image: web:1.4
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    resources:
      limits: {ephemeral-storage: 1Gi}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.resources import missing_resource_problems

CODE = "K805"
NAME = "ephemeral-storage-missing"
SUMMARY = "a container sets no ephemeral-storage limit"
SEVERITY = Severity.INFO
REMEDIATION = "Set `resources.limits.ephemeral-storage` to the disk the container may use for logs, emptyDir and writes."
PROFILE = "reliability"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return missing_resource_problems(objects, ctx, "limits", "ephemeral-storage")
