"""Unsubstituted variables: `${VAR}`, `$VAR` and `$(VAR)` placeholders left for a tool to fill in.

envsubst and Flux's `postBuild.substitute` replace `${VAR}` and `$VAR` (Flux also `${VAR:=default}`
and other bash forms), kustomize `vars` and sed-driven examples replace `$(VAR)`. A manifest holding
one in a name or a label has not been through that step yet. Kubernetes itself expands `$(VAR)` only
in container `command`, `args` and `env` values, never in names or labels, where `$` is invalid.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import FieldPath
from k8slint.objects import K8sObject, get, pod_template
from k8slint.regex import LazyPattern

_PLACEHOLDER = LazyPattern(r"\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\$[A-Za-z_][A-Za-z0-9_]*")


def placeholder(text: object) -> str | None:
    """The first unsubstituted variable in `text`, or None (also for non-strings).

    A value wrapped in parentheses is a chainsaw expression (`(join('-', [$namespace, 'x']))`),
    JMESPath over the test's bindings: a test-harness file, not one waiting for envsubst.
    """
    if not isinstance(text, str) or "$" not in text or (text.startswith("(") and text.endswith(")")):
        return None
    found = _PLACEHOLDER.search(text)
    return found.group(0) if found is not None else None


def identity_fields(obj: K8sObject) -> Iterator[tuple[FieldPath, bool, str]]:
    """(path, on_key, text) of the fields whose syntax the API server validates and no tool of
    Kubernetes expands: the name, generateName and namespace, the label keys and values of the
    object and of its Pod and Job templates, and the keys and values of its `spec.selector`."""
    metadata_paths: list[FieldPath] = [("metadata",)]
    if obj.kind == "CronJob":
        metadata_paths.append(("spec", "jobTemplate", "metadata"))
    found = pod_template(obj)
    if found is not None:
        metadata_paths.append((*found[0], "metadata"))
    for metadata_path in metadata_paths:
        metadata = get(obj.value, metadata_path)
        if not isinstance(metadata, dict):
            continue
        if metadata_path == ("metadata",):
            for field in ("name", "generateName", "namespace"):
                value = metadata.get(field)
                if isinstance(value, str):
                    yield (*metadata_path, field), False, value
        labels = metadata.get("labels")
        if isinstance(labels, dict):
            for key, value in labels.items():
                yield (*metadata_path, "labels", key), True, str(key)
                if isinstance(value, str):
                    yield (*metadata_path, "labels", key), False, value
    yield from _selector_fields(get(obj.value, SELECTOR_PATH))


SELECTOR_PATH = ("spec", "selector")


def _selector_fields(selector: object) -> Iterator[tuple[FieldPath, bool, str]]:
    """The keys and values of `spec.selector`: a LabelSelector, or a plain map (Service, ReplicationController)."""
    if not isinstance(selector, dict):
        return
    structured = "matchLabels" in selector or "matchExpressions" in selector
    labels = selector.get("matchLabels") if structured else selector
    prefix = (*SELECTOR_PATH, "matchLabels") if structured else SELECTOR_PATH
    if isinstance(labels, dict):
        for key, value in labels.items():
            yield (*prefix, key), True, str(key)
            if isinstance(value, str):
                yield (*prefix, key), False, value
    expressions = selector.get("matchExpressions") if structured else None
    for index, expression in enumerate(expressions if isinstance(expressions, list) else ()):
        if not isinstance(expression, dict):
            continue
        path = (*SELECTOR_PATH, "matchExpressions", index)
        if isinstance(expression.get("key"), str):
            yield (*path, "key"), False, expression["key"]
        values = expression.get("values")
        for position, value in enumerate(values if isinstance(values, list) else ()):
            if isinstance(value, str):
                yield (*path, "values", position), False, value
