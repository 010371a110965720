"""Container probes: which containers are expected to have them, and which Pods Services send traffic to."""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem
from k8slint.objects import ApplySet, K8sObject, container_field, containers, get, per_apply_set, pod_labels, pod_spec
from k8slint.podsecurity import who

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
RUN_TO_COMPLETION = frozenset({"Job", "CronJob"})


def serves_continuously(obj: K8sObject) -> bool:
    """Whether the Pods of an object keep running (a server), rather than run to completion: not a Job
    or CronJob, and not a Pod with `restartPolicy` Never or OnFailure."""
    if obj.kind in RUN_TO_COMPLETION:
        return False
    found = pod_spec(obj)
    return found is not None and found[1].get("restartPolicy", "Always") == "Always"


@per_apply_set
def selected_by_services(objects: ApplySet) -> set[int]:
    """Ids of the objects whose Pods a Service of the apply set selects (same namespace, a non-empty
    selector matching the Pod labels)."""
    from k8slint.selector_index import selector_from_map, string_labels

    by_namespace: dict[str | None, list] = {}
    for service in objects.of_kind("Service"):
        selector = selector_from_map(get(service.value, ("spec", "selector")))
        if selector is not None and not selector.empty:
            by_namespace.setdefault(service.effective_namespace(objects.settings), []).append(selector)
    selected: set[int] = set()
    for obj in objects:
        selectors = by_namespace.get(obj.effective_namespace(objects.settings)) if pod_spec(obj) else None
        found = pod_labels(obj) if selectors else None
        if found is not None and any(selector.matches(string_labels(found[1])) for selector in selectors):
            selected.add(id(obj))
    return selected


def missing_probe_problems(objects: ApplySet, ctx: Context, probe: str) -> Iterator[tuple[K8sObject, Problem]]:
    """A problem for each of the `containers` (not init containers: plain ones may not have probes, and
    native sidecars need none to serve) of a continuously serving workload that has no `probe`; with the
    `onlyWhenSelectedByService` option, only for workloads a Service of the apply set selects."""
    only_selected = ctx.options["onlyWhenSelectedByService"]
    selected = selected_by_services(objects) if only_selected else set()
    for obj in objects:
        if not serves_continuously(obj) or (only_selected and id(obj) not in selected):
            continue
        for path, container in containers(obj, ("containers",)):
            if not isinstance(container.get(probe), dict):
                yield obj, Problem(container_field(path, container, (probe,)), f"{who(path, container)} has no {probe}")
