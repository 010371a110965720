"""
## What it does
Reports an OpenShift `SecurityContextConstraints` (`security.openshift.io`) with
`allowPrivilegedContainer: true`: kube-linter's `scc-deny-privileged-container`
(`pkg/templates/sccdenypriv`).

## Why is this bad?
Every Pod whose ServiceAccount or user may use this SCC can run privileged containers: full access to
the node's devices and kernel, and so to the node.

## Example
```yaml
apiVersion: security.openshift.io/v1
kind: SecurityContextConstraints
metadata: {name: app}
allowPrivilegedContainer: true
```

Use instead:
```yaml
apiVersion: security.openshift.io/v1
kind: SecurityContextConstraints
metadata: {name: app}
allowPrivilegedContainer: false
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K741"
NAME = "scc-allows-privileged"
SUMMARY = "an OpenShift SecurityContextConstraints allows privileged containers"
SEVERITY = Severity.WARNING
REMEDIATION = "Set `allowPrivilegedContainer: false`; give the few Pods that need it a separate, narrowly bound SCC."
KINDS = ("SecurityContextConstraints.security.openshift.io",)
PROFILE = "hardening"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.value.get("allowPrivilegedContainer") is True:
        yield Problem(("allowPrivilegedContainer",), f"{obj.describe()} allows privileged containers")
