"""
## What it does
Checks that every object has `apiVersion`, `kind`, `metadata`, and `metadata.name` (or
`metadata.generateName`), and that the kinds whose API requires a `spec` have one. Component
configuration files (KubeletConfiguration, kubeadm and kind configs, Kustomization...) only need
`apiVersion` and `kind`.

## Why is this bad?
The API server rejects such objects, so the problem shows up only at deploy time, often far from
the commit that caused it.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  labels: {app: web}
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import SPEC_REQUIRED_KINDS, SYNTHETIC_KINDS, K8sObject, is_config_file

CODE = "K101"
NAME = "missing-required-field"
SUMMARY = "apiVersion, kind, metadata.name or a required spec is missing"
SEVERITY = Severity.ERROR
REMEDIATION = "Add the missing field."



def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.kind in SYNTHETIC_KINDS:
        return
    value = obj.value
    for field in ("apiVersion", "kind"):
        present = value.get(field)
        if present is None or present == "":
            yield Problem((), f'missing required field "{field}"')
        elif not isinstance(present, str):
            yield Problem((field,), f'"{field}" must be a string, not {type(present).__name__} {present!r}')
    if is_config_file(obj):
        return
    metadata = value.get("metadata")
    if not isinstance(metadata, dict):
        if metadata is None:
            yield Problem((), 'missing required field "metadata"')
        else:
            yield Problem(("metadata",), f'"metadata" must be a mapping, not {type(metadata).__name__}')
        return
    if not metadata.get("name") and not metadata.get("generateName"):
        yield Problem(("metadata",), 'missing required field "metadata.name" (or "metadata.generateName")')
    if obj.group in SPEC_REQUIRED_KINDS.get(obj.kind, ()):
        spec = value.get("spec")
        if spec is None:
            yield Problem((), f'missing required field "spec" (required for {obj.kind})')
        elif not isinstance(spec, dict):
            yield Problem(("spec",), f'"spec" must be a mapping, not {type(spec).__name__}')
