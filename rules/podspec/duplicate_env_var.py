"""
## What it does
Reports an environment variable defined twice in one container's `env` list (init, regular and ephemeral
containers), at the second definition.

Peers: kube-linter `duplicate-env-var`, kube-score `environment-variable-key-duplication`.

## Why is this bad?
The API server accepts it and the last definition wins at runtime, but `env` is a list merged by its
`name` key: server-side apply refuses the object (`duplicate entries for key [name="LOG_LEVEL"]`), and a
client-side `kubectl apply` patch drops one of the two, so what runs is not what the manifest says. Most
often one of the two values is stale.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
    env:
      - {name: LOG_LEVEL, value: info}
      - {name: LOG_LEVEL, value: debug}
```

Use instead:
```yaml
    env:
      - {name: LOG_LEVEL, value: debug}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers

CODE = "K107"
NAME = "duplicate-env-var"
SUMMARY = "a container defines an environment variable twice"
SEVERITY = Severity.WARNING
REMEDIATION = "Keep one definition of each environment variable per container."
KINDS = POD_CARRIERS


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj):
        env = container.get("env")
        first: dict[str, int] = {}
        for index, item in enumerate(env if isinstance(env, list) else ()):
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str):
                continue
            if name in first:
                yield Problem(
                    (*path, "env", index, "name"),
                    f'environment variable "{name}" is defined twice in container "{container.get("name")}"',
                    related=(Related(obj, (*path, "env", first[name], "name"), "the first definition"),),
                )
            else:
                first[name] = index
