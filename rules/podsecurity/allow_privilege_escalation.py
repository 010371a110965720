"""
## What it does
Reports every container (init, regular, ephemeral) that does not set
`securityContext.allowPrivilegeEscalation: false` explicitly (unset counts, as it does for PSS): the Pod
Security Standards' restricted `allowPrivilegeEscalation` check
(`staging/src/k8s.io/pod-security-admission/policy/check_allowPrivilegeEscalation.go`). From policy
v1.25, Pods with `spec.os.name: windows` are exempt. The finding points at the field when it is written,
else at the container's `name:`.

## Why is this bad?
Without it, a setuid binary or file capability in the image can give a process more privileges than its
parent (`no_new_privs` is off). A namespace enforcing the restricted level rejects the Pod.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
```

Use instead:
```yaml
containers:
  - name: web
    image: nginx:1.27
    securityContext:
      allowPrivilegeEscalation: false
```

## Options
- `requireExplicitFalse` (bool, default true): report an unset `allowPrivilegeEscalation`, as Pod
  Security does. With false the rule reports what kube-linter's `privilege-escalation-container`
  reports: a container that allows escalation explicitly (`allowPrivilegeEscalation: true`), or
  implicitly by being privileged or adding `SYS_ADMIN` (or `ALL`), which the kubelet never combines with
  `no_new_privs` (`pkg/securitycontext/util.go` `AddNoNewPrivileges`; the API server rejects
  `allowPrivilegeEscalation: false` beside either, `pkg/apis/core/validation/validation.go`). Those two
  are left to `privileged-container` and `capabilities-beyond-baseline` while they are on, so what this
  rule adds is the explicit `true`. Configuring the option in `.k8slint.yaml` turns the rule on, at
  `warning`, without the `pss-restricted` profile.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get
from k8slint.podsecurity import PodView, container_context, default_level_pods, default_level_problems, runtime_capability, who

CODE = "K720"
NAME = "allow-privilege-escalation"
SUMMARY = 'a container does not set allowPrivilegeEscalation: false (Pod Security restricted)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set `securityContext.allowPrivilegeEscalation: false` on every container.'
PROFILE = "pss-restricted"
OPTIONS = {"requireExplicitFalse": (bool, True)}
SUPERSEDED_BY = ("privileged-container", "capabilities-beyond-baseline")

# Capabilities that let a process gain every privilege: the runtime grants SYS_ADMIN with either.
ESCALATING_CAPABILITIES = ("SYS_ADMIN", "ALL")


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    if ctx.options["requireExplicitFalse"]:
        yield from default_level_problems(objects, ctx, NAME)
        return
    for obj, pod in default_level_pods(objects, ctx):
        if not pod.windows():  # the API server rejects these fields in a Windows pod
            for problem in _escalation_allowed(pod):
                yield obj, problem


def _escalation_allowed(pod: PodView) -> Iterator[Problem]:
    """kube-linter's semantics: escalation allowed explicitly, or implied by privileged or SYS_ADMIN."""
    for path, container in pod.containers:
        context = container_context(container)
        if context.get("allowPrivilegeEscalation") is True:
            yield Problem((*path, "securityContext", "allowPrivilegeEscalation"), f"{who(path, container)} allows privilege escalation")
        elif context.get("privileged") is True:
            yield Problem(
                (*path, "securityContext", "privileged"),
                f"{who(path, container)} is privileged, so it allows privilege escalation",
                superseded_by="privileged-container",
            )
        else:
            added = get(context, ("capabilities", "add"))
            for index, capability in enumerate(added if isinstance(added, list) else ()):
                if runtime_capability(capability) in ESCALATING_CAPABILITIES:
                    yield Problem(
                        (*path, "securityContext", "capabilities", "add", index),
                        f'{who(path, container)} adds capability "{capability}", so it allows privilege escalation',
                        superseded_by="capabilities-beyond-baseline",
                    )
                    break
