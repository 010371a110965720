"""
## What it does
Reports an Ingress without `spec.tls` entries.

Peer: Polaris `tlsSettingsMissing`.

## Why is this bad?
Without TLS the controller serves the hosts over plain HTTP, unless TLS is terminated before it (a
cloud load balancer, annotations of the controller), which is why this check is opt-in.

## Example
```yaml
spec:
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
```

Use instead:
```yaml
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K764"
NAME = "ingress-tls-missing"
SUMMARY = "an Ingress has no TLS configuration"
SEVERITY = Severity.INFO
REMEDIATION = "Add `spec.tls` with the hosts and the Secret holding their certificate."
KINDS = ("Ingress.networking.k8s.io", "Ingress.extensions")
PROFILE = "network"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.value.get("spec")
    if isinstance(spec, dict) and not spec.get("tls"):
        yield Problem(("spec", "tls") if "tls" in spec else ("spec",), "the Ingress has no TLS configuration (spec.tls)", on_key=True)
