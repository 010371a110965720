"""
## What it does
Reports a Pod or workload template that runs as the namespace's `default` ServiceAccount
(`serviceAccountName`, else the deprecated `serviceAccount`, empty or `default`) while its pod spec does
not set `automountServiceAccountToken: false`: kube-linter's `default-service-account`
(`pkg/templates/serviceaccount`), which fired even with automount off until stackrox/kube-linter#135.

## Why is this bad?
Every Pod of the namespace that names no ServiceAccount shares `default`: permissions granted to it for
one application leak to all, and its token identifies no one. A dedicated ServiceAccount per
application keeps RBAC grants and audit logs specific.

## Example
```yaml
spec:
  template:
    spec:
      containers:
        - {name: web, image: "web:1.4"}
```

Use instead:
```yaml
spec:
  template:
    spec:
      serviceAccountName: web
      containers:
        - {name: web, image: "web:1.4"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, pod_spec
from k8slint.serviceaccounts import service_account_name

CODE = "K740"
NAME = "default-service-account"
SUMMARY = "the Pods run as the namespace's default ServiceAccount"
SEVERITY = Severity.INFO
REMEDIATION = "Create a ServiceAccount for the application and name it in `serviceAccountName`."
KINDS = POD_CARRIERS
PROFILE = "hardening"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = pod_spec(obj)
    if found is None or found[1].get("automountServiceAccountToken") is False:
        return
    at, name = service_account_name(*found)
    if name == "default":
        yield Problem(at, 'the Pods run as the "default" ServiceAccount')
