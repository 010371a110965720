"""
## What it does
Reports a probe of a long-running container (`containers` and native sidecars) whose `httpGet.port` or
`tcpSocket.port` is a port name that no `ports[*].name` of the same container declares. The kubelet
resolves a probe's named port in the container's own `ports` only (`pkg/kubelet/prober/prober.go`
`findPortByName`, which ignores the protocol), so the probe can never run: a liveness or startup probe
restarts the container for ever, a readiness probe keeps the Pod out of its Services.

With the `numericPorts` option, a numeric `httpGet.port`, `tcpSocket.port` or `grpc.port` that no
`ports[*].containerPort` (protocol TCP or unset) declares is reported too, as `info`: kube-linter's
`liveness-port`, `readiness-port` and `startup-port`. It is off by default, since `containerPort` is
informational and a process may listen on a port it does not declare (stackrox/kube-linter#1086; projects
declared ports only to silence the check: giantswarm/happa PR #4628, kubernetes-sigs/kubebuilder PR #5608).

## Why is this bad?
The probe fails every time, whatever the application does: the container restarts in a loop or never
becomes ready, and the events only say "port ... not found".

## Example
```yaml
containers:
  - name: web
    image: web:1.4
    ports: [{name: http, containerPort: 8080}]
    livenessProbe:
      httpGet: {path: /healthz, port: metrics}
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    ports: [{name: http, containerPort: 8080}]
    livenessProbe:
      httpGet: {path: /healthz, port: http}
```

## Options
- `numericPorts` (bool, default false): also report numeric probe ports that the container does not
  declare, as `info`.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, get, running_containers
from k8slint.podsecurity import who
from k8slint.probes import PROBES

CODE = "K813"
NAME = "probe-port-not-exposed"
SUMMARY = "a probe names a port its container does not declare"
SEVERITY = Severity.ERROR
REMEDIATION = "Name a port of the container's `ports` in the probe, or declare the port the probe uses."
KINDS = POD_CARRIERS
OPTIONS = {"numericPorts": (bool, False)}

HANDLERS = ("httpGet", "tcpSocket", "grpc")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in running_containers(obj):
        ports = container.get("ports")
        ports = [port for port in ports if isinstance(port, dict)] if isinstance(ports, list) else []
        # Wrongly typed names and numbers are schema-invalid's finding; they declare nothing here.
        names = {port.get("name") for port in ports if isinstance(port.get("name"), str)}
        numbers = {
            port.get("containerPort")
            for port in ports
            if isinstance(port.get("containerPort"), int) and port.get("protocol", "TCP") == "TCP"
        }
        for probe in PROBES:
            for handler in HANDLERS:
                port = get(container, (probe, handler, "port"))
                at = (*path, probe, handler, "port")
                if isinstance(port, str) and any(char.isalpha() for char in port) and handler != "grpc":
                    if port not in names:
                        yield Problem(at, f'{who(path, container)} {probe} uses port "{port}", which the container does not declare')
                elif ctx.options["numericPorts"] and isinstance(port, int) and not isinstance(port, bool) and port not in numbers:
                    yield Problem(
                        at,
                        f"{who(path, container)} {probe} uses port {port}, which the container does not declare for TCP",
                        severity=Severity.INFO,
                    )
