"""
## What it does
Reports every container (init, regular, ephemeral) without `securityContext.readOnlyRootFilesystem:
true`; unset counts. kube-linter `no-read-only-root-fs`, kube-score
`container-security-context-readonlyrootfilesystem` and Polaris `notReadOnlyRootFilesystem` check the
same field. Polaris also accepts a pod-level `readOnlyRootFilesystem`, which PodSecurityContext does not
have (the API server drops it): k8slint reads the container's field only. Windows pods
(`spec.os.name: windows`) are skipped, as the API server rejects the field there.

## Why is this bad?
A writable root filesystem lets an attacker who got into the container replace its binaries and
libraries, and keep tools and payloads there. Applications that write caches or temporary files can
mount an `emptyDir` at those paths and keep the rest read-only.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
```

Use instead:
```yaml
containers:
  - name: web
    image: nginx:1.27
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
      - {name: cache, mountPath: /var/cache/nginx}
volumes:
  - name: cache
    emptyDir: {}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, container_field
from k8slint.podsecurity import container_context, pod_view, who

CODE = "K735"
NAME = "read-only-root-filesystem"
SUMMARY = "a container's root filesystem is writable"
SEVERITY = Severity.INFO
REMEDIATION = "Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the container writes."
KINDS = POD_CARRIERS
PROFILE = "hardening"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    pod = pod_view(obj)
    if pod is None or pod.windows():
        return
    for path, container in pod.containers:
        value = container_context(container).get("readOnlyRootFilesystem")
        if value is not True:
            state = "sets readOnlyRootFilesystem: false" if value is False else "does not set readOnlyRootFilesystem: true"
            yield Problem(container_field(path, container, ("securityContext", "readOnlyRootFilesystem")), f"{who(path, container)} {state}")
