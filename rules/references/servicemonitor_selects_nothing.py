"""
## What it does
Reports a Prometheus Operator ServiceMonitor (`monitoring.coreos.com`) whose `spec.selector`
(`matchLabels` and `matchExpressions`) matches the labels of no Service in the namespaces it looks in:
`namespaceSelector.any: true` (every namespace of the apply set), `namespaceSelector.matchNames`, or by
default the ServiceMonitor's own namespace, as the operator reads it. It is checked only when those
namespaces hold Services in the apply set (always under the `strict-references` profile).

Peer: kube-linter `dangling-servicemonitor` (which ignores `matchExpressions` and treats an empty
`namespaceSelector` as every namespace, stackrox/kube-linter#545).

## Why is this bad?
Prometheus scrapes nothing for it: the metrics and the alerts built on them silently disappear.

## Example
```yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web-metrics}}
  endpoints: [{port: metrics}]
```

Use instead:
```yaml
spec:
  selector: {matchLabels: {app: web}}
  endpoints: [{port: metrics}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get
from k8slint.references import STRICT_REFERENCES, missing

CODE = "K127"
NAME = "servicemonitor-selects-nothing"
SUMMARY = "a ServiceMonitor's selector matches no Service in the namespaces it watches"
SEVERITY = Severity.INFO
REMEDIATION = "Make `spec.selector` match the labels of the Service to scrape (and `namespaceSelector` its namespace)."
PROFILE = "strict-references"


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.selector_index import string_labels
    from k8slint.selectors import SelectorError, from_label_selector

    services: dict[str | None, list[dict[str, str]]] = {}
    for service in objects.of_kind("Service"):
        if service.group == "":
            services.setdefault(service.effective_namespace(ctx.settings), []).append(string_labels(service.labels))
    for monitor in objects.of_kind("ServiceMonitor"):
        selector_value = get(monitor.value, ("spec", "selector"))
        if monitor.group != "monitoring.coreos.com" or not isinstance(selector_value, dict):
            continue
        try:
            selector = from_label_selector(selector_value)
        except SelectorError:
            continue
        namespaces = _namespaces(monitor, ctx, services)
        candidates = [labels for namespace in namespaces for labels in services.get(namespace, ())]
        if any(selector.matches(labels) for labels in candidates):
            continue
        if candidates or STRICT_REFERENCES in ctx.settings.profiles:
            where = ", ".join(f'"{namespace}"' for namespace in namespaces) or "no namespace"
            shown = "{}" if selector.empty else f'"{selector}"'
            yield monitor, missing(ctx, ("spec", "selector"), f"selector {shown} matches no Service in namespace {where}")


def _namespaces(monitor: K8sObject, ctx: Context, services: dict[str | None, list]) -> list[str | None]:
    chosen = get(monitor.value, ("spec", "namespaceSelector"))
    if isinstance(chosen, dict) and chosen.get("any") is True:
        return sorted(services, key=str)
    names = chosen.get("matchNames") if isinstance(chosen, dict) else None
    if isinstance(names, list) and names:
        return [name for name in names if isinstance(name, str)]
    return [monitor.effective_namespace(ctx.settings)]
