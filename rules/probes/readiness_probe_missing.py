"""
## What it does
Reports a container of `containers` without a `readinessProbe`, in a workload whose Pods keep running
(not a Job or CronJob, nor a Pod with `restartPolicy` Never or OnFailure) and, by default, that a Service
of the apply set selects (kube-score's `pod-probes`; kube-linter `no-readiness-probe`, Polaris
`readinessProbeMissing` and Checkov CKV_K8S_9 ask it of every workload). Init containers are never
reported: plain ones may not have probes (the API server rejects them; bridgecrewio/checkov#4807 and
stackrox/kube-linter PR #302 reported them), and native sidecars serve no traffic of their own. Each
container is judged by itself (kube-score passes a Pod when any container has a probe).

## Why is this bad?
Without a readiness probe a Pod receives traffic as soon as its containers start, before the application
listens, and keeps receiving it while the application is overloaded or shutting down: clients see
refused connections and errors on every rollout.

## Example
```yaml
containers:
  - name: web
    image: web:1.4
    ports: [{name: http, containerPort: 8080}]
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    ports: [{name: http, containerPort: 8080}]
    readinessProbe:
      httpGet: {path: /ready, port: http}
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

CODE = "K811"
NAME = "readiness-probe-missing"
SUMMARY = "a serving container has no readiness probe"
SEVERITY = Severity.WARNING
REMEDIATION = "Add a `readinessProbe` that succeeds only when the container can serve requests."
PROFILE = "reliability"
OPTIONS = {"onlyWhenSelectedByService": (bool, True)}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return missing_probe_problems(objects, ctx, "readinessProbe")
