"""
## What it does
Reports a Service whose `spec.type` is one of the option `forbidden` (default `[NodePort]`).

Peers: kube-score `service-type` (NodePort), kube-linter `exposed-services` (NodePort and LoadBalancer).

## Why is this bad?
A NodePort Service opens its port on every node of the cluster, around the ingress controller and its
TLS and authentication, and ties clients to node addresses.

## Example
```yaml
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80}]
```

Use instead:
```yaml
spec:
  type: ClusterIP
  selector: {app: web}
  ports: [{port: 80}]
```

## Options
- `forbidden` (list, default `[NodePort]`): the Service types to report (add `LoadBalancer` to keep
  every exposure behind an ingress controller).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K761"
NAME = "service-type-exposed"
SUMMARY = "a Service of a type that exposes it outside the cluster"
SEVERITY = Severity.INFO
REMEDIATION = "Use a ClusterIP Service behind an Ingress or Gateway."
KINDS = ("Service",)
PROFILE = "network"
OPTIONS = {"forbidden": (list, ["NodePort"])}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    kind = get(obj.value, ("spec", "type"))
    if obj.group == "" and isinstance(kind, str) and kind in ctx.options["forbidden"]:
        yield Problem(("spec", "type"), f"the Service is of type {kind}")
