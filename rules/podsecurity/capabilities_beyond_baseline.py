"""
## What it does
Reports each `securityContext.capabilities.add[*]` of any container that is not one of the 13
capabilities a container runtime grants by default (`AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`,
`FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`):
the Pod Security Standards' baseline `capabilities_baseline` check
(`staging/src/k8s.io/pod-security-admission/policy/check_capabilities_baseline.go`). Like PSS it
compares exactly: `chown` or `CAP_CHOWN` is reported, with the spelling PSS accepts. With the
`pss-restricted` profile on (policy v1.22 and later), `capabilities-drop-all` reports these instead.

## Why is this bad?
Capabilities such as `SYS_ADMIN`, `NET_ADMIN` or `NET_RAW` let a container mount file systems,
reconfigure the node's network or forge packets; most container escapes start from one. A namespace
enforcing the baseline level rejects the Pod.

## Example
```yaml
securityContext:
  capabilities:
    add: [NET_ADMIN, chown]
```

Use instead:
```yaml
securityContext:
  capabilities:
    add: [CHOWN]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K707"
NAME = "capabilities-beyond-baseline"
SUMMARY = 'a container adds a capability outside the Pod Security baseline set'
SEVERITY = Severity.WARNING
REMEDIATION = 'Add only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID or SYS_CHROOT, spelled exactly so.'
SUPERSEDED_BY = ('capabilities-drop-all',)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
