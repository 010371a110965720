"""
## What it does
Reports `hostIPC: true` in a pod spec: part of the Pod Security Standards' baseline `hostNamespaces`
check (`staging/src/k8s.io/pod-security-admission/policy/check_hostNamespaces.go`).

## Why is this bad?
With the host's IPC namespace a container can read and write the shared memory and message queues of
every process on the node. A namespace enforcing the baseline level rejects the Pod.

## Example
```yaml
spec:
  hostIPC: true
  containers:
    - name: app
      image: registry.example.com/app:1.0
```

Use instead:
```yaml
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K704"
NAME = "host-ipc"
SUMMARY = "the Pods use the node's IPC namespace (Pod Security baseline)"
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove `hostIPC: true`.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
