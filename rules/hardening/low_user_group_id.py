"""
## What it does
Reports every init and regular container whose effective `runAsUser` or `runAsGroup` (the container's
`securityContext`, else the pod's) is unset or below `minId` (default 10000): kube-score's
`container-security-context-user-group-id` (`score/security/security.go`). Ephemeral containers
(debugging sessions) and Windows pods are skipped.

## Why is this bad?
Low ids are the ones images and nodes use for their own accounts (`root` 0, `daemon` 1, `nobody`
65534 aside, distributions hand out 1-999 to system users and 1000 to the first person). A container
that escapes to the node as one of them inherits that account's files. A high id owns nothing there.
Many images run as 1000 on purpose (zegl/kube-score#204): lower `minId` when that is acceptable.

## Example
```yaml
containers:
  - name: web
    image: web:1.4
    securityContext:
      runAsUser: 1000
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4
    securityContext:
      runAsUser: 10001
      runAsGroup: 10001
```

## Options
- `minId` (int, default 10000): the lowest user and group id accepted.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, container_field
from k8slint.podsecurity import effective_security, pod_view, who

CODE = "K737"
NAME = "low-user-group-id"
SUMMARY = "a container runs with a low or unset user or group id"
SEVERITY = Severity.INFO
REMEDIATION = "Set `securityContext.runAsUser` and `runAsGroup` to ids of at least 10000 (the `minId` option)."
KINDS = POD_CARRIERS
PROFILE = "hardening"
OPTIONS = {"minId": (int, 10000)}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    pod = pod_view(obj)
    if pod is None or pod.windows():
        return
    minimum = ctx.options["minId"]
    for path, container in pod.containers:
        if path[-2] == "ephemeralContainers":
            continue
        for field in ("runAsUser", "runAsGroup"):
            at, value = effective_security(pod, path, container, field)
            if at is None:
                at = container_field(path, container, ("securityContext", field))
                yield Problem(at, f"{who(path, container)} sets no {field}, nor does the pod")
            elif isinstance(value, int) and not isinstance(value, bool) and value < minimum:
                source = "" if at[: len(path)] == path else " (from the pod)"
                yield Problem(at, f"{who(path, container)} runs with {field} {value}{source}, below {minimum}")
