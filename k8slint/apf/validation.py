"""FlowSchema and PriorityLevelConfiguration validation, ported from the kube-apiserver's
`pkg/apis/flowcontrol/validation/validation.go`, with its defaulting and its messages."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from k8slint import validation
from k8slint.apf.builtins import (
    GROUP,
    MANDATORY_FLOWSCHEMA_NAMES,
    MANDATORY_FLOWSCHEMA_SPECS,
    concurrency_shares_field,
    mandatory_prioritylevel_spec,
)
from k8slint.apf.model import (
    DEFAULT_MATCHING_PRECEDENCE,
    lenient_int,
    object_name,
    parse_spec,
)
from k8slint.apf.sharding import MAX_HASH_BITS, required_entropy_bits
from k8slint.model import FieldPath, format_path

API_VERSIONS = tuple(f"{GROUP}/{version}" for version in ("v1alpha1", "v1beta1", "v1beta2", "v1beta3", "v1"))

MAX_MATCHING_PRECEDENCE = 10000
MAX_QUEUES = 10_000_000
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

_NAMESPACE_INTRO = "each member of this list must be '*' or a DNS-1123 label; "
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
# Beyond this many (verb, group, resource, scope) combinations the union-of-rules cover test gives up
# (reporting "not covered", which only costs a warning, never a false one).

FieldError = tuple[FieldPath, str]


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

    def add(self, path: FieldPath, message: str) -> None:
        self.errors.append((path, message))

    def invalid(self, path: FieldPath, value: Any, message: str) -> None:
        self.add(path, f"Invalid value: {_go_value(value)}: {message}")

    def required(self, path: FieldPath, message: str = "") -> None:
        self.add(path, f"Required value: {message}" if message else "Required value")

    def unsupported(self, path: FieldPath, value: Any, supported: Iterable[str]) -> None:
        self.add(path, f"Unsupported value: {_go_value(value)}: {_supported(supported)}")

    def forbidden(self, path: FieldPath, message: str) -> None:
        self.add(path, f"Forbidden: {message}")

    def _type_error(self, path: FieldPath, value: Any, go_type: str) -> None:
        self.add(path, f"cannot unmarshal {_go_json_type(value)} into Go value of type {go_type}")

    def mapping(self, container: dict, key: str, path: FieldPath) -> dict | None:
        value = container.get(key)
        if value is None or isinstance(value, dict):
            return value
        self._type_error((*path, key), value, "struct")
        return None

    def string(self, container: dict, key: str, path: FieldPath) -> str:
        value = container.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        self._type_error((*path, key), value, "string")
        return ""

    def boolean(self, container: dict, key: str, path: FieldPath) -> bool:
        value = container.get(key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self._type_error((*path, key), value, "bool")
        return False

    def int32(self, container: dict, key: str, path: FieldPath) -> int | None:
        value = container.get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and _INT32_MIN <= value <= _INT32_MAX:
            return value
        self._type_error((*path, key), value, "int32")
        return None

    def items(self, container: dict, key: str, path: FieldPath) -> list:
        value = container.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self._type_error((*path, key), value, "array")
        return []

    def strings(self, container: dict, key: str, path: FieldPath) -> list[str]:
        """A []string field; mistyped items are reported and left out."""
        result = []
        for index, item in enumerate(self.items(container, key, path)):
            if isinstance(item, str):
                result.append(item)
            else:
                self._type_error((*path, key, index), item, "string")
        return result

    def maps(self, container: dict, key: str, path: FieldPath) -> list[tuple[FieldPath, dict]]:
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
    name = object_name(obj)
    spec = fields.mapping(obj, "spec", ()) or {}
    spec_path: FieldPath = ("spec",)

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
    _decode_status(fields, obj)
    return fields.errors


def _check_api_version(fields: _Fields, api_version: str | None, kind: str) -> None:
    if api_version is not None and api_version not in API_VERSIONS:
        fields.add(("apiVersion",), f'no kind "{kind}" is registered for version "{api_version}"')


def _check_policy_rule(fields: _Fields, rule: dict, path: FieldPath) -> None:
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


def _check_subject(fields: _Fields, subject: dict, path: FieldPath) -> None:
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
    fields: _Fields, values: list, list_path: FieldPath, empty: str, others: str, check_item: Callable[[FieldPath, str], None]
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


def _check_verbs(fields: _Fields, rule: dict, path: FieldPath) -> None:
    def check(item_path: FieldPath, verb: str) -> None:
        if verb not in SUPPORTED_VERBS:
            fields.unsupported(item_path, verb, SUPPORTED_VERBS)

    verbs = fields.strings(rule, "verbs", path)
    _check_list(fields, verbs, (*path, "verbs"), "verbs must contain at least one value", "verbs", check)


def _check_wildcard_list(fields: _Fields, rule: dict, key: str, path: FieldPath, noun: str, what: str) -> None:
    values = fields.strings(rule, key, path)
    empty = f"resource rules must supply at least one {noun}"
    _check_list(fields, values, (*path, key), empty, what, lambda item_path, value: None)


def _check_resource_rule(fields: _Fields, rule: dict, path: FieldPath) -> None:
    def check_namespace(item_path: FieldPath, namespace: str) -> None:
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


def _check_non_resource_rule(fields: _Fields, rule: dict, path: FieldPath) -> None:
    def check_url(item_path: FieldPath, url: str) -> None:
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


def _decode_status(fields: _Fields, obj: dict) -> None:
    """Only the JSON decoding of `status`: the registry strategies' PrepareForCreate resets it and
    PrepareForUpdate copies the stored one back before validation (pkg/registry/flowcontrol/flowschema/strategy.go,
    .../prioritylevelconfiguration/strategy.go), so ValidateFlowSchemaStatus and its duplicate and empty
    condition types never see what a manifest holds; a value of the wrong type still fails the decoder."""
    status = fields.mapping(obj, "status", ()) or {}
    for condition_path, condition in fields.maps(status, "conditions", ("status",)):
        fields.string(condition, "type", condition_path)


def _flowschema_spec_key(spec: dict) -> tuple:
    """A FlowSchema spec after defaulting, in a comparable form (empty and absent lists are equal, as in Go)."""
    model = parse_spec("", spec)
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
    name = object_name(obj)
    spec_path: FieldPath = ("spec",)
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
    _check_roundtrip_annotation(fields, obj, version, kubernetes_version)
    _decode_status(fields, obj)
    return fields.errors


def _check_roundtrip_annotation(
    fields: _Fields, obj: dict, api_version: str, kubernetes_version: tuple[int, int]
) -> None:
    """The v1beta3 preserve-zero annotation is only for the v1beta3 round trip: its conversion strips it, and
    from 1.29 to 1.31 ValidatePriorityLevelConfiguration forbids it on what reaches the internal object
    (validation_test.go "the roundtrip annotation is forbidden"), so a v1 object carrying it is rejected."""
    if not (1, 29) <= kubernetes_version <= (1, 31) or api_version.endswith("/v1beta3"):
        return
    metadata = obj.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    if isinstance(annotations, dict) and PRESERVE_ZERO_SHARES_ANNOTATION in annotations:
        fields.forbidden(("metadata", "annotations"), f"annotation '{PRESERVE_ZERO_SHARES_ANNOTATION}' is forbidden")


def _unknown_field(fields: _Fields, path: FieldPath, key: str, api_version: str, hint: str) -> None:
    fields.add((*path, key), f'unknown field "{format_path((*path, key))}" in {api_version}: {hint}')


def _check_exempt_section(fields: _Fields, spec: dict, spec_path: FieldPath) -> None:
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
    path: FieldPath,
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
    path: FieldPath,
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


def _check_queuing(fields: _Fields, queuing: dict, path: FieldPath) -> tuple[int, int, int]:
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
        lenient_int(queuing.get("queues")) or DEFAULT_QUEUES,
        lenient_int(queuing.get("handSize")) or DEFAULT_HAND_SIZE,
        lenient_int(queuing.get("queueLengthLimit")) or DEFAULT_QUEUE_LENGTH_LIMIT,
    )


def _limited_key(limited: dict | None, api_version: str, kubernetes_version: tuple[int, int]) -> tuple | None:
    """A `limited` section after defaulting, in the comparable form `_check_limited` returns."""
    if limited is None:
        return None
    fields = _Fields()
    return _check_limited(fields, {}, limited, ("spec", "limited"), api_version, kubernetes_version)
