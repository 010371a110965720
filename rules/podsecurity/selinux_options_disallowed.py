"""
## What it does
Reports `seLinuxOptions.type` (pod or container) outside `container_t`, `container_init_t`,
`container_kvm_t` (plus `container_engine_t` from policy v1.31), and any non-empty `seLinuxOptions.user`
or `.role`: the Pod Security Standards' baseline `seLinuxOptions` check
(`staging/src/k8s.io/pod-security-admission/policy/check_seLinuxOptions.go`).

## Why is this bad?
The SELinux type decides what the container's processes may touch on the node; a type like `spc_t`
(super-privileged container) or `unconfined_t` lifts the confinement entirely. A namespace enforcing the
baseline level rejects the Pod.

## Example
```yaml
securityContext:
  seLinuxOptions:
    type: spc_t
```

Use instead:
```yaml
securityContext:
  seLinuxOptions:
    level: "s0:c123,c456"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K710"
NAME = "selinux-options-disallowed"
SUMMARY = 'the pod or a container sets a custom SELinux type, user or role (Pod Security baseline)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Leave seLinuxOptions.user and .role unset, and use container_t, container_init_t, container_kvm_t or container_engine_t as the type.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
