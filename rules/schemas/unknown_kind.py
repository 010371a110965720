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

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K302"
NAME = "unknown-kind"
SUMMARY = "no schema is known for this apiVersion and kind"
SEVERITY = Severity.INFO
REMEDIATION = "Fix the apiVersion or kind, add the CustomResourceDefinition, or add its schema to schemaDirs."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """The first object of each unknown (file, apiVersion, kind), in input order."""
    from k8slint import deprecations, schemas

    version = ctx.settings.kubernetes_version
    custom = None
    seen: set[tuple] = set()
    for obj in objects:
        if not obj.api_version or not obj.kind or schemas.has_own_schema(obj.api_version, obj.kind, version):
            continue
        if (obj.group, obj.kind) in schemas.UNDERSTOOD_WITHOUT_SCHEMA:
            continue
        key = (obj.file, obj.api_version, obj.kind)
        if key in seen:
            continue
        seen.add(key)
        # A deprecated or removed built-in is deprecated-api-version's finding, not an unknown kind.
        if deprecations.lookup(obj.api_version, obj.kind) is not None:
            continue
        if custom is None:
            custom = schemas.custom_schemas(objects)
        if schemas.find_validator(obj.api_version, obj.kind, version, custom) is None:
            major, minor = version
            yield obj, Problem(
                ("kind",),
                f'no schema for kind "{obj.kind}" of "{obj.api_version}": not a built-in kind of Kubernetes '
                f"{major}.{minor}, and no CustomResourceDefinition or schema directory defines it",
            )
