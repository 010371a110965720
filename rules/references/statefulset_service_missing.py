"""
## What it does
Reports a StatefulSet whose `spec.serviceName` names a Service that is not in its namespace, a Service
that is not headless (`clusterIP: None`), or one whose selector does not match the StatefulSet's Pod
template labels. It is checked only when the apply set holds Services in that namespace (always, as an
error, under the `strict-references` profile).

Peer: kube-score `statefulset-has-servicename`.

## Why is this bad?
The governing Service gives each replica its stable DNS name (`web-0.web.ns.svc`). Without a headless
Service that selects the Pods, those names do not resolve, and peers that find each other by them
(databases, consensus clusters) cannot form a cluster.

## Example
```yaml
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}}
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, FieldPath, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject, get, pod_labels
from k8slint.references import find_all, missing, reported

CODE = "K126"
NAME = "statefulset-service-missing"
SUMMARY = "a StatefulSet's serviceName is not a headless Service selecting its Pods"
SEVERITY = Severity.WARNING
SET_KINDS = ("StatefulSet",)  # check_set reports only on these
REMEDIATION = "Create a headless Service (`clusterIP: None`) named `spec.serviceName` that selects the StatefulSet's Pod labels."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for statefulset in objects.of_kind("StatefulSet"):
        name = get(statefulset.value, ("spec", "serviceName"))
        if statefulset.group != "apps" or not isinstance(name, str) or not name:
            continue
        namespace = statefulset.effective_namespace(ctx.settings)
        at = ("spec", "serviceName")
        services = find_all(objects, "", "Service", namespace, name)
        if not services:
            if reported(objects, ctx, "", "Service", namespace):
                yield statefulset, missing(ctx, at, f'Service "{name}" is not in namespace "{namespace}"')
            continue
        problems = [_problem(statefulset, service, at) for service in services]
        if all(problems):
            yield statefulset, problems[0]


def _problem(statefulset: K8sObject, service: K8sObject, at: FieldPath) -> Problem | None:
    """What keeps `service` from governing the StatefulSet's Pods, if anything."""
    from k8slint.selector_index import selector_from_map, string_labels

    name = service.name
    related = (Related(service, ("spec",), service.describe()),)
    if get(service.value, ("spec", "clusterIP")) != "None":
        return Problem(at, f'Service "{name}" is not headless (clusterIP: None)', related=related)
    selector = selector_from_map(get(service.value, ("spec", "selector")))
    labels = pod_labels(statefulset)
    if selector is not None and not selector.empty and labels is not None and not selector.matches(string_labels(labels[1])):
        return Problem(at, f'Service "{name}" selects "{selector}", which the Pod template labels do not match', related=related)
    return None
