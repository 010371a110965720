"""
## What it does
Reports, as the Pod Security Standards' restricted `seccompProfile_restricted` check does
(`staging/src/k8s.io/pod-security-admission/policy/check_seccompProfile_restricted.go`, policy v1.19 and
later): a pod or container `seccompProfile.type` other than `RuntimeDefault` or `Localhost`, and every
container (init containers included, which kube-score skips) without a profile when the pod sets none.
From policy v1.25 Windows Pods are exempt.

## Why is this bad?
Unless a profile is set, the container runtime may run the container unconfined (the kubelet's
`SeccompDefault` is off by default), with every system call of the kernel reachable. A namespace
enforcing the restricted level rejects the Pod.

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
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: nginx:1.27
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K724"
NAME = "seccomp-profile-missing"
SUMMARY = 'the pod and a container set no RuntimeDefault or Localhost seccomp profile (Pod Security restricted)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.'
PROFILE = "pss-restricted"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
