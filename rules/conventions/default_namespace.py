"""
## What it does
Reports a workload (a Pod carrier) or Service written with `metadata.namespace: default`. With the option
`flagUnset`, objects without a namespace that land in the configured default namespace
(`defaultNamespace`, default `default`) are reported too.

Peers: kube-linter `use-namespace` (CIS 5.7.1 and 5.7.4), Checkov CKV_K8S_21 (both also report an unset
namespace, which `kubectl apply -n` and kustomize's `namespace:` usually set).

## Why is this bad?
The `default` namespace is shared by everything nobody placed: its quotas, NetworkPolicies and RBAC
are rarely tailored, and workloads there are easily mixed up with each other.

## Example
```yaml
metadata: {name: web, namespace: default}
```

Use instead:
```yaml
metadata: {name: web, namespace: shop}
```

## Options
- `flagUnset` (bool, default false): also report objects without a namespace that would land in
  `default`.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject

CODE = "K142"
NAME = "default-namespace"
SUMMARY = "a workload or Service is placed in the default namespace"
SEVERITY = Severity.INFO
REMEDIATION = "Put the object in a namespace of its own application."
KINDS = (*POD_CARRIERS, "Service")
PROFILE = "conventions"
OPTIONS = {"flagUnset": (bool, False)}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.namespace == "default":
        yield Problem(("metadata", "namespace"), f"{obj.describe()} is in the default namespace")
    elif obj.namespace is None and ctx.options["flagUnset"] and ctx.settings.default_namespace == "default":
        yield Problem(("metadata", "name"), f"{obj.describe()} has no namespace and lands in the default namespace")
