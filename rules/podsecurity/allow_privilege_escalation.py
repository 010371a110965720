"""
## What it does
Reports every container (init, regular, ephemeral) that does not set
`securityContext.allowPrivilegeEscalation: false` explicitly (unset counts, as it does for PSS): the Pod
Security Standards' restricted `allowPrivilegeEscalation` check
(`staging/src/k8s.io/pod-security-admission/policy/check_allowPrivilegeEscalation.go`). From policy
v1.25, Pods with `spec.os.name: windows` are exempt. The finding points at the field when it is written,
else at the container's `name:`.

## Why is this bad?
Without it, a setuid binary or file capability in the image can give a process more privileges than its
parent (`no_new_privs` is off). A namespace enforcing the restricted level rejects the Pod.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
```

Use instead:
```yaml
containers:
  - name: web
    image: nginx:1.27
    securityContext:
      allowPrivilegeEscalation: false
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K720"
NAME = "allow-privilege-escalation"
SUMMARY = 'a container does not set allowPrivilegeEscalation: false (Pod Security restricted)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set `securityContext.allowPrivilegeEscalation: false` on every container.'
PROFILE = "pss-restricted"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
