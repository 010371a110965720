"""
## What it does
Reports an object whose name, namespace, labels or `spec.selector` still hold a variable
placeholder (`${VAR}`, `${VAR:=default}`, `$VAR` or `$(VAR)`): a file written for envsubst, Flux's
`postBuild.substitute`, kustomize `vars` or a `sed` step, linted before that step. There is one
finding per object, at its first placeholder (in the order name, generateName, namespace, labels,
template labels, selector); it says how many more fields hold one. Those fields are not also
reported by `invalid-name`, `invalid-label` or `invalid-selector`, whose syntax errors would only
repeat that the file is not substituted (turn this rule off to get them back).

Only names, namespaces, label keys and values, and `spec.selector` keys and values are looked at:
`$` is invalid there (RBAC names, which allow it, are never meant to hold one), so a placeholder
cannot be a deliberate value. Elsewhere `$VAR` is often meant literally (shell scripts in `args`,
nginx annotations) and `$(VAR)` is expanded by Kubernetes itself in container `command`, `args`
and `env` values. A value wrapped in parentheses is a chainsaw test expression over its bindings
(`($namespace)`), not a placeholder, and is left alone.

This is not `unrendered-template`: that finding is for a file that is not YAML until a template
engine runs (`{{ ... }}`), and stops everything else; a file with placeholders is valid YAML whose
other fields are linted as usual, so it gets its own rule, which users of substitution tools can
turn off (`--ignore unsubstituted-variable`) when they lint the rendered output elsewhere.

## Why is this bad?
Applied as it is, the API server rejects the object (a name or label with `$`), or, with
`kubectl apply` through a substituting tool that misses the variable, it gets an empty name.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: ${APP}-service
```

Use instead: lint what the substitution produces, e.g.
`APP=web envsubst < service.yaml | k8slint lint -`, or `flux build kustomization ... | k8slint lint -`.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, is_config_file
from k8slint.substitution import identity_fields, placeholder

CODE = "K007"
NAME = "unsubstituted-variable"
SUMMARY = "a name, namespace, label or selector holds an unsubstituted ${VAR} placeholder"
SEVERITY = Severity.WARNING
REMEDIATION = "Lint the output of the substitution step (envsubst, flux build), or exclude the file with `ignore`."


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_config_file(obj):
        return
    found = [(path, on_key, text, variable) for path, on_key, text in identity_fields(obj) if (variable := placeholder(text))]
    if not found:
        return
    path, on_key, text, variable = found[0]
    more = f" (and {len(found) - 1} more field{'s' if len(found) > 2 else ''})" if len(found) > 1 else ""
    yield Problem(path, f'{_describe(path, on_key, text)} holds the unsubstituted variable "{variable}"{more}', on_key=on_key)


def _describe(path: tuple, on_key: bool, text: str) -> str:
    parent = ".".join(str(part) for part in path[:-1])
    if path[-2] != "labels":
        return f'{parent}.{path[-1]} "{text}"'
    return f'label key "{text}" in {parent}' if on_key else f'label "{path[-1]}" value "{text}" in {parent}'
