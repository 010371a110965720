"""What the Prometheus Operator's ServiceMonitors and PodMonitors select within an apply set.

A ServiceMonitor selects Services by their labels (`spec.selector`, a LabelSelector) in the namespaces
of `spec.namespaceSelector` (`any: true`, `matchNames`, or else its own namespace), then scrapes the
endpoints whose Service port is named `endpoints[].port`. A PodMonitor selects Pods the same way and
scrapes the container port named `podMetricsEndpoints[].port`. An endpoint given by `targetPort` (a
ServiceMonitor's, or a PodMonitor's) or `portNumber` (a PodMonitor's) keeps the targets whose container port
has that name (a string) or number. (prometheus-operator
`pkg/prometheus/resource_selector.go` and `promcfg.go`: `namespaceSelector` handling, the `__meta_kubernetes_
service_label_*` / `pod_label_*` keep rules and the port-name relabelling.)
"""

from __future__ import annotations

from typing import Any

from k8slint.objects import (
    ApplySet,
    K8sObject,
    containers,
    get,
    per_apply_set,
    pod_labels,
)
from k8slint.records import field, named_tuple, record

MONITORING_GROUP = "monitoring.coreos.com"
SERVICE_MONITOR = "ServiceMonitor"
POD_MONITOR = "PodMonitor"
# What each monitor kind selects, and the list of its endpoints.
ENDPOINT_LISTS = {SERVICE_MONITOR: "endpoints", POD_MONITOR: "podMetricsEndpoints"}
POD_KINDS = ("Pod", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob")
# Labels of Services that the cluster makes, not manifests: the API server's `default/kubernetes`,
# kubeadm's CoreDNS `kube-system/kube-dns`, and the kubelet Service the operator keeps itself
# (`--kubelet-service`).
APISERVER_SERVICE_LABELS = {"component": "apiserver", "provider": "kubernetes"}
KUBELET_SERVICE_LABELS = {
    "k8s-app": "kubelet",
    "app.kubernetes.io/name": "kubelet",
    "app.kubernetes.io/managed-by": "prometheus-operator",
}
CLUSTER_MADE_SERVICE_LABELS = (
    APISERVER_SERVICE_LABELS,
    {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"},
    KUBELET_SERVICE_LABELS,
)


@record(slots=True)
class Selection:
    """What one monitor selects in the apply set: `candidates` are the labelled objects of the kind it
    selects in its namespaces (none means the apply set cannot tell; always none for `any: true`, since
    no apply set shows every namespace), `selected` those its selector matches."""

    monitor: K8sObject
    namespaces: str  # for messages: `namespace "x"`, `namespaces "x", "y"` or `any namespace`
    candidates: int = 0
    selected: list[K8sObject] = field(default_factory=list)


def is_monitor(obj: K8sObject) -> bool:
    return obj.kind in ENDPOINT_LISTS and obj.group == MONITORING_GROUP


def monitor_selector(obj: K8sObject):
    """The Selector of a monitor's `spec.selector` (absent means everything), None when invalid."""
    from k8slint.selectors import EVERYTHING, SelectorError, from_label_selector

    spec = obj.value.get("spec")
    raw = spec.get("selector") if isinstance(spec, dict) else None
    if raw is None:
        return EVERYTHING
    try:
        return from_label_selector(raw)
    except SelectorError:
        return None


def monitor_namespaces(obj: K8sObject, objects: ApplySet) -> frozenset[str | None] | None:
    """The namespaces a monitor looks in; None for `any: true`."""
    spec = obj.value.get("spec")
    namespace_selector = spec.get("namespaceSelector") if isinstance(spec, dict) else None
    if isinstance(namespace_selector, dict):
        if namespace_selector.get("any") is True:
            return None
        names = namespace_selector.get("matchNames")
        if isinstance(names, list) and names:
            return frozenset(name for name in names if isinstance(name, str))
    return frozenset({obj.effective_namespace(objects.settings)})


@per_apply_set
def monitor_selections(objects: ApplySet) -> dict[int, Selection]:
    """id(monitor) -> its Selection, for every valid ServiceMonitor and PodMonitor of the apply set.

    Each Service's or Pod template's labels are looked up once in an index of the monitors' selectors.
    """
    from k8slint.selector_index import SelectorIndex, string_labels

    selections: dict[int, Selection] = {}
    indexes = {SERVICE_MONITOR: SelectorIndex(), POD_MONITOR: SelectorIndex()}
    scopes: dict[int, frozenset | None] = {}
    for monitor in objects.of_kind(SERVICE_MONITOR, POD_MONITOR):
        if not is_monitor(monitor):
            continue
        selector = monitor_selector(monitor)
        if selector is None:
            continue
        scope = monitor_namespaces(monitor, objects)
        scopes[id(monitor)] = scope
        shown = "any namespace" if scope is None else _namespaces_text(scope)
        selections[id(monitor)] = Selection(monitor, shown)
        indexes[monitor.kind].add(selector, monitor)
    if not selections:
        return selections
    for kind, targets in ((SERVICE_MONITOR, objects.of_kind("Service")), (POD_MONITOR, objects.of_kind(*POD_KINDS))):
        by_namespace: dict[str | None, int] = {}
        for target in targets:
            namespace = target.effective_namespace(objects.settings)
            labels = target.labels if kind == SERVICE_MONITOR else _pod_labels(target)
            if labels:
                # Unlabelled objects (often partial ones, as in test assertions) say nothing of what a
                # selector is meant to find.
                by_namespace[namespace] = by_namespace.get(namespace, 0) + 1
            for monitor in indexes[kind].matching(string_labels(labels)):
                scope = scopes[id(monitor)]
                if scope is None or namespace in scope:
                    selections[id(monitor)].selected.append(target)
        for selection in selections.values():
            if selection.monitor.kind != kind:
                continue
            scope = scopes[id(selection.monitor)]
            if scope is not None:
                selection.candidates = sum(by_namespace.get(name, 0) for name in scope)
    return selections


def port_names(target: K8sObject) -> list[str]:
    """Named ports a monitor's endpoint may name: a Service's ports, or a Pod template's container ports."""
    names: list[str] = []
    if target.kind == "Service":
        spec = target.value.get("spec")
        ports = spec.get("ports") if isinstance(spec, dict) else None
        names.extend(_names(ports))
    else:
        for _, container in containers(target):
            names.extend(_names(container.get("ports")))
    return names


@named_tuple
class ContainerPorts:
    """The container ports Pods expose: names and numbers (`containerPort`)."""

    names: frozenset[str]
    numbers: frozenset[int]

    def __or__(self, other: ContainerPorts) -> ContainerPorts:  # type: ignore[override]
        return ContainerPorts(self.names | other.names, self.numbers | other.numbers)

    def has(self, port: str | int) -> bool:
        return port in (self.names if isinstance(port, str) else self.numbers)


NO_PORTS = ContainerPorts(frozenset(), frozenset())


def container_ports(target: K8sObject) -> ContainerPorts:
    """The container ports of a Pod or Pod template (init containers included: native sidecars serve)."""
    names: set[str] = set()
    numbers: set[int] = set()
    for _, container in containers(target):
        ports = container.get("ports")
        for port in ports if isinstance(ports, list) else ():
            if not isinstance(port, dict):
                continue
            if isinstance(port.get("name"), str):
                names.add(port["name"])
            number = port.get("containerPort")
            if isinstance(number, int) and not isinstance(number, bool):
                numbers.add(number)
    return ContainerPorts(frozenset(names), frozenset(numbers))


def service_target_ports(service: K8sObject) -> ContainerPorts:
    """The container ports a Service sends traffic to: each port's `targetPort`, else its `port`."""
    names: set[str] = set()
    numbers: set[int] = set()
    ports = get(service.value, ("spec", "ports"))
    for port in ports if isinstance(ports, list) else ():
        if not isinstance(port, dict):
            continue
        target = port.get("targetPort", port.get("port"))
        if isinstance(target, str):
            names.add(target)
        elif isinstance(target, int) and not isinstance(target, bool):
            numbers.add(target)
    return ContainerPorts(frozenset(names), frozenset(numbers))


def service_backends(objects: ApplySet, service: K8sObject) -> list[K8sObject] | None:
    """The Pods and Pod templates of the apply set a Service selects; None when it has no selector (its
    endpoints are managed by hand) or selects none here, so the Pods behind it are not known."""
    from k8slint.selector_index import selector_from_map, string_labels

    selector = selector_from_map(get(service.value, ("spec", "selector")))
    if selector is None or selector.empty:
        return None
    namespace = service.effective_namespace(objects.settings)
    backends = []
    for target in objects.of_kind(*POD_KINDS):
        labels = pod_labels(target)
        if (
            labels is not None
            and target.effective_namespace(objects.settings) == namespace
            and selector.matches(string_labels(labels[1]))
        ):
            backends.append(target)
    return backends or None


def selects_cluster_made_service(monitor: K8sObject) -> bool:
    """Whether a ServiceMonitor selects a Service the cluster makes (see CLUSTER_MADE_SERVICE_LABELS)."""
    selector = monitor_selector(monitor)
    if monitor.kind != SERVICE_MONITOR or selector is None or selector.empty:
        return False
    return any(selector.matches(labels) for labels in CLUSTER_MADE_SERVICE_LABELS)


def _names(ports: Any) -> list[str]:
    if not isinstance(ports, list):
        return []
    return [port["name"] for port in ports if isinstance(port, dict) and isinstance(port.get("name"), str)]


def _pod_labels(target: K8sObject) -> dict:
    found = pod_labels(target)
    return found[1] if found is not None else {}


def _namespaces_text(scope: frozenset) -> str:
    names = sorted(str(name) for name in scope)
    return ("namespace " if len(names) == 1 else "namespaces ") + ", ".join(f'"{name}"' for name in names)
