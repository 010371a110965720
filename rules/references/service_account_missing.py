"""
## What it does
Reports a Pod or Pod template whose `serviceAccountName` (else the deprecated `serviceAccount`) names a
ServiceAccount that is not in its namespace. `default` and an empty name are never reported: every
namespace has a `default` ServiceAccount. It is reported only when the apply set holds ServiceAccounts in
that namespace (always, as an error, under the `strict-references` profile), so charts and directories
that leave ServiceAccounts to another part of the project stay quiet.

Peer: kube-linter `non-existent-service-account` (which compares the namespace as written, so "" and
`default` differ, and fires whenever the ServiceAccount is created in another directory).

## Why is this bad?
The API server refuses a Pod whose ServiceAccount does not exist: a workload's controller keeps failing
to create Pods (`error looking up service account`) and the rollout never progresses.

## Example
```yaml
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      serviceAccountName: webapp
```

Use instead:
```yaml
      serviceAccountName: web
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, pod_spec
from k8slint.references import find, missing, pods_by_namespace, reported

CODE = "K124"
NAME = "service-account-missing"
SUMMARY = "a Pod template names a ServiceAccount absent from its namespace"
SEVERITY = Severity.WARNING
REMEDIATION = "Create the ServiceAccount in the same namespace, or name one that exists."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for namespace, pods in pods_by_namespace(objects).items():
        if not reported(objects, ctx, "", "ServiceAccount", namespace):
            continue
        for pod in pods:
            found = pod_spec(pod.obj)
            if found is None:
                continue
            path, spec = found
            field = "serviceAccountName" if spec.get("serviceAccountName") else "serviceAccount"
            name = spec.get(field)
            if not isinstance(name, str) or name in ("", "default"):
                continue
            if find(objects, "", "ServiceAccount", namespace, name) is None:
                yield pod.obj, missing(ctx, (*path, field), f'ServiceAccount "{name}" is not in namespace "{namespace}"')
