"""
## What it does
Reports containers that run Heapster or its companion images (`heapster`, `heapster-amd64`,
`heapster-influxdb-amd64`, `heapster-grafana-amd64`, from any registry).

## Why is this bad?
Heapster was deprecated in Kubernetes 1.11 and retired in 1.13: it receives no fixes, reads the
kubelet's removed read-only and summary endpoints, and nothing in a current cluster (the
Horizontal Pod Autoscaler, `kubectl top`, the dashboard) reads from it any more. Resource metrics
come from metrics-server, and monitoring from Prometheus and kube-state-metrics.

## Example
```yaml
      containers:
        - name: heapster
          image: k8s.gcr.io/heapster-amd64:v1.5.4
          command: [/heapster, --source=kubernetes.summary_api:'']
```

Use instead:
```yaml
      containers:
        - name: metrics-server
          image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.metrics import image_name
from k8slint.model import Context, Problem, Severity
from k8slint.objects import WORKLOAD_KINDS, K8sObject, containers

CODE = "K664"
NAME = "heapster-retired"
SUMMARY = "a container runs Heapster, retired since Kubernetes 1.13"
SEVERITY = Severity.WARNING
REMEDIATION = "Remove Heapster; deploy metrics-server for resource metrics and Prometheus for monitoring."
KINDS = tuple(sorted(WORKLOAD_KINDS))


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj):
        image = container.get("image")
        if image_name(image).startswith("heapster"):
            yield Problem((*path, "image"), f'image "{image}" is Heapster, retired since Kubernetes 1.13')
