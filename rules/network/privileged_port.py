"""
## What it does
Reports a container (init, regular or ephemeral) that declares a `containerPort` below 1024.

Peer: kube-linter `privileged-ports` (off by default there too).

## Why is this bad?
Binding a port below 1024 needs root or the `NET_BIND_SERVICE` capability (unless the node lowers
`net.ipv4.ip_unprivileged_port_start`), which a hardened container should not have. The Service can
still expose port 80 and target a high container port.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 80}]
```

Use instead:
```yaml
containers:
  - name: web
    image: nginxinc/nginx-unprivileged:1.27
    ports: [{containerPort: 8080}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers

CODE = "K763"
NAME = "privileged-port"
SUMMARY = "a container declares a port below 1024"
SEVERITY = Severity.INFO
REMEDIATION = "Listen on a port of 1024 or above, and map the low port in the Service."
KINDS = POD_CARRIERS
PROFILE = "network"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj):
        ports = container.get("ports")
        for index, port in enumerate(ports if isinstance(ports, list) else ()):
            number = port.get("containerPort") if isinstance(port, dict) else None
            if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= 1023:
                yield Problem((*path, "ports", index, "containerPort"), f'container "{container.get("name")}" listens on privileged port {number}')
