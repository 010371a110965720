"""
## What it does
Reports every init and regular container that none of the Linux confinement mechanisms restricts:
Polaris' `linuxHardening` (`pkg/config/checks/linuxHardening.yaml`). A container passes with any one of

- an effective seccomp profile (the container's `securityContext.seccompProfile.type`, else the pod's)
  that is set and not `Unconfined`;
- an effective AppArmor profile (`appArmorProfile.type`, container else pod) set and not `Unconfined`,
  or the pod annotation `container.apparmor.security.beta.kubernetes.io/<container>` (Polaris knows
  only the annotation, deprecated since 1.30);
- non-empty `seLinuxOptions` on the container or the pod;
- a non-empty `capabilities.drop` while `capabilities.add` has no `ALL`.

Ephemeral containers and Windows pods are skipped.

## Why is this bad?
Without seccomp, AppArmor, SELinux or dropped capabilities, a container's processes reach every system
call and the runtime's full default capability set: the kernel's whole attack surface is one exploit
away from the node.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
```

Use instead:
```yaml
securityContext:
  seccompProfile:
    type: RuntimeDefault
containers:
  - name: web
    image: nginx:1.27
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, get
from k8slint.podsecurity import APPARMOR_ANNOTATION, PodView, container_context, effective_security, pod_view, who

CODE = "K738"
NAME = "linux-hardening-missing"
SUMMARY = "no seccomp, AppArmor, SELinux or dropped capability confines a container"
SEVERITY = Severity.INFO
REMEDIATION = "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod, or drop capabilities the container does not need."
KINDS = POD_CARRIERS
PROFILE = "hardening"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    pod = pod_view(obj)
    if pod is None or pod.windows():
        return
    for path, container in pod.containers:
        if path[-2] != "ephemeralContainers" and not _confined(pod, path, container):
            at = (*path, "name") if "name" in container else path
            yield Problem(at, f"{who(path, container)} has no seccomp, AppArmor or SELinux profile and drops no capability")


def _confined(pod: PodView, path: tuple, container: dict) -> bool:
    for field in ("seccompProfile", "appArmorProfile"):
        _, profile = effective_security(pod, path, container, field)
        kind = profile.get("type") if isinstance(profile, dict) else None
        if isinstance(kind, str) and kind not in ("", "Unconfined"):
            return True
    name = container.get("name")
    if isinstance(name, str) and pod.annotations.get(APPARMOR_ANNOTATION + name):
        return True
    if any(isinstance(options, dict) and options for options in (
        container_context(container).get("seLinuxOptions"), pod.security_context().get("seLinuxOptions"))):
        return True
    dropped = get(container, ("securityContext", "capabilities", "drop"))
    added = get(container, ("securityContext", "capabilities", "add"))
    adds_all = any(isinstance(item, str) and item.upper() == "ALL" for item in (added if isinstance(added, list) else ()))
    return isinstance(dropped, list) and bool(dropped) and not adds_all
