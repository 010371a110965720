"""
## What it does
Reports a container (init or regular) whose `resources.requests` of a resource is greater than its
`resources.limits` of the same resource, with quantities compared exactly (`500m` equals `0.5`, `1Gi` is
more than `1G`); likewise the Pod-level `resources` (Kubernetes 1.32+). This is the API server's
`ValidateResourceRequirements` check ("must be less than or equal to ... limit").

No peer has this check.

## Why is this bad?
`kubectl apply` fails; the OpenAPI schema cannot express a comparison between two fields, so schema
validation passes. It usually follows a limit lowered without its request, or units mixed up (`1G`
against `1Gi`, `1000` cores against `1000m`).

## Example
```yaml
resources:
  requests: {cpu: "2", memory: 1Gi}
  limits: {cpu: 500m, memory: 1G}
```

Use instead:
```yaml
resources:
  requests: {cpu: 500m, memory: 1G}
  limits: {cpu: "2", memory: 1Gi}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, FieldPath, Problem, Related, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers, get, pod_spec
from k8slint.quantities import parse_quantity

CODE = "K807"
NAME = "resource-request-exceeds-limit"
SUMMARY = "a resource request is greater than its limit"
SEVERITY = Severity.ERROR
REMEDIATION = "Make each request less than or equal to the limit of the same resource."
KINDS = POD_CARRIERS


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = pod_spec(obj)
    if found is None:
        return
    yield from _compare(obj, (*found[0], "resources"), found[1].get("resources"), "the Pod")
    for path, container in containers(obj, ("initContainers", "containers")):
        yield from _compare(obj, (*path, "resources"), container.get("resources"), f'container "{container.get("name")}"')


def _compare(obj: K8sObject, at: FieldPath, resources: object, who: str) -> Iterator[Problem]:
    requests, limits = get(resources, ("requests",)), get(resources, ("limits",))
    if not isinstance(requests, dict) or not isinstance(limits, dict):
        return
    for name, limit in limits.items():
        request = requests.get(name)
        wanted, allowed = parse_quantity(request), parse_quantity(limit)
        if wanted is not None and allowed is not None and wanted > allowed:
            yield Problem(
                (*at, "requests", name),
                f"{who} requests {name} {request} above its limit {limit}",
                related=(Related(obj, (*at, "limits", name), "the limit"),),
            )
