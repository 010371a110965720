"""
## What it does
Reports every `volumes[*].hostPath`: the Pod Security Standards' baseline `hostPathVolumes` check
(`staging/src/k8s.io/pod-security-admission/policy/check_hostPathVolumes.go`). With the `pss-restricted`
profile on, `restricted-volume-type` reports these volumes instead (as PSS's restricted level replaces
this check).

## Why is this bad?
A hostPath volume gives the container the node's files: configuration, credentials of the kubelet, the
container runtime's socket. Writing to it can take over the node, and the data is tied to one node. A
namespace enforcing the baseline level rejects the Pod.

## Example
```yaml
volumes:
  - name: logs
    hostPath:
      path: /var/log
```

Use instead:
```yaml
volumes:
  - name: logs
    emptyDir: {}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K706"
NAME = "host-path-volume"
SUMMARY = 'a volume mounts a path of the node (Pod Security baseline)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Use a persistentVolumeClaim, emptyDir, configMap or secret volume instead of hostPath.'
SUPERSEDED_BY = ('restricted-volume-type',)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
