"""
## What it does
Reports a container environment variable (init, regular and ephemeral containers) whose literal
`value` is a credential: its name says so (a word of it is `password`, `token`, `bearer` or `secret`, or
it is `AWS_SECRET_ACCESS_KEY`, `GOOGLE_APPLICATION_CREDENTIALS`, `AZURE_*KEY` or `OCI_CLI_KEY_CONTENT`,
as in Polaris' `sensitiveContainerEnvVar` and kube-linter's `env-var-secret`), or its value holds a PEM
private key. Values that cannot be credentials are left alone: empty values, paths, booleans, numbers,
URLs without a password and `$(VAR)` references; so are names that describe where a credential is or
what it is called (`SECRETS_DIR`, `TOKEN_FILE`, `SECRET_NAME`: the false positives of
stackrox/kube-linter#1198 and kubescape/regolibrary#697). `valueFrom` is never reported
(stackrox/kube-linter#72).

## Why is this bad?
A literal value is stored in the manifest, in version control, in the object the API server keeps (any
user who may read the Deployment reads it: Secrets have their own RBAC and encryption at rest), and in
every rendered copy. Rotating it means redeploying.

## Example
```yaml
env:
  - name: DB_PASSWORD
    value: hunter2
```

Use instead:
```yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: {name: db, key: password}
```

## Options
- `allowNames` (list, default `[]`): variable names never reported (exact, case-sensitive).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers
from k8slint.podsecurity import who
from k8slint.secrets import is_sensitive_name, may_be_credential, private_key_at

CODE = "K745"
NAME = "env-secret-literal"
SUMMARY = "a container environment variable holds a credential in plain text"
SEVERITY = Severity.WARNING
REMEDIATION = "Keep the value in a Secret and read it with `valueFrom.secretKeyRef`."
KINDS = POD_CARRIERS
CHECKS_PATCHES = True  # a kustomize patch is checked for the variables it sets
OPTIONS = {"allowNames": (list, [])}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    allowed = set(ctx.options["allowNames"])
    for path, container in containers(obj):
        env = container.get("env")
        for index, variable in enumerate(env if isinstance(env, list) else ()):
            if not isinstance(variable, dict):
                continue
            name, value = variable.get("name"), variable.get("value")
            if not isinstance(name, str) or not isinstance(value, str) or name in allowed:
                continue
            at = (*path, "env", index, "value")
            key = private_key_at(value)
            if key is not None:
                yield Problem(at, f'{who(path, container)} sets "{name}" to a private key', inner=key)
            elif is_sensitive_name(name) and may_be_credential(value):
                yield Problem(at, f'{who(path, container)} sets "{name}" to a literal value')
