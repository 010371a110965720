"""
## What it does
Reports a ConfigMap `data` entry that holds a credential: a short, one-line value under a key that says
it is one (a word of the key is `password`, `token`, `bearer` or `secret`, or it is a cloud credential's
name: Polaris' `sensitiveConfigmapContent`), or a PEM private key anywhere in a value (the finding points
at the `-----BEGIN` line inside the text). Keys describing where a credential is (`token_path`,
`bearer_token_file`) and values that cannot be one (paths, booleans, numbers, URLs without a password)
are left alone, as are long or multi-line values under such keys: they are embedded configuration files,
not credentials.

## Why is this bad?
ConfigMaps are not meant for secrets: any user or ServiceAccount allowed to read configuration reads
them, they are not encrypted at rest, and tools print them freely (`kubectl describe`, dashboards,
diffs in CI logs).

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: app}
data:
  DB_PASSWORD: hunter2
```

Use instead:
```yaml
apiVersion: v1
kind: Secret
metadata: {name: app}
stringData:
  DB_PASSWORD: hunter2   # created from a secret store, not committed
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject
from k8slint.secrets import is_sensitive_name, may_be_credential, private_key_at

CODE = "K747"
NAME = "sensitive-configmap-data"
SUMMARY = "a ConfigMap holds a credential"
SEVERITY = Severity.WARNING
REMEDIATION = "Move the credential to a Secret and reference it from there."
KINDS = ("ConfigMap",)
CHECKS_PATCHES = True  # a kustomize patch is checked for the data it sets

SHORT = 200  # longer values under a sensitive key are configuration texts, not credentials


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    data = obj.value.get("data")
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        found = private_key_at(value)
        if found is not None:
            yield Problem(("data", key), f'key "{key}" holds a private key', inner=found)
        elif is_sensitive_name(key) and "\n" not in value.strip() and len(value) <= SHORT and may_be_credential(value):
            yield Problem(("data", key), f'key "{key}" holds a literal credential')
