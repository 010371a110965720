"""The FlowSchemas and PriorityLevelConfigurations every kube-apiserver creates, per Kubernetes minor version.

Transcribed from kubernetes/apiserver `pkg/apis/flowcontrol/bootstrap/default.go` and its history: the
mandatory `exempt` and `catch-all` objects, and the suggested ones. Objects are returned as decoded
manifests in the version the release prefers, with every field its defaulting would set, so they can be
fed through the same code as the user's objects.
"""

from __future__ import annotations

import functools
from typing import Any

GROUP = "flowcontrol.apiserver.k8s.io"
AUTOUPDATE_ANNOTATION = "apf.kubernetes.io/autoupdate-spec"

MANDATORY_FLOWSCHEMA_NAMES = ("exempt", "catch-all")
MANDATORY_PRIORITY_LEVEL_NAMES = ("exempt", "catch-all")

# Well-known identities (k8s.io/apiserver/pkg/authentication/user).
GROUP_MASTERS = "system:masters"
GROUP_NODES = "system:nodes"
GROUP_AUTHENTICATED = "system:authenticated"
GROUP_UNAUTHENTICATED = "system:unauthenticated"
GROUP_SERVICE_ACCOUNTS = "system:serviceaccounts"
USER_KUBE_CONTROLLER_MANAGER = "system:kube-controller-manager"
USER_KUBE_SCHEDULER = "system:kube-scheduler"
USER_ANONYMOUS = "system:anonymous"

_LEASES_GROUP = "coordination.k8s.io"


def preferred_api_version(kubernetes_version: tuple[int, int]) -> str:
    """The newest flowcontrol version a release serves, which is what its bootstrap objects are written in."""
    if kubernetes_version >= (1, 29):
        version = "v1"
    elif kubernetes_version >= (1, 26):
        version = "v1beta3"
    elif kubernetes_version >= (1, 23):
        version = "v1beta2"
    elif kubernetes_version >= (1, 20):
        version = "v1beta1"
    else:
        version = "v1alpha1"
    return f"{GROUP}/{version}"


def concurrency_shares_field(api_version: str) -> str:
    """`assuredConcurrencyShares` up to v1beta2, `nominalConcurrencyShares` from v1beta3."""
    version = api_version.rsplit("/", 1)[-1]
    return "assuredConcurrencyShares" if version in ("v1alpha1", "v1beta1", "v1beta2") else "nominalConcurrencyShares"


# --- FlowSchemas -------------------------------------------------------------------------------------


def _user(name: str) -> dict:
    return {"kind": "User", "user": {"name": name}}


def _group(name: str) -> dict:
    return {"kind": "Group", "group": {"name": name}}


def _service_account(namespace: str, name: str) -> dict:
    return {"kind": "ServiceAccount", "serviceAccount": {"namespace": namespace, "name": name}}


def _resource_rule(verbs: list, groups: list, resources: list, namespaces: list, cluster_scope: bool) -> dict:
    rule: dict[str, Any] = {"verbs": verbs, "apiGroups": groups, "resources": resources, "clusterScope": cluster_scope}
    if namespaces:
        rule["namespaces"] = namespaces
    return rule


_EVERY_RESOURCE = _resource_rule(["*"], ["*"], ["*"], ["*"], True)
_EVERY_NON_RESOURCE = {"verbs": ["*"], "nonResourceURLs": ["*"]}


def _everything(subjects: list) -> dict:
    return {"subjects": subjects, "resourceRules": [_EVERY_RESOURCE], "nonResourceRules": [_EVERY_NON_RESOURCE]}


def _flowschema(name: str, level: str, precedence: int, distinguisher: str | None, *rules: dict) -> dict:
    spec: dict[str, Any] = {
        "matchingPrecedence": precedence,
        "priorityLevelConfiguration": {"name": level},
        "rules": list(rules),
    }
    if distinguisher:
        spec["distinguisherMethod"] = {"type": distinguisher}
    return {"name": name, "spec": spec}


MANDATORY_FLOWSCHEMA_SPECS: dict[str, dict] = {
    fs["name"]: fs["spec"]
    for fs in (
        _flowschema("exempt", "exempt", 1, None, _everything([_group(GROUP_MASTERS)])),
        _flowschema(
            "catch-all",
            "catch-all",
            10000,
            "ByUser",
            _everything([_group(GROUP_UNAUTHENTICATED), _group(GROUP_AUTHENTICATED)]),
        ),
    )
}


def _suggested_flowschemas(version: tuple[int, int]) -> list[dict]:
    read_write = ["get", "create", "update"]
    kube_system_all = _service_account("kube-system", "*")
    schemas = []
    if version >= (1, 22):
        schemas.append(
            _flowschema(
                "probes",
                "exempt",
                2,
                None,
                {
                    "subjects": [_group(GROUP_UNAUTHENTICATED), _group(GROUP_AUTHENTICATED)],
                    "nonResourceRules": [{"verbs": ["get"], "nonResourceURLs": ["/healthz", "/readyz", "/livez"]}],
                },
            )
        )
    leader_subjects = [_user(USER_KUBE_CONTROLLER_MANAGER), _user(USER_KUBE_SCHEDULER), kube_system_all]
    if version >= (1, 24):
        leader_rules = [_resource_rule(read_write, [_LEASES_GROUP], ["leases"], ["*"], False)]
    else:
        # Before 1.24 controllers could still elect leaders through Endpoints and ConfigMaps.
        leader_rules = [
            _resource_rule(read_write, [""], ["endpoints", "configmaps"], ["kube-system"], False),
            _resource_rule(read_write, [_LEASES_GROUP], ["leases"], ["*"], False),
        ]
    schemas.append(
        _flowschema(
            "system-leader-election",
            "leader-election",
            100,
            "ByUser",
            {"subjects": leader_subjects, "resourceRules": leader_rules},
        )
    )
    if (1, 24) <= version < (1, 34):
        schemas.append(
            _flowschema(
                "endpoint-controller",
                "workload-high",
                150,
                "ByUser",
                {
                    "subjects": [
                        _user(USER_KUBE_CONTROLLER_MANAGER),
                        _service_account("kube-system", "endpoint-controller"),
                        _service_account("kube-system", "endpointslicemirroring-controller"),
                    ],
                    "resourceRules": [_resource_rule(read_write, [""], ["endpoints"], ["*"], False)],
                },
            )
        )
        schemas.append(
            _flowschema(
                "workload-leader-election",
                "leader-election",
                200,
                "ByUser",
                {
                    "subjects": [kube_system_all],
                    "resourceRules": [
                        _resource_rule(read_write, [""], ["endpoints", "configmaps"], ["*"], False),
                        _resource_rule(read_write, [_LEASES_GROUP], ["leases"], ["*"], False),
                    ],
                },
            )
        )
    if version >= (1, 22):
        schemas.append(
            _flowschema(
                "system-node-high",
                "node-high",
                400,
                "ByUser",
                {
                    "subjects": [_group(GROUP_NODES)],
                    "resourceRules": [
                        _resource_rule(["*"], [""], ["nodes", "nodes/status"], ["*"], True),
                        _resource_rule(["*"], [_LEASES_GROUP], ["leases"], ["*"], False),
                    ],
                },
            )
        )
    schemas += [
        _flowschema("system-nodes", "system", 500, "ByUser", _everything([_group(GROUP_NODES)])),
        _flowschema(
            "kube-controller-manager",
            "workload-high",
            800,
            "ByNamespace",
            _everything([_user(USER_KUBE_CONTROLLER_MANAGER)]),
        ),
        _flowschema("kube-scheduler", "workload-high", 800, "ByNamespace", _everything([_user(USER_KUBE_SCHEDULER)])),
        _flowschema("kube-system-service-accounts", "workload-high", 900, "ByNamespace", _everything([kube_system_all])),
        _flowschema("service-accounts", "workload-low", 9000, "ByUser", _everything([_group(GROUP_SERVICE_ACCOUNTS)])),
        _flowschema(
            "global-default",
            "global-default",
            9900,
            "ByUser",
            _everything([_group(GROUP_UNAUTHENTICATED), _group(GROUP_AUTHENTICATED)]),
        ),
    ]
    return schemas


@functools.cache
def builtin_flowschemas(kubernetes_version: tuple[int, int], *, suggested: bool = True) -> tuple[dict, ...]:
    """Every built-in FlowSchema of a release, as manifests, in matching order (mandatory ones included).

    The result is shared between callers: read it, never modify it.
    """
    api_version = preferred_api_version(kubernetes_version)
    exempt, catch_all = ({"name": name, "spec": MANDATORY_FLOWSCHEMA_SPECS[name]} for name in MANDATORY_FLOWSCHEMA_NAMES)
    entries = [exempt, *(_suggested_flowschemas(kubernetes_version) if suggested else ()), catch_all]
    return tuple(_manifest(api_version, "FlowSchema", entry["name"], entry["spec"]) for entry in entries)


# --- PriorityLevelConfigurations -----------------------------------------------------------------------

# name -> (concurrency shares, lendablePercent from 1.26, (queues, handSize, queueLengthLimit)); all queue.
_SUGGESTED_LEVELS: dict[str, tuple[int, int, tuple[int, int, int]]] = {
    "system": (30, 33, (64, 6, 50)),
    "node-high": (40, 25, (64, 6, 50)),
    "leader-election": (10, 0, (16, 4, 50)),
    "workload-high": (40, 50, (128, 6, 50)),
    "workload-low": (100, 90, (128, 6, 50)),
    "global-default": (20, 50, (128, 6, 50)),
}


def _limited_spec(
    api_version: str,
    kubernetes_version: tuple[int, int],
    shares: int,
    lendable: int,
    queuing: tuple[int, int, int] | None,
) -> dict:
    limited: dict[str, Any] = {concurrency_shares_field(api_version): shares}
    if kubernetes_version >= (1, 26):
        limited["lendablePercent"] = lendable
    if queuing is None:
        limited["limitResponse"] = {"type": "Reject"}
    else:
        queues, hand_size, queue_length_limit = queuing
        limited["limitResponse"] = {
            "type": "Queue",
            "queuing": {"queues": queues, "handSize": hand_size, "queueLengthLimit": queue_length_limit},
        }
    return {"type": "Limited", "limited": limited}


def mandatory_prioritylevel_spec(name: str, api_version: str, kubernetes_version: tuple[int, int]) -> dict | None:
    """The fixed spec of the mandatory `exempt` or `catch-all` level, as a release defaults it; None otherwise."""
    if name == "exempt":
        spec: dict[str, Any] = {"type": "Exempt"}
        if kubernetes_version >= (1, 28):
            spec["exempt"] = {"nominalConcurrencyShares": 0, "lendablePercent": 0}
        return spec
    if name == "catch-all":
        # catch-all had a single concurrency share until kubernetes/apiserver commit e590a0415 (1.21).
        shares = 5 if kubernetes_version >= (1, 21) else 1
        return _limited_spec(api_version, kubernetes_version, shares, 0, None)
    return None


@functools.cache
def builtin_prioritylevels(kubernetes_version: tuple[int, int], *, suggested: bool = True) -> tuple[dict, ...]:
    """Every built-in PriorityLevelConfiguration of a release, as manifests (mandatory ones included).

    The result is shared between callers: read it, never modify it.
    """
    api_version = preferred_api_version(kubernetes_version)
    levels = [
        _manifest(api_version, "PriorityLevelConfiguration", name, spec)
        for name in MANDATORY_PRIORITY_LEVEL_NAMES
        if (spec := mandatory_prioritylevel_spec(name, api_version, kubernetes_version)) is not None
    ]
    if suggested:
        for name, (shares, lendable, queuing) in _SUGGESTED_LEVELS.items():
            if name == "node-high" and kubernetes_version < (1, 22):
                continue
            if kubernetes_version < (1, 20) and name in ("workload-low", "global-default"):
                # kubernetes/kubernetes#95259 (1.20) swapped these two: workload-low 20 -> 100, global-default 100 -> 20.
                shares = 20 if name == "workload-low" else 100
            levels.append(
                _manifest(
                    api_version,
                    "PriorityLevelConfiguration",
                    name,
                    _limited_spec(api_version, kubernetes_version, shares, lendable, queuing),
                )
            )
    return tuple(levels)


@functools.cache
def builtin_prioritylevel_names(kubernetes_version: tuple[int, int]) -> frozenset[str]:
    return frozenset(level["metadata"]["name"] for level in builtin_prioritylevels(kubernetes_version))


def _manifest(api_version: str, kind: str, name: str, spec: dict) -> dict:
    return {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": {"name": name, "annotations": {AUTOUPDATE_ANNOTATION: "true"}},
        "spec": spec,
    }
