"""
## What it does
Reports a container without a CPU request (`resources.requests.cpu` unset or zero, and no CPU limit to
default it from): kube-linter `unset-cpu-requirements` (its parameters check the request only), kube-score
`container-resources`, Polaris `cpuRequestsMissing`.

Only long-running containers are checked: `containers` and native sidecars (init containers with
`restartPolicy: Always`). Plain init containers run one at a time before them, so the Pod's request is
their maximum, not their sum (zegl/kube-score#533 reported them as false positives). A request that is
unset while the limit is set is not reported: the API server defaults the request to the limit (kube-score
and Polaris report it). A LimitRange of the apply set in the Pod's namespace that gives containers a
default (`default`, `defaultRequest` or `max` for cpu) counts as setting it.

## Why is this bad?
CPU is shared by requests: a container that requests none gets the smallest share (2 of 1024 CPU
shares) whenever the node is busy, and the scheduler packs Pods onto nodes without counting it.

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
      requests: {cpu: 250m, memory: 256Mi}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.resources import missing_resource_problems

CODE = "K801"
NAME = "cpu-request-missing"
SUMMARY = "a container sets no CPU request"
SEVERITY = Severity.WARNING
REMEDIATION = "Set `resources.requests.cpu` to the CPU the container needs."
PROFILE = "reliability"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return missing_resource_problems(objects, ctx, "requests", "cpu")
