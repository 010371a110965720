"""
## What it does
Evaluates the Pods of a Namespace that carries Pod Security labels, when that Namespace is in the input:
`pod-security.kubernetes.io/enforce`, `warn` and `audit` (`privileged`, `baseline` or `restricted`), each
at its `<mode>-version` (`v1.N`, or `latest`: the configured Kubernetes version; a pinned version newer
than that is read as it). Every Pod Security check of that level and version runs, restricted ones
included whatever profiles are on, on every Pod carrier in the Namespace (Pods, workload templates, kinds
mapped in `podTemplates:`). A violation is an `error` under `enforce` (admission rejects the Pod, or every
Pod of the workload), a `warning` under `warn` and an `info` under `audit`; the strongest mode wins. The
message names the check's own rule (`privileged-container`, ...), whose documentation explains it, and
the finding links to the Namespace's label.

The per-check rules (`privileged-container`, `run-as-non-root`, ...) check the Pods of every other
namespace at the default level; they leave labelled Namespaces to this rule, so nothing is reported
twice. A Namespace with any of these labels is governed by its labels alone: an absent mode is
`privileged` (no checks), as in admission. The checks follow
`staging/src/k8s.io/pod-security-admission/policy/check_*.go`; levels and versions follow
`policy/registry.go` (restricted checks replace the baseline ones they override).

## Why is this bad?
Admission evaluates Pods, not Deployments: a Deployment whose template breaks its Namespace's enforced
level is accepted, and then its ReplicaSet fails to create any Pod (`forbidden: violates PodSecurity`),
visible only in the ReplicaSet's events. Catching it in the manifest saves a failed rollout.

## Example
```yaml
apiVersion: v1
kind: Namespace
metadata:
  name: prod
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod}
spec:
  containers:
    - name: web
      image: nginx:1.27
```

Use instead:
```yaml
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod}
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: web
      image: nginxinc/nginx-unprivileged:1.27
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import LABEL_PREFIX, Mode, checks_at, labelled_namespaces, pod_carriers

CODE = "K715"
NAME = "namespace-pod-security"
SUMMARY = "a Pod breaks the Pod Security level its Namespace's labels enforce, warn or audit"
SEVERITY = Severity.ERROR
REMEDIATION = "Change the pod spec to meet the Namespace's Pod Security level, or deploy it to a Namespace with a lower level."

SEVERITY_OF_MODE = {"enforce": Severity.ERROR, "warn": Severity.WARNING, "audit": Severity.INFO}
VERB = {"enforce": "enforces", "warn": "warns at", "audit": "audits at"}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    labelled = labelled_namespaces(objects)
    if not labelled:
        return
    for obj, view in pod_carriers(objects):
        policy = labelled.get(obj.effective_namespace(ctx.settings))
        if policy is None:
            continue
        # One finding per field and control, from the mode that reports it most severely: a restricted
        # check counts as the baseline control it overrides (capabilities, seccomp, volumes, procMount).
        strongest: dict[tuple, tuple[Mode, str, str]] = {}
        for mode in policy.modes:
            for check in checks_at(mode.level, mode.version):
                control = check.overrides[0] if check.overrides else check.id
                for at, message in check.evaluate(view, mode.version):
                    known = strongest.get((at, control))
                    if known is None or SEVERITY_OF_MODE[mode.mode] > SEVERITY_OF_MODE[known[0].mode]:
                        strongest[(at, control)] = (mode, message, check.rule)
        namespace = policy.namespace.name
        rejected = "the Pod" if obj.kind == "Pod" else "its Pods"
        for (at, _), (mode, message, rule) in strongest.items():
            outcome = f", so admission rejects {rejected}" if mode.mode == "enforce" else ""
            label = LABEL_PREFIX + mode.mode
            yield obj, Problem(
                at,
                f'{message} ({rule}): namespace "{namespace}" {VERB[mode.mode]} pod security '
                f'"{mode.level}" ({mode.version_text}){outcome}',
                severity=SEVERITY_OF_MODE[mode.mode],
                related=(Related(policy.namespace, ("metadata", "labels", label), f"the {label} label of Namespace/{namespace}"),),
            )
