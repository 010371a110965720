"""
## What it does
Reports every container (init, regular, ephemeral) that runs with group 0: its
`securityContext.runAsGroup` is 0, or it sets none and the pod's `securityContext.runAsGroup` is 0
(kube-linter's `run-as-non-root` reports this since stackrox/kube-linter PR #1178). An unset
`runAsGroup` (the image's group) is not reported. Windows pods are skipped.

## Why is this bad?
Group 0 (`root`) owns many files of a typical image and of the node (`/etc`, sockets, device files):
a process in it can read or write them even when it runs as a non-root user.

## Example
```yaml
spec:
  securityContext:
    runAsUser: 10001
    runAsGroup: 0
```

Use instead:
```yaml
spec:
  securityContext:
    runAsUser: 10001
    runAsGroup: 10001
```

## Options
- `flagUnset` (bool, default false): also report a container that sets `runAsUser` (or runs with the
  pod's) but no `runAsGroup`, nor does the pod. Its group is then the primary group the image's
  `/etc/passwd` gives that user, and 0 when the image does not list it (containerd
  `pkg/oci/spec_opts.go` `WithUserID`; kubescape/helm-charts PR #912). A container that sets neither
  runs as the image's user and group, which the manifest does not show: it is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, container_field
from k8slint.podsecurity import effective_security, pod_view, who

CODE = "K736"
NAME = "run-as-group-root"
SUMMARY = "a container runs with the root group"
SEVERITY = Severity.INFO
REMEDIATION = "Set `securityContext.runAsGroup` to a non-zero group on the pod or container."
KINDS = POD_CARRIERS
PROFILE = "hardening"
OPTIONS = {"flagUnset": (bool, False)}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    pod = pod_view(obj)
    if pod is None or pod.windows():
        return
    inherited: list[str] = []
    for path, container in pod.containers:
        at, group = effective_security(pod, path, container, "runAsGroup")
        if at is None:
            if ctx.options["flagUnset"] and effective_security(pod, path, container, "runAsUser")[0] is not None:
                yield Problem(
                    container_field(path, container, ("securityContext", "runAsGroup")),
                    f"{who(path, container)} has a runAsUser but no runAsGroup (nor has the pod): "
                    "unless the image lists that user, its group is 0",
                )
            continue
        if not (isinstance(group, int) and not isinstance(group, bool) and group == 0):
            continue
        if at[: len(path)] == path:
            yield Problem(at, f"{who(path, container)} sets runAsGroup: 0 (root)")
        else:
            inherited.append(who(path, container))
    if inherited:
        yield Problem(
            (*pod.spec_path, "securityContext", "runAsGroup"),
            f"the pod sets runAsGroup: 0 (root), which {', '.join(inherited)} run(s) with",
        )
