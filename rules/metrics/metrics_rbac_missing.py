"""
## What it does
For a scraper whose configuration in the apply set scrapes kube-apiserver (the `default;kubernetes;https`
endpoints job) or the kubelets (node discovery, or static targets on port 10250 such as a DaemonSet's
`${env:NODE_IP}:10250`):
- a workload (Prometheus, or an OpenTelemetry Collector) that mounts a ConfigMap holding that
  configuration;
- a Prometheus Operator `Prometheus` (its `spec.serviceAccountName`, else `default`), through the
  `additionalScrapeConfigs` Secret it names, and through the ServiceMonitors its
  `serviceMonitorSelector` and `serviceMonitorNamespaceSelector` select that select the API server's
  `default/kubernetes` Service (labels `component: apiserver, provider: kubernetes`) or the operator's
  kubelet Service (`k8s-app: kubelet`);
- an `OpenTelemetryCollector` (opentelemetry.io; its `spec.serviceAccount`, else the `<name>-collector`
  account the operator creates) through the `prometheus` receivers of its `spec.config`;

checks that its ServiceAccount's bindings in the apply set grant what those components authorize:
- `get` on the non-resource URL `/metrics`, through a ClusterRoleBinding, for kube-apiserver (the
  Kubernetes documentation's example ClusterRole);
- `get` on `nodes/metrics` for the kubelets scraped directly, `nodes/proxy` through the API server.
Reported as info, and only when the apply set holds a binding of that ServiceAccount and every role
its bindings reference (or a built-in one: `cluster-admin`, `system:monitoring`).

## Why is this bad?
The scrape is refused with 403 Forbidden: the job's targets stay down and the component's metrics are
missing, while Prometheus itself runs fine. A non-resource URL is granted only by a ClusterRole bound
with a ClusterRoleBinding; a RoleBinding to the same ClusterRole does not grant it.

## Example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: prometheus}
rules:
  - apiGroups: [""]
    resources: [nodes, services, endpoints, pods]
    verbs: [get, list, watch]
```

Use instead:
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: prometheus}
rules:
  - apiGroups: [""]
    resources: [nodes, nodes/metrics, services, endpoints, pods]
    verbs: [get, list, watch]
  - nonResourceURLs:
      - "/metrics"
    verbs:
      - get
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from k8slint.embedded import configmap_volume_names
from k8slint.model import Context, FieldPath, Problem, Related, Severity
from k8slint.monitors import (
    APISERVER_SERVICE_LABELS,
    KUBELET_SERVICE_LABELS,
    MONITORING_GROUP,
    SERVICE_MONITOR,
    monitor_selector,
)
from k8slint.objects import WORKLOAD_KINDS, ApplySet, K8sObject, pod_spec
from k8slint.prometheus import OPENTELEMETRY_COLLECTOR, ComponentScrape, component_scrapes, prometheus_documents
from k8slint.rbac import Request, service_account_grants
from k8slint.records import named_tuple

CODE = "K663"
NAME = "metrics-rbac-missing"
SUMMARY = "a Prometheus scrapes kube-apiserver or kubelet metrics but its ServiceAccount is not granted them"
SEVERITY = Severity.INFO
REMEDIATION = (
    "Bind the ServiceAccount (with a ClusterRoleBinding) to a ClusterRole granting get on the non-resource "
    "URL /metrics and on nodes/metrics (nodes/proxy through the API server)."
)
SET_KINDS = ("ClusterRoleBinding", "RoleBinding")  # check_set reports nothing without a binding (see above)

PROMETHEUS = "Prometheus"


@named_tuple
class Scrape:
    """A component scrape, and where a person reads it: an object and a path in it."""

    source: K8sObject
    at: FieldPath
    scrape: ComponentScrape


@named_tuple
class Scraper:
    """What runs the scrapes: the object to report, where its ServiceAccount is named, and the account."""

    owner: K8sObject
    at: FieldPath
    namespace: str | None
    account: str
    scrapes: list[Scrape]


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for scrapers in (_workload_scrapers, _prometheus_scrapers, _collector_scrapers):
        for scraper in scrapers(objects, ctx):
            if scraper.scrapes:
                yield from _problems(objects, scraper)


def _document_scrapes(source: K8sObject, documents: list) -> list[Scrape]:
    found = []
    for document in documents:
        for scrape in component_scrapes(document.value):
            found.append(Scrape(source, _document_at(document, scrape), scrape))
    return found


def _document_at(document: Any, scrape: ComponentScrape) -> FieldPath:
    """Where a scrape of a document is shown: the data key of a ConfigMap or Secret, or its scrape config."""
    held = _data_key(document)
    return held if held is not None else (*getattr(document, "prefix", ()), *scrape.path)


def _data_key(document: Any) -> tuple[str, str] | None:
    """(mapping, key) of the ConfigMap or Secret value holding a document; None for a document of its own."""
    for holder in (document, getattr(document, "source", None)):
        key = getattr(holder, "key", None)
        if isinstance(key, str):
            return getattr(holder, "field", "data"), key
    return None


def _workload_scrapers(objects: ApplySet, ctx: Context) -> Iterator[Scraper]:
    by_configmap: dict[tuple, list[Scrape]] = {}
    for configmap in objects.of_kind("ConfigMap"):
        scrapes = _document_scrapes(configmap, prometheus_documents(configmap))
        if scrapes:
            by_configmap[(configmap.effective_namespace(ctx.settings), configmap.name)] = scrapes
    if not by_configmap:
        return
    for workload in objects.of_kind(*WORKLOAD_KINDS):
        found = pod_spec(workload)
        if found is None:
            continue
        spec_path, spec = found
        namespace = workload.effective_namespace(ctx.settings)
        account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
        if not isinstance(account, str):
            continue
        scrapes = [
            scrape for name in configmap_volume_names(spec) for scrape in by_configmap.get((namespace, name), ())
        ]
        at = (*spec_path, "serviceAccountName") if "serviceAccountName" in spec else spec_path
        yield Scraper(workload, at, namespace, account, scrapes)


def _prometheus_scrapers(objects: ApplySet, ctx: Context) -> Iterator[Scraper]:
    """Prometheus Operator `Prometheus` objects: their `additionalScrapeConfigs` Secret and the
    ServiceMonitors they select that scrape the API server or the kubelets (prometheus-operator
    `pkg/prometheus/resource_selector.go`: a null `serviceMonitorSelector` selects none, `{}` all; a null
    `serviceMonitorNamespaceSelector` means the Prometheus' own namespace)."""
    for prometheus in objects.of_kind(PROMETHEUS):
        spec = prometheus.value.get("spec")
        if prometheus.group != MONITORING_GROUP or not isinstance(spec, dict):
            continue
        namespace = prometheus.effective_namespace(ctx.settings)
        account = spec.get("serviceAccountName") or "default"
        if not isinstance(account, str):
            continue
        scrapes = _additional_scrape_configs(objects, ctx, namespace, spec.get("additionalScrapeConfigs"))
        scrapes.extend(_service_monitor_scrapes(objects, ctx, prometheus, spec))
        at = ("spec", "serviceAccountName") if "serviceAccountName" in spec else ("spec",)
        yield Scraper(prometheus, at, namespace, account, scrapes)


def _additional_scrape_configs(objects: ApplySet, ctx: Context, namespace: str | None, ref: Any) -> list[Scrape]:
    if not isinstance(ref, dict) or not isinstance(ref.get("name"), str) or not isinstance(ref.get("key"), str):
        return []
    keys = (("data", ref["key"]), ("stringData", ref["key"]))
    for secret in objects.of_kind("Secret"):
        if secret.name == ref["name"] and secret.effective_namespace(ctx.settings) == namespace:
            documents = [document for document in prometheus_documents(secret) if _data_key(document) in keys]
            return _document_scrapes(secret, documents)
    return []


def _service_monitor_scrapes(objects: ApplySet, ctx: Context, prometheus: K8sObject, spec: dict) -> list[Scrape]:
    from k8slint.selector_index import string_labels
    from k8slint.selectors import SelectorError, from_label_selector

    raw_selector = spec.get("serviceMonitorSelector")
    if not isinstance(raw_selector, dict):
        return []
    raw_namespaces = spec.get("serviceMonitorNamespaceSelector")
    try:
        selector = from_label_selector(raw_selector)
        namespace_selector = from_label_selector(raw_namespaces) if isinstance(raw_namespaces, dict) else None
    except SelectorError:
        return []
    own_namespace = prometheus.effective_namespace(ctx.settings)
    found = []
    for monitor in objects.of_kind(SERVICE_MONITOR):
        if monitor.group != MONITORING_GROUP or not selector.matches(string_labels(monitor.labels)):
            continue
        monitor_namespace = monitor.effective_namespace(ctx.settings)
        if namespace_selector is None and monitor_namespace != own_namespace:
            continue
        if namespace_selector is not None and not namespace_selector.empty:
            namespace = objects.find("Namespace", str(monitor_namespace))
            if namespace is None:
                continue  # which labels its namespace has is not known
            labels = {**string_labels(namespace.labels), "kubernetes.io/metadata.name": str(monitor_namespace)}
            if not namespace_selector.matches(labels):
                continue
        monitor_targets = monitor_selector(monitor)
        if monitor_targets is None or monitor_targets.empty:
            continue
        job = f"serviceMonitor/{monitor_namespace}/{monitor.name}"
        if monitor_targets.matches(APISERVER_SERVICE_LABELS):
            scrape = ComponentScrape(job, (), "kube-apiserver", "get", "/metrics", "")
        elif monitor_targets.matches(KUBELET_SERVICE_LABELS):
            scrape = ComponentScrape(job, (), "the kubelets", "get", None, "nodes/metrics")
        else:
            continue
        found.append(Scrape(monitor, ("spec", "selector"), scrape))
    return found


def _collector_scrapers(objects: ApplySet, ctx: Context) -> Iterator[Scraper]:
    """OpenTelemetryCollector objects (the operator's `opentelemetry.io` kind), whose ServiceAccount is
    `spec.serviceAccount`, else the `<name>-collector` account the operator creates for them."""
    for collector in objects.of_kind(OPENTELEMETRY_COLLECTOR):
        spec = collector.value.get("spec")
        if collector.group != "opentelemetry.io" or not isinstance(spec, dict) or not collector.name:
            continue
        account = spec.get("serviceAccount") or f"{collector.name}-collector"
        if not isinstance(account, str):
            continue
        at = ("spec", "serviceAccount") if "serviceAccount" in spec else ("spec",)
        scrapes = _document_scrapes(collector, prometheus_documents(collector))
        yield Scraper(collector, at, collector.effective_namespace(ctx.settings), account, scrapes)


def _problems(objects: ApplySet, scraper: Scraper) -> Iterator[tuple[K8sObject, Problem]]:
    grants = service_account_grants(objects, scraper.namespace, scraper.account)
    if not grants.bindings:
        return  # the ServiceAccount's RBAC is managed elsewhere
    for source, at, scrape in scraper.scrapes:
        if grants.allows(Request(scrape.verb, url=scrape.url, resource=scrape.resource)) is not False:
            continue
        wanted = f'the non-resource URL "{scrape.url}"' if scrape.url else f'"{scrape.resource}"'
        related = (Related(source, at, f'job "{scrape.job}"'),) + tuple(
            Related(binding, ("roleRef",), f"binding {binding.describe()}") for binding in grants.bindings[:3]
        )
        yield (
            scraper.owner,
            Problem(
                scraper.at,
                f'ServiceAccount "{scraper.namespace}/{scraper.account}" is bound to no role granting "{scrape.verb}" '
                f'on {wanted}, which job "{scrape.job}" needs to scrape {scrape.component}',
                on_key=scraper.at[-1] == "spec",
                related=related,
            ),
        )
