"""API Priority and Fairness as the kube-apiserver implements it, over FlowSchema and PriorityLevelConfiguration
objects as decoded YAML: the apiserver's validation (with its defaulting and messages), the order in which
FlowSchemas are tried, a request-matching model with a sound coverage test and an overlap test, and the
shuffle-sharding arithmetic of priority levels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Callable, Iterable, Sequence

from k8slint import validation
from k8slint.apf_builtins import (
    GROUP,
    GROUP_AUTHENTICATED,
    GROUP_SERVICE_ACCOUNTS,
    GROUP_UNAUTHENTICATED,
    MANDATORY_FLOWSCHEMA_NAMES,
    MANDATORY_FLOWSCHEMA_SPECS,
    MANDATORY_PRIORITY_LEVEL_NAMES,
    USER_ANONYMOUS,
    concurrency_shares_field,
    mandatory_prioritylevel_spec,
)
from k8slint.model import Path, format_path

API_VERSIONS = tuple(f"{GROUP}/{version}" for version in ("v1alpha1", "v1beta1", "v1beta2", "v1beta3", "v1"))

DEFAULT_MATCHING_PRECEDENCE = 1000
MAX_MATCHING_PRECEDENCE = 10000
MAX_QUEUES = 10_000_000
MAX_HASH_BITS = 60
DEFAULT_QUEUES = 64
DEFAULT_HAND_SIZE = 8
DEFAULT_QUEUE_LENGTH_LIMIT = 50
DEFAULT_CONCURRENCY_SHARES = 30
PRESERVE_ZERO_SHARES_ANNOTATION = "flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares"

SUPPORTED_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch")
# Non-resource requests carry the lower-cased HTTP method as their verb, so these never match one.
RESOURCE_ONLY_VERBS = frozenset({"create", "deletecollection", "list", "proxy", "update", "watch"})
DISTINGUISHER_TYPES = ("ByNamespace", "ByUser")
SUBJECT_KINDS = ("Group", "ServiceAccount", "User")
PRIORITY_LEVEL_TYPES = ("Exempt", "Limited")
LIMIT_RESPONSE_TYPES = ("Queue", "Reject")

_SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:"
_SERVICE_ACCOUNT_GROUP_PREFIX = "system:serviceaccounts:"
_NAMESPACE_INTRO = "each member of this list must be '*' or a DNS-1123 label; "
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
# Beyond this many (verb, group, resource, scope) combinations the union-of-rules cover test gives up
# (reporting "not covered", which only costs a warning, never a false one).
_MAX_ATOMS = 10_000

FieldError = tuple[Path, str]


# --- decoding, the way Go's JSON decoder types fields ------------------------------------------------------


def _go_json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _go_value(value: Any) -> str:
    """A value as the apiserver prints it in "Invalid value: ..." (Go's %#v for strings and string lists)."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list):
        return "[]string{" + ", ".join(_quote(str(item)) for item in value) + "}"
    return str(value)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _supported(values: Iterable[str]) -> str:
    return "supported values: " + ", ".join(_quote(value) for value in values)


class _Fields:
    """Reads typed fields out of decoded YAML and collects the errors the apiserver would report."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: Path, message: str) -> None:
        self.errors.append((path, message))

    def invalid(self, path: Path, value: Any, message: str) -> None:
        self.add(path, f"Invalid value: {_go_value(value)}: {message}")

    def required(self, path: Path, message: str = "") -> None:
        self.add(path, f"Required value: {message}" if message else "Required value")

    def unsupported(self, path: Path, value: Any, supported: Iterable[str]) -> None:
        self.add(path, f"Unsupported value: {_go_value(value)}: {_supported(supported)}")

    def forbidden(self, path: Path, message: str) -> None:
        self.add(path, f"Forbidden: {message}")

    def _type_error(self, path: Path, value: Any, go_type: str) -> None:
        self.add(path, f"cannot unmarshal {_go_json_type(value)} into Go value of type {go_type}")

    def mapping(self, container: dict, key: str, path: Path) -> dict | None:
        value = container.get(key)
        if value is None or isinstance(value, dict):
            return value
        self._type_error((*path, key), value, "struct")
        return None

    def string(self, container: dict, key: str, path: Path) -> str:
        value = container.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        self._type_error((*path, key), value, "string")
        return ""

    def boolean(self, container: dict, key: str, path: Path) -> bool:
        value = container.get(key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self._type_error((*path, key), value, "bool")
        return False

    def int32(self, container: dict, key: str, path: Path) -> int | None:
        value = container.get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and _INT32_MIN <= value <= _INT32_MAX:
            return value
        self._type_error((*path, key), value, "int32")
        return None

    def items(self, container: dict, key: str, path: Path) -> list:
        value = container.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self._type_error((*path, key), value, "array")
        return []

    def strings(self, container: dict, key: str, path: Path) -> list[str]:
        """A []string field; mistyped items are reported and left out."""
        result = []
        for index, item in enumerate(self.items(container, key, path)):
            if isinstance(item, str):
                result.append(item)
            else:
                self._type_error((*path, key, index), item, "string")
        return result

    def maps(self, container: dict, key: str, path: Path) -> list[tuple[Path, dict]]:
        """A list-of-structs field as (path, item) pairs; null items decode as empty structs."""
        result = []
        for index, item in enumerate(self.items(container, key, path)):
            item_path = (*path, key, index)
            if item is None:
                result.append((item_path, {}))
            elif isinstance(item, dict):
                result.append((item_path, item))
            else:
                self._type_error(item_path, item, "struct")
        return result


def _has_wildcard(values: Sequence[str]) -> bool:
    return "*" in values


# --- FlowSchema validation ------------------------------------------------------------------------------


def flowschema_errors(obj: dict, api_version: str | None = None) -> list[FieldError]:
    """Everything kube-apiserver's validation rejects in a FlowSchema, as (path, message) pairs.

    Values are defaulted first, as the apiserver does (`matchingPrecedence` 0 or absent means 1000).
    `metadata.name` is left to the generic name rule. FlowSchema fields are the same in every served
    version, so `api_version` only matters when it is not a flowcontrol version at all.
    """
    fields = _Fields()
    if not isinstance(obj, dict):
        return [((), "cannot unmarshal into a FlowSchema: not a mapping")]
    _check_api_version(fields, api_version, "FlowSchema")
    name = _object_name(obj)
    spec = fields.mapping(obj, "spec", ()) or {}
    spec_path: Path = ("spec",)

    precedence = fields.int32(spec, "matchingPrecedence", spec_path) or DEFAULT_MATCHING_PRECEDENCE
    precedence_path = (*spec_path, "matchingPrecedence")
    if precedence <= 0:
        fields.invalid(precedence_path, precedence, "must be a positive value")
    if precedence > MAX_MATCHING_PRECEDENCE:
        fields.invalid(precedence_path, precedence, f"must not be greater than {MAX_MATCHING_PRECEDENCE}")
    if precedence == 1 and name != "exempt":
        fields.invalid(precedence_path, precedence, "only the schema named 'exempt' may have matchingPrecedence 1")

    distinguisher = fields.mapping(spec, "distinguisherMethod", spec_path)
    if distinguisher is not None:
        method_path = (*spec_path, "distinguisherMethod")
        method = fields.string(distinguisher, "type", method_path)
        if method not in DISTINGUISHER_TYPES:
            fields.unsupported((*method_path, "type"), method, DISTINGUISHER_TYPES)

    level_path = (*spec_path, "priorityLevelConfiguration")
    level = fields.mapping(spec, "priorityLevelConfiguration", spec_path) or {}
    level_name = fields.string(level, "name", level_path)
    if level_name:
        for message in validation.dns1123_subdomain(level_name):
            fields.invalid((*level_path, "name"), level_name, message)
    else:
        fields.required((*level_path, "name"), "must reference a priority level")

    for rule_path, rule in fields.maps(spec, "rules", spec_path):
        _check_policy_rule(fields, rule, rule_path)

    if name in MANDATORY_FLOWSCHEMA_NAMES and not fields.errors:
        if _flowschema_spec_key(spec) != _flowschema_spec_key(MANDATORY_FLOWSCHEMA_SPECS[name]):
            fields.add(spec_path, f"Invalid value: spec of '{name}' must equal the fixed value")
    _check_conditions(fields, obj)
    return fields.errors


def _check_api_version(fields: _Fields, api_version: str | None, kind: str) -> None:
    if api_version is not None and api_version not in API_VERSIONS:
        fields.add(("apiVersion",), f'no kind "{kind}" is registered for version "{api_version}"')


def _object_name(obj: dict) -> str:
    metadata = obj.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) else ""


def _check_policy_rule(fields: _Fields, rule: dict, path: Path) -> None:
    subjects = fields.maps(rule, "subjects", path)
    if not subjects and not rule.get("subjects"):
        fields.required((*path, "subjects"), "subjects must contain at least one value")
    for subject_path, subject in subjects:
        _check_subject(fields, subject, subject_path)
    resource_rules = fields.maps(rule, "resourceRules", path)
    non_resource_rules = fields.maps(rule, "nonResourceRules", path)
    if not rule.get("resourceRules") and not rule.get("nonResourceRules"):
        fields.required(path, "at least one of resourceRules and nonResourceRules has to be non-empty")
    for rule_path, resource_rule in resource_rules:
        _check_resource_rule(fields, resource_rule, rule_path)
    for rule_path, non_resource_rule in non_resource_rules:
        _check_non_resource_rule(fields, non_resource_rule, rule_path)


def _check_subject(fields: _Fields, subject: dict, path: Path) -> None:
    kind = fields.string(subject, "kind", path)
    members = {"User": "user", "Group": "group", "ServiceAccount": "serviceAccount"}
    if kind not in members:
        fields.unsupported((*path, "kind"), kind, SUBJECT_KINDS)
        return
    member = members[kind]
    for other_kind, other in members.items():
        if other != member and subject.get(other) is not None:
            fields.forbidden((*path, other), f"{other} is forbidden when subject kind is not '{other_kind}'")
    content = fields.mapping(subject, member, path)
    member_path = (*path, member)
    if content is None:
        if subject.get(member) is None:
            fields.required(member_path, f"{member} is required when subject kind is '{kind}'")
        return
    name = fields.string(content, "name", member_path)
    if not name:
        fields.required((*member_path, "name"))
    elif kind == "ServiceAccount" and name != "*":
        for message in validation.dns1123_subdomain(name):
            fields.invalid((*member_path, "name"), name, message)
    if kind == "ServiceAccount":
        namespace = fields.string(content, "namespace", member_path)
        if not namespace:
            fields.required((*member_path, "namespace"), "must specify namespace for service account")
        else:
            for message in validation.dns1123_label(namespace):
                fields.invalid((*member_path, "namespace"), namespace, message)


def _check_list(
    fields: _Fields, values: list, list_path: Path, empty: str, others: str, check_item: Callable[[Path, str], None]
) -> None:
    """The shape validation.go gives every list of a policy rule: not empty, `*` alone, each item valid."""
    if not values:
        fields.required(list_path, empty)
    elif _has_wildcard(values):
        if len(values) > 1:
            fields.invalid(list_path, values, f"if '*' is present, must not specify other {others}")
    else:
        for index, value in enumerate(values):
            check_item((*list_path, index), value)


def _check_verbs(fields: _Fields, rule: dict, path: Path) -> None:
    def check(item_path: Path, verb: str) -> None:
        if verb not in SUPPORTED_VERBS:
            fields.unsupported(item_path, verb, SUPPORTED_VERBS)

    verbs = fields.strings(rule, "verbs", path)
    _check_list(fields, verbs, (*path, "verbs"), "verbs must contain at least one value", "verbs", check)


def _check_wildcard_list(fields: _Fields, rule: dict, key: str, path: Path, noun: str, what: str) -> None:
    values = fields.strings(rule, key, path)
    empty = f"resource rules must supply at least one {noun}"
    _check_list(fields, values, (*path, key), empty, what, lambda item_path, value: None)


def _check_resource_rule(fields: _Fields, rule: dict, path: Path) -> None:
    def check_namespace(item_path: Path, namespace: str) -> None:
        for message in validation.dns1123_label(namespace):
            fields.invalid(item_path, namespace, _NAMESPACE_INTRO + message)

    _check_verbs(fields, rule, path)
    _check_wildcard_list(fields, rule, "apiGroups", path, "api group", "api groups")
    _check_wildcard_list(fields, rule, "resources", path, "resource", "resources")
    namespaces = fields.strings(rule, "namespaces", path)
    cluster_scope = fields.boolean(rule, "clusterScope", path)
    if namespaces or not cluster_scope:
        empty = "resource rules that are not cluster scoped must supply at least one namespace"
        _check_list(fields, namespaces, (*path, "namespaces"), empty, "namespaces", check_namespace)


def _check_non_resource_rule(fields: _Fields, rule: dict, path: Path) -> None:
    def check_url(item_path: Path, url: str) -> None:
        message = non_resource_url_error(url)
        if message:
            fields.invalid(item_path, url, message)

    _check_verbs(fields, rule, path)
    urls = fields.strings(rule, "nonResourceURLs", path)
    empty = "nonResourceURLs must contain at least one value"
    _check_list(fields, urls, (*path, "nonResourceURLs"), empty, "non-resource URLs", check_url)


def non_resource_url_error(url: str) -> str | None:
    """Why the apiserver rejects a nonResourceURLs entry (other than a lone `*`), or None."""
    if not url:
        return "must not be empty"
    if url == "/":
        return None
    if not url.startswith("/"):
        return "must start with slash"
    if " " in url:
        return "must not contain white-space"
    if "//" in url:
        return "must not contain double slash"
    wildcards = url.count("*")
    if wildcards > 1 or (wildcards == 1 and not url.endswith("/*")):
        return "wildcard can only do suffix matching"
    return None


def _check_conditions(fields: _Fields, obj: dict) -> None:
    status = fields.mapping(obj, "status", ()) or {}
    seen: set[str] = set()
    for condition_path, condition in fields.maps(status, "conditions", ("status",)):
        condition_type = fields.string(condition, "type", condition_path)
        if condition_type in seen:
            fields.add((*condition_path, "type"), f"Duplicate value: {_quote(condition_type)}")
        seen.add(condition_type)
        if not condition_type:
            fields.required((*condition_path, "type"), "must not be empty")


def _flowschema_spec_key(spec: dict) -> tuple:
    """A FlowSchema spec after defaulting, in a comparable form (empty and absent lists are equal, as in Go)."""
    model = _parse_spec("", spec)
    method = spec.get("distinguisherMethod")
    method_type = method.get("type") if isinstance(method, dict) else None
    return (model.precedence, model.level, method_type, tuple(rule.key() for rule in model.rules))


# --- PriorityLevelConfiguration validation -----------------------------------------------------------------


def prioritylevel_errors(
    obj: dict, api_version: str | None, kubernetes_version: tuple[int, int]
) -> list[FieldError]:
    """Everything kube-apiserver `kubernetes_version` rejects in a PriorityLevelConfiguration sent as `api_version`.

    Covers the field names of each version (an unknown field is rejected under strict field validation, the
    kubectl default), the defaulting of each version, and the bounds of the release (zero concurrency shares
    are allowed from 1.30). `metadata.name` is left to the generic name rule.
    """
    fields = _Fields()
    if not isinstance(obj, dict):
        return [((), "cannot unmarshal into a PriorityLevelConfiguration: not a mapping")]
    _check_api_version(fields, api_version, "PriorityLevelConfiguration")
    version = api_version if api_version in API_VERSIONS else f"{GROUP}/v1"
    name = _object_name(obj)
    spec_path: Path = ("spec",)
    spec = fields.mapping(obj, "spec", ()) or {}
    if kubernetes_version < (1, 28) and "exempt" in spec:
        _unknown_field(fields, spec_path, "exempt", version, "it exists from Kubernetes 1.28")
    level_type = fields.string(spec, "type", spec_path)
    if (name == "exempt") != (level_type == "Exempt"):
        fields.invalid((*spec_path, "type"), level_type, "type must be 'Exempt' if and only if name is 'exempt'")
    has_exempt = kubernetes_version >= (1, 28) and spec.get("exempt") is not None
    limited = fields.mapping(spec, "limited", spec_path)
    limited_key = None
    if level_type == "Exempt":
        if spec.get("limited") is not None:
            fields.forbidden((*spec_path, "limited"), "must be nil if the type is not Limited")
        if has_exempt:
            _check_exempt_section(fields, spec, spec_path)
    elif level_type == "Limited":
        if has_exempt:
            fields.forbidden((*spec_path, "exempt"), "must be nil if the type is Limited")
        if limited is None:
            if spec.get("limited") is None:
                fields.required((*spec_path, "limited"), "must not be empty when type is Limited")
        else:
            limited_key = _check_limited(fields, obj, limited, (*spec_path, "limited"), version, kubernetes_version)
    else:
        fields.unsupported((*spec_path, "type"), level_type, PRIORITY_LEVEL_TYPES)

    fixed = mandatory_prioritylevel_spec(name, version, kubernetes_version)
    if fixed is not None and not fields.errors:
        actual_key = (level_type, limited_key)
        fixed_key = (fixed["type"], _limited_key(fixed.get("limited"), version, kubernetes_version))
        if actual_key != fixed_key:
            message = f"spec of '{name}' must equal the fixed value"
            if name == "exempt" and kubernetes_version >= (1, 28):
                message = "spec of 'exempt' except the 'spec.exempt' field must equal the fixed value"
            fields.add(spec_path, f"Invalid value: {message}")
    _check_conditions(fields, obj)
    return fields.errors


def _unknown_field(fields: _Fields, path: Path, key: str, api_version: str, hint: str) -> None:
    fields.add((*path, key), f'unknown field "{format_path((*path, key))}" in {api_version}: {hint}')


def _check_exempt_section(fields: _Fields, spec: dict, spec_path: Path) -> None:
    exempt_path = (*spec_path, "exempt")
    exempt = fields.mapping(spec, "exempt", spec_path) or {}
    shares = fields.int32(exempt, "nominalConcurrencyShares", exempt_path)
    if shares is not None and shares < 0:
        fields.invalid((*exempt_path, "nominalConcurrencyShares"), shares, "must be a non-negative integer")
    lendable = fields.int32(exempt, "lendablePercent", exempt_path)
    if lendable is not None and not 0 <= lendable <= 100:
        fields.invalid((*exempt_path, "lendablePercent"), lendable, "must be between 0 and 100, inclusive")


def _check_limited(
    fields: _Fields,
    obj: dict,
    limited: dict,
    path: Path,
    api_version: str,
    kubernetes_version: tuple[int, int],
) -> tuple:
    shares_field = concurrency_shares_field(api_version)
    for other in ("assuredConcurrencyShares", "nominalConcurrencyShares"):
        if other != shares_field and other in limited:
            _unknown_field(fields, path, other, api_version, f"this version names it {shares_field}")
    borrowing_fields = ("lendablePercent", "borrowingLimitPercent")
    if kubernetes_version < (1, 26):
        for key in borrowing_fields:
            if key in limited:
                _unknown_field(fields, path, key, api_version, "it exists from Kubernetes 1.26")

    shares = _defaulted_shares(fields, obj, limited, path, api_version, kubernetes_version)
    if kubernetes_version >= (1, 30):
        if shares < 0:
            fields.invalid((*path, shares_field), shares, "must be a non-negative integer")
    elif shares <= 0:
        fields.invalid((*path, shares_field), shares, "must be positive")

    response_path = (*path, "limitResponse")
    response = fields.mapping(limited, "limitResponse", path) or {}
    response_type = fields.string(response, "type", response_path)
    queuing = fields.mapping(response, "queuing", response_path)
    queuing_path = (*response_path, "queuing")
    queuing_key = None
    if response_type == "Reject":
        if response.get("queuing") is not None:
            fields.forbidden(queuing_path, "must be nil if limited.limitResponse.type is not Limited")
    elif response_type == "Queue":
        if queuing is None:
            if response.get("queuing") is None:
                fields.required(queuing_path, "must not be empty if limited.limitResponse.type is Limited")
        else:
            queuing_key = _check_queuing(fields, queuing, queuing_path)
    else:
        fields.unsupported((*response_path, "type"), response_type, LIMIT_RESPONSE_TYPES)

    lendable = borrowing = None
    if kubernetes_version >= (1, 26):
        lendable = fields.int32(limited, "lendablePercent", path)
        if lendable is not None and not 0 <= lendable <= 100:
            fields.invalid((*path, "lendablePercent"), lendable, "must be between 0 and 100, inclusive")
        borrowing = fields.int32(limited, "borrowingLimitPercent", path)
        if borrowing is not None and borrowing < 0:
            fields.invalid((*path, "borrowingLimitPercent"), borrowing, "if specified, must be a non-negative integer")
        lendable = lendable or 0
    return (shares, lendable, borrowing, response_type, queuing_key)


def _defaulted_shares(
    fields: _Fields,
    obj: dict,
    limited: dict,
    path: Path,
    api_version: str,
    kubernetes_version: tuple[int, int],
) -> int:
    """Concurrency shares after the defaulting of the request's version (v1 keeps an explicit 0)."""
    shares_field = concurrency_shares_field(api_version)
    shares = fields.int32(limited, shares_field, path)
    version = api_version.rsplit("/", 1)[-1]
    if shares is None:
        return DEFAULT_CONCURRENCY_SHARES
    if shares == 0 and version != "v1":
        annotations = obj.get("metadata", {}).get("annotations") if isinstance(obj.get("metadata"), dict) else None
        preserved = (
            version == "v1beta3"
            and kubernetes_version >= (1, 29)
            and isinstance(annotations, dict)
            and PRESERVE_ZERO_SHARES_ANNOTATION in annotations
        )
        return 0 if preserved else DEFAULT_CONCURRENCY_SHARES
    return shares


def _check_queuing(fields: _Fields, queuing: dict, path: Path) -> tuple[int, int, int]:
    # Zero means "not set" in these int32 fields, so defaulting replaces it.
    queue_length_limit = fields.int32(queuing, "queueLengthLimit", path) or DEFAULT_QUEUE_LENGTH_LIMIT
    queues = fields.int32(queuing, "queues", path) or DEFAULT_QUEUES
    hand_size = fields.int32(queuing, "handSize", path) or DEFAULT_HAND_SIZE
    if queue_length_limit <= 0:
        fields.invalid((*path, "queueLengthLimit"), queue_length_limit, "must be positive")
    if queues <= 0:
        fields.invalid((*path, "queues"), queues, "must be positive")
    elif queues > MAX_QUEUES:
        fields.invalid((*path, "queues"), queues, f"must not be greater than {MAX_QUEUES}")
    hand_path = (*path, "handSize")
    if hand_size <= 0:
        fields.invalid(hand_path, hand_size, "must be positive")
    elif hand_size > queues:
        fields.invalid(hand_path, hand_size, f"should not be greater than queues ({queues})")
    elif required_entropy_bits(queues, hand_size) > MAX_HASH_BITS:
        fields.invalid(
            hand_path,
            hand_size,
            f"required entropy bits of deckSize {queues} and handSize {hand_size} "
            f"should not be greater than {MAX_HASH_BITS}",
        )
    return (queues, hand_size, queue_length_limit)


def defaulted_queuing(queuing: dict) -> tuple[int, int, int]:
    """(queues, handSize, queueLengthLimit) after defaulting: 0 or absent become 64, 8 and 50."""
    return (
        _lenient_int(queuing.get("queues")) or DEFAULT_QUEUES,
        _lenient_int(queuing.get("handSize")) or DEFAULT_HAND_SIZE,
        _lenient_int(queuing.get("queueLengthLimit")) or DEFAULT_QUEUE_LENGTH_LIMIT,
    )


def _lenient_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def _limited_key(limited: dict | None, api_version: str, kubernetes_version: tuple[int, int]) -> tuple | None:
    """A `limited` section after defaulting, in the comparable form `_check_limited` returns."""
    if limited is None:
        return None
    fields = _Fields()
    return _check_limited(fields, {}, limited, ("spec", "limited"), api_version, kubernetes_version)


# --- the request-matching model -------------------------------------------------------------------------------

ALL = None  # a field list that is exactly ["*"] matches every value (the apiserver's containsString)


def _wildcard_set(values: Any) -> frozenset[str] | None:
    strings = [value for value in values if isinstance(value, str)] if isinstance(values, list) else []
    if strings == ["*"]:
        return ALL
    return frozenset(strings)


@dataclass(frozen=True, slots=True)
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
        if self.name.startswith(_SERVICE_ACCOUNT_USER_PREFIX):
            parts = self.name[len(_SERVICE_ACCOUNT_USER_PREFIX) :].split(":")
            if len(parts) == 2:
                return ("sa", parts[0], parts[1])
        return ("user", self.name)

    def describe(self) -> str:
        if self.kind == "ServiceAccount":
            return f'ServiceAccount "{self.namespace}/{self.name}"'
        return f'{self.kind} "{self.name}"'


@dataclass(frozen=True, slots=True)
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
        """The scope atoms: `_CLUSTER` for namespace-less requests, namespaces, or ALL for every namespace."""
        atoms: list[str | None] = [_CLUSTER] if self.cluster_scope else []
        atoms += [ALL] if self.namespaces is ALL else sorted(self.namespaces)
        return atoms


_CLUSTER = "\0cluster"  # not a valid namespace, so it cannot collide with one


@dataclass(frozen=True, slots=True)
class NonResourceRule:
    verbs: frozenset[str] | None
    urls: tuple[str, ...]

    def matches_nothing(self) -> bool:
        return (self.verbs is not ALL and not self.verbs) or not self.urls


@dataclass(frozen=True, slots=True)
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


@dataclass(eq=False, slots=True)
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
    model = _parse_spec(_object_name(obj), spec if isinstance(spec, dict) else {})
    model.builtin = builtin
    model.source = source
    return model


def _parse_spec(name: str, spec: dict) -> FlowSchema:
    precedence = _lenient_int(spec.get("matchingPrecedence")) or DEFAULT_MATCHING_PRECEDENCE
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


# --- subjects -----------------------------------------------------------------------------------------------


def subject_covers(a: Subject, b: Subject) -> bool:
    """Every user `b` matches is certainly matched by `a`.

    Uses only facts the apiserver guarantees: every user an authenticator names, except the anonymous
    user (whose only group is `system:unauthenticated`), also carries `system:authenticated`; service-account
    tokens carry `system:serviceaccounts` and `system:serviceaccounts:<namespace>`; a ServiceAccount
    subject is the user name `system:serviceaccount:<namespace>:<name>`. Membership of any other group is
    unknowable, so no other group covers anything but itself.
    """
    ida, idb = a.identity(), b.identity()
    if ida == idb or ida == ("all",):
        return True
    if idb == ("all",):
        return False
    kind_b = idb[0]
    if ida == ("group", GROUP_AUTHENTICATED):
        if kind_b == "group":
            return idb[1] != GROUP_UNAUTHENTICATED
        return kind_b in ("sa", "sa-namespace") or idb[1] != USER_ANONYMOUS
    if ida == ("group", GROUP_UNAUTHENTICATED):
        return idb == ("user", USER_ANONYMOUS)
    if ida == ("group", GROUP_SERVICE_ACCOUNTS):
        return kind_b in ("sa", "sa-namespace")
    if ida[0] == "group" and ida[1].startswith(_SERVICE_ACCOUNT_GROUP_PREFIX):
        namespace = ida[1][len(_SERVICE_ACCOUNT_GROUP_PREFIX) :]
        return kind_b in ("sa", "sa-namespace") and idb[1] == namespace
    if ida[0] == "sa-namespace":
        return kind_b == "sa" and idb[1] == ida[1]
    return False


def subjects_cover(subjects: Sequence[Subject], b: Subject) -> bool:
    """Every user `b` matches is certainly matched by one of `subjects`."""
    if any(subject_covers(a, b) for a in subjects):
        return True
    groups = {a.name for a in subjects if a.kind == "Group"}
    # Every request is either authenticated or unauthenticated (kubernetes/api flowcontrol/v1 Subjects doc).
    return GROUP_AUTHENTICATED in groups and GROUP_UNAUTHENTICATED in groups


def subjects_may_intersect(a: Subject, b: Subject) -> bool:
    """Some user could be matched by both: false only when they are certainly disjoint."""
    ida, idb = a.identity(), b.identity()
    if subject_covers(a, b) or subject_covers(b, a):
        return True
    identities = {ida[0], idb[0]}
    if identities <= {"user", "sa", "sa-namespace"}:
        return False  # two different user names, or a user outside a service-account namespace
    for group_id, other in ((ida, idb), (idb, ida)):
        if group_id[0] != "group":
            continue
        if group_id[1] == GROUP_UNAUTHENTICATED:
            # Anonymous requests carry only this group, and no authenticated user gets it.
            return other == ("group", GROUP_UNAUTHENTICATED)
        if group_id[1] == GROUP_AUTHENTICATED and other == ("user", USER_ANONYMOUS):
            return False
    return True


# --- requests -----------------------------------------------------------------------------------------------


def _value_in(values: frozenset[str] | None, value: str | None) -> bool:
    """Whether a rule list matches an atom; the atom ALL (a wildcard on the covered side) needs a wildcard."""
    if values is ALL:
        return True
    return value is not ALL and value in values


def _may_share(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    if a is ALL:
        return b is ALL or bool(b)
    if b is ALL:
        return bool(a)
    return not a.isdisjoint(b)


def resource_rule_covers(a: ResourceRule, b: ResourceRule) -> bool:
    """Every request `b` matches is matched by `a`."""
    if b.matches_nothing():
        return True
    return (
        _list_covers(a.verbs, b.verbs)
        and _list_covers(a.api_groups, b.api_groups)
        and _list_covers(a.resources, b.resources)
        and (a.cluster_scope or not b.cluster_scope)
        and (_list_covers(a.namespaces, b.namespaces) or (b.namespaces is not ALL and not b.namespaces))
    )


def _list_covers(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    if a is ALL:
        return True
    return b is not ALL and b <= a


def _resource_atoms(rule: ResourceRule) -> Iterable[tuple] | None:
    """The rule as a union of single (verb, group, resource, scope) combinations; None when there are too many."""
    dimensions = [
        [ALL] if part is ALL else sorted(part) for part in (rule.verbs, rule.api_groups, rule.resources)
    ] + [rule.scopes()]
    if math.prod(len(dimension) for dimension in dimensions) > _MAX_ATOMS:
        return None
    return product(*dimensions)


def _atom_covered(rule: ResourceRule, atom: tuple) -> bool:
    verb, group, resource, scope = atom
    if not (_value_in(rule.verbs, verb) and _value_in(rule.api_groups, group) and _value_in(rule.resources, resource)):
        return False
    if scope == _CLUSTER:
        return rule.cluster_scope
    return _value_in(rule.namespaces, scope)


def resource_rules_cover(rules: Sequence[ResourceRule], b: ResourceRule) -> bool:
    """Every request `b` matches is matched by one of `rules` (a union: different rules may cover parts)."""
    if b.matches_nothing() or any(resource_rule_covers(a, b) for a in rules):
        return True
    atoms = _resource_atoms(b)
    if atoms is None:
        return False
    return all(any(_atom_covered(a, atom) for a in rules) for atom in atoms)


def resource_rules_may_overlap(a: ResourceRule, b: ResourceRule) -> bool:
    if a.matches_nothing() or b.matches_nothing():
        return False
    scopes_meet = (a.cluster_scope and b.cluster_scope) or _may_share(a.namespaces, b.namespaces)
    return (
        scopes_meet
        and _may_share(a.verbs, b.verbs)
        and _may_share(a.api_groups, b.api_groups)
        and _may_share(a.resources, b.resources)
    )


def _url_pattern(url: str) -> tuple[str | None, str]:
    """(exact path, prefix) a nonResourceURLs entry matches; `*` and `/` match every path (prefix "/").

    Mirrors the apiserver: equal paths match; otherwise one trailing `*` is dropped, a `/` is ensured at the
    end, and the request path must start with that prefix.
    """
    if url == "*":
        return (None, "/")
    prefix = url[:-1] if url.endswith("*") else url
    if not prefix.endswith("/"):
        prefix += "/"
    return (url, prefix)


def url_covered(patterns: Sequence[str], url: str) -> bool:
    """Every path that the entry `url` matches is matched by one of `patterns`."""
    if any(pattern == "*" for pattern in patterns):
        return True
    exact, prefix = _url_pattern(url)
    covering = [_url_pattern(pattern) for pattern in patterns]
    if not any(prefix.startswith(other_prefix) for _, other_prefix in covering):
        return False
    if exact is None or exact.startswith(prefix):
        return True
    return any(exact == other_exact or exact.startswith(other_prefix) for other_exact, other_prefix in covering)


def urls_may_overlap(a: str, b: str) -> bool:
    if "*" in (a, b):
        return True
    exact_a, prefix_a = _url_pattern(a)
    exact_b, prefix_b = _url_pattern(b)
    return (
        prefix_a.startswith(prefix_b)
        or prefix_b.startswith(prefix_a)
        or exact_a == exact_b
        or exact_a.startswith(prefix_b)
        or exact_b.startswith(prefix_a)
    )


def _verb_atoms(verbs: frozenset[str] | None) -> list[str | None]:
    return [ALL] if verbs is ALL else sorted(verbs)


def non_resource_rules_cover(rules: Sequence[NonResourceRule], b: NonResourceRule) -> bool:
    """Every request `b` matches is matched by one of `rules`; verbs are compared as written."""
    if b.matches_nothing():
        return True
    for verb in _verb_atoms(b.verbs):
        patterns = [url for a in rules if _value_in(a.verbs, verb) for url in a.urls]
        if not all(url_covered(patterns, url) for url in b.urls):
            return False
    return True


def non_resource_rules_may_overlap(a: NonResourceRule, b: NonResourceRule) -> bool:
    if a.matches_nothing() or b.matches_nothing() or not _may_share(a.verbs, b.verbs):
        return False
    return any(urls_may_overlap(url_a, url_b) for url_a in a.urls for url_b in b.urls)


# --- rules and schemas -----------------------------------------------------------------------------------------


def covers(rule_a: PolicyRule, rule_b: PolicyRule) -> bool:
    """Every request `rule_b` matches is certainly matched by `rule_a`."""
    return _rules_cover([rule_a], rule_b)


def _rules_cover(earlier: Sequence[PolicyRule], rule_b: PolicyRule) -> bool:
    if rule_b.matches_nothing():
        return True
    for subject in rule_b.subjects:
        candidates = [rule for rule in earlier if subjects_cover(rule.subjects, subject)]
        if not candidates:
            return False
        resource_rules = [part for rule in candidates for part in rule.resource_rules]
        non_resource_rules = [part for rule in candidates for part in rule.non_resource_rules]
        if not all(resource_rules_cover(resource_rules, part) for part in rule_b.resource_rules):
            return False
        if not all(non_resource_rules_cover(non_resource_rules, part) for part in rule_b.non_resource_rules):
            return False
    return True


def may_overlap(rule_a: PolicyRule, rule_b: PolicyRule) -> bool:
    """Some request could be matched by both rules (false only when that is certainly impossible)."""
    if not any(subjects_may_intersect(a, b) for a in rule_a.subjects for b in rule_b.subjects):
        return False
    return any(
        resource_rules_may_overlap(a, b) for a in rule_a.resource_rules for b in rule_b.resource_rules
    ) or any(non_resource_rules_may_overlap(a, b) for a in rule_a.non_resource_rules for b in rule_b.non_resource_rules)


def schemas_may_overlap(a: FlowSchema, b: FlowSchema) -> bool:
    return any(may_overlap(rule_a, rule_b) for rule_a in a.rules for rule_b in b.rules)


def shadowed_by(schema: FlowSchema, earlier: Sequence[FlowSchema]) -> list[FlowSchema] | None:
    """The earlier schemas that together certainly match every request `schema` can match, or None.

    A schema that matches nothing at all is not reported as shadowed. When one earlier schema covers it
    alone, only that one is returned (the first in evaluation order).
    """
    if schema.matches_nothing() or not earlier:
        return None
    every_rule = [rule for candidate in earlier for rule in candidate.rules]
    if not all(_rules_cover(every_rule, rule) for rule in schema.rules):
        return None  # the common case, decided in one pass
    for candidate in earlier:
        if all(_rules_cover(candidate.rules, rule) for rule in schema.rules):
            return [candidate]
    return [candidate for candidate in earlier if schemas_may_overlap(candidate, schema)]


def captures_from(schema: FlowSchema, later: FlowSchema) -> list[Subject]:
    """Subjects of `later` whose requests `schema` (evaluated first) can take: `schema` matches every user of
    that subject, and some request of theirs that `later` also matches."""
    captured = []
    for rule_b in later.rules:
        for subject in rule_b.subjects:
            if subject in captured:
                continue
            single = PolicyRule((subject,), rule_b.resource_rules, rule_b.non_resource_rules)
            if any(subjects_cover(rule_a.subjects, subject) and may_overlap(rule_a, single) for rule_a in schema.rules):
                captured.append(subject)
    return captured


# --- evaluation order ---------------------------------------------------------------------------------------------


def evaluation_order(
    schemas: Iterable[FlowSchema],
    priority_levels: Iterable[str],
    builtins: Iterable[FlowSchema] = (),
) -> list[FlowSchema]:
    """The FlowSchemas the apiserver tries, in order: first match wins.

    `schemas` are the user's (a later one replaces an earlier one of the same name), `builtins` the
    built-in ones they may override by name. Schemas whose priority level is not in `priority_levels`
    (plus the mandatory levels) are dangling and dropped. Sorted by matchingPrecedence, then name byte
    order; the mandatory `exempt` and `catch-all` schemas are always in effect.
    """
    levels = set(priority_levels) | set(MANDATORY_PRIORITY_LEVEL_NAMES)
    by_name: dict[str, FlowSchema] = {schema.name: schema for schema in builtins}
    for schema in schemas:
        by_name[schema.name] = schema
    for name in MANDATORY_FLOWSCHEMA_NAMES:
        if name not in by_name or by_name[name].level not in levels:
            fixed = _parse_spec(name, MANDATORY_FLOWSCHEMA_SPECS[name])
            fixed.builtin = True
            by_name[name] = fixed
    effective = [schema for schema in by_name.values() if schema.level in levels]
    return sorted(effective, key=FlowSchema.sort_key)


def builtin_models(kubernetes_version: tuple[int, int], *, suggested: bool = True) -> list[FlowSchema]:
    """The built-in FlowSchemas of a release as matching models."""
    from k8slint.apf_builtins import builtin_flowschemas

    return [parse_flowschema(obj, builtin=True) for obj in builtin_flowschemas(kubernetes_version, suggested=suggested)]


# --- shuffle sharding ---------------------------------------------------------------------------------------------


def go_log2(x: float) -> float:
    """math.Log2 as Go computes it (exact for powers of two), so entropy limits agree at the boundary."""
    fraction, exponent = math.frexp(x)
    if fraction == 0.5:
        return float(exponent - 1)
    return math.log(fraction) * (1 / math.log(2)) + exponent


def required_entropy_bits(deck_size: int, hand_size: int) -> int:
    """shufflesharding.RequiredEntropyBits: ceil(log2(deckSize) * handSize)."""
    return math.ceil(go_log2(float(deck_size)) * float(hand_size))


def max_hand_size(queues: int) -> int:
    """The largest handSize the apiserver accepts for this many queues."""
    hand_size = min(queues, MAX_HASH_BITS)
    while hand_size > 1 and required_entropy_bits(queues, hand_size) > MAX_HASH_BITS:
        hand_size -= 1
    return hand_size


def squish_probability(queues: int, hand_size: int, elephants: int) -> float:
    """The probability that a low-intensity flow finds every queue of its hand taken by `elephants` heavy flows.

    Each flow's hand is `hand_size` distinct queues out of `queues`, uniformly and independently. By
    inclusion-exclusion over the mouse's queues that no elephant holds:
    P = sum_j (-1)^j C(H, j) (C(N-j, H) / C(N, H))^E, evaluated in exact integers (the float sum cancels
    catastrophically) and rounded once. Reproduces the table of the Kubernetes APF documentation.
    """
    if queues < 1 or not 1 <= hand_size <= queues or elephants < 0:
        raise ValueError(f"need 1 <= hand_size <= queues and elephants >= 0, got {queues}, {hand_size}, {elephants}")
    numerator = sum(
        (-1) ** missed * math.comb(hand_size, missed) * math.comb(queues - missed, hand_size) ** elephants
        for missed in range(hand_size + 1)
    )
    # Python's int / int is correctly rounded, however large the operands.
    return numerator / math.comb(queues, hand_size) ** elephants


# --- the analysis of an input set, shared by the rules and `k8slint apf order` -----------------------------------


def is_flowcontrol(obj: Any) -> bool:
    """Whether a K8sObject-like object (with `.group`) belongs to the flowcontrol API group."""
    return getattr(obj, "group", None) == GROUP


@dataclass(eq=False, slots=True)
class Analysis:
    """How the apiserver would see the input's FlowSchemas and priority levels.

    `order` is the effective evaluation order (user schemas that pass validation, the built-ins they do
    not override, the mandatory ones); `invalid`, `dangling` and `replaced` (by a later object of the same
    name) are the user schemas left out. `shadowed` maps a schema in `order` to the earlier ones covering it.
    """

    kubernetes_version: tuple[int, int]
    include_builtins: bool
    level_names: frozenset[str]
    builtin_level_names: frozenset[str]
    order: list[FlowSchema]
    invalid: list[FlowSchema]
    dangling: list[FlowSchema]
    replaced: list[FlowSchema]
    shadowed: dict[int, list[FlowSchema]]  # id(schema) -> the schemas that cover it
    in_effect: dict[int, FlowSchema]  # id(source object) -> its schema, for user schemas in `order`

    def shadowing(self, schema: FlowSchema) -> list[FlowSchema] | None:
        return self.shadowed.get(id(schema))

    def model_of(self, source: Any) -> FlowSchema | None:
        """The schema in effect for a user object; None when it is invalid, dangling or replaced by a later one."""
        return self.in_effect.get(id(source))


def analyze(
    flowschema_objects: Iterable[Any],
    level_objects: Iterable[Any],
    kubernetes_version: tuple[int, int],
    include_builtins: bool = True,
) -> Analysis:
    """Analyse K8sObject-like FlowSchemas and PriorityLevelConfigurations (`.value`, `.api_version`, `.name`).

    A priority level exists when the input defines one of that name or the release builds it in, so a
    FlowSchema pointing at neither is dangling. Shadowing is computed once for every schema here.
    """
    from k8slint.apf_builtins import builtin_prioritylevel_names

    builtin_levels = builtin_prioritylevel_names(kubernetes_version)
    levels = frozenset(obj.name for obj in level_objects if obj.name) | builtin_levels
    valid, invalid, dangling = [], [], []
    for obj in flowschema_objects:
        model = parse_flowschema(obj.value, source=obj)
        if flowschema_errors(obj.value, obj.api_version):
            invalid.append(model)
        elif model.level not in levels:
            dangling.append(model)
        else:
            valid.append(model)
    builtins = builtin_models(kubernetes_version, suggested=include_builtins)
    order = evaluation_order(valid, levels, builtins)
    shadowed: dict[int, list[FlowSchema]] = {}
    for index, schema in enumerate(order):
        covering = shadowed_by(schema, order[:index])
        if covering:
            shadowed[id(schema)] = covering
    in_effect = {id(schema.source): schema for schema in order if schema.source is not None}
    return Analysis(
        kubernetes_version=kubernetes_version,
        include_builtins=include_builtins,
        level_names=levels,
        builtin_level_names=builtin_levels,
        order=order,
        invalid=invalid,
        dangling=dangling,
        replaced=[schema for schema in valid if id(schema.source) not in in_effect],
        shadowed=shadowed,
        in_effect=in_effect,
    )


def context_analysis(ctx: Any) -> Analysis:
    """The analysis of a lint run's input, built once and shared by every APF rule (`ctx` is a RuleContext)."""
    settings = ctx.settings
    return ctx.objects.memo(
        "apf-analysis",
        lambda: analyze(
            [obj for obj in ctx.objects.of_kind("FlowSchema") if is_flowcontrol(obj)],
            [obj for obj in ctx.objects.of_kind("PriorityLevelConfiguration") if is_flowcontrol(obj)],
            settings.kubernetes_version,
            settings.apf_include_builtins,
        ),
    )


def describe_schema(schema: FlowSchema, where: Any = None) -> str:
    """`FlowSchema "x" (built-in, precedence 9900)` or, with `where(obj, path)` giving "file:line",
    `FlowSchema "x" (precedence 500, at flows.yaml:3)`."""
    if schema.builtin or schema.source is None or where is None:
        return f'FlowSchema "{schema.name}" (built-in, precedence {schema.precedence})'
    return f'FlowSchema "{schema.name}" (precedence {schema.precedence}, at {where(schema.source, ("metadata", "name"))})'


def precedence_path(schema_value: dict) -> Path:
    """Where findings about a schema's place in the order point: its matchingPrecedence, if written."""
    spec = schema_value.get("spec")
    if isinstance(spec, dict) and "matchingPrecedence" in spec:
        return ("spec", "matchingPrecedence")
    return ("metadata", "name")
