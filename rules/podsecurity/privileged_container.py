"""
## What it does
Reports every container (init, regular, ephemeral) with `securityContext.privileged: true`: the Pod
Security Standards' baseline `privileged` check
(`staging/src/k8s.io/pod-security-admission/policy/check_privileged.go`).

## Why is this bad?
A privileged container has every capability, sees every device of the node and runs without seccomp or
AppArmor confinement: a compromise of it is a compromise of the node. A namespace enforcing the baseline
level rejects the Pod. Node agents (CNI, CSI, log shippers) may need it: suppress it for that container
with a reason (`container.ignore-check.k8slint.io/privileged-container: "cni: installs the CNI plugin on
the host"`).

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
    securityContext:
      privileged: true
```

Use instead:
```yaml
containers:
  - name: web
    image: nginx:1.27
    securityContext:
      capabilities:
        add: [NET_BIND_SERVICE]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K701"
NAME = "privileged-container"
SUMMARY = 'a container runs privileged (Pod Security baseline)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove `securityContext.privileged: true`; grant only the capabilities the container needs.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
