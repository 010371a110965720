"""
## What it does
Reports `securityContext.runAsUser: 0` on the pod or any container: the Pod Security Standards'
restricted `runAsUser` check (`staging/src/k8s.io/pod-security-admission/policy/check_runAsUser.go`,
policy v1.23 and later). From policy v1.35 Pods with their own user namespace (`hostUsers: false`) are
exempt.

## Why is this bad?
UID 0 is root on the node's kernel. Together with `runAsNonRoot: true` the kubelet refuses to start the
container. A namespace enforcing the restricted level rejects the Pod.

## Example
```yaml
securityContext:
  runAsUser: 0
```

Use instead:
```yaml
securityContext:
  runAsUser: 10001
  runAsNonRoot: true
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K723"
NAME = "run-as-user-root"
SUMMARY = 'the pod or a container sets runAsUser: 0 (Pod Security restricted)'
SEVERITY = Severity.WARNING
REMEDIATION = "Set `runAsUser` to a non-zero UID, or remove it and let the image's user apply."
PROFILE = "pss-restricted"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
