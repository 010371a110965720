"""
## What it does
Reports a `securityContext.seccompProfile.type` (pod or container) other than `RuntimeDefault` or
`Localhost`, that is `Unconfined`: the Pod Security Standards' baseline `seccompProfile_baseline` check
(`staging/src/k8s.io/pod-security-admission/policy/check_seccompProfile_baseline.go`). Below policy
v1.19 it checks the `seccomp.security.alpha.kubernetes.io/pod` and
`container.seccomp.security.alpha.kubernetes.io/<name>` annotations instead (`runtime/default`,
`docker/default` or `localhost/*`). A missing profile is not reported here: that is
`seccomp-profile-missing` (restricted). With the `pss-restricted` profile on, that rule reports these
too.

## Why is this bad?
Without seccomp, every system call of the kernel is reachable from the container, including the rarely
used ones most kernel exploits go through. A namespace enforcing the baseline level rejects the Pod.

## Example
```yaml
securityContext:
  seccompProfile:
    type: Unconfined
```

Use instead:
```yaml
securityContext:
  seccompProfile:
    type: RuntimeDefault
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K708"
NAME = "seccomp-profile-unconfined"
SUMMARY = 'the pod or a container disables seccomp (Pod Security baseline)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set `seccompProfile.type` to RuntimeDefault (or Localhost with a profile), or leave it unset.'
SUPERSEDED_BY = ('seccomp-profile-missing',)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
