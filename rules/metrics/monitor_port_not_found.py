"""
## What it does
Reports an endpoint of a Prometheus Operator ServiceMonitor or PodMonitor that keeps no target of
what the monitor selects in the apply set:
- a ServiceMonitor's `endpoints[].port` that names no port of the selected Services, or a PodMonitor's
  `podMetricsEndpoints[].port` that names no container port of the selected Pods;
- a ServiceMonitor's `endpoints[].targetPort` (without `port`) that is no container port, by name for
  a string or by number, of the Pods behind the selected Services; checked only when every selected
  Service has a selector and the apply set holds the Pods (or Pod templates) it selects;
- a PodMonitor's `portNumber` or `targetPort` (without `port`) that is no container port of the
  selected Pods, by number (or by name for a string `targetPort`).

Only monitors that select at least one Service or Pod template of the apply set are checked.

## Why is this bad?
The operator keeps only the endpoints whose port name equals `port`: with a name that no selected
Service or container uses, the job has no target and the metrics silently never arrive. `targetPort`
and `portNumber` keep the targets whose `__meta_kubernetes_pod_container_port_name` (a string) or
`__meta_kubernetes_pod_container_port_number` equals them (prometheus-operator `pkg/prometheus/promcfg.go`,
`generateServiceMonitorConfig` and `generatePodMonitorConfig`), so they must be a container port of the
scraped Pods, not the Service's `port`. Port names
are easy to get wrong: `http-metrics` against `metrics`, or the number (`"9090"`) where a name is
required.

## Example
```yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  endpoints: [{port: http-metrics}]
---
apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec:
  selector: {app: web}
  ports: [{name: metrics, port: 9090}]
```

Use instead:
```yaml
  endpoints: [{port: metrics}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.monitors import (
    ENDPOINT_LISTS,
    NO_PORTS,
    SERVICE_MONITOR,
    ContainerPorts,
    Selection,
    container_ports,
    monitor_selections,
    port_names,
    service_backends,
    service_target_ports,
)
from k8slint.objects import ApplySet, K8sObject

CODE = "K661"
NAME = "monitor-port-not-found"
SUMMARY = "a ServiceMonitor or PodMonitor endpoint names a port that no selected Service or container has"
SEVERITY = Severity.WARNING
SET_KINDS = ("PodMonitor", "ServiceMonitor")  # check_set reports only on these
REMEDIATION = "Set the endpoint's port to the name of the Service port (or container port) that serves metrics."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for selection in monitor_selections(objects).values():
        if not selection.selected:
            continue
        monitor = selection.monitor
        list_name = ENDPOINT_LISTS[monitor.kind]
        spec = monitor.value.get("spec")
        endpoints = spec.get(list_name) if isinstance(spec, dict) else None
        if not isinstance(endpoints, list):
            continue
        scraped = _scraped_ports(objects, selection)
        for index, endpoint in enumerate(endpoints):
            if not isinstance(endpoint, dict):
                continue
            port = endpoint.get("port")
            if port is not None and port != "":
                found = _port_name_problem(selection, port)
            else:
                found = _port_problem(selection, endpoint, scraped)
            if found is not None:
                field, message = found
                yield monitor, Problem(("spec", list_name, index, field), message, related=_related(selection))


def _port_name_problem(selection: Selection, port: object) -> tuple[str, str] | None:
    available = {name for target in selection.selected for name in port_names(target)}
    if not isinstance(port, str) or port in available:
        return None
    what = "Service" if selection.monitor.kind == SERVICE_MONITOR else "container"
    names = ", ".join(f'"{name}"' for name in sorted(available)) or "none"
    return "port", f'port "{port}" is not a {what} port name of the selected {_shown(selection)} (named ports: {names})'


def _port_problem(selection: Selection, endpoint: dict, scraped: ContainerPorts | None) -> tuple[str, str] | None:
    """A `targetPort` (either monitor) or `portNumber` (PodMonitor) that no scraped container port matches."""
    fields = ("targetPort",) if selection.monitor.kind == SERVICE_MONITOR else ("portNumber", "targetPort")
    field = next((name for name in fields if endpoint.get(name) not in (None, "", 0)), None)
    if field is None or scraped is None:
        return None
    value = endpoint[field]
    if isinstance(value, bool) or not isinstance(value, (str, int)) or scraped.has(value):
        return None
    if isinstance(value, str):
        shown, kind, listed = f'"{value}"', "name", ", ".join(f'"{name}"' for name in sorted(scraped.names))
    else:
        shown, kind, listed = str(value), "number", ", ".join(str(number) for number in sorted(scraped.numbers))
    pods = "the Pods behind the selected" if selection.monitor.kind == SERVICE_MONITOR else "the selected"
    return field, (
        f"{field} {shown} is no container port {kind} of {pods} {_shown(selection)} "
        f"(container port {kind}s: {listed or 'none'})"
    )


def _scraped_ports(objects: ApplySet, selection: Selection) -> ContainerPorts | None:
    """The container ports of what the monitor scrapes: the selected Pods, or for a ServiceMonitor the
    Pods behind the selected Services (and the Services' target ports); None when those Pods are not all
    known."""
    if selection.monitor.kind != SERVICE_MONITOR:
        ports = NO_PORTS
        for target in selection.selected:
            ports = ports | container_ports(target)
        return ports
    ports = NO_PORTS
    for service in selection.selected:
        backends = service_backends(objects, service)
        if backends is None:
            return None
        ports = ports | service_target_ports(service)
        for backend in backends:
            ports = ports | container_ports(backend)
    return ports


def _shown(selection: Selection) -> str:
    shown = ", ".join(target.describe() for target in selection.selected[:3])
    more = f" and {len(selection.selected) - 3} more" if len(selection.selected) > 3 else ""
    return shown + more


def _related(selection: Selection) -> tuple[Related, ...]:
    return tuple(
        Related(target, ("metadata", "name"), f"selected {target.describe()}") for target in selection.selected[:3]
    )
