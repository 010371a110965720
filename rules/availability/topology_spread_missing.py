"""
## What it does
Reports a long-running workload's Pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet,
ReplicationController and `podTemplates:` kinds; not Jobs, CronJobs or bare Pods) without
`topologySpreadConstraints`.

Peer: Polaris `topologySpreadConstraint`.

## Why is this bad?
Without constraints, only the cluster's default spreading (if the scheduler is configured with one)
keeps replicas apart across zones.

## Example
```yaml
spec:
  containers: [{name: web, image: "nginx:1.27"}]
```

Use instead:
```yaml
spec:
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: ScheduleAnyway
      labelSelector: {matchLabels: {app: web}}
  containers: [{name: web, image: "nginx:1.27"}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, pod_spec

CODE = "K823"
NAME = "topology-spread-missing"
SUMMARY = "a workload's Pod template has no topology spread constraints"
SEVERITY = Severity.INFO
REMEDIATION = "Add `topologySpreadConstraints` over zones (and nodes) selecting the Pod template's labels."
KINDS = POD_CARRIERS
PROFILE = "reliability"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.kind in ("Pod", "Job", "CronJob", "PodTemplate"):
        return
    found = pod_spec(obj)
    if found is not None and not found[1].get("topologySpreadConstraints"):
        yield Problem(found[0], f"the Pod template of {obj.describe()} has no topologySpreadConstraints", on_key=True)
