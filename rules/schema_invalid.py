"""
## What it does
Validates each object against the schema of its apiVersion and kind for the configured
`kubernetesVersion`: the built-in kinds' OpenAPI-derived schemas, the `openAPIV3Schema` of a
CustomResourceDefinition in the input set, a user schema from `schemaDirs`, or the schemas k8slint
ships for KubeletConfiguration and OpenTelemetry Collector configurations. Validation is strict:
a field the schema does not define is an error, with a suggestion when a known field is close.
Each mistake is reported once, at the key or value concerned.

## Why is this bad?
The API server rejects a wrong type, a missing required field or a value outside an enum, and
`kubectl apply` (strict field validation) rejects unknown fields. A misspelled optional field that
a lenient client drops silently leaves a setting that never takes effect.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replica: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerport: 80
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Path, Problem, Settings, Severity
from k8slint.objects import K8sObject, ObjectSet, pod_template

CODE = "K301"
NAME = "schema-invalid"
SUMMARY = "object does not match the schema of its apiVersion and kind"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the field name, type or value to match the API's schema."
CROSS_OBJECT = True


def needs_input_set(obj: K8sObject, settings) -> bool:
    """Only objects without a built-in or shipped schema need the input set (its CustomResourceDefinitions)."""
    from k8slint import schemas

    return not schemas.has_own_schema(obj.api_version, obj.kind, settings.kubernetes_version)


CUSTOM_SCHEMAS_MEMO = "k8slint.schemas.custom"
# Known configuration kinds whose schema another rule checks: TracingConfiguration is tracing-config-invalid's.
VALIDATED_ELSEWHERE = frozenset({("apiserver.config.k8s.io", "TracingConfiguration")})
# missing-required-field (K101) reports these when they are missing at the top of the object.
_TOP_LEVEL_OWNED = frozenset({"apiVersion", "kind", "metadata"})
_LABEL_MAPS = ("labels", "annotations")
_FLOWCONTROL = "flowcontrol.apiserver.k8s.io"
_SELECTOR_OWNED = frozenset(("apps", kind) for kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"))


def custom_schemas(objects: ObjectSet, settings: Settings):
    """The run's CRD and schema-directory validators (`schemas.CustomSchemas`), shared with unknown-kind."""
    from k8slint import schemas

    def build() -> schemas.CustomSchemas:
        crds = [
            obj.value
            for obj in objects.of_kind("CustomResourceDefinition")
            if obj.group == "apiextensions.k8s.io"
        ]
        return schemas.CustomSchemas(crds, settings.schema_dirs, settings.kubernetes_version)

    return objects.memo(CUSTOM_SCHEMAS_MEMO, build)


def check(obj: K8sObject, ctx) -> Iterator[Problem]:
    if obj.kind is None or (obj.group, obj.kind) in VALIDATED_ELSEWHERE:
        return
    from k8slint import schemas
    from k8slint.rules.missing_required_field import SPEC_REQUIRED

    node = schemas.find_validator(
        obj.api_version, obj.kind, ctx.settings.kubernetes_version, custom_schemas(ctx.objects, ctx.settings)
    )
    if node is None:
        return
    spec_owned = obj.group in SPEC_REQUIRED.get(obj.kind, ())
    label_metadata = _metadata_checked_by_invalid_label(obj)
    for error in schemas.check(node, obj.value):
        if error.path == () and (error.missing in _TOP_LEVEL_OWNED or (error.missing == "spec" and spec_owned)):
            continue
        if error.path == ("spec",) and error.missing == "selector" and (obj.group, obj.kind) in _SELECTOR_OWNED:
            continue  # missing-selector (K111) reports it
        if obj.group == _FLOWCONTROL and not error.on_key:
            continue  # flowschema-invalid / prioritylevel-invalid report types and required fields, as the apiserver words them
        path = error.path
        if len(path) >= 3 and path[-2] in _LABEL_MAPS and path[:-2] in label_metadata and not error.on_key:
            continue  # a label or annotation value that is not a string: invalid-label's finding
        yield Problem(path, error.message, on_key=error.on_key)


def _metadata_checked_by_invalid_label(obj: K8sObject) -> set[Path]:
    """The metadata whose label and annotation values invalid-label (K103) checks: the object's and its templates'."""
    paths: set[Path] = {("metadata",)}
    if obj.kind == "CronJob":
        paths.add(("spec", "jobTemplate", "metadata"))
    found = pod_template(obj)
    if found is not None:
        paths.add((*found[0], "metadata"))
    return paths
