"""
## What it does
Reports `securityContext.windowsOptions.hostProcess: true` on the pod or any container: the Pod Security
Standards' baseline `windowsHostProcess` check
(`staging/src/k8s.io/pod-security-admission/policy/check_windowsHostProcess.go`).

## Why is this bad?
A HostProcess container runs directly on the Windows node with the node's privileges and network, like a
privileged Linux container. A namespace enforcing the baseline level rejects the Pod.

## Example
```yaml
securityContext:
  windowsOptions:
    hostProcess: true
```

Use instead:
```yaml
securityContext:
  windowsOptions:
    runAsUserName: ContainerUser
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K713"
NAME = "windows-host-process"
SUMMARY = 'the pod or a container runs as a Windows host process (Pod Security baseline)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove `windowsOptions.hostProcess: true`.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
