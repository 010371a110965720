"""
## What it does
Reports an apiVersion and kind that k8slint has no schema for: not a built-in kind of the configured
`kubernetesVersion`, not defined by a CustomResourceDefinition in the input set, not found in the
`schemaDirs`, and not a configuration kind k8slint understands. Reported once per kind and file,
at its first object.

## Why is this bad?
Such objects are not validated at all, so typos in them go unnoticed. A misspelled apiVersion or
kind is also rejected by the API server ("no matches for kind"), and a custom resource whose CRD
is kept elsewhere can be validated by adding its schema to `schemaDirs`.

## Example
```yaml
apiVersion: apps/v1
kind: Deploymnet
metadata: {name: web}
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Problem, Severity
from k8slint.objects import K8sObject

CODE = "K302"
NAME = "unknown-kind"
SUMMARY = "no schema is known for this apiVersion and kind"
SEVERITY = Severity.INFO
REMEDIATION = "Fix the apiVersion or kind, add the CustomResourceDefinition, or add its schema to schemaDirs."
CROSS_OBJECT = True


def needs_input_set(obj: K8sObject, settings) -> bool:
    """A kind with a built-in or shipped schema is never unknown; only the others need the input set."""
    from k8slint import schemas

    return not schemas.has_own_schema(obj.api_version, obj.kind, settings.kubernetes_version)



def _first_unknown(ctx) -> set[int]:
    """id() of the first object of each unknown (file, apiVersion, kind), in input order."""
    from k8slint import deprecations, schemas
    from k8slint.rules.schema_invalid import VALIDATED_ELSEWHERE, custom_schemas

    custom = custom_schemas(ctx.objects, ctx.settings)
    version = ctx.settings.kubernetes_version
    seen: set[tuple] = set()
    first: set[int] = set()
    for obj in ctx.objects:  # input order
        if not obj.api_version or not obj.kind or (obj.group, obj.kind) in VALIDATED_ELSEWHERE:
            continue
        key = (obj.file, obj.api_version, obj.kind)
        if key in seen:
            continue
        seen.add(key)
        # A deprecated or removed built-in is deprecated-api-version's finding, not an unknown kind.
        if deprecations.lookup(obj.api_version, obj.kind) is not None:
            continue
        if schemas.find_validator(obj.api_version, obj.kind, version, custom) is None:
            first.add(id(obj))
    return first


def check(obj: K8sObject, ctx) -> Iterator[Problem]:
    if not obj.api_version or not obj.kind:
        return
    if id(obj) not in ctx.objects.memo(NAME, lambda: _first_unknown(ctx)):
        return
    major, minor = ctx.settings.kubernetes_version
    yield Problem(
        ("kind",),
        f'no schema for kind "{obj.kind}" of "{obj.api_version}": not a built-in kind of Kubernetes '
        f"{major}.{minor}, and no CustomResourceDefinition or schema directory defines it",
    )
