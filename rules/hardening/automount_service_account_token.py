"""
## What it does
Reports a Pod or workload template whose Pods get a service account token mounted: the pod spec does
not set `automountServiceAccountToken: false`, and the ServiceAccount it runs as (`serviceAccountName`,
else `default`) is not in the apply set with `automountServiceAccountToken: false`. An explicit
`automountServiceAccountToken: true` on the pod spec is always reported (it overrides the
ServiceAccount). Polaris' `automountServiceAccountToken` reads the ServiceAccount too; earlier versions
failed Pods without `serviceAccountName` that set false themselves (FairwindsOps/polaris#953), and
other tools ignore the ServiceAccount's setting (derailed/popeye#166).

## Why is this bad?
Most applications never call the Kubernetes API, yet every container gets a token that authenticates
as the ServiceAccount at `/var/run/secrets/kubernetes.io/serviceaccount`. Whoever compromises the
container can use it with all the permissions RBAC grants that account.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - {name: web, image: "nginx:1.27"}
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      automountServiceAccountToken: false
      containers:
        - {name: web, image: "nginx:1.27"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject, pod_spec
from k8slint.serviceaccounts import service_account_name, service_accounts

CODE = "K739"
NAME = "automount-service-account-token"
SUMMARY = "the Pods get a service account token mounted"
SEVERITY = Severity.INFO
REMEDIATION = "Set `automountServiceAccountToken: false` on the pod spec or its ServiceAccount, unless the Pods call the Kubernetes API."
PROFILE = "hardening"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for obj in objects:
        found = pod_spec(obj)
        if found is None:
            continue
        spec_path, spec = found
        setting = spec.get("automountServiceAccountToken")
        if setting is False:
            continue
        if setting is True:
            yield obj, Problem((*spec_path, "automountServiceAccountToken"), "the pod spec sets automountServiceAccountToken: true")
            continue
        at, name = service_account_name(spec_path, spec)
        account = service_accounts(objects).get((obj.effective_namespace(ctx.settings), name))
        if account is not None and account.value.get("automountServiceAccountToken") is False:
            continue
        related = (Related(account, ("metadata", "name"), "the ServiceAccount"),) if account is not None else ()
        where = "which does not set automountServiceAccountToken: false" if account is not None else "and the pod spec does not set automountServiceAccountToken: false"
        yield obj, Problem(at, f'the Pods mount a token of ServiceAccount "{name}", {where}', related=related)
