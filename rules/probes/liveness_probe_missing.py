"""
## What it does
Reports a container of `containers` without a `livenessProbe`, in the same workloads as
`readiness-probe-missing`: Pods that keep running and, by default, that a Service of the apply set
selects (kube-linter `no-liveness-probe`, kube-score `pod-probes`, Polaris `livenessProbeMissing`,
Checkov CKV_K8S_8). Init containers are never reported.

## Why is this bad?
A process that hangs without exiting (a deadlock, an exhausted pool) keeps its Pod running and ready
for ever unless a liveness probe lets the kubelet restart it. A liveness probe can also do harm: one
that checks dependencies restarts healthy containers when a database blinks (kube-score's
README_PROBES.md). Hence this rule is advice, off unless the `reliability` profile is on.

## Example
```yaml
containers:
  - name: web
    image: web:1.4
    readinessProbe:
      httpGet: {path: /ready, port: 8080}
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    readinessProbe:
      httpGet: {path: /ready, port: 8080}
    livenessProbe:
      httpGet: {path: /healthz, port: 8080}
      failureThreshold: 6
```

## Options
- `onlyWhenSelectedByService` (bool, default true): report only workloads whose Pods a Service of the
  apply set selects; false reports every continuously running workload.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.probes import missing_probe_problems

CODE = "K812"
NAME = "liveness-probe-missing"
SUMMARY = "a serving container has no liveness probe"
SEVERITY = Severity.INFO
REMEDIATION = "Add a `livenessProbe` that fails only when the process cannot recover without a restart."
PROFILE = "reliability"
OPTIONS = {"onlyWhenSelectedByService": (bool, True)}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return missing_probe_problems(objects, ctx, "livenessProbe")
