"""
## What it does
Reports `hostPID: true` in a pod spec: part of the Pod Security Standards' baseline `hostNamespaces`
check (`staging/src/k8s.io/pod-security-admission/policy/check_hostNamespaces.go`).

## Why is this bad?
With the host's process namespace a container sees every process of the node, can read their environment
(secrets included) through `/proc`, and signal or trace them. A namespace enforcing the baseline level
rejects the Pod.

## Example
```yaml
spec:
  hostPID: true
  containers:
    - name: debug
      image: busybox:1.36
```

Use instead:
```yaml
spec:
  containers:
    - name: debug
      image: busybox:1.36
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K703"
NAME = "host-pid"
SUMMARY = "the Pods use the node's process namespace (Pod Security baseline)"
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove `hostPID: true`.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
