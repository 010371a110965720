"""
## What it does
Reports an init or regular container whose request and limit for a resource of the `resources` option
(default: memory only) are both set and differ, compared as quantities (`1Gi` equals `1024Mi`): kube-score's
optional `container-resource-requests-equal-limits` and its per-resource variants. A request left unset
defaults to the limit and so is equal; a missing limit is `memory-limit-missing`'s finding.

## Why is this bad?
A container that requests less memory than its limit may use memory the scheduler gave to no one: when
the node runs short, the kubelet evicts it and the kernel kills it first, although it stayed within its
limit. Equal requests and limits (for cpu and memory, in every container) make the Pod `Guaranteed`,
the last to be evicted.

## Example
```yaml
resources:
  requests: {memory: 256Mi}
  limits: {memory: 1Gi}
```

Use instead:
```yaml
resources:
  requests: {memory: 1Gi}
  limits: {memory: 1Gi}
```

## Options
- `resources` (list, default `["memory"]`): the resources compared; add `cpu` for Guaranteed Pods
  (zegl/kube-score#233 asked to compare memory without cpu).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers, get
from k8slint.podsecurity import who
from k8slint.resources import parse_quantity

CODE = "K806"
NAME = "requests-not-equal-limits"
SUMMARY = "a container's request differs from its limit"
SEVERITY = Severity.INFO
REMEDIATION = "Set the request equal to the limit."
KINDS = POD_CARRIERS
PROFILE = "reliability"
OPTIONS = {"resources": (list, ["memory"])}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj, ("initContainers", "containers")):
        for resource in ctx.options["resources"]:
            if not isinstance(resource, str):
                continue
            request = get(container, ("resources", "requests", resource))
            limit = get(container, ("resources", "limits", resource))
            requested, limited = parse_quantity(request), parse_quantity(limit)
            if requested is not None and limited is not None and requested != limited:
                yield Problem(
                    (*path, "resources", "requests", resource),
                    f'{who(path, container)} requests {request} of {resource} but is limited to {limit}',
                )
