"""
## What it does
Reports every volume whose source is not `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`,
`image`, `persistentVolumeClaim`, `projected` or `secret`: the Pod Security Standards' restricted
`restrictedVolumes` check
(`staging/src/k8s.io/pod-security-admission/policy/check_restrictedVolumes.go`), which replaces
baseline's `hostPathVolumes` (so `host-path-volume` stays quiet while this rule is on).

## Why is this bad?
Other volume types (hostPath, nfs, iscsi, rbd, gitRepo, ...) are mounted by the node with the node's
credentials and network access, outside the control of PersistentVolume admission. A namespace enforcing
the restricted level rejects the Pod.

## Example
```yaml
volumes:
  - name: shared
    nfs:
      server: nfs.example.com
      path: /exports
```

Use instead:
```yaml
volumes:
  - name: shared
    persistentVolumeClaim:
      claimName: shared
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K725"
NAME = "restricted-volume-type"
SUMMARY = 'a volume type outside the Pod Security restricted set'
SEVERITY = Severity.WARNING
REMEDIATION = 'Use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes; reach other storage through a PersistentVolumeClaim.'
PROFILE = "pss-restricted"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
