"""
## What it does
Reports every container (init, regular, ephemeral) that keeps the `NET_RAW` capability: it adds
`NET_RAW` or `ALL`, or its `capabilities.drop` names neither `NET_RAW` nor `ALL`. A container without a
`capabilities` block keeps `NET_RAW` (container runtimes grant it by default) and is reported too:
kube-linter's `drop-net-raw-capability` (`pkg/templates/verifycontainercapabilities`) evaluates only
containers whose `securityContext.capabilities` is set, and misses them. Names are compared as the
runtime reads them (upper-cased, without `CAP_`). Windows pods (`spec.os.name: windows`) have no Linux
capabilities and are skipped. While `capabilities-drop-all` (profile `pss-restricted`) is on, it reports
these containers in its own words (it requires dropping `ALL` and adding nothing but
`NET_BIND_SERVICE`), and this rule stays quiet.

## Why is this bad?
`NET_RAW` lets a process craft raw packets: ARP and DNS spoofing of the other Pods on the node's
network, and a long list of kernel exploits reached through raw sockets. Few applications need it
(`ping` on recent kernels works without it).

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
      capabilities:
        drop: [NET_RAW]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, container_field, get
from k8slint.podsecurity import pod_view, runtime_capability, who

CODE = "K733"
NAME = "net-raw-not-dropped"
SUMMARY = "a container keeps the NET_RAW capability"
SEVERITY = Severity.INFO
REMEDIATION = "Add `NET_RAW` (or `ALL`) to `securityContext.capabilities.drop`, and do not add it back."
KINDS = POD_CARRIERS
PROFILE = "hardening"
SUPERSEDED_BY = ("capabilities-drop-all",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    pod = pod_view(obj)
    if pod is None or pod.windows():
        return
    for path, container in pod.containers:
        capabilities = ("securityContext", "capabilities")
        added = get(container, (*capabilities, "add"))
        added = added if isinstance(added, list) else []
        adding = next((i for i, item in enumerate(added) if runtime_capability(item) in ("NET_RAW", "ALL")), None)
        if adding is not None:
            yield Problem(
                (*path, *capabilities, "add", adding),
                f'{who(path, container)} adds capability "{added[adding]}"',
                superseded_by="capabilities-drop-all",
            )
            continue
        dropped = get(container, (*capabilities, "drop"))
        if not any(runtime_capability(item) in ("NET_RAW", "ALL") for item in (dropped if isinstance(dropped, list) else ())):
            yield Problem(
                container_field(path, container, (*capabilities, "drop")),
                f"{who(path, container)} does not drop NET_RAW",
                superseded_by="capabilities-drop-all",
            )
