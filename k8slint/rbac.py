"""What RBAC grants a ServiceAccount within an apply set: its (Cluster)RoleBindings, the rules of the
roles they reference, and whether those rules allow a request (Kubernetes' `rbac/validation` rule
matching: `*` wildcards for verbs, API groups, resources and non-resource URLs, a trailing `*` as a
prefix match on URLs; non-resource URLs are granted only through ClusterRoleBindings).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from k8slint.objects import ApplySet, K8sObject, per_apply_set

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


class Request(NamedTuple):
    """A request to authorize: a non-resource URL (`url`), or a resource in an API group."""

    verb: str
    url: str | None = None
    group: str = ""
    resource: str = ""  # "nodes/metrics" for a subresource


class Grants(NamedTuple):
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
