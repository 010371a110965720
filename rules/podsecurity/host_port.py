"""
## What it does
Reports a non-zero `ports[*].hostPort` on any container (init, regular, ephemeral): the Pod Security
Standards' baseline `hostPorts` check
(`staging/src/k8s.io/pod-security-admission/policy/check_hostPorts.go`). Only what the manifest writes
is reported: on `hostNetwork: true` Pods the API server also defaults `hostPort` to `containerPort`,
which `host-network` already reports.

## Why is this bad?
A host port ties the Pod to nodes where that port is free (two replicas cannot share a node) and exposes
the container on the node's address, around Services and NetworkPolicies. A namespace enforcing the
baseline level rejects the Pod.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
    ports:
      - containerPort: 80
        hostPort: 80
```

Use instead:
```yaml
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

CODE = "K705"
NAME = "host-port"
SUMMARY = 'a container binds a port of the node (Pod Security baseline)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove `hostPort` and expose the port through a Service (NodePort or LoadBalancer if it must be reachable from outside).'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
