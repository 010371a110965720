"""
## What it does
Reports the deprecated `serviceAccount` field of a Pod spec: when `serviceAccountName` is also set to
another name, `serviceAccount` is ignored; when it is set alone, it still works but should be renamed.
A `serviceAccount` equal to `serviceAccountName` is what the API server itself writes back, and is not
reported.

Peer: kube-linter `deprecated-service-account-field`.

## Why is this bad?
`serviceAccount` is a deprecated alias of `serviceAccountName`. When the two differ, the Pod runs as
`serviceAccountName`, so whoever edits `serviceAccount` believes the Pod has permissions it does not have.

## Example
```yaml
spec:
  serviceAccount: backup
  containers: [{name: backup, image: "busybox:1.36"}]
```

Use instead:
```yaml
spec:
  serviceAccountName: backup
  containers: [{name: backup, image: "busybox:1.36"}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, ProblemFix, Replace, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, pod_spec

CODE = "K109"
NAME = "deprecated-service-account-field"
SUMMARY = "a Pod spec sets the deprecated serviceAccount field"
SEVERITY = Severity.WARNING
REMEDIATION = "Use `serviceAccountName` and remove `serviceAccount`."
KINDS = POD_CARRIERS
FIX = "safe"  # the API server copies serviceAccount into an unset serviceAccountName: renaming the key keeps it


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = pod_spec(obj)
    if found is None:
        return
    path, spec = found
    alias, name = spec.get("serviceAccount"), spec.get("serviceAccountName")
    if not isinstance(alias, str) or not alias or alias == name:
        return
    key = (*path, "serviceAccount")
    if isinstance(name, str) and name:
        yield Problem(key, f'serviceAccount "{alias}" is ignored: serviceAccountName "{name}" is set', on_key=True)
        return
    # Renamed only when serviceAccountName is absent: set to null or a non-string, which one was meant is unclear.
    rename = Replace(key, "serviceAccount", "serviceAccountName", on_key=True)
    fix = None if "serviceAccountName" in spec else ProblemFix("rename serviceAccount to serviceAccountName", (rename,))
    yield Problem(key, f'serviceAccount "{alias}" is a deprecated alias of serviceAccountName', on_key=True, fix=fix)
