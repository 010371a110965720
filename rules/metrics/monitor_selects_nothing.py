"""
## What it does
Reports a Prometheus Operator ServiceMonitor whose `selector` and `namespaceSelector` match no Service
of the apply set, or a PodMonitor whose `selector` and `namespaceSelector` match no Pod or Pod template
(Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob...), when the apply set holds labelled
Services (or workloads) in the namespaces the monitor looks in: a repository that keeps its monitors
apart from the workloads stays quiet. `matchExpressions` are evaluated as Kubernetes does. A
monitor's namespaces are `namespaceSelector.matchNames`, or else its own; monitors with `any: true`
are not checked, as no apply set shows every namespace.
ServiceMonitors selecting a Service the cluster makes rather than a manifest are not reported: the
API server's `default/kubernetes` (`component: apiserver`), kubeadm's `kube-dns`, and the kubelet
Service the operator creates itself (`k8s-app: kubelet`).

## Why is this bad?
The operator accepts the monitor and generates a scrape job that discovers no target: the metrics
silently never arrive, and alerts on them never fire. The usual causes are a label that differs
between the monitor and the Service (the selector matches the Service's own labels, not its
`spec.selector`), or a monitor in the `monitoring` namespace without a `namespaceSelector`.

## Example
```yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  endpoints: [{port: metrics}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {app.kubernetes.io/name: web}}
spec:
  selector: {app: web}
  ports: [{name: metrics, port: 9090}]
```

Use instead:
```yaml
spec:
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  endpoints: [{port: metrics}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.monitors import SERVICE_MONITOR, monitor_selections, monitor_selector, selects_cluster_made_service
from k8slint.objects import ApplySet, K8sObject

CODE = "K660"
NAME = "monitor-selects-nothing"
SUMMARY = "a ServiceMonitor or PodMonitor selects no Service or Pod of the apply set in its namespaces"
SEVERITY = Severity.WARNING
SET_KINDS = ("PodMonitor", "ServiceMonitor")  # check_set reports only on these
REMEDIATION = (
    "Make the selector match the labels of the Service (its metadata.labels) or Pod template, and set "
    "namespaceSelector when they live in another namespace."
)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for selection in monitor_selections(objects).values():
        monitor = selection.monitor
        if selection.selected or not selection.candidates or selects_cluster_made_service(monitor):
            continue
        what = "Service" if monitor.kind == SERVICE_MONITOR else "Pod or Pod template"
        selector = monitor_selector(monitor)
        shown = "everything" if selector is None or selector.empty else f'"{selector}"'
        yield (
            monitor,
            Problem(
                ("spec", "selector"),
                f"selector {shown} matches no {what} in {selection.namespaces} "
                f"({selection.candidates} in the apply set there)",
                on_key=True,
            ),
        )
