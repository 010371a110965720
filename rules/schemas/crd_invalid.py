"""
## What it does
Checks what the API server requires of a CustomResourceDefinition beyond its field types: exactly
one version marked `storage: true`, at least one served version, a schema for every version, and
schemas that are structural (every node has a `type`, `allOf`/`anyOf`/`oneOf`/`not` only restrict
fields that are also specified outside them, no `$ref`, no `additionalProperties: false`, `metadata`
restricted to `name` and `generateName`, and so on).

## Why is this bad?
The API server rejects such a CRD, so neither it nor any of its custom resources can be created.

## Example
```yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: false
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              properties:
                size: {type: integer}
```

Use instead:
```yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K303"
NAME = "crd-invalid"
SUMMARY = "custom resource definition the API server rejects: storage or served versions, or a non-structural schema"
SEVERITY = Severity.ERROR
REMEDIATION = "Mark exactly one served version as storage and make every schema structural."
KINDS = ("CustomResourceDefinition",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.group != "apiextensions.k8s.io":
        return
    from k8slint import schemas

    for error in schemas.crd_problems(obj.value):
        yield Problem(error.path, error.message, on_key=error.on_key)
