"""
## What it does
Reports `hostNetwork: true` in a pod spec: part of the Pod Security Standards' baseline `hostNamespaces`
check (`staging/src/k8s.io/pod-security-admission/policy/check_hostNamespaces.go`), split from `hostPID`
and `hostIPC` so each can be allowed on its own.

## Why is this bad?
A Pod on the host network can bind any port of the node, reach services listening on the node's loopback
and sniff traffic of other Pods; NetworkPolicies do not apply to it. A namespace enforcing the baseline
level rejects the Pod. CNI and ingress DaemonSets need it: suppress it per object with a reason.

## Example
```yaml
spec:
  hostNetwork: true
  containers:
    - name: web
      image: nginx:1.27
```

Use instead:
```yaml
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K702"
NAME = "host-network"
SUMMARY = "the Pods use the node's network namespace (Pod Security baseline)"
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove `hostNetwork: true`; expose ports through a Service instead.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
