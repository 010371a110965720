"""
## What it does
Checks label keys and values, and annotation keys and values, of an object and of its Pod
template, against the API server's rules:
- keys: an optional DNS-1123 subdomain prefix (at most 253 characters) and `/`, then a name of at
  most 63 alphanumerics, `-`, `_` or `.`, starting and ending with an alphanumeric;
- label values: empty, or at most 63 such characters;
- values must be strings. Kubernetes reads plain YAML scalars with YAML 1.1 rules, so `true`,
  `yes`, `on`, `y`, `1.10` and `0755` are booleans or numbers there, and the object is rejected
  ("cannot unmarshal bool into ... of type string");
- all annotations together at most 256 KiB.

An empty value (`app:`, YAML null) is accepted: the API server's JSON decoder leaves a null in a
`map[string]string` as the empty string (sigs.k8s.io/json, "ignore null for primitives/string"), and
`""` is a valid label and annotation value. k8slint reads it as `""` too, in selectors and matching. It
is not reported, not even as information: unquoted empty values are the usual spelling of marker labels
such as `node-role.kubernetes.io/control-plane:`, and nothing in the manifest tells those apart from a
value a template rendered empty (an unrendered `{{ ... }}` is `unrendered-template`'s business).

A label key or value holding a `${VAR}`, `$VAR` or `$(VAR)` placeholder is left to
`unsubstituted-variable` (one finding for the object), and reported here only when that rule is off.

## Why is this bad?
`kubectl apply` fails on the whole object. Unquoted `version: 1.10` is especially treacherous: it
is the number 1.1, not the string "1.10".

## Example
```yaml
metadata:
  labels:
    app.kubernetes.io/name: web
    enabled: true
    version: 1.10
```

Use instead:
```yaml
metadata:
  labels:
    app.kubernetes.io/name: web
    enabled: "true"
    version: "1.10"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint import validation
from k8slint.model import Context, FieldPath, Problem, ProblemFix, Quote, Severity
from k8slint.objects import K8sObject, get, is_config_file, pod_template
from k8slint.substitution import placeholder

CODE = "K103"
NAME = "invalid-label"
SUMMARY = "a label or annotation key or value is invalid"
SEVERITY = Severity.ERROR
REMEDIATION = "Quote non-string values, and keep keys and values to the allowed characters and lengths."
CHECKS_PATCHES = True  # a kustomize patch is checked for the fields it sets
FIX = "safe"  # `yes` -> `"yes"`: the value as written, which Kubernetes rejects unquoted

SUPERSEDED_BY = ("unsubstituted-variable",)

ANNOTATIONS_TOTAL_MAX = 256 * 1024
_YAML_TYPE_NAMES = {bool: "a boolean", int: "a number", float: "a number"}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_config_file(obj):
        return
    yield from _check_metadata(obj.value.get("metadata"), ("metadata",))
    if obj.kind == "CronJob":
        yield from _check_metadata(get(obj.value, ("spec", "jobTemplate", "metadata")), ("spec", "jobTemplate", "metadata"))
    found = pod_template(obj)
    if found is not None:
        path, template = found
        yield from _check_metadata(template.get("metadata"), (*path, "metadata"))


def _check_metadata(metadata: object, path: FieldPath) -> Iterator[Problem]:
    if not isinstance(metadata, dict):
        return
    labels = metadata.get("labels")
    if isinstance(labels, dict):
        for key, value in labels.items():
            yield from _check_key("label", key, (*path, "labels", key))
            yield from _check_value("label", key, value, (*path, "labels", key), validation.label_value)
    annotations = metadata.get("annotations")
    if isinstance(annotations, dict):
        total = 0
        for key, value in annotations.items():
            yield from _check_key("annotation", key, (*path, "annotations", key))
            yield from _check_value("annotation", key, value, (*path, "annotations", key), None)
            total += len(key) + (len(value) if isinstance(value, str) else 0)
        if total > ANNOTATIONS_TOTAL_MAX:
            yield Problem(
                (*path, "annotations"),
                f"annotations total {total:,} bytes, more than the {ANNOTATIONS_TOTAL_MAX:,} Kubernetes allows",
                on_key=True,
            )


def _check_key(what: str, key: str, path: FieldPath) -> Iterator[Problem]:
    errors = validation.qualified_name(key)
    if errors:
        yield Problem(path, f'{what} key "{key}" is invalid: {"; ".join(errors)}', on_key=True, superseded_by=_unsubstituted(what, key))


def _check_value(what: str, key: str, value: object, path: FieldPath, validate: object) -> Iterator[Problem]:
    if value is None:  # stored as "" by the decoder, which is valid
        return
    if not isinstance(value, str):
        type_name = _YAML_TYPE_NAMES.get(type(value), f"a {type(value).__name__}")
        # Quoted as written: for a label, not a negative or infinite number, whose text cannot start a
        # label value (`-1`, `.inf`).
        scalar = isinstance(value, bool) or (
            isinstance(value, (int, float)) and (what == "annotation" or (0 <= value < float("inf")))
        )
        yield Problem(
            path,
            f'{what} "{key}" has {type_name} value {_yaml_text(value)}, which Kubernetes rejects; {what} values must be strings',
            fix=ProblemFix("quote the value as written", (Quote(path),)) if scalar else None,
        )
        return
    if validate is not None:
        errors = validate(value)
        if errors:
            yield Problem(
                path, f'{what} "{key}" value "{value}" is invalid: {"; ".join(errors)}', superseded_by=_unsubstituted(what, value)
            )


def _yaml_text(value: object) -> str:
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, (list, dict)):
        return "(a " + ("list" if isinstance(value, list) else "mapping") + ")"
    return repr(value)


def _unsubstituted(what: str, text: str) -> str | None:
    """Labels holding a placeholder are unsubstituted-variable's (annotations may hold `$` as such)."""
    return "unsubstituted-variable" if what == "label" and placeholder(text) is not None else None
