"""
## What it does
Reports a container's `securityContext.procMount` other than `Default`: the Pod Security Standards'
`procMount` check (`staging/src/k8s.io/pod-security-admission/policy/check_procMount_baseline.go`). From
policy v1.35, baseline allows any value in a Pod with its own user namespace (`hostUsers: false`); the
restricted level does not
(`staging/src/k8s.io/pod-security-admission/policy/check_procMount_restricted.go`), so with the
`pss-restricted` profile on that relaxation is not applied.

## Why is this bad?
`Unmasked` exposes the parts of `/proc` (`/proc/kcore`, `/proc/sys`, ...) the runtime hides, which leak
kernel memory and let the container change the node's kernel settings. A namespace enforcing the
baseline level rejects the Pod.

## Example
```yaml
securityContext:
  procMount: Unmasked
```

Use instead:
```yaml
securityContext:
  procMount: Default
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K711"
NAME = "proc-mount-unmasked"
SUMMARY = 'a container unmasks /proc (Pod Security baseline; restricted from v1.35)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove `securityContext.procMount` or set it to Default.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
