"""
## What it does
Reports a container (init, regular, ephemeral) that reads a Secret into its environment:
`env[*].valueFrom.secretKeyRef` or `envFrom[*].secretRef` (kube-linter's `read-secret-from-env-var`,
CIS Kubernetes Benchmark 5.4.1; Checkov CKV_K8S_35).

## Why is this bad?
Environment variables leak: applications log them on crashes and in debug pages, child processes
inherit them, and they stay readable in `/proc/<pid>/environ`. They are fixed at start, so a rotated
Secret needs a restart. Files from a secret volume have none of these problems. This advice contradicts
`env-secret-literal`'s only in appearance (a secretKeyRef is better than a literal; a file is better
still), which is why it is off unless the `hardening` profile is on.

## Example
```yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: {name: db, key: password}
```

Use instead:
```yaml
volumeMounts:
  - {name: db, mountPath: /etc/db, readOnly: true}
```
with a `secret` volume named `db`.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers, get
from k8slint.podsecurity import who

CODE = "K746"
NAME = "secret-in-env"
SUMMARY = "a container reads a Secret into environment variables"
SEVERITY = Severity.INFO
REMEDIATION = "Mount the Secret as a volume and read the file instead of an environment variable."
KINDS = POD_CARRIERS
PROFILE = "hardening"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj):
        env = container.get("env")
        for index, variable in enumerate(env if isinstance(env, list) else ()):
            secret = get(variable, ("valueFrom", "secretKeyRef"))
            if isinstance(secret, dict):
                yield Problem(
                    (*path, "env", index, "valueFrom", "secretKeyRef"),
                    f'{who(path, container)} reads Secret "{secret.get("name")}" into "{variable.get("name")}"',
                )
        sources = container.get("envFrom")
        for index, source in enumerate(sources if isinstance(sources, list) else ()):
            secret = get(source, ("secretRef",))
            if isinstance(secret, dict):
                yield Problem(
                    (*path, "envFrom", index, "secretRef"),
                    f'{who(path, container)} reads every key of Secret "{secret.get("name")}" into its environment',
                )
