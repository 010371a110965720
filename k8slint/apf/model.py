"""The request-matching model: FlowSchemas and their rules as the apiserver matches requests
against them (`pkg/util/flowcontrol/rule.go`)."""

from __future__ import annotations

from typing import Any

from k8slint.records import field, record

DEFAULT_MATCHING_PRECEDENCE = 1000
SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:"


def lenient_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def object_name(obj: dict) -> str:
    metadata = obj.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) else ""




# --- the request-matching model -------------------------------------------------------------------------------

ALL = None  # a field list that is exactly ["*"] matches every value (the apiserver's containsString)


def _wildcard_set(values: Any) -> frozenset[str] | None:
    strings = [value for value in values if isinstance(value, str)] if isinstance(values, list) else []
    if strings == ["*"]:
        return ALL
    return frozenset(strings)


@record(frozen=True, slots=True)
class Subject:
    """Who a subject matches: `kind` is User, Group or ServiceAccount; `namespace` only for ServiceAccount."""

    kind: str
    name: str
    namespace: str = ""

    def identity(self) -> tuple:
        """("all",), ("group", g), ("user", name), ("sa", ns, name) or ("sa-namespace", ns)."""
        if self.kind in ("User", "Group") and self.name == "*":
            return ("all",)
        if self.kind == "Group":
            return ("group", self.name)
        if self.kind == "ServiceAccount":
            return ("sa-namespace", self.namespace) if self.name == "*" else ("sa", self.namespace, self.name)
        if self.name.startswith(SERVICE_ACCOUNT_USER_PREFIX):
            parts = self.name[len(SERVICE_ACCOUNT_USER_PREFIX) :].split(":")
            if len(parts) == 2:
                return ("sa", parts[0], parts[1])
        return ("user", self.name)

    def describe(self) -> str:
        if self.kind == "ServiceAccount":
            return f'ServiceAccount "{self.namespace}/{self.name}"'
        return f'{self.kind} "{self.name}"'


@record(frozen=True, slots=True)
class ResourceRule:
    verbs: frozenset[str] | None
    api_groups: frozenset[str] | None
    resources: frozenset[str] | None
    namespaces: frozenset[str] | None
    cluster_scope: bool

    def matches_nothing(self) -> bool:
        empty = any(part is not ALL and not part for part in (self.verbs, self.api_groups, self.resources))
        return empty or (not self.cluster_scope and self.namespaces is not ALL and not self.namespaces)

    def scopes(self) -> list[str | None]:
        """The scope atoms: `CLUSTER` for namespace-less requests, namespaces, or ALL for every namespace."""
        atoms: list[str | None] = [CLUSTER] if self.cluster_scope else []
        atoms += [ALL] if self.namespaces is ALL else sorted(self.namespaces)
        return atoms


CLUSTER = "\0cluster"  # not a valid namespace, so it cannot collide with one


@record(frozen=True, slots=True)
class NonResourceRule:
    verbs: frozenset[str] | None
    urls: tuple[str, ...]

    def matches_nothing(self) -> bool:
        return (self.verbs is not ALL and not self.verbs) or not self.urls


@record(frozen=True, slots=True)
class PolicyRule:
    """One entry of `spec.rules`: it matches a request when a subject and a (non-)resource rule match."""

    subjects: tuple[Subject, ...]
    resource_rules: tuple[ResourceRule, ...]
    non_resource_rules: tuple[NonResourceRule, ...]

    def key(self) -> tuple:
        return (self.subjects, self.resource_rules, self.non_resource_rules)

    def matches_nothing(self) -> bool:
        if not self.subjects:
            return True
        return all(rule.matches_nothing() for rule in (*self.resource_rules, *self.non_resource_rules))


@record(eq=False, slots=True)
class FlowSchema:
    """A FlowSchema as the apiserver evaluates it, after defaulting. `source` is the caller's handle on the
    object it came from (None for built-ins)."""

    name: str
    precedence: int
    level: str
    distinguisher: str | None
    rules: tuple[PolicyRule, ...]
    builtin: bool = False
    source: Any = field(default=None, repr=False)

    def sort_key(self) -> tuple[int, bytes]:
        # Go compares names as byte strings: the UTF-8 byte order.
        return (self.precedence, self.name.encode("utf-8", "surrogatepass"))

    def matches_nothing(self) -> bool:
        return all(rule.matches_nothing() for rule in self.rules)


def parse_flowschema(obj: dict, *, builtin: bool = False, source: Any = None) -> FlowSchema:
    """The matching model of a decoded FlowSchema; mistyped parts are read as absent, never raised on."""
    obj = obj if isinstance(obj, dict) else {}
    spec = obj.get("spec")
    model = parse_spec(object_name(obj), spec if isinstance(spec, dict) else {})
    model.builtin = builtin
    model.source = source
    return model


def parse_spec(name: str, spec: dict) -> FlowSchema:
    precedence = lenient_int(spec.get("matchingPrecedence")) or DEFAULT_MATCHING_PRECEDENCE
    level = spec.get("priorityLevelConfiguration")
    level_name = level.get("name") if isinstance(level, dict) else None
    method = spec.get("distinguisherMethod")
    method_type = method.get("type") if isinstance(method, dict) else None
    rules = spec.get("rules")
    return FlowSchema(
        name=name,
        precedence=precedence,
        level=level_name if isinstance(level_name, str) else "",
        distinguisher=method_type if isinstance(method_type, str) else None,
        rules=tuple(_parse_rule(rule) for rule in rules if isinstance(rule, dict)) if isinstance(rules, list) else (),
    )


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _parse_rule(rule: dict) -> PolicyRule:
    subjects = []
    for subject in _dicts(rule.get("subjects")):
        kind = subject.get("kind")
        member = {"User": "user", "Group": "group", "ServiceAccount": "serviceAccount"}.get(kind)
        content = subject.get(member) if member else None
        if not isinstance(content, dict) or not isinstance(content.get("name"), str):
            continue  # the apiserver's matcher skips a subject without its member
        namespace = content.get("namespace") if kind == "ServiceAccount" else ""
        subjects.append(Subject(kind, content["name"], namespace if isinstance(namespace, str) else ""))
    resource_rules = tuple(
        ResourceRule(
            verbs=_wildcard_set(item.get("verbs")),
            api_groups=_wildcard_set(item.get("apiGroups")),
            resources=_wildcard_set(item.get("resources")),
            namespaces=_wildcard_set(item.get("namespaces")),
            cluster_scope=item.get("clusterScope") is True,
        )
        for item in _dicts(rule.get("resourceRules"))
    )
    non_resource_rules = []
    for item in _dicts(rule.get("nonResourceRules")):
        urls = item.get("nonResourceURLs")
        url_strings = tuple(url for url in urls if isinstance(url, str)) if isinstance(urls, list) else ()
        non_resource_rules.append(NonResourceRule(_wildcard_set(item.get("verbs")), url_strings))
    return PolicyRule(tuple(subjects), resource_rules, tuple(non_resource_rules))
