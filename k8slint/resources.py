"""Container resources as the scheduler and kubelet see them: quantities read as
`k8s.io/apimachinery/pkg/api/resource.ParseQuantity` reads them, requests defaulted from limits
(pkg/apis/core/v1/defaults.go `SetDefaults_Pod`), and the defaults a namespace's LimitRange supplies
(plugin/pkg/admission/limitranger: `default` for limits, `defaultRequest` for requests; the API defaults
an item's `default` to its `max`, and `defaultRequest` to its `default`: `SetDefaults_LimitRangeItem`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from k8slint.model import Context, Problem
from k8slint.objects import (
    ApplySet,
    K8sObject,
    container_field,
    get,
    per_apply_set,
    pod_spec,
    running_containers,
)
from k8slint.podsecurity import who
from k8slint.records import record
from k8slint.regex import LazyPattern

if TYPE_CHECKING:
    from decimal import Decimal


@functools.cache
def _suffixes() -> dict[str, Decimal]:
    from decimal import (
        Decimal,  # imported when a quantity is first read, not at start-up
    )

    return {
        "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": Decimal(2) ** 30, "Ti": Decimal(2) ** 40,
        "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60, "n": Decimal("1e-9"), "u": Decimal("1e-6"),
        "m": Decimal("1e-3"), "": Decimal(1), "k": Decimal("1e3"), "M": Decimal("1e6"), "G": Decimal("1e9"),
        "T": Decimal("1e12"), "P": Decimal("1e15"), "E": Decimal("1e18"),
    }


_QUANTITY = LazyPattern(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")


def parse_quantity(value: object) -> Decimal | None:
    """The amount a quantity (`500m`, `1Gi`, `1e3`, `2`) stands for; None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value) if not isinstance(value, float) else repr(value)
    match = _QUANTITY.match(text.strip() if isinstance(value, str) else text)
    if match is None:
        return None
    from decimal import Decimal

    number, suffix = match.group(1), match.group(2) or ""
    try:
        if suffix[:1] in ("e", "E"):
            return Decimal(number) * (Decimal(10) ** int(suffix[1:]))
        return Decimal(number) * _suffixes()[suffix]
    except (ArithmeticError, ValueError):  # decimal.InvalidOperation, Overflow: not a quantity Kubernetes reads
        return None


@record(frozen=True, slots=True)
class NamespaceDefaults:
    """Resources a namespace's LimitRanges default for containers."""

    limits: frozenset[str]
    requests: frozenset[str]


@per_apply_set
def limit_range_defaults(objects: ApplySet) -> dict[str | None, NamespaceDefaults]:
    """By effective namespace: the resources LimitRanges of the apply set give containers defaults for."""
    limits: dict[str | None, set[str]] = {}
    requests: dict[str | None, set[str]] = {}
    for limit_range in objects.of_kind("LimitRange"):
        namespace = limit_range.effective_namespace(objects.settings)
        items = get(limit_range.value, ("spec", "limits"))
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict) or item.get("type") != "Container":
                continue
            supplied = {key for field in ("default", "max") if isinstance(item.get(field), dict) for key in item[field]}
            limits.setdefault(namespace, set()).update(supplied)
            requested = supplied | set(item["defaultRequest"]) if isinstance(item.get("defaultRequest"), dict) else supplied
            requests.setdefault(namespace, set()).update(requested)
    return {
        namespace: NamespaceDefaults(frozenset(limits.get(namespace, ())), frozenset(requests.get(namespace, ())))
        for namespace in limits.keys() | requests.keys()
    }


def missing_resource_problems(
    objects: ApplySet, ctx: Context, kind: str, resource: str
) -> Iterator[tuple[K8sObject, Problem]]:
    """A problem for each long-running container (containers and native sidecars: plain init containers
    run one at a time, so their resources are the maximum, not a sum) whose `resources.<kind>.<resource>`
    is unset or zero, after the defaults (a request defaults to the limit; LimitRanges of the namespace)."""
    defaults = limit_range_defaults(objects)
    for obj in objects:
        if pod_spec(obj) is None:
            continue
        namespace_defaults = defaults.get(obj.effective_namespace(ctx.settings))
        if namespace_defaults is not None and resource in (
            namespace_defaults.limits if kind == "limits" else namespace_defaults.requests
        ):
            continue
        for path, container in running_containers(obj):
            amount = get(container, ("resources", kind, resource))
            if kind == "requests" and amount is None:
                amount = get(container, ("resources", "limits", resource))
            if amount is None:
                what = "limit" if kind == "limits" else "request"
                written = ("resources", kind) if isinstance(get(container, ("resources", kind)), dict) else ("resources",)
                yield obj, Problem(
                    container_field(path, container, written),
                    f'{who(path, container)} sets no {resource} {what}',
                )
            elif parse_quantity(amount) == 0:
                what = "limit" if kind == "limits" else "request"
                yield obj, Problem(
                    container_field(path, container, ("resources", kind, resource)),
                    f'{who(path, container)} sets a zero {resource} {what}',
                )

