"""
## What it does
Reports an object of the selected kinds that lacks a label or annotation the options require, or whose
value does not match the required pattern (an RE2 regular expression matched against the whole value).

Peers: kube-linter `required-label-owner` (label `owner`) and `required-annotation-email` (annotation
`email`), both off by default.

## Why is this bad?
Teams find who owns a workload, which cost center pays for it, or whom to page, from its labels and
annotations. An object without them is one nobody answers for during an incident.

## Example
```yaml
# .k8slint.yaml
profiles: [conventions]
rules:
  required-label:
    labels: {owner: ""}
    annotations: {email: '[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+'}
```
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
```

Use instead:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {owner: shop-team}
  annotations: {email: shop-team@example.com}
```

## Options
- `labels` (dict, default `{owner: ""}`): label keys, each with a pattern its value must match (`""`:
  any value).
- `annotations` (dict, default `{}`): annotation keys, likewise.
- `kinds` (list, default the Pod carriers): the kinds checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, CONFIGURED_POD_TEMPLATES, K8sObject

CODE = "K140"
NAME = "required-label"
SUMMARY = "an object lacks a label or annotation the configuration requires"
SEVERITY = Severity.INFO
REMEDIATION = "Add the required labels and annotations to the object's metadata."
PROFILE = "conventions"
OPTIONS = {
    "labels": (dict, {"owner": ""}),
    "annotations": (dict, {}),
    "kinds": (list, [kind for kind in POD_CARRIERS if kind != CONFIGURED_POD_TEMPLATES]),
}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint.regex import compile as compile_regex

    if obj.kind not in ctx.options["kinds"]:
        return
    for field, present in (("labels", obj.labels), ("annotations", obj.annotations)):
        for key, pattern in ctx.options[field].items():
            singular = field[:-1]
            if key not in present:
                yield Problem(("metadata", field) if field in obj.metadata else ("metadata",), f'the {singular} "{key}" is missing', on_key=True)
                continue
            value = present[key]
            compiled = compile_regex(pattern) if isinstance(pattern, str) and pattern else None
            if compiled is not None and not (isinstance(value, str) and compiled.fullmatch(value)):
                yield Problem(("metadata", field, key), f'the {singular} "{key}" does not match "{pattern}"')
