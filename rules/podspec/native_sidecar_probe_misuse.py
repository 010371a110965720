"""
## What it does
Reports a `livenessProbe`, `readinessProbe`, `startupProbe` or `lifecycle` on an init container that is not
a native sidecar (no `restartPolicy: Always`). The API server rejects them
(`pkg/apis/core/validation/validation.go`, `validateInitContainers`: "may not be set for init containers
without restartPolicy=Always"). Native sidecars may have them and are not reported.

No peer knows native sidecars: Checkov's probe checks flag init containers for lacking probes they may
not have (bridgecrewio/checkov#4807).

## Why is this bad?
`kubectl apply` fails. Usually a sidecar was moved to `initContainers` without `restartPolicy: Always`, or
a probe was copied from the main container.

## Example
```yaml
initContainers:
  - name: proxy
    image: envoyproxy/envoy:v1.31.0
    readinessProbe:
      httpGet: {path: /ready, port: 9901}
```

Use instead:
```yaml
initContainers:
  - name: proxy
    image: envoyproxy/envoy:v1.31.0
    restartPolicy: Always
    readinessProbe:
      httpGet: {path: /ready, port: 9901}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers, is_native_sidecar

CODE = "K815"
NAME = "native-sidecar-probe-misuse"
SUMMARY = "a probe or lifecycle hook on an init container that is not a native sidecar"
SEVERITY = Severity.ERROR
REMEDIATION = "Remove the probe or hook, or make the init container a native sidecar with `restartPolicy: Always`."
KINDS = POD_CARRIERS

_FIELDS = ("livenessProbe", "readinessProbe", "startupProbe", "lifecycle")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj, ("initContainers",)):
        if is_native_sidecar(path, container):
            continue
        for field in _FIELDS:
            if container.get(field) is not None:
                yield Problem(
                    (*path, field),
                    f'init container "{container.get("name")}" has a {field}, which only native sidecars (restartPolicy: Always) may have',
                    on_key=True,
                )
