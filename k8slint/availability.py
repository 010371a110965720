"""Replica counts, autoscalers and disruption budgets of an apply set: what the availability rules share."""

from __future__ import annotations

import math
from collections import defaultdict

from k8slint.objects import ApplySet, K8sObject, get, per_apply_set
from k8slint.records import named_tuple

# kinds with a `spec.replicas` (default 1), and their API groups
REPLICATED = {"Deployment": ("apps", "extensions"), "ReplicaSet": ("apps", "extensions"), "StatefulSet": ("apps",), "ReplicationController": ("",)}


def replicas(obj: K8sObject) -> int | None:
    """The replica count a workload asks for (unset: 1, as the API defaults it); None for kinds without one."""
    if obj.group not in REPLICATED.get(obj.kind or "", ()):
        return None
    value = get(obj.value, ("spec", "replicas"), 1)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@named_tuple
class Autoscaler:
    obj: K8sObject
    min_replicas: int


@per_apply_set
def autoscalers(objects: ApplySet) -> dict[tuple[str | None, str, str], list[Autoscaler]]:
    """(namespace, target kind, target name) -> the HorizontalPodAutoscalers and KEDA ScaledObjects scaling it,
    with their minimum replica count (HPA `minReplicas`, default 1; KEDA `minReplicaCount`, default 0)."""
    found: dict[tuple[str | None, str, str], list[Autoscaler]] = defaultdict(list)
    for obj in objects.of_kind("HorizontalPodAutoscaler", "ScaledObject"):
        if (obj.kind, obj.group) == ("HorizontalPodAutoscaler", "autoscaling"):
            kind, minimum = get(obj.value, ("spec", "scaleTargetRef", "kind")), get(obj.value, ("spec", "minReplicas"), 1)
        elif (obj.kind, obj.group) == ("ScaledObject", "keda.sh"):
            kind, minimum = get(obj.value, ("spec", "scaleTargetRef", "kind"), "Deployment"), get(obj.value, ("spec", "minReplicaCount"), 0)
        else:
            continue
        name = get(obj.value, ("spec", "scaleTargetRef", "name"))
        if isinstance(kind, str) and isinstance(name, str) and isinstance(minimum, int) and not isinstance(minimum, bool):
            found[(obj.effective_namespace(objects.settings), kind, name)].append(Autoscaler(obj, minimum))
    return dict(found)


def scaled_by(objects: ApplySet, workload: K8sObject) -> list[Autoscaler]:
    return autoscalers(objects).get((workload.effective_namespace(objects.settings), workload.kind or "", workload.name or ""), [])


@per_apply_set
def replica_counts_known(objects: ApplySet) -> bool:
    """False when the set is a kustomization that sets replicas (`replicas:`) or patches objects: the counts
    written in its resources are not the ones applied."""
    from k8slint.references import kustomizations

    changing = ("replicas", "patches", "patchesStrategicMerge", "patchesJson6902", "transformers", "replacements")
    return not any(kustomization.entries(field) for kustomization in kustomizations(objects) for field in changing)


def scaled(value: object, total: int) -> int | None:
    """An IntOrString of a PodDisruptionBudget against `total` Pods, as the disruption controller scales it
    (`GetScaledValueFromIntOrPercent`, rounding up); None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return math.ceil(int(value[:-1]) * total / 100)
    return None


def is_zero_percent(value: object) -> bool:
    return isinstance(value, str) and value.endswith("%") and value[:-1].isdigit() and int(value[:-1]) == 0


def is_full_percent(value: object) -> bool:
    return isinstance(value, str) and value.endswith("%") and value[:-1].isdigit() and int(value[:-1]) >= 100
