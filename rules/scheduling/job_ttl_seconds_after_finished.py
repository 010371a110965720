"""
## What it does
Reports a standalone Job without `spec.ttlSecondsAfterFinished`, and a CronJob whose Job template sets
it. Jobs with `generateName` or an owner reference are created by a controller that cleans them up, and
are skipped.

Peer: kube-linter `job-ttl-seconds-after-finished`.

## Why is this bad?
A finished Job and its Pods stay in the cluster forever, with their logs and the names they block. In a
CronJob the TTL races with `successfulJobsHistoryLimit` and `failedJobsHistoryLimit`, which already
clean up, and the history the limits promise disappears.

## Example
```yaml
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template: {spec: {restartPolicy: Never, containers: [{name: migrate, image: "migrate:1.0"}]}}
```

Use instead:
```yaml
spec:
  ttlSecondsAfterFinished: 86400
  template: {spec: {restartPolicy: Never, containers: [{name: migrate, image: "migrate:1.0"}]}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K842"
NAME = "job-ttl-seconds-after-finished"
SUMMARY = "a Job is never cleaned up, or a CronJob's Jobs have a TTL racing the history limits"
SEVERITY = Severity.INFO
REMEDIATION = "Set `ttlSecondsAfterFinished` on standalone Jobs; leave it to the history limits in CronJobs."
KINDS = ("Job.batch", "CronJob.batch")
PROFILE = "reliability"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.kind == "CronJob":
        if get(obj.value, ("spec", "jobTemplate", "spec", "ttlSecondsAfterFinished")) is not None:
            yield Problem(("spec", "jobTemplate", "spec", "ttlSecondsAfterFinished"), "the CronJob's Jobs set ttlSecondsAfterFinished, which races the history limits")
        return
    if "generateName" in obj.metadata or obj.metadata.get("ownerReferences"):
        return
    spec = obj.value.get("spec")
    if isinstance(spec, dict) and spec.get("ttlSecondsAfterFinished") is None:
        yield Problem(("spec",), "the Job has no ttlSecondsAfterFinished and is never cleaned up", on_key=True)
