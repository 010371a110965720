"""
## What it does
Validates each object against the schema of its apiVersion and kind for the configured
`kubernetesVersion`: the built-in kinds' OpenAPI-derived schemas, the `openAPIV3Schema` of a
CustomResourceDefinition in the input set, a user schema from `schemaDirs`, or the schemas k8slint
ships for KubeletConfiguration and OpenTelemetry Collector configurations. Validation is strict:
a field the schema does not define is an error, with a suggestion when a known field is close.
Each mistake is reported once, at the key or value concerned. A kustomize patch is checked for the
fields it sets (unknown fields, wrong types, values outside an enum), never for the required fields it
leaves out, and strategic-merge directives (`$patch`, `$retainKeys`...) are not fields.

`status` is written by controllers, and the API server resets it on create (each kind's registry
strategy, `PrepareForCreate`: pkg/registry/core/pod/strategy.go `pod.Status = api.PodStatus{...}`,
and alike for workloads, Services, FlowSchemas...; apiextensions-apiserver's customresource strategy
for custom resources with the status subresource: "create cannot set status"). So only what the
decoder sees before that is checked there: wrong types, unknown fields and numbers out of range of a
built-in kind, and unknown fields of a custom resource with the status subresource. The `required`
lists of status types (a PodCondition's `status`) are not enforced, and neither is anything else in
such a custom resource's status.

KubeletConfiguration is checked against the fields of the newest kubelet, whatever `kubernetesVersion`
says: a field added in a later release than your kubelet's passes unnoticed. The kubelet decodes its
configuration leniently (pkg/kubelet/kubeletconfig/util/codec/codec.go `DecodeKubeletConfiguration`
logs "Using lenient decoding as strict decoding failed" and ignores the unknown field), and a table of
the release that added each of its 120-odd fields would have to come from every release's
`k8s.io/kubelet/config/v1beta1/types.go`, which k8slint's references do not tie to releases; a
partial table would report fields as unknown that the kubelet knows.

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

from k8slint.model import Context, FieldPath, Problem, Settings, Severity
from k8slint.objects import SPEC_REQUIRED_KINDS, ApplySet, K8sObject, pod_template

CODE = "K301"
NAME = "schema-invalid"
SUMMARY = "object does not match the schema of its apiVersion and kind"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the field name, type or value to match the API's schema."
CHECKS_PATCHES = True  # a kustomize patch is checked for the fields it sets
# The more specific rules that report parts of what the schema says, in their own words.
SUPERSEDED_BY = (
    "missing-required-field",  # apiVersion, kind, metadata and a required spec missing at the top
    "missing-selector",  # an apps/v1 controller without spec.selector
    "flowschema-invalid",  # FlowSchema types and required fields, as the API server words them
    "prioritylevel-invalid",  # the same for PriorityLevelConfigurations
    "invalid-label",  # label and annotation values that are not strings
    "tracing-config-invalid",  # TracingConfiguration, validated by the API server's own rules
)

_TOP_LEVEL_REQUIRED = frozenset({"apiVersion", "kind", "metadata"})
_LABEL_MAPS = ("labels", "annotations")
_FLOWCONTROL = "flowcontrol.apiserver.k8s.io"
_SELECTOR_REQUIRED = frozenset(("apps", kind) for kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"))
_TRACING_CONFIGURATION = ("apiserver.config.k8s.io", "TracingConfiguration")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    """Objects with a built-in or shipped schema: no other object is needed to validate them."""
    from k8slint import schemas

    if schemas.has_own_schema(obj.api_version, obj.kind, ctx.settings.kubernetes_version):
        yield from _validate(obj, ctx.settings, None)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """Custom resources, validated against the CustomResourceDefinitions of the apply set and the schema directories."""
    from k8slint import schemas

    version = ctx.settings.kubernetes_version
    custom = None
    for obj in objects:
        if obj.kind is None or schemas.has_own_schema(obj.api_version, obj.kind, version):
            continue
        if custom is None:
            custom = schemas.custom_schemas(objects)
        try:
            problems = list(_validate(obj, ctx.settings, custom))
        except (TypeError, ValueError, AttributeError):
            continue  # the CRD's schema is malformed (a keyword of the wrong type): its resources cannot be checked
        for problem in problems:
            yield obj, problem


def _validate(obj: K8sObject, settings: Settings, custom) -> Iterator[Problem]:
    from k8slint import schemas

    if obj.kind is None:
        return
    node = schemas.find_validator(obj.api_version, obj.kind, settings.kubernetes_version, custom)
    if node is None:
        return
    label_metadata = _metadata_checked_by_invalid_label(obj)
    tracing_configuration = (obj.group, obj.kind) == _TRACING_CONFIGURATION
    if obj.partial and obj.value.get("$patch") == "delete":
        return  # a deletion directive names its target; it sets no field
    status_reset = custom is not None and custom.resets_status(obj.api_version, obj.kind)
    for error in schemas.check(node, obj.value):
        if obj.partial and (error.missing is not None or any(isinstance(part, str) and part.startswith("$") for part in error.path)):
            continue  # a patch sets only what it changes; `$patch`, `$retainKeys`... are strategic-merge directives
        if error.path[:1] == ("status",) and not _decoder_error_in_status(error, custom is None, status_reset):
            continue
        yield Problem(error.path, error.message, on_key=error.on_key, superseded_by=_specific_rule(obj, error, label_metadata, tracing_configuration))


def _decoder_error_in_status(error, builtin: bool, status_reset: bool) -> bool:
    """Whether a schema error inside `status` is one the API server reports, although its strategies reset
    status before validating: a built-in kind's decoder still rejects wrong types, unknown fields and
    out-of-range numbers, but never checks the OpenAPI `required` lists (validation code does, and it
    runs on the reset status); a custom resource with the status subresource only has its unknown
    fields reported (by pruning, while decoding)."""
    if builtin:
        return error.missing is None
    return error.on_key or not status_reset


def _specific_rule(obj: K8sObject, error, label_metadata: set, tracing_configuration: bool) -> str | None:
    """The more specific rule that reports this schema error, if one does."""
    if tracing_configuration:
        return "tracing-config-invalid"
    if error.path == () and (
        error.missing in _TOP_LEVEL_REQUIRED
        or (error.missing == "spec" and obj.group in SPEC_REQUIRED_KINDS.get(obj.kind, ()))
    ):
        return "missing-required-field"
    if error.path == ("spec",) and error.missing == "selector" and (obj.group, obj.kind) in _SELECTOR_REQUIRED:
        return "missing-selector"
    if obj.group == _FLOWCONTROL and not error.on_key:
        return "flowschema-invalid" if obj.kind == "FlowSchema" else "prioritylevel-invalid"
    path = error.path
    if len(path) >= 3 and path[-2] in _LABEL_MAPS and path[:-2] in label_metadata and not error.on_key:
        return "invalid-label"
    return None


def _metadata_checked_by_invalid_label(obj: K8sObject) -> set[FieldPath]:
    """The metadata whose label and annotation values invalid-label (K103) checks: the object's and its templates'."""
    paths: set[FieldPath] = {("metadata",)}
    if obj.kind == "CronJob":
        paths.add(("spec", "jobTemplate", "metadata"))
    found = pod_template(obj)
    if found is not None:
        paths.add((*found[0], "metadata"))
    return paths
