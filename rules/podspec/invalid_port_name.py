"""
## What it does
Reports port names and target ports the API server rejects, as `pkg/apis/core/validation` checks them:

- a container's `ports[*].name` (init and regular containers) must be an IANA service name: at most 15
  characters, only `a-z`, `0-9` and `-`, at least one letter, no leading, trailing or doubled `-`; and
  unique within the container;
- a Service's `ports[*].targetPort`, when a string, must be such a name (a quoted number, `"8080"`, is a
  string: write it unquoted); when a number, 1 to 65535;
- a Service's `ports[*].name` must be a DNS label (at most 63 characters, `a-z`, `0-9`, `-`), unique, and
  is required when the Service has more than one port.

Peers: kube-linter `invalid-target-ports`, kube-score `container-ports-check`.

## Why is this bad?
The OpenAPI schema cannot express these rules, so schema validation passes, and `kubectl apply` fails
(`spec.template.spec.containers[0].ports[0].name: Invalid value: "http-metrics-port": must be no more
than 15 characters`).

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
    ports:
      - name: http-metrics-port
        containerPort: 9090
```

Use instead:
```yaml
    ports:
      - name: metrics
        containerPort: 9090
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers, get
from k8slint.validation import dns1123_label, port_name

CODE = "K106"
NAME = "invalid-port-name"
SUMMARY = "a container port name or a Service port name or targetPort that the API server rejects"
SEVERITY = Severity.ERROR
REMEDIATION = "Use at most 15 lowercase letters, digits and single hyphens, with a letter, for port names (and unquoted numbers for numeric target ports)."
KINDS = (*POD_CARRIERS, "Service")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.kind == "Service":
        if obj.group == "":
            yield from _service_problems(obj)
        return
    for path, container in containers(obj, ("initContainers", "containers")):
        ports = container.get("ports")
        seen: set[str] = set()
        for index, port in enumerate(ports if isinstance(ports, list) else ()):
            name = port.get("name") if isinstance(port, dict) else None
            if not isinstance(name, str) or not name:
                continue
            errors = port_name(name)
            if errors:
                yield Problem((*path, "ports", index, "name"), f'port name "{name}" {"; ".join(errors)}')
            elif name in seen:
                yield Problem((*path, "ports", index, "name"), f'port name "{name}" is used twice in container "{container.get("name")}"')
            seen.add(name)


def _service_problems(service: K8sObject) -> Iterator[Problem]:
    ports = get(service.value, ("spec", "ports"))
    if not isinstance(ports, list):
        return
    seen: set[str] = set()
    for index, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        at = ("spec", "ports", index)
        name = port.get("name")
        if isinstance(name, str) and name:
            errors = dns1123_label(name)
            if errors:
                yield Problem((*at, "name"), f'Service port name "{name}" is invalid: {"; ".join(errors)}')
            elif name in seen:
                yield Problem((*at, "name"), f'Service port name "{name}" is used twice')
            seen.add(name)
        elif len(ports) > 1 and name in (None, ""):
            yield Problem(at, "Service port has no name, which is required when a Service has several ports")
        target = port.get("targetPort")
        if isinstance(target, str) and target:
            errors = port_name(target)
            if errors:
                hint = " (a quoted number is a name: write it unquoted)" if target.isdigit() else ""
                yield Problem((*at, "targetPort"), f'targetPort "{target}" {"; ".join(errors)}{hint}')
        elif isinstance(target, int) and not isinstance(target, bool) and not 0 <= target <= 65535:
            yield Problem((*at, "targetPort"), f"targetPort {target} must be between 1 and 65535, inclusive")
