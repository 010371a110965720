"""
## What it does
Reports, as the Pod Security Standards' restricted `runAsNonRoot` check does
(`staging/src/k8s.io/pod-security-admission/policy/check_runAsNonRoot.go`): a pod-level `runAsNonRoot:
false`, a container's `runAsNonRoot: false`, and every container that leaves it unset when the pod does
not set it either. A non-zero `runAsUser` does not count (PSS rejects `runAsUser: 1000` without
`runAsNonRoot`). From policy v1.35 Pods with their own user namespace (`hostUsers: false`) are exempt.

## Why is this bad?
Root in the container is root on the node's kernel: with any other weakness (a writable hostPath, a
capability, a kernel bug) it becomes root on the node. With `runAsNonRoot: true` the kubelet refuses to
start a container whose image runs as UID 0. A namespace enforcing the restricted level rejects the Pod.

## Example
```yaml
spec:
  containers:
    - name: web
      image: nginx:1.27
```

Use instead:
```yaml
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: web
      image: nginxinc/nginx-unprivileged:1.27
```

## Options
- `acceptNonZeroRunAsUser` (bool, default false): a container whose effective `runAsUser` (its own, else
  the pod's) is above 0 passes, as in kube-linter's `run-as-non-root` and Polaris's `runAsRootAllowed`:
  it runs as that user whatever the image says. Any other container needs an effective `runAsNonRoot:
  true`, and one that pairs it with `runAsUser: 0` is reported too (the kubelet refuses to start it:
  `pkg/kubelet/kuberuntime/security_context_others.go` `verifyRunAsNonRoot`), unless `run-as-user-root`
  reports that `runAsUser: 0` already. Pod Security rejects such Pods without `runAsNonRoot`
  (open-policy-agent/gatekeeper-library#658), so keep the default where a namespace enforces the
  restricted level. Configuring the option in `.k8slint.yaml` turns the rule on without the
  `pss-restricted` profile.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, container_field
from k8slint.podsecurity import PodView, default_level_pods, default_level_problems, effective_security, who

CODE = "K722"
NAME = "run-as-non-root"
SUMMARY = 'a container may run as root: runAsNonRoot is not true (Pod Security restricted)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set `securityContext.runAsNonRoot: true` on the pod (or on every container) and run the image as a non-root user.'
PROFILE = "pss-restricted"
OPTIONS = {"acceptNonZeroRunAsUser": (bool, False)}
SUPERSEDED_BY = ("run-as-user-root",)

USER_NAMESPACES = (1, 35)  # policy/check_runAsNonRoot.go: Pods with hostUsers: false are exempt from v1.35


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    if not ctx.options["acceptNonZeroRunAsUser"]:
        yield from default_level_problems(objects, ctx, NAME)
        return
    exempt_user_namespaces = ctx.settings.kubernetes_version >= USER_NAMESPACES
    for obj, pod in default_level_pods(objects, ctx):
        if not (exempt_user_namespaces and pod.user_namespace()):
            for problem in _may_run_as_root(pod):
                yield obj, problem


def _uid(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _may_run_as_root(pod: PodView) -> Iterator[Problem]:
    """kube-linter's semantics: a non-zero effective runAsUser passes, else runAsNonRoot: true must be in effect."""
    for path, container in pod.containers:
        user_at, user = effective_security(pod, path, container, "runAsUser")
        uid = _uid(user)
        if uid is not None and uid > 0:
            continue
        non_root_at, non_root = effective_security(pod, path, container, "runAsNonRoot")
        if non_root is True:
            if uid == 0:
                yield Problem(
                    user_at,
                    f"{who(path, container)} runs as runAsUser: 0 with runAsNonRoot: true, so the kubelet refuses to start it",
                    superseded_by="run-as-user-root",
                )
            continue
        if non_root is False:
            yield Problem(non_root_at, f"{who(path, container)} runs with runAsNonRoot: false and no runAsUser above 0")
        else:
            yield Problem(
                container_field(path, container, ("securityContext", "runAsNonRoot")),
                f"{who(path, container)} sets neither runAsNonRoot: true nor a runAsUser above 0, nor does the pod",
            )
