"""
## What it does
From Kubernetes 1.34, reports a non-empty `host` in the `httpGet` or `tcpSocket` of any container's
`livenessProbe`, `readinessProbe`, `startupProbe` or `lifecycle.postStart`/`preStop`: the Pod Security
Standards' baseline `hostProbesAndHostLifecycle` check
(`staging/src/k8s.io/pod-security-admission/policy/check_hostProbesAndhostLifecycle.go`), which exists
from policy v1.34.

## Why is this bad?
The kubelet runs probes and lifecycle handlers from the node: a `host` makes it send requests to any
address the node can reach, including the node's own services and cloud metadata endpoints. A namespace
enforcing the baseline level (v1.34 and later) rejects the Pod.

## Example
```yaml
livenessProbe:
  httpGet:
    host: 169.254.169.254
    path: /healthz
    port: 8080
```

Use instead:
```yaml
livenessProbe:
  httpGet:
    path: /healthz
    port: 8080
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K714"
NAME = "probe-or-lifecycle-host"
SUMMARY = 'a probe or lifecycle handler targets another host (Pod Security baseline, v1.34+)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Remove the `host` field: probes and lifecycle handlers should target the Pod itself.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
