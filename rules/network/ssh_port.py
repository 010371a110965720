"""
## What it does
Reports a container (init, regular or ephemeral) that declares `containerPort: 22` over TCP.

Peer: kube-linter `ssh-port` (on by default there).

## Why is this bad?
An SSH server in a container is a second way in, around `kubectl exec` and its audit log, and usually
a sign of a container used as a virtual machine. Git and SFTP servers are the legitimate exceptions:
suppress the finding with a reason.

## Example
```yaml
containers:
  - name: app
    image: app:1.0
    ports: [{containerPort: 22}]
```

Use instead:
```yaml
containers:
  - name: app
    image: app:1.0
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers

CODE = "K762"
NAME = "ssh-port"
SUMMARY = "a container declares the SSH port"
SEVERITY = Severity.INFO
REMEDIATION = "Remove the SSH server and use `kubectl exec` or `kubectl debug`."
KINDS = POD_CARRIERS
PROFILE = "network"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj):
        ports = container.get("ports")
        for index, port in enumerate(ports if isinstance(ports, list) else ()):
            if isinstance(port, dict) and port.get("containerPort") == 22 and port.get("protocol", "TCP") in ("TCP", None):
                yield Problem((*path, "ports", index, "containerPort"), f'container "{container.get("name")}" exposes the SSH port 22')
