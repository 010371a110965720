"""
## What it does
Reports an Ingress backend (`spec.defaultBackend` and every `rules[*].http.paths[*].backend`; in the old
`extensions`/`networking.k8s.io` v1beta1 form, `spec.backend`, `serviceName` and `servicePort`) that names
a Service absent from the Ingress's namespace, or a port the Service does not have: `port.number` must be
one of the Service's `ports[*].port`, `port.name` one of its `ports[*].name`. Resource backends are not
Services and are skipped. A missing Service is reported only when the apply set holds Services in that
namespace (always, as an error, under the `strict-references` profile).

Peers: kube-linter `dangling-ingress`, kube-score `ingress-targets-service` (which skips the default
backend and reports resource backends as missing).

## Why is this bad?
The ingress controller has no endpoints for that path: requests get 503 (or 404 from the default
backend), usually because of a renamed Service or a port that is the container's rather than the
Service's.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
```

Use instead:
```yaml
            backend:
              service: {name: web, port: {number: 80}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, FieldPath, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject, get
from k8slint.references import find_all, missing, reported

CODE = "K122"
NAME = "ingress-backend-missing"
SUMMARY = "an Ingress backend names a Service or Service port absent from its namespace"
SEVERITY = Severity.WARNING
SET_KINDS = ("Ingress",)  # check_set reports only on these
REMEDIATION = "Name a Service of the Ingress's namespace and one of that Service's ports (`port`, or its `name`)."

_GROUPS = ("networking.k8s.io", "extensions")


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for ingress in objects.of_kind("Ingress"):
        if ingress.group not in _GROUPS:
            continue
        namespace = ingress.effective_namespace(ctx.settings)
        for name_at, port_at in _backends(ingress):
            name = get(ingress.value, name_at)
            if not isinstance(name, str) or not name:
                continue
            services = find_all(objects, "", "Service", namespace, name)
            if not services:
                if reported(objects, ctx, "", "Service", namespace):
                    yield ingress, missing(ctx, name_at, f'backend Service "{name}" is not in namespace "{namespace}"')
                continue
            port = get(ingress.value, port_at)
            problems = [_port_problem(service, port, port_at) for service in services]
            if all(problems):
                yield ingress, problems[0]


def _backends(ingress: K8sObject) -> Iterator[tuple[FieldPath, FieldPath]]:
    """(path of the Service name, path of the port) of every Service backend."""
    spec = ingress.value.get("spec")
    if not isinstance(spec, dict):
        return
    places: list[FieldPath] = [("spec", key) for key in ("defaultBackend", "backend") if isinstance(spec.get(key), dict)]
    rules = spec.get("rules")
    for rule_index, rule in enumerate(rules if isinstance(rules, list) else ()):
        paths = get(rule, ("http", "paths"))
        for path_index, item in enumerate(paths if isinstance(paths, list) else ()):
            if isinstance(item, dict) and isinstance(item.get("backend"), dict):
                places.append(("spec", "rules", rule_index, "http", "paths", path_index, "backend"))
    for place in places:
        backend = get(ingress.value, place)
        if isinstance(backend.get("service"), dict):
            port = get(backend, ("service", "port"))
            key = "number" if isinstance(port, dict) and "number" in port else "name"
            yield (*place, "service", "name"), (*place, "service", "port", key)
        elif "serviceName" in backend:
            yield (*place, "serviceName"), (*place, "servicePort")


def _port_problem(service: K8sObject, port: object, port_at: FieldPath) -> Problem | None:
    ports = get(service.value, ("spec", "ports"))
    if not isinstance(ports, list) or not ports:
        return None  # an ExternalName Service, or ports another rule reports
    if isinstance(port, bool) or not isinstance(port, (int, str)) or port == "":
        return None
    if isinstance(port, str) and port.isdigit():
        port = int(port)  # v1beta1 servicePort is an IntOrString: "80" is a number
    field = "port" if isinstance(port, int) else "name"
    if any(isinstance(entry, dict) and entry.get(field) == port for entry in ports):
        return None
    known = ", ".join(str(entry.get(field)) for entry in ports if isinstance(entry, dict) and entry.get(field) is not None)
    what = f"port {port}" if field == "port" else f'port named "{port}"'
    return Problem(
        port_at,
        f'Service "{service.name}" has no {what}' + (f" (it has {known})" if known else ""),
        related=(Related(service, ("spec", "ports"), f"the ports of {service.describe()}"),),
    )
