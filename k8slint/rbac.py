"""Roles and bindings of an apply set: which rules a binding grants, following aggregated ClusterRoles,
and what a rule allows, read as the RBAC authorizer reads it (`*` matches everything; resources are
compared exactly, subresources included)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from k8slint.model import FieldPath
from k8slint.objects import ApplySet, K8sObject, get, per_apply_set

RBAC_GROUP = "rbac.authorization.k8s.io"
BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")
ROLE_KINDS = ("Role", "ClusterRole")
# ClusterRoles every cluster has (the user-facing ones and the `system:` bootstrap roles)
BUILTIN_CLUSTER_ROLES = frozenset({"cluster-admin", "admin", "edit", "view"})


# Roles of kube-system that the API server creates (bootstrap policy)
BUILTIN_KUBE_SYSTEM_ROLES = frozenset({"extension-apiserver-authentication-reader"})


def is_builtin_role(kind: object, name: object, namespace: str | None = None) -> bool:
    """A ClusterRole every cluster has, or a bootstrap Role of kube-system."""
    if not isinstance(name, str):
        return False
    if kind == "ClusterRole":
        return name in BUILTIN_CLUSTER_ROLES or name.startswith("system:")
    return kind == "Role" and namespace in ("kube-system", "kube-public") and (
        name in BUILTIN_KUBE_SYSTEM_ROLES or name.startswith("system:")
    )


def is_bootstrap_binding(binding: K8sObject) -> bool:
    """A binding the cluster (or its cloud provider) creates itself: `cluster-admin`, `system:*`, and GKE's
    Calico binding, which Polaris also skips."""
    name = binding.name or ""
    return name in ("cluster-admin", "gce:podsecuritypolicy:calico-sa") or name.startswith("system:")


class Grant(NamedTuple):
    """One rule of a role, and where it is written."""

    role: K8sObject
    index: int
    rule: dict

    @property
    def path(self) -> FieldPath:
        return ("rules", self.index)


def role_rules(role: K8sObject) -> list[Grant]:
    rules = role.value.get("rules")
    return [Grant(role, index, rule) for index, rule in enumerate(rules if isinstance(rules, list) else ()) if isinstance(rule, dict)]


@per_apply_set
def _roles(objects: ApplySet) -> dict[tuple[str, str | None, str], K8sObject]:
    """(kind, namespace or None for ClusterRoles, name) -> the role."""
    found: dict[tuple[str, str | None, str], K8sObject] = {}
    for role in objects.of_kind(*ROLE_KINDS):
        if role.group == RBAC_GROUP and role.name:
            namespace = role.effective_namespace(objects.settings) if role.kind == "Role" else None
            found.setdefault((role.kind or "", namespace, role.name), role)
    return found


def bound_role(objects: ApplySet, binding: K8sObject) -> K8sObject | None:
    """The Role or ClusterRole of the set that a binding's `roleRef` names, if the set holds it."""
    kind, name = get(binding.value, ("roleRef", "kind")), get(binding.value, ("roleRef", "name"))
    if not isinstance(name, str) or kind not in ROLE_KINDS:
        return None
    namespace = binding.effective_namespace(objects.settings) if kind == "Role" and binding.kind == "RoleBinding" else None
    return _roles(objects).get((kind, namespace, name))


def granted_rules(objects: ApplySet, role: K8sObject) -> list[Grant]:
    """The rules a role grants: its own, and for an aggregated ClusterRole, those of the ClusterRoles of the
    set its `aggregationRule.clusterRoleSelectors` select (the controller overwrites its own `rules`)."""
    selectors = get(role.value, ("aggregationRule", "clusterRoleSelectors"))
    if role.kind != "ClusterRole" or not isinstance(selectors, list):
        return role_rules(role)
    from k8slint.selector_index import string_labels
    from k8slint.selectors import SelectorError, from_label_selector

    parsed = []
    for selector in selectors:
        try:
            parsed.append(from_label_selector(selector if isinstance(selector, dict) else None))
        except SelectorError:
            continue
    grants: list[Grant] = []
    for (kind, _, _), other in _roles(objects).items():
        if kind == "ClusterRole" and other is not role and any(s.matches(string_labels(other.labels)) for s in parsed):
            grants.extend(role_rules(other))
    return grants


def allows(rule: dict, groups: Iterable[str], resources: Iterable[str], verbs: Iterable[str]) -> bool:
    """Whether a PolicyRule grants any of `verbs` on any of `resources` in any of `groups`."""
    return _matches(rule.get("apiGroups"), groups) and _matches(rule.get("resources"), resources) and _matches(rule.get("verbs"), verbs)


def _matches(values: object, wanted: Iterable[str]) -> bool:
    if not isinstance(values, list):
        return False
    return "*" in values or any(item in values for item in wanted)


def bindings(objects: ApplySet) -> Iterator[K8sObject]:
    for binding in objects.of_kind(*BINDING_KINDS):
        if binding.group == RBAC_GROUP:
            yield binding


def bindings_granting(
    objects: ApplySet, groups: Iterable[str], resources: Iterable[str], verbs: Iterable[str], any_name: bool = False
) -> Iterator[tuple[K8sObject, K8sObject, Grant]]:
    """(binding, its role, the first rule of it that grants one of `verbs` on one of `resources` in one of
    `groups`) for every binding of the set whose role the set holds, bootstrap bindings aside. With
    `any_name`, rules restricted to some objects (`resourceNames`) do not count."""
    groups, resources, verbs = tuple(groups), tuple(resources), tuple(verbs)
    for binding in bindings(objects):
        role = bound_role(objects, binding)
        if role is None or is_bootstrap_binding(binding):
            continue
        for grant in granted_rules(objects, role):
            if any_name and grant.rule.get("resourceNames"):
                continue
            if allows(grant.rule, groups, resources, verbs):
                yield binding, role, grant
                break
