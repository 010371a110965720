"""
## What it does
Reports, as the Pod Security Standards' restricted `runAsNonRoot` check does
(`staging/src/k8s.io/pod-security-admission/policy/check_runAsNonRoot.go`): a pod-level `runAsNonRoot:
false`, a container's `runAsNonRoot: false`, and every container that leaves it unset when the pod does
not set it either. A non-zero `runAsUser` does not count (PSS rejects `runAsUser: 1000` without
`runAsNonRoot`). From policy v1.35 Pods with their own user namespace (`hostUsers: false`) are exempt.

## Why is this bad?
Root in the container is root on the node's kernel: with any other weakness (a writable hostPath, a
capability, a kernel bug) it becomes root on the node. With `runAsNonRoot: true` the kubelet refuses to
start a container whose image runs as UID 0. A namespace enforcing the restricted level rejects the Pod.

## Example
```yaml
spec:
  containers:
    - name: web
      image: nginx:1.27
```

Use instead:
```yaml
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: web
      image: nginxinc/nginx-unprivileged:1.27
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K722"
NAME = "run-as-non-root"
SUMMARY = 'a container may run as root: runAsNonRoot is not true (Pod Security restricted)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set `securityContext.runAsNonRoot: true` on the pod (or on every container) and run the image as a non-root user.'
PROFILE = "pss-restricted"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
