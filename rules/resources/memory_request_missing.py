"""
## What it does
Reports a container without a memory request (`resources.requests.memory` unset or zero, and no
memory limit to default it from): kube-score `container-resources`, Polaris `memoryRequestsMissing`.

Only long-running containers are checked: `containers` and native sidecars (init containers with
`restartPolicy: Always`). Plain init containers run one at a time before them, so the Pod's request is
their maximum, not their sum (zegl/kube-score#533 reported them as false positives). A request that is
unset while the limit is set is not reported: the API server defaults the request to the limit (kube-score
and Polaris report it). A LimitRange of the apply set in the Pod's namespace that gives containers a
default (`default`, `defaultRequest` or `max` for memory) counts as setting it.

## Why is this bad?
The scheduler places Pods by their requests. A container that requests no memory can land on a node
with none left, and is among the first the kubelet evicts under memory pressure (BestEffort or Burstable
Pods over their request go first).

## Example
```yaml
containers:
  - name: web
    image: web:1.4
    resources: {}
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    resources:
      requests: {memory: 256Mi}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.resources import missing_resource_problems

CODE = "K802"
NAME = "memory-request-missing"
SUMMARY = "a container sets no memory request"
SEVERITY = Severity.WARNING
REMEDIATION = "Set `resources.requests.memory` to the memory the container needs."
PROFILE = "reliability"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return missing_resource_problems(objects, ctx, "requests", "memory")
