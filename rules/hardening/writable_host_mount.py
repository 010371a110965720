"""
## What it does
Reports a container's `volumeMounts` entry for a hostPath volume without `readOnly: true`, in every
container list (init, regular, ephemeral): kube-linter's `writable-host-mount`
(`pkg/templates/writablehostmount`).

## Why is this bad?
A writable hostPath mount lets the container change the node's files: a compromised container can
plant binaries or configuration the node later runs, or fill the node's disk. Most agents only read
what they mount (logs, `/proc`, `/sys`).

## Example
```yaml
containers:
  - name: shipper
    image: fluent/fluent-bit:3.1
    volumeMounts:
      - name: varlog
        mountPath: /var/log
volumes:
  - name: varlog
    hostPath: {path: /var/log}
```

Use instead:
```yaml
containers:
  - name: shipper
    image: fluent/fluent-bit:3.1
    volumeMounts:
      - name: varlog
        mountPath: /var/log
        readOnly: true
volumes:
  - name: varlog
    hostPath: {path: /var/log}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.mounts import host_path_volumes
from k8slint.objects import POD_CARRIERS, K8sObject, container_field, get

CODE = "K732"
NAME = "writable-host-mount"
SUMMARY = "a container mounts a path of the node writable"
SEVERITY = Severity.INFO
REMEDIATION = "Add `readOnly: true` to the volumeMount, unless the container must write to the node."
KINDS = POD_CARRIERS
PROFILE = "hardening"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for volume in host_path_volumes(obj):
        spec_path = volume.path[:-2]
        for mount in volume.mounts:
            if mount.read_only:
                continue
            at = (*spec_path, *mount.path)
            entry = get(obj.value, at)
            yield Problem(
                container_field(at, entry, ("readOnly",)) if isinstance(entry, dict) else at,
                f'container "{mount.container}" mounts {volume.describe()} ({volume.host_path} of the node) writable',
            )
