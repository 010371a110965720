"""
## What it does
Reports restart policies the API server rejects (`pkg/apis/core/validation`, `pkg/apis/apps/validation`,
`pkg/apis/batch/validation`):

- the Pod template of a Job or CronJob must set `restartPolicy` to `OnFailure` or `Never`; left out, it
  defaults to `Always`, which is rejected;
- the Pod template of a Deployment, ReplicaSet, ReplicationController, StatefulSet or DaemonSet must
  leave it out or set `Always`;
- a Pod (and a PodTemplate) may use any of `Always`, `OnFailure`, `Never` (other values, in any kind,
  are reported by `schema-invalid`);
- a container's own `restartPolicy` (Kubernetes 1.29+) is allowed only on init containers, and only as
  `Always` (it makes a native sidecar); other values and regular containers need the alpha
  `ContainerRestartRules` feature gate.

Peers: kube-score `cronjob-restartpolicy`; kube-linter `restart-policy` (off by default, because it
flags every Deployment that leaves the field out, and `Never` on Jobs: it asks for what the API
rejects).

## Why is this bad?
`kubectl apply` fails: `spec.template.spec.restartPolicy: Unsupported value: "Always": supported values:
"OnFailure", "Never"`. For a CronJob, the failure only shows when the manifest is applied.

## Example
```yaml
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      containers: [{name: migrate, image: "migrate:1.0"}]
```

Use instead:
```yaml
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers: [{name: migrate, image: "migrate:1.0"}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, containers, pod_spec

CODE = "K108"
NAME = "invalid-restart-policy"
SUMMARY = "a Pod template restart policy that the API server rejects for its kind"
SEVERITY = Severity.ERROR
REMEDIATION = "Use `OnFailure` or `Never` in Jobs and CronJobs, `Always` (or nothing) in other workloads, and `restartPolicy: Always` only on init containers."

_POD_POLICIES = ("Always", "OnFailure", "Never")
_JOB = (("batch",), ("OnFailure", "Never"))
_SERVING = (("apps", "extensions"), ("Always",))
# kind -> (API groups, the Pod template restart policies the API server accepts)
_ALLOWED = {
    "Pod": (("",), _POD_POLICIES),
    "PodTemplate": (("",), _POD_POLICIES),
    "ReplicationController": (("",), ("Always",)),
    "Deployment": _SERVING,
    "ReplicaSet": _SERVING,
    "DaemonSet": _SERVING,
    "StatefulSet": (("apps",), ("Always",)),
    "Job": _JOB,
    "CronJob": _JOB,
}
KINDS = tuple(_ALLOWED)
_SIDECARS_SINCE = (1, 29)  # SidecarContainers beta, on by default


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    groups, allowed = _ALLOWED[obj.kind or ""]
    found = pod_spec(obj)
    if obj.group not in groups or found is None:
        return
    path, spec = found
    policy = spec.get("restartPolicy")
    accepted = " or ".join(f'"{value}"' for value in allowed)
    if policy is None:
        if "Always" not in allowed:
            yield Problem(path, f'restartPolicy is not set and defaults to "Always", which a {obj.kind} does not accept (only {accepted})')
    elif policy in _POD_POLICIES and policy not in allowed:  # other values are schema-invalid's
        yield Problem((*path, "restartPolicy"), f'restartPolicy "{policy}" is not accepted in a {obj.kind} (only {accepted})')
    if ctx.settings.kubernetes_version < _SIDECARS_SINCE:
        return
    for container_path, container in containers(obj, ("initContainers", "containers")):
        own = container.get("restartPolicy")
        if own is None:
            continue
        name = container.get("name")
        if container_path[-2] == "containers":
            yield Problem((*container_path, "restartPolicy"), f'container "{name}" sets restartPolicy, which only init containers may set')
        elif own != "Always":
            yield Problem((*container_path, "restartPolicy"), f'init container "{name}" sets restartPolicy "{own}", and only "Always" (a native sidecar) is accepted')
