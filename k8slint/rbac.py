"""What RBAC grants within an apply set: a ServiceAccount's (Cluster)RoleBindings, the rules of the
roles they reference, and whether those rules allow a request (Kubernetes' `rbac/validation` rule
matching: `*` wildcards for verbs, API groups, resources and non-resource URLs, a trailing `*` as a
prefix match on URLs; non-resource URLs are granted only through ClusterRoleBindings); and, for the
`rbac` rules, which rules each binding grants, aggregated ClusterRoles followed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from k8slint.model import FieldPath
from k8slint.objects import ApplySet, K8sObject, get, per_apply_set
from k8slint.records import named_tuple

RBAC_GROUP = "rbac.authorization.k8s.io"
# Built-in ClusterRoles a binding may name without the apply set defining them, and what they grant of
# what k8slint asks about (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go).
BUILTIN_CLUSTER_ROLES: dict[str, list[dict]] = {
    "cluster-admin": [
        {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
        {"nonResourceURLs": ["*"], "verbs": ["*"]},
    ],
    "system:monitoring": [
        {
            "nonResourceURLs": [
                "/healthz",
                "/healthz/*",
                "/livez",
                "/livez/*",
                "/readyz",
                "/readyz/*",
                "/metrics",
                "/metrics/slis",
            ],
            "verbs": ["get"],
        },
    ],
}


@named_tuple
class Request:
    """A request to authorize: a non-resource URL (`url`), or a resource in an API group."""

    verb: str
    url: str | None = None
    group: str = ""
    resource: str = ""  # "nodes/metrics" for a subresource


@named_tuple
class Grants:
    """The bindings of a ServiceAccount in the apply set; `rules` is None when a bound role is not known."""

    bindings: list[K8sObject]
    cluster_rules: list[dict] | None  # rules reached through ClusterRoleBindings
    namespaced_rules: list[dict] | None  # rules reached through RoleBindings

    def allows(self, request: Request) -> bool | None:
        """True or False when the apply set shows it, None when a bound role is outside the apply set."""
        sources = [self.cluster_rules] if request.url is not None else [self.cluster_rules, self.namespaced_rules]
        if any(rules is not None and any(rule_allows(rule, request) for rule in rules) for rules in sources):
            return True
        if any(rules is None for rules in sources):
            return None
        return False


def rule_allows(rule: Any, request: Request) -> bool:
    if not isinstance(rule, dict) or not _has(rule.get("verbs"), request.verb):
        return False
    if request.url is not None:
        urls = rule.get("nonResourceURLs")
        return isinstance(urls, list) and any(_url_matches(url, request.url) for url in urls)
    if not _has(rule.get("apiGroups"), request.group):
        return False
    resources = rule.get("resources")
    return isinstance(resources, list) and any(_resource_matches(item, request.resource) for item in resources)


def service_account_grants(objects: ApplySet, namespace: str | None, name: str) -> Grants:
    """What the apply set's bindings grant the ServiceAccount `namespace/name`."""
    index = _bindings_by_subject(objects)
    bindings = index.get((namespace, name), [])
    cluster_rules: list[dict] | None = []
    namespaced_rules: list[dict] | None = []
    for binding in bindings:
        rules = _role_rules(objects, binding)
        if binding.kind == "ClusterRoleBinding":
            cluster_rules = None if rules is None or cluster_rules is None else cluster_rules + rules
        else:
            namespaced_rules = None if rules is None or namespaced_rules is None else namespaced_rules + rules
    return Grants(bindings, cluster_rules, namespaced_rules)


@per_apply_set
def _bindings_by_subject(objects: ApplySet) -> dict[tuple, list[K8sObject]]:
    index: dict[tuple, list[K8sObject]] = {}
    for binding in objects.of_kind("ClusterRoleBinding", "RoleBinding"):
        if binding.group != RBAC_GROUP:
            continue
        subjects = binding.value.get("subjects")
        for subject in subjects if isinstance(subjects, list) else ():
            if not isinstance(subject, dict) or subject.get("kind") != "ServiceAccount":
                continue
            name = subject.get("name")
            namespace = subject.get("namespace")
            if binding.kind == "RoleBinding" and not namespace:
                namespace = binding.effective_namespace(objects.settings)
            if isinstance(name, str) and (namespace is None or isinstance(namespace, str)):
                index.setdefault((namespace, name), []).append(binding)
    return index


def _role_rules(objects: ApplySet, binding: K8sObject) -> list[dict] | None:
    """The rules of the role a binding references; None when the role is not in the apply set."""
    role_ref = binding.value.get("roleRef")
    if not isinstance(role_ref, dict) or not isinstance(role_ref.get("name"), str):
        return []  # an invalid binding grants nothing
    kind, name = role_ref.get("kind"), role_ref["name"]
    if kind == "ClusterRole":
        role = objects.find("ClusterRole", name)
        if role is None:
            return BUILTIN_CLUSTER_ROLES.get(name)
    elif kind == "Role" and binding.kind == "RoleBinding":
        namespace = binding.effective_namespace(objects.settings)
        role = objects.find("Role", name, namespace)
        if role is None and namespace == objects.settings.default_namespace:
            role = objects.find("Role", name)
        if role is None:
            return None
    else:
        return []
    if role.value.get("aggregationRule") is not None:
        return None  # its rules are filled in by the controller from other roles
    rules = role.value.get("rules")
    return [rule for rule in rules if isinstance(rule, dict)] if isinstance(rules, list) else []


def _has(values: Any, wanted: str) -> bool:
    return isinstance(values, list) and ("*" in values or wanted in values)


def _url_matches(pattern: Any, url: str) -> bool:
    if not isinstance(pattern, str):
        return False
    if pattern == "*" or pattern == url:
        return True
    return pattern.endswith("*") and url.startswith(pattern[:-1])


def _resource_matches(pattern: Any, resource: str) -> bool:
    if not isinstance(pattern, str):
        return False
    if pattern in ("*", resource):
        return True
    main, _, sub = resource.partition("/")
    return bool(sub) and pattern in (f"{main}/*", f"*/{sub}")


# -- what each binding grants (the `rbac` rules)

BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")
ROLE_KINDS = ("Role", "ClusterRole")
# ClusterRoles every cluster has besides the `system:` ones (bootstrappolicy/policy.go)
USER_FACING_CLUSTER_ROLES = frozenset({"cluster-admin", "admin", "edit", "view"})
# Roles of kube-system that the API server creates (bootstrap policy)
BUILTIN_KUBE_SYSTEM_ROLES = frozenset({"extension-apiserver-authentication-reader"})


def is_builtin_role(kind: object, name: object, namespace: str | None = None) -> bool:
    """A ClusterRole every cluster has, or a bootstrap Role of kube-system."""
    if not isinstance(name, str):
        return False
    if kind == "ClusterRole":
        return name in USER_FACING_CLUSTER_ROLES or name.startswith("system:")
    return kind == "Role" and namespace in ("kube-system", "kube-public") and (
        name in BUILTIN_KUBE_SYSTEM_ROLES or name.startswith("system:")
    )


def is_platform_name(name: object) -> bool:
    """The name of a role or binding the cluster (or its cloud provider) creates itself: `system:*`, and
    GKE's `gce:podsecuritypolicy:calico-sa`, which Polaris also exempts."""
    return isinstance(name, str) and (name.startswith("system:") or name == "gce:podsecuritypolicy:calico-sa")


def is_bootstrap_binding(binding: K8sObject) -> bool:
    """A binding the cluster creates itself: `cluster-admin` and the platform names."""
    return binding.name == "cluster-admin" or is_platform_name(binding.name)


@named_tuple
class Grant:
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


def allows_any(rule: dict, groups: Iterable[str], resources: Iterable[str], verbs: Iterable[str]) -> bool:
    """Whether a PolicyRule grants one of `verbs` on one of `resources` in one of `groups`."""
    return any(
        rule_allows(rule, Request(verb, group=group, resource=resource))
        for group in groups
        for resource in resources
        for verb in verbs
    )


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
            if allows_any(grant.rule, groups, resources, verbs):
                yield binding, role, grant
                break
