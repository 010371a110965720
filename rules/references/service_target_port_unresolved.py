"""
## What it does
Reports a Service port whose `targetPort` is a name that no container of the Pods it selects declares:
no `ports[*].name` with that name and the Service port's protocol (default TCP) on a regular container or
a native sidecar, which is how the endpoints controller resolves it (`FindPort` in
`pkg/api/v1/pod/util.go`). Only Services whose selector matches some Pod or Pod template of the apply
set are checked (one that matches nothing is `service-selects-nothing`'s), and only when every selected
template lists its containers.

Numeric target ports are not checked: `containerPort` is informational, and a process may listen on a
port it does not declare (on the shared corpus, Jaeger, the OpenTelemetry Collector and Istio's samples
all do, and work). No peer has this check.

## Why is this bad?
A name that no container defines gives the Service no endpoints for that port: connections are
refused, while the Pods look healthy. It usually follows a port renamed in the Deployment but not in
the Service, or a protocol left out on one side (`UDP` against the default `TCP`).

## Example
```yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: web, containerPort: 80}]
```

Use instead:
```yaml
  ports: [{port: 80, targetPort: web}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject, pod_spec, running_containers
from k8slint.references import PodLabels, pods_by_namespace

CODE = "K128"
NAME = "service-target-port-unresolved"
SUMMARY = "a Service targetPort names no port of the containers it selects"
SEVERITY = Severity.WARNING
SET_KINDS = ("Service",)  # check_set reports only on these
REMEDIATION = "Make `targetPort` the `name` of a port (with the same protocol) that the selected containers declare, or its number."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.selector_index import selector_from_map

    for service in objects.of_kind("Service"):
        spec = service.value.get("spec")
        if service.group != "" or not isinstance(spec, dict) or spec.get("type") == "ExternalName":
            continue
        ports = spec.get("ports")
        selector = selector_from_map(spec.get("selector")) if spec.get("selector") else None
        if selector is None or not isinstance(ports, list):
            continue
        named = [
            (index, port["targetPort"], port.get("protocol") or "TCP")
            for index, port in enumerate(ports)
            if isinstance(port, dict) and isinstance(port.get("targetPort"), str) and not port["targetPort"].isdigit()
        ]
        if not named:
            continue  # numeric target ports name nothing: no need to find the Pods (a namespace may hold thousands)
        selected = [pod for pod in pods_by_namespace(objects).get(service.effective_namespace(ctx.settings), []) if selector.matches(pod.labels)]
        if not selected:
            continue
        if not all(_lists_containers(pod) for pod in selected):
            continue  # a partial object (a test assertion, a patch): its ports are unknown
        declared = set().union(*(_port_names(pod) for pod in selected))
        for index, target, protocol in named:
            if (target, protocol) not in declared:
                yield service, Problem(
                    ("spec", "ports", index, "targetPort"),
                    f'targetPort "{target}" is no {protocol} port name of the containers it selects{_list(selected)}',
                    related=(Related(selected[0].obj, selected[0].path, f"the Pod labels of {selected[0].obj.describe()}"),),
                )


def _lists_containers(pod: PodLabels) -> bool:
    found = pod_spec(pod.obj)
    return found is not None and isinstance(found[1].get("containers"), list)


def _port_names(pod: PodLabels) -> set[tuple[str, str]]:
    """(name, protocol) of the ports the long-running containers declare."""
    names: set[tuple[str, str]] = set()
    for _, container in running_containers(pod.obj):
        ports = container.get("ports")
        for port in ports if isinstance(ports, list) else ():
            if isinstance(port, dict) and isinstance(port.get("name"), str):
                names.add((port["name"], port.get("protocol") or "TCP"))
    return names


def _list(selected: list[PodLabels]) -> str:
    shown = ", ".join(pod.obj.describe() for pod in selected[:3])
    return f" ({shown}{', ...' if len(selected) > 3 else ''})"
