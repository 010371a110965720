"""
## What it does
Reports every container whose `securityContext.capabilities.drop` does not contain `ALL`, and each
`capabilities.add[*]` other than `NET_BIND_SERVICE`: the Pod Security Standards' restricted
`capabilities_restricted` check
(`staging/src/k8s.io/pod-security-admission/policy/check_capabilities_restricted.go`, policy v1.22 and
later; Windows Pods exempt from v1.25). Like PSS it compares case-sensitively: `drop: [all]` is
reported, with a hint (Polaris accepts it since FairwindsOps/polaris#617; admission does not). A
container without a `capabilities` block is reported too (kube-linter's NET_RAW check skips those).

## Why is this bad?
A container keeps the runtime's default capabilities (NET_RAW among them, which allows forging packets)
unless it drops them. A namespace enforcing the restricted level rejects the Pod.

## Example
```yaml
securityContext:
  capabilities:
    drop: [all]
    add: [SYS_TIME]
```

Use instead:
```yaml
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K721"
NAME = "capabilities-drop-all"
SUMMARY = 'a container does not drop "ALL" capabilities or adds one besides NET_BIND_SERVICE (Pod Security restricted)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set `capabilities.drop: ["ALL"]` (in capitals) on every container and add back at most NET_BIND_SERVICE.'
PROFILE = "pss-restricted"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
