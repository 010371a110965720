"""
## What it does
Reports an endpoint of a Prometheus Operator ServiceMonitor (`endpoints[].port`) or PodMonitor
(`podMetricsEndpoints[].port`) whose port name is the name of no port of the Services (or of no
container port of the Pods) the monitor selects in the apply set. Only monitors that select at least
one Service or Pod template of the apply set are checked; endpoints given by `targetPort` or
`portNumber` are not.

## Why is this bad?
The operator keeps only the endpoints whose port name equals `port`: with a name that no selected
Service or container uses, the job has no target and the metrics silently never arrive. Port names
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
from k8slint.monitors import ENDPOINT_LISTS, SERVICE_MONITOR, monitor_selections, port_names
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
        available = {name for target in selection.selected for name in port_names(target)}
        what = "Service" if monitor.kind == SERVICE_MONITOR else "container"
        for index, endpoint in enumerate(endpoints):
            port = endpoint.get("port") if isinstance(endpoint, dict) else None
            if not isinstance(port, str) or not port or port in available:
                continue
            names = ", ".join(f'"{name}"' for name in sorted(available)) or "none"
            shown = ", ".join(target.describe() for target in selection.selected[:3])
            more = f" and {len(selection.selected) - 3} more" if len(selection.selected) > 3 else ""
            yield (
                monitor,
                Problem(
                    ("spec", list_name, index, "port"),
                    f'port "{port}" is not a {what} port name of the selected {shown}{more} (named ports: {names})',
                    related=tuple(
                        Related(target, ("metadata", "name"), f"selected {target.describe()}")
                        for target in selection.selected[:3]
                    ),
                ),
            )
