"""
## What it does
Reports a workload of the option `kinds` (default Deployment and StatefulSet) whose replica count
(`spec.replicas`, default 1) is below the option `minReplicas` (default 2). Workloads an autoscaler of the
apply set scales are skipped: their count is the autoscaler's (see `hpa-min-replicas-too-few`).

Peers: kube-score `deployment-replicas`, kube-linter `minimum-three-replicas`, Polaris
`deploymentMissingReplicas` (which requires `replicas` even when an HPA owns it, a false positive).

## Why is this bad?
A single replica makes every node drain, rollout and crash an outage.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
```

Use instead:
```yaml
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
```

## Options
- `minReplicas` (int, default 2): the fewest replicas accepted.
- `kinds` (list, default `[Deployment, StatefulSet]`): the kinds checked (ReplicaSet and
  ReplicationController may be added).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.availability import replica_counts_known, replicas, scaled_by
from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K821"
NAME = "replicas-too-few"
SUMMARY = "a workload runs fewer replicas than the configured minimum"
SEVERITY = Severity.INFO
REMEDIATION = "Run at least `minReplicas` replicas, or let an autoscaler with that minimum own the count."
PROFILE = "reliability"
OPTIONS = {"minReplicas": (int, 2), "kinds": (list, ["Deployment", "StatefulSet"])}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    if not replica_counts_known(objects):
        return
    for workload in objects.of_kind(*[kind for kind in ctx.options["kinds"] if isinstance(kind, str)]):
        count = replicas(workload)
        if count is None or count == 0 or count >= ctx.options["minReplicas"] or scaled_by(objects, workload):
            continue  # 0: scaled down on purpose
        written = "replicas" in (workload.value.get("spec") or {})
        yield workload, Problem(
            ("spec", "replicas") if written else ("spec",),
            f"{workload.describe()} runs {count} replica{'s' if count != 1 else ''}{'' if written else ' (replicas is not set)'}, fewer than {ctx.options['minReplicas']}",
            on_key=not written,
        )
