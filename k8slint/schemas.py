"""Offline, strict JSON-Schema validation of objects: built-in kinds from the schemas that the
`kubernetes-validate` package ships (Kubernetes 1.25 and later), custom resources from the
CustomResourceDefinitions of the input set, and user schemas in kubeconform's file layout.
Schemas are compiled once per kind and version into a small tree that a single walk checks,
collecting every error at the key or value it concerns.
"""

from __future__ import annotations

import base64
import binascii
import functools
import marshal
import os
import sys
import zlib
from typing import Any, Iterable, Literal, Sequence

from k8slint import regex
from k8slint.cache import cache_dir, write_entry
from k8slint.objects import ApplySet, per_apply_set
from k8slint.records import record
from k8slint.text import shorten
from k8slint.regex import LazyPattern

_SCHEMA_PACKAGE = "kubernetes_validate"
_SCHEMA_FOLDER = "kubernetes-json-schema"
_VERSION_FOLDER = LazyPattern(r"v1\.(\d+)\.0-local-strict")
_DEFINITION_POINTERS = ("/$defs/", "/definitions/")

# resource.Quantity's grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go): a signed decimal
# number, then a binary suffix, a decimal SI suffix, or a decimal exponent.
QUANTITY_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$"
_QUANTITY = LazyPattern(QUANTITY_PATTERN)
_QUANTITY_DEF = "io.k8s.apimachinery.pkg.api.resource.Quantity"
_OBJECT_META_DEF = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
# The OpenAPI documents behind kubernetes-validate carry no enums for built-in fields, though the API
# server rejects any other value ("Unsupported value"). Definition -> field -> supported values; "[]"
# marks the items of a list; "" is listed where the server defaults an empty value; (value, release)
# is a value accepted from that release on (behind a feature gate, which k8slint assumes may be on).
BUILTIN_ENUMS: dict[str, dict[str, tuple]] = {
    "io.k8s.api.core.v1.Container": {
        "imagePullPolicy": ("Always", "IfNotPresent", "Never", ""),
        "terminationMessagePolicy": ("File", "FallbackToLogsOnError", ""),
    },
    "io.k8s.api.core.v1.EphemeralContainer": {
        "imagePullPolicy": ("Always", "IfNotPresent", "Never", ""),
        "terminationMessagePolicy": ("File", "FallbackToLogsOnError", ""),
    },
    "io.k8s.api.core.v1.ContainerPort": {"protocol": ("TCP", "UDP", "SCTP", "")},
    "io.k8s.api.core.v1.ServicePort": {"protocol": ("TCP", "UDP", "SCTP", "")},
    "io.k8s.api.core.v1.PodSpec": {
        "restartPolicy": ("Always", "OnFailure", "Never", ""),
        "dnsPolicy": ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None", ""),
    },
    "io.k8s.api.core.v1.ServiceSpec": {
        "type": ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName", ""),
        "sessionAffinity": ("ClientIP", "None", ""),
        "externalTrafficPolicy": ("Cluster", "Local", ""),
        "internalTrafficPolicy": ("Cluster", "Local", ""),
        "ipFamilyPolicy": ("SingleStack", "PreferDualStack", "RequireDualStack", ""),
    },
    "io.k8s.api.core.v1.Toleration": {
        "operator": ("Exists", "Equal", "", ("Lt", (1, 35)), ("Gt", (1, 35))),
        "effect": ("NoSchedule", "PreferNoSchedule", "NoExecute", ""),
    },
    "io.k8s.api.core.v1.Taint": {"effect": ("NoSchedule", "PreferNoSchedule", "NoExecute")},
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement": {
        "operator": ("In", "NotIn", "Exists", "DoesNotExist"),
    },
    "io.k8s.api.core.v1.NodeSelectorRequirement": {"operator": ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")},
    "io.k8s.api.core.v1.PersistentVolumeClaimSpec": {
        "accessModes[]": ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"),
        "volumeMode": ("Filesystem", "Block", ""),
    },
    "io.k8s.api.core.v1.PersistentVolumeSpec": {
        "accessModes[]": ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"),
        "volumeMode": ("Filesystem", "Block", ""),
        "persistentVolumeReclaimPolicy": ("Retain", "Delete", "Recycle", ""),
    },
    "io.k8s.api.core.v1.HTTPGetAction": {"scheme": ("HTTP", "HTTPS", "")},
    "io.k8s.api.core.v1.SeccompProfile": {"type": ("RuntimeDefault", "Unconfined", "Localhost")},
    "io.k8s.api.core.v1.AppArmorProfile": {"type": ("RuntimeDefault", "Unconfined", "Localhost")},
    "io.k8s.api.networking.v1.HTTPIngressPath": {"pathType": ("Exact", "Prefix", "ImplementationSpecific")},
    "io.k8s.api.networking.v1.NetworkPolicySpec": {"policyTypes[]": ("Ingress", "Egress")},
    "io.k8s.api.apps.v1.DeploymentStrategy": {"type": ("Recreate", "RollingUpdate", "")},
    "io.k8s.api.apps.v1.StatefulSetSpec": {"podManagementPolicy": ("OrderedReady", "Parallel", "")},
    "io.k8s.api.apps.v1.StatefulSetUpdateStrategy": {"type": ("RollingUpdate", "OnDelete", "")},
    "io.k8s.api.apps.v1.DaemonSetUpdateStrategy": {"type": ("RollingUpdate", "OnDelete", "")},
    "io.k8s.api.batch.v1.CronJobSpec": {"concurrencyPolicy": ("Allow", "Forbid", "Replace", "")},
    "io.k8s.api.batch.v1.JobSpec": {"completionMode": ("NonIndexed", "Indexed", "")},
    "io.k8s.api.autoscaling.v2.MetricSpec": {"type": ("Object", "Pods", "Resource", "ContainerResource", "External")},
    "io.k8s.api.autoscaling.v2.MetricTarget": {"type": ("Utilization", "Value", "AverageValue")},
    "io.k8s.api.policy.v1.PodDisruptionBudgetSpec": {
        "unhealthyPodEvictionPolicy": ("IfHealthyBudget", "AlwaysAllow", ""),
    },
}
_INT_RANGES = {"int32": (-(1 << 31), (1 << 31) - 1), "int64": (-(1 << 63), (1 << 63) - 1)}
_JSON_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})
_JUNCTORS = ("allOf", "anyOf", "oneOf", "not")


@record(frozen=True, slots=True)
class SchemaError:
    """One schema violation: `path` from the object root; `on_key` when the key itself is wrong;
    `missing` names the required field when that is the violation (`path` is then its parent)."""

    path: tuple
    message: str
    on_key: bool = False
    missing: str | None = None


# ---- the compiled schema tree ----------------------------------------------------------------


class Node:
    """One compiled schema. Attributes left as None are not constrained."""

    __slots__ = (
        "types", "properties", "additional", "required", "items", "enum", "enum_shown",
        "checks", "one_of", "any_of", "all_of", "not_",
    )

    def __init__(self) -> None:
        self.types: frozenset | None = None
        self.properties: dict[str, Node] | None = None
        # None: any extra key is fine; False: extra keys are unknown fields; a Node: their schema.
        self.additional: Node | Literal[False] | None = None
        self.required: tuple = ()
        self.items: Node | None = None
        self.enum: frozenset | None = None
        self.enum_shown: tuple = ()  # the values a message lists (not "" or null)
        self.checks: tuple = ()  # (keyword, argument) value checks, rare
        self.one_of: tuple = ()
        self.any_of: tuple = ()
        self.all_of: tuple = ()
        self.not_: Node | None = None


class _Definition(Node):
    """A named definition's Node, compiled when one of its attributes is first read.

    A kind's schema reaches many definitions (a Deployment's, 198) and a manifest visits few of
    them; compiling all of them was most of a one-file run's schema work. References share the
    node, so a recursive definition refers to itself, compiled once.
    """

    __slots__ = ("_compiler", "_name")

    def __init__(self, compiler: _Compiler, name: str) -> None:
        # Node's slots stay unset until compile_now: reading one is what compiles the definition.
        self._compiler: _Compiler | None = compiler
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        # Reached only while Node's slots are unset, that is, before compilation.
        if attribute in ("_compiler", "_name") or self._compiler is None:
            raise AttributeError(attribute)
        self.compile_now()
        return getattr(self, attribute)

    def compile_now(self) -> None:
        compiler = self._compiler
        if compiler is not None:
            self._compiler = None
            Node.__init__(self)
            # A class with __getattr__ makes every attribute read three times slower, and validation reads many.
            self.__class__ = _CompiledDefinition
            compiler.fill_definition(self, self._name)


class _CompiledDefinition(Node):
    """A `_Definition` once compiled: a plain Node (its slots kept, so that the class can change)."""

    __slots__ = ("_compiler", "_name")


def _json_type(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return "string"
    if kind is dict:
        return "object"
    if kind is list:
        return "array"
    if kind is bool:
        return "boolean"
    if kind is int:
        return "integer"
    if kind is float:
        # sigs.k8s.io/yaml writes 3.0 as 3, so Kubernetes reads it as an integer.
        return "integer" if value.is_integer() else "number"
    if value is None:
        return "null"
    return "string"


def _json_text(value: Any, sort_keys: bool = False) -> str:
    """`value` as JSON, for messages (json is imported when a run has one to write, not at start-up)."""
    import json

    return json.dumps(value, sort_keys=sort_keys)


def _enum_key(value: Any) -> Any:
    kind = _json_type(value)
    if kind in ("object", "array"):
        return (kind, _json_text(value, sort_keys=True))
    if kind in ("integer", "number"):
        return ("number", value)
    return (kind, value)


def _describe(value: Any) -> str:
    kind = _json_type(value)
    if kind == "string":
        return f"string {_json_text(shorten(value, 40))}"
    if kind in ("integer", "number", "boolean"):
        return f"{kind} {_json_text(value)}"
    return kind


def _quote_list(values: Iterable[Any]) -> str:
    return ", ".join(_json_text(value) for value in values)


class _Compiler:
    """Turns JSON-Schema dicts into Nodes; `$ref`s into `definitions` are shared and may recurse."""

    def __init__(self, definitions: dict, *, crd: bool = False, object_meta: Node | None = None,
                 version: tuple[int, int] = (0, 0)) -> None:
        self.definitions = definitions
        self.version = version  # of the built-in definitions, for version-dependent enum values
        self.by_name: dict[str, Node] = {}
        self.crd = crd
        self.object_meta = object_meta

    def definition(self, name: str) -> Node:
        node = self.by_name.get(name)
        if node is None:
            node = self.by_name[name] = _Definition(self, name)
        return node

    def fill_definition(self, node: Node, name: str) -> None:
        schema = self.definitions.get(name)
        if isinstance(schema, dict):
            self.fill(node, schema, name)
            for field, values in BUILTIN_ENUMS.get(name, {}).items():
                _set_enum(node, field, _enum_values(values, self.version))

    def compile(self, schema: Any, in_properties: bool = False) -> Node:
        if isinstance(schema, dict):
            ref = schema.get("$ref")
            if isinstance(ref, str):
                name = _definition_name(ref)
                # An unresolvable reference constrains nothing.
                return self.definition(name) if name is not None else Node()
        node = Node()
        if isinstance(schema, dict):
            self.fill(node, schema, None, in_properties)
        elif schema is False:
            node.not_ = Node()
        return node

    def fill(self, node: Node, schema: dict, name: str | None, in_properties: bool = False) -> None:
        crd = self.crd
        types = schema.get("type")
        if isinstance(types, str):
            types = [types]
        if isinstance(types, list):
            node.types = frozenset(t for t in types if t in _JSON_TYPES)
        if crd:
            if schema.get("x-kubernetes-int-or-string") is True:
                node.types = frozenset({"integer", "string"})
            # A null field that is not nullable is pruned before validation, so it is no error either.
            if node.types is not None and (schema.get("nullable") is True or in_properties):
                node.types = node.types | {"null"}
        one_of = schema.get("oneOf")
        if isinstance(one_of, list) and one_of and all(_only_type(branch) for branch in one_of):
            # int-or-string and Quantity: a oneOf of plain types is a type union (and accepts null once).
            merged: set = set()
            for branch in one_of:
                branch_types = branch["type"]
                merged.update([branch_types] if isinstance(branch_types, str) else branch_types)
            node.types = frozenset(t for t in merged if t in _JSON_TYPES)
        elif isinstance(one_of, list):
            node.one_of = tuple(self.compile(branch) for branch in one_of)
        any_of = schema.get("anyOf")
        if isinstance(any_of, list):
            node.any_of = tuple(self.compile(branch) for branch in any_of)
        all_of = schema.get("allOf")
        if isinstance(all_of, list):
            node.all_of = tuple(self.compile(branch) for branch in all_of)
        if "not" in schema:
            node.not_ = self.compile(schema["not"])

        properties = schema.get("properties")
        if isinstance(properties, dict):
            node.properties = {
                key: self.compile(value, in_properties=True)
                for key, value in properties.items()
                if isinstance(key, str)
            }
        additional = schema.get("additionalProperties")
        if additional is False:
            node.additional = False
        elif isinstance(additional, dict):
            node.additional = self.compile(additional, in_properties=True)
        elif crd and additional is None and schema.get("x-kubernetes-preserve-unknown-fields") is not True:
            # A structural schema prunes, and strict field validation reports, every field it does not name.
            if node.types is not None and "object" in node.types:
                node.additional = False
        required = schema.get("required")
        if isinstance(required, list):
            # The API server applies defaults before it validates: a required field with a default is never missing.
            defaulted = {
                key for key, value in (properties.items() if isinstance(properties, dict) else ())
                if isinstance(value, dict) and "default" in value
            }
            node.required = tuple(key for key in required if isinstance(key, str) and key not in defaulted)
        items = schema.get("items")
        if isinstance(items, dict):
            node.items = self.compile(items)
        enum = schema.get("enum")
        if isinstance(enum, list):
            node.enum = frozenset(_enum_key(value) for value in enum)
            node.enum_shown = tuple(value for value in enum if value not in ("", None))
        if crd and schema.get("x-kubernetes-embedded-resource") is True:
            self.embed_resource(node)
        node.checks = self.value_checks(schema, name)

    def embed_resource(self, node: Node) -> None:
        properties = dict(node.properties or {})
        for key in ("apiVersion", "kind"):
            if key not in properties:
                text = Node()
                text.types = frozenset({"string"})
                properties[key] = text
        if "metadata" not in properties:
            properties["metadata"] = self.object_meta or Node()
        node.properties = properties
        node.required = tuple(dict.fromkeys((*node.required, "apiVersion", "kind")))

    def value_checks(self, schema: dict, name: str | None) -> tuple:
        checks = []
        if name == _QUANTITY_DEF:
            checks.append(("quantity", None))
        fmt = schema.get("format")
        if fmt in _INT_RANGES:
            checks.append(("range", _INT_RANGES[fmt]))
        elif fmt == "byte":
            checks.append(("base64", None))
        for keyword in (
            "pattern", "minLength", "maxLength", "minItems", "maxItems", "minProperties",
            "maxProperties", "minimum", "maximum", "multipleOf", "uniqueItems",
        ):
            if keyword in schema:
                argument = schema[keyword]
                if keyword == "pattern":
                    # From the input when the schema is a CRD's: RE2, as the API server (see k8slint.regex).
                    argument = regex.compile(argument) if isinstance(argument, str) else None
                    if argument is None:
                        continue
                if keyword == "uniqueItems" and argument is not True:
                    continue
                if keyword in ("minimum", "maximum"):
                    # OpenAPI v3.0 writes exclusiveness as a boolean beside the bound; JSON Schema as a number.
                    exclusive = schema.get("exclusive" + keyword[:1].upper() + keyword[1:]) is True
                    checks.append((keyword, (argument, exclusive)))
                    continue
                checks.append((keyword, argument))
        for keyword in ("exclusiveMinimum", "exclusiveMaximum"):
            bound = schema.get(keyword)
            if isinstance(bound, (int, float)) and not isinstance(bound, bool):
                checks.append(("minimum" if keyword == "exclusiveMinimum" else "maximum", (bound, True)))
        return tuple(checks)


def _enum_values(values: tuple, version: tuple[int, int]) -> tuple[str, ...]:
    return tuple(
        value if isinstance(value, str) else value[0]
        for value in values
        if isinstance(value, str) or version >= value[1]
    )


def _set_enum(node: Node, field: str, values: tuple[str, ...]) -> None:
    child = (node.properties or {}).get(field.removesuffix("[]"))
    if child is not None and field.endswith("[]"):
        child = child.items
    if isinstance(child, _Definition):
        child.compile_now()  # compiled later, it would start from no enum
    if child is not None:
        child.enum = frozenset(_enum_key(value) for value in values)
        child.enum_shown = tuple(value for value in values if value)


def _only_type(schema: Any) -> bool:
    return isinstance(schema, dict) and set(schema) <= {"type", "description", "format"} and "type" in schema


# ---- the walk --------------------------------------------------------------------------------


def check(node: Node, value: Any) -> list[SchemaError]:
    """Every error of `value` against `node`, one per real mistake."""
    errors: list[SchemaError] = []
    _check(node, value, [], errors)
    return errors


def _check(node: Node, value: Any, path: list, errors: list[SchemaError]) -> None:
    kind = _json_type(value)
    types = node.types
    if types is not None and kind not in types and not (kind == "integer" and "number" in types):
        expected = " or ".join(sorted(t for t in types if t != "null")) or "null"
        errors.append(SchemaError(tuple(path), f"expected {expected}, got {_describe(value)}"))
        return
    if value is None:
        return  # like go-openapi's validator, an accepted null skips every check beyond its type
    if node.enum is not None and _enum_key(value) not in node.enum:
        message = f"unsupported value {_json_text(value)}, supported values: {_quote_list(node.enum_shown)}"
        errors.append(SchemaError(tuple(path), message))
        return
    if kind == "object":
        properties = node.properties
        additional = node.additional
        start = len(errors)
        unknown: dict[str, int] = {}  # unknown key -> index of its error
        for key, item in value.items():
            child = properties.get(key) if properties is not None else None
            if child is None:
                if additional is False:
                    unknown[key] = len(errors)
                    errors.append(SchemaError((*path, key), _unknown_field(key, properties), on_key=True))
                    continue
                if additional is None:
                    continue
                child = additional
            path.append(key)
            _check(child, item, path, errors)
            path.pop()
        missing = [key for key in node.required if key not in value and not _misspelled(key, value, properties)]
        if unknown and properties:
            missing = _explain_misplaced(properties, path, unknown, missing, errors, start)
        for key in missing:
            errors.append(SchemaError(tuple(path), f'missing required field "{key}"', missing=key))
    elif kind == "array" and node.items is not None:
        items = node.items
        path.append(0)
        for index, item in enumerate(value):
            path[-1] = index
            _check(items, item, path, errors)
        path.pop()
    if node.checks:
        _value_checks(node.checks, value, kind, path, errors)
    if node.one_of or node.any_of or node.all_of or node.not_ is not None:
        _junctors(node, value, path, errors)


def _explain_misplaced(properties: dict, path: list, unknown: dict[str, int], missing: list[str],
                       errors: list[SchemaError], start: int) -> list[str]:
    """Report a field written one level off once, instead of as an unknown field plus a missing one.

    Fields that belong inside a missing required field become one error; an unknown field that a
    present child requires loses that child's "missing required field" error. Returns what is still missing.
    """
    replaced: dict[int, SchemaError | None] = {}
    still_missing = []
    for required in missing:
        child = properties.get(required)
        belongs = [key for key in unknown if child is not None and child.properties and key in child.properties]
        if not belongs:
            still_missing.append(required)
            continue
        names = ", ".join(f'"{key}"' for key in belongs)
        first = unknown[belongs[0]]
        message = f'{names} must be inside "{required}", which is missing'
        replaced[first] = SchemaError(errors[first].path, message, on_key=True)
        for key in belongs[1:]:
            replaced[unknown[key]] = None
        for key in belongs:
            del unknown[key]
    depth = len(path) + 1
    for index in range(start, len(errors)):
        error = errors[index]
        key = error.missing
        if len(error.path) != depth or key is None:
            continue
        if key in unknown and index not in replaced:
            replaced[index] = None
            at = unknown.pop(key)
            message = f'unknown field "{key}" here: it belongs inside "{error.path[-1]}"'
            replaced[at] = SchemaError(errors[at].path, message, on_key=True)
    if replaced:
        kept = (replaced.get(index, errors[index]) for index in range(start, len(errors)))
        errors[start:] = [error for error in kept if error is not None]
    return still_missing


def _unknown_field(key: str, properties: dict | None) -> str:
    close = _closest(key, properties)
    message = f'unknown field "{key}"'
    return message + f', did you mean "{close}"?' if close is not None else message


def _closest(key: Any, properties: dict | None) -> str | None:
    import difflib  # off the start-up path: only suggestions need it

    if not properties:
        return None
    key = str(key)
    for name in properties:
        if name.lower() == key.lower():
            return name
    matches = difflib.get_close_matches(key, list(properties), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _misspelled(required: str, value: dict, properties: dict | None) -> bool:
    """A required field that is missing because it was misspelled is reported once, as the unknown field."""
    return any(key not in (properties or ()) and _closest(key, properties) == required for key in value)


def _value_checks(checks: tuple, value: Any, kind: str, path: list, errors: list[SchemaError]) -> None:
    for keyword, argument in checks:
        message = None
        if kind == "string":
            if keyword == "quantity" and not _QUANTITY.match(value):
                message = (
                    f"invalid quantity {_json_text(value)}: "
                    "expected a number with an optional suffix (m, k, M, Gi, e3...)"
                )
            elif keyword == "base64" and not _is_base64(value):
                message = "invalid base64 data"
            elif keyword == "pattern" and not argument.search(value):
                message = f"{_json_text(shorten(value))} does not match the pattern {shorten(argument.pattern)!r}"
            elif keyword == "minLength" and len(value) < argument:
                message = f"must be at least {argument} characters long"
            elif keyword == "maxLength" and len(value) > argument:
                message = f"must be at most {argument} characters long"
        elif kind in ("integer", "number"):
            if keyword == "range" and not argument[0] <= value <= argument[1]:
                message = f"{_json_text(value)} is out of range [{argument[0]}, {argument[1]}]"
            elif keyword == "minimum":
                bound, exclusive = argument
                if value < bound or (exclusive and value == bound):
                    message = f"must be greater than {'' if exclusive else 'or equal to '}{_json_text(bound)}"
            elif keyword == "maximum":
                bound, exclusive = argument
                if value > bound or (exclusive and value == bound):
                    message = f"must be less than {'' if exclusive else 'or equal to '}{_json_text(bound)}"
            elif keyword == "multipleOf" and argument and (value / argument) % 1:
                message = f"must be a multiple of {_json_text(argument)}"
        elif kind == "array":
            if keyword == "minItems" and len(value) < argument:
                message = f"must have at least {argument} items"
            elif keyword == "maxItems" and len(value) > argument:
                message = f"must have at most {argument} items"
            elif keyword == "uniqueItems":
                keys = [_enum_key(item) for item in value]
                if len(set(keys)) != len(keys):
                    message = "items must be unique"
        elif kind == "object":
            if keyword == "minProperties" and len(value) < argument:
                message = f"must have at least {argument} fields"
            elif keyword == "maxProperties" and len(value) > argument:
                message = f"must have at most {argument} fields"
        if message is not None:
            errors.append(SchemaError(tuple(path), message))


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text.replace("\n", "").replace("\r", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _junctors(node: Node, value: Any, path: list, errors: list[SchemaError]) -> None:
    for branch in node.all_of:
        _check(branch, value, path, errors)
    if node.not_ is not None:
        trial: list[SchemaError] = []
        _check(node.not_, value, list(path), trial)
        if not trial:
            errors.append(SchemaError(tuple(path), "must not match the schema in \"not\""))
    for branches, exactly_one in ((node.one_of, True), (node.any_of, False)):
        if not branches:
            continue
        outcomes = []
        for branch in branches:
            trial = []
            _check(branch, value, list(path), trial)
            outcomes.append(trial)
        passing = sum(1 for trial in outcomes if not trial)
        if passing == 0:
            errors.extend(min(outcomes, key=lambda trial: _branch_cost(trial, len(path))))
        elif exactly_one and passing > 1:
            message = f"matches {passing} of the oneOf alternatives, must match exactly one"
            errors.append(SchemaError(tuple(path), message))


def _branch_cost(trial: list[SchemaError], depth: int) -> tuple[int, int]:
    """The branch that got furthest explains the mistake: a type error at the value itself ranks last."""
    shallow = sum(1 for error in trial if len(error.path) == depth and error.message.startswith("expected "))
    return (shallow, len(trial))


# ---- built-in schemas from kubernetes-validate ----------------------------------------------


@record(slots=True, eq=False)
class _Bundle:
    folder: str
    compiler: _Compiler
    kinds: dict  # (api_version, kind) -> Node | None
    gvks: dict  # (group, version, kind) -> definition name


def _gvk_index(definitions: dict) -> dict:
    """(group, version, kind) -> definition name, from the definitions' x-kubernetes-group-version-kind."""
    index: dict = {}
    for name, definition in definitions.items():
        gvks = definition.get("x-kubernetes-group-version-kind") if isinstance(definition, dict) else None
        # Only top-level kinds carry apiVersion/kind properties; option types list every group.
        if not gvks or "apiVersion" not in (definition.get("properties") or {}):
            continue
        for gvk in gvks:
            index.setdefault((gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "")), name)
    return index


class _Definitions:
    """One version's definitions by name, each decoded from the cache entry when first asked for."""

    __slots__ = ("_encoded", "_decoded")

    def __init__(self, encoded: dict[str, bytes]) -> None:
        self._encoded = encoded
        self._decoded: dict[str, Any] = {}

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self._decoded[name]
        except KeyError:
            encoded = self._encoded.get(name)
            if encoded is None:
                return default
            value = self._decoded[name] = marshal.loads(encoded)
            return value

    def __getitem__(self, name: str) -> Any:
        if name not in self._encoded:
            raise KeyError(name)
        return self.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._encoded


_schema_root: list[str | None] = []
_bundles: dict[tuple[int, int], _Bundle] = {}


def _schema_folder() -> str | None:
    if not _schema_root:
        import importlib.util

        try:
            spec = importlib.util.find_spec(_SCHEMA_PACKAGE)
        except (ImportError, ValueError):
            spec = None
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        folder = os.path.join(locations[0], _SCHEMA_FOLDER) if locations else None
        _schema_root.append(folder if folder and os.path.isdir(folder) else None)
    return _schema_root[0]


@functools.cache
def schema_versions() -> tuple[tuple[int, int], ...]:
    """The Kubernetes minor versions with built-in schemas, oldest first (empty if none are installed)."""
    folder = _schema_folder()
    if folder is None:
        return ()
    found = []
    for entry in os.listdir(folder):
        match = _VERSION_FOLDER.fullmatch(entry)
        if match:
            found.append((1, int(match.group(1))))
    return tuple(sorted(found))


def schema_version_for(k8s_version: tuple[int, int]) -> tuple[int, int] | None:
    """The newest shipped version not newer than `k8s_version`; the oldest one for older clusters."""
    versions = schema_versions()
    if not versions:
        return None
    eligible = [version for version in versions if version <= tuple(k8s_version)]
    return eligible[-1] if eligible else versions[0]


def _bundle(version: tuple[int, int]) -> _Bundle:
    bundle = _bundles.get(version)
    if bundle is None:
        folder = os.path.join(_schema_folder() or "", f"v{version[0]}.{version[1]}.0-local-strict")
        definitions, gvks = _definitions(os.path.join(folder, "_definitions.json"))
        bundle = _bundles[version] = _Bundle(folder, _Compiler(definitions, version=version), {}, gvks)
    return bundle


_NO_DEFINITIONS: tuple[dict, dict] = ({}, {})


def _definitions(path: str) -> tuple[_Definitions | dict, dict]:
    """One version's definitions, without their descriptions (nothing here reads them), and their
    index by group, version and kind.

    Decoding the 1.3 MB of JSON costs a one-file run more than all of its rules. The cache keeps
    each definition in marshal's format, decoded only when a kind of the run needs it, with the
    index; the entry is named after the file's path, size and modification time and the
    interpreter's version.
    """
    try:
        stat = os.stat(path)
    except OSError:
        return _NO_DEFINITIONS  # a damaged installation: every built-in kind is then unknown, nothing raises
    # (hashlib would cost this path more than the cache saves: loading OpenSSL takes 3 ms)
    place = zlib.crc32(path.encode("utf-8", "surrogateescape"))
    name = f"definitions-{place:08x}-{stat.st_size}-{stat.st_mtime_ns}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
    directory = cache_dir("schemas")
    try:
        with open(directory / name, "rb") as stream:
            encoded, gvks = marshal.loads(stream.read())
        if isinstance(encoded, dict) and isinstance(gvks, dict):
            return _Definitions(encoded), gvks
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import json

    try:
        with open(path, encoding="utf-8") as stream:
            definitions = json.load(stream).get("$defs", {})
    except (OSError, ValueError, AttributeError):
        return _NO_DEFINITIONS
    definitions = {key: _without_descriptions(value) for key, value in definitions.items()}
    gvks = _gvk_index(definitions)
    encoded = {key: marshal.dumps(value) for key, value in definitions.items()}
    write_entry(directory, name, marshal.dumps((encoded, gvks)))
    return definitions, gvks


def _without_descriptions(schema: Any) -> Any:
    """A schema without the `description` keywords; a field named "description" and data stay."""
    if isinstance(schema, list):
        return [_without_descriptions(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "description" and isinstance(value, str):
            continue
        if key in ("properties", "patternProperties", "$defs") and isinstance(value, dict):
            out[key] = {name: _without_descriptions(item) for name, item in value.items()}
        elif key in _SCHEMA_DATA:
            out[key] = value
        else:
            out[key] = _without_descriptions(value)
    return out


_SCHEMA_DATA = frozenset({"default", "enum", "const", "example", "examples"})


def _split_api_version(api_version: str) -> tuple[str, str]:
    group, _, version = api_version.rpartition("/")
    return group, version


def _builtin_definition(api_version: str, kind: str, k8s_version: tuple[int, int]) -> tuple[_Bundle, str] | None:
    """(bundle, definition name) of a built-in kind; None when this version does not serve it."""
    version = schema_version_for(k8s_version)
    if version is None or not api_version or not kind:
        return None
    bundle = _bundle(version)
    group, version_name = _split_api_version(api_version)
    name = bundle.gvks.get((group, version_name, kind))
    return (bundle, name) if name is not None else None


def _builtin_node(api_version: str, kind: str, k8s_version: tuple[int, int]) -> Node | None:
    version = schema_version_for(k8s_version)
    if version is None:
        return None
    bundle = _bundle(version)
    key = (api_version, kind)
    if key not in bundle.kinds:
        found = _builtin_definition(api_version, kind, k8s_version)
        bundle.kinds[key] = bundle.compiler.definition(found[1]) if found else None
    return bundle.kinds[key]


def builtin_json_schema(api_version: str, kind: str, k8s_version: tuple[int, int]) -> dict | None:
    """The compacted JSON Schema (2020-12) that the compiled validator follows, for jsonschema to check against.

    Descriptions are dropped, a oneOf of plain types becomes a type union (so null is accepted once,
    as Kubernetes does), quantities get their grammar as a pattern and fields their BUILTIN_ENUMS.
    """
    found = _builtin_definition(api_version, kind, k8s_version)
    if found is None:
        return None
    bundle, root = found
    definitions = bundle.compiler.definitions
    reachable: dict[str, Any] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        if name in reachable or name not in definitions:
            continue
        compacted = reachable[name] = _compact(definitions[name], pending)
        for field, values in BUILTIN_ENUMS.get(name, {}).items():
            target = compacted.get("properties", {}).get(field.removesuffix("[]"))
            if target is not None and field.endswith("[]"):
                target = target.get("items")
            if target is not None:
                target["enum"] = [*_enum_values(values, bundle.compiler.version), None]  # null means unset
    quantity = reachable.get(_QUANTITY_DEF)
    if quantity is not None:
        quantity["pattern"] = QUANTITY_PATTERN
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": f"#/$defs/{root}", "$defs": reachable}


def _compact(schema: Any, pending: list[str]) -> Any:
    if isinstance(schema, list):
        return [_compact(item, pending) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "description" or key.startswith("x-kubernetes-"):
            continue
        if key == "$ref" and isinstance(value, str):
            name = _definition_name(value)
            if name is not None:
                pending.append(name)
                value = "#/$defs/" + name
            out[key] = value
        elif key in ("properties", "patternProperties", "$defs") and isinstance(value, dict):
            out[key] = {name: _compact(item, pending) for name, item in value.items()}
        else:
            out[key] = _compact(value, pending)
    one_of = out.get("oneOf")
    if isinstance(one_of, list) and one_of and all(_only_type(branch) for branch in one_of):
        merged: list[str] = []
        for branch in one_of:
            types = branch["type"]
            for name in [types] if isinstance(types, str) else types:
                if name not in merged:
                    merged.append(name)
        del out["oneOf"]
        out["type"] = merged
    return out


# ---- custom resources and user schemas ------------------------------------------------------


@record(slots=True, eq=False)
class _CrdVersion:
    schema: Any  # the openAPIV3Schema, compiled on first use
    status_subresource: bool = False
    node: Node | None = None
    broken: bool = False  # the schema does not compile


class CustomSchemas:
    """Schemas beyond the built-in kinds: the input set's CRDs, then user schema directories.

    Lookups compile on first use and are cached, so building one per run is cheap.
    """

    def __init__(
        self, crds: Iterable[dict] = (), schema_dirs: Sequence[str] = (), k8s_version: tuple[int, int] = (1, 37)
    ) -> None:
        self.k8s_version = k8s_version
        self.schema_dirs = tuple(schema_dirs)
        self.crd_versions: dict[tuple[str, str], _CrdVersion] = {}
        self.from_dirs: dict[tuple[str, str], Node | None] = {}
        for crd in crds:
            for api_version, kind, schema, status_subresource in crd_served_schemas(crd):
                self.crd_versions.setdefault((api_version, kind), _CrdVersion(schema, status_subresource))

    def resets_status(self, api_version: str, kind: str) -> bool:
        """Whether the custom resource has the status subresource: the API server then drops `status` on
        create and keeps the stored one on update before it validates the object (apiextensions-apiserver
        pkg/registry/customresource/strategy.go, PrepareForCreate: "create cannot set status")."""
        entry = self.crd_versions.get((api_version, kind))
        return entry is not None and entry.status_subresource

    def _object_meta(self) -> Node | None:
        version = schema_version_for(self.k8s_version)
        if version is None:
            return None
        return _bundle(version).compiler.definition(_OBJECT_META_DEF)

    def find(self, api_version: str, kind: str) -> Node | None:
        entry = self.crd_versions.get((api_version, kind))
        if entry is not None:
            if entry.node is None and not entry.broken:
                try:
                    entry.node = compile_crd_schema(entry.schema, self._object_meta())
                except Exception:  # a malformed schema: crd-invalid reports the CRD, its resources go unchecked
                    entry.broken = True
            return entry.node
        key = (api_version, kind)
        if key not in self.from_dirs:
            self.from_dirs[key] = self._from_dirs(api_version, kind)
        return self.from_dirs[key]

    def _from_dirs(self, api_version: str, kind: str) -> Node | None:
        import json

        name = kubeconform_file_name(api_version, kind)
        for folder in self.schema_dirs:
            path = os.path.join(folder, name)
            try:
                with open(path, encoding="utf-8") as stream:
                    schema = json.load(stream)
            except (OSError, ValueError):
                continue
            if isinstance(schema, dict):
                return _Compiler(_user_definitions(schema, folder)).compile(schema)
        return None


def _definition_name(ref: str) -> str | None:
    """`#/definitions/X`, `#/$defs/X` or `file.json#/definitions/X` -> X (definitions are merged by name)."""
    pointer = ref.partition("#")[2]
    for prefix in _DEFINITION_POINTERS:
        if pointer.startswith(prefix):
            return pointer[len(prefix):]
    return None


def _user_definitions(schema: dict, folder: str) -> dict:
    """A user schema's own definitions, plus those of the files beside it that its `$ref`s name
    (kubeconform's non-standalone layout points at `_definitions.json`)."""
    import json

    definitions: dict = {}
    files: set[str] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#") and "#" in ref and "://" not in ref:
                files.add(ref.partition("#")[0])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    for file_name in sorted(files):
        try:
            with open(os.path.join(folder, os.path.basename(file_name)), encoding="utf-8") as stream:
                other = json.load(stream)
        except (OSError, ValueError):
            continue
        if isinstance(other, dict):
            for key in ("definitions", "$defs"):
                if isinstance(other.get(key), dict):
                    definitions.update(other[key])
    for key in ("definitions", "$defs"):
        if isinstance(schema.get(key), dict):
            definitions.update(schema[key])
    return definitions


def kubeconform_file_name(api_version: str, kind: str) -> str:
    """kubeconform's `{kind}-{group}-{version}.json`, lowercased, the group cut to its first label;
    `{kind}-{version}.json` for the core group (its KindSuffix has no group part)."""
    group, version = _split_api_version(api_version)
    if not group:
        return f"{kind.lower()}-{version.lower()}.json"
    return f"{kind.lower()}-{group.split('.', 1)[0].lower()}-{version.lower()}.json"


def crd_served_schemas(crd: dict) -> list[tuple[str, str, Any, bool]]:
    """(apiVersion, kind, openAPIV3Schema, has the status subresource) for each served version of a CRD
    (v1 or v1beta1 layout)."""
    spec = crd.get("spec") if isinstance(crd, dict) else None
    if not isinstance(spec, dict):
        return []
    group = spec.get("group")
    names = spec.get("names")
    kind = names.get("kind") if isinstance(names, dict) else None
    if not isinstance(group, str) or not group or not isinstance(kind, str) or not kind:
        return []
    shared = _get(spec, "validation", "openAPIV3Schema")
    shared_status = _get(spec, "subresources", "status") is not None
    out = []
    versions = spec.get("versions")
    if isinstance(versions, list) and versions:
        for version in versions:
            if not isinstance(version, dict) or not isinstance(version.get("name"), str):
                continue
            if version.get("served") is False:
                continue
            schema = _get(version, "schema", "openAPIV3Schema")
            status = shared_status or _get(version, "subresources", "status") is not None
            out.append((f"{group}/{version['name']}", kind, schema if schema is not None else shared, status))
    elif isinstance(spec.get("version"), str):
        out.append((f"{group}/{spec['version']}", kind, shared, shared_status))
    return out


def _get(value: Any, *path: str) -> Any:
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def compile_crd_schema(schema: Any, object_meta: Node | None = None) -> Node:
    """The validator of a custom resource: its version's schema plus the implied apiVersion, kind, metadata."""
    if not isinstance(schema, dict):
        # No schema: the API server keeps every field (v1beta1 without validation).
        return Node()
    compiler = _Compiler({}, crd=True, object_meta=object_meta)
    root = compiler.compile(schema)
    properties = dict(root.properties or {})
    for key in ("apiVersion", "kind"):
        text = Node()
        text.types = frozenset({"string"})
        properties[key] = text
    # The API server validates metadata as ObjectMeta whatever the schema says about it.
    properties["metadata"] = object_meta or properties.get("metadata") or Node()
    root.properties = properties
    return root


# ---- the public entry points ----------------------------------------------------------------


# Configuration kinds k8slint understands, with schemas shipped in k8slint/data (kind, apiVersion or None).
SHIPPED_SCHEMAS: dict[tuple[str | None, str], str] = {
    ("kubelet.config.k8s.io/v1beta1", "KubeletConfiguration"): "kubeletconfiguration-kubelet-v1beta1.json",
    (None, "OpenTelemetryCollectorConfig"): "opentelemetrycollectorconfig.json",
}
_shipped: dict[str, Node] = {}
# Configuration kinds k8slint understands without a JSON schema (a rule validates them by the component's own rules).
UNDERSTOOD_WITHOUT_SCHEMA = frozenset({
    ("apiserver.config.k8s.io", "TracingConfiguration"),
    ("k8slint.io", "Policy"),  # k8slint's own policy document, validated where it is read (k8slint.policy.document)
})


def _shipped_node(file_name: str) -> Node:
    import json

    node = _shipped.get(file_name)
    if node is None:
        from importlib.resources import files

        schema = json.loads(files("k8slint").joinpath("data", file_name).read_text(encoding="utf-8"))
        node = _shipped[file_name] = _Compiler({}).compile(schema)
    return node


@functools.lru_cache(maxsize=None)
def has_own_schema(api_version: str | None, kind: str | None, k8s_version: tuple[int, int]) -> bool:
    """Whether a built-in or shipped schema covers this apiVersion/kind, with no CRD from the input needed."""
    return find_validator(api_version, kind, k8s_version) is not None


def find_validator(api_version: str | None, kind: str | None, k8s_version: tuple[int, int],
                   crds: CustomSchemas | None = None) -> Node | None:
    """The compiled schema of an apiVersion/kind, or None when no schema is known for it."""
    shipped = SHIPPED_SCHEMAS.get((api_version or None, kind or ""))
    if shipped is not None:
        return _shipped_node(shipped)
    if not api_version or not kind:
        return None
    node = _builtin_node(api_version, kind, k8s_version)
    if node is None and crds is not None:
        node = crds.find(api_version, kind)
    return node


def validate(value: Any, api_version: str | None, kind: str | None, k8s_version: tuple[int, int],
             crds: CustomSchemas | None = None) -> list[SchemaError]:
    """Every schema error of `value`; empty when it is valid or when no schema is known (see `find_validator`)."""
    node = find_validator(api_version, kind, k8s_version, crds)
    if node is None:
        return []
    return check(node, value)


# ---- crd-invalid -----------------------------------------------------------------------------

_FORBIDDEN_KEYWORDS = ("$ref", "$schema", "definitions", "dependencies", "additionalItems", "patternProperties", "id")
_NOT_IN_JUNCTORS = ("type", "additionalProperties", "default", "nullable", "description",
                    "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
                    "x-kubernetes-int-or-string")


def crd_problems(crd: dict) -> list[SchemaError]:
    """What the API server rejects in a CustomResourceDefinition beyond its own schema:
    versions (none served, no storage version or more than one) and schemas that are not structural."""
    spec = crd.get("spec") if isinstance(crd, dict) else None
    if not isinstance(spec, dict):
        return []
    problems: list[SchemaError] = []
    # apiextensions.k8s.io/v1beta1 accepted non-structural schemas unless unknown fields were pruned.
    structural = crd.get("apiVersion") != "apiextensions.k8s.io/v1beta1" or spec.get("preserveUnknownFields") is False
    versions = spec.get("versions")
    if isinstance(versions, list) and versions:
        storage = [index for index, version in enumerate(versions) if _get(version, "storage") is True]
        served = [index for index, version in enumerate(versions) if _get(version, "served") is True]
        if not storage:
            message = "no version is marked storage: true; exactly one must be"
            problems.append(SchemaError(("spec", "versions"), message))
        for index in storage[1:]:
            problems.append(SchemaError(("spec", "versions", index, "storage"),
                                        "more than one version is marked storage: true; exactly one must be"))
        if not served:
            problems.append(SchemaError(("spec", "versions"), "no version is served"))
        for index, version in enumerate(versions):
            if not isinstance(version, dict):
                continue
            schema = _get(version, "schema", "openAPIV3Schema")
            base: tuple = ("spec", "versions", index, "schema", "openAPIV3Schema")
            if schema is None and _get(spec, "validation", "openAPIV3Schema") is not None:
                schema, base = _get(spec, "validation", "openAPIV3Schema"), ("spec", "validation", "openAPIV3Schema")
            if schema is None:
                if crd.get("apiVersion") == "apiextensions.k8s.io/v1":
                    message = "schemas are required: no schema.openAPIV3Schema"
                    problems.append(SchemaError(("spec", "versions", index), message))
                continue
            if structural:
                problems.extend(structural_problems(schema, base))
    elif isinstance(spec.get("validation"), dict):
        schema = _get(spec, "validation", "openAPIV3Schema")
        if schema is not None and structural:
            problems.extend(structural_problems(schema, ("spec", "validation", "openAPIV3Schema")))
    return _unique(problems)


def _unique(problems: list[SchemaError]) -> list[SchemaError]:
    return list(dict.fromkeys(problems))


def _is_int_or_string_pattern(branches: list) -> bool:
    """`anyOf: [{type: integer}, {type: string}]` (or allOf over it) beside x-kubernetes-int-or-string."""
    if all(isinstance(branch, dict) and set(branch) == {"type"} for branch in branches):
        return sorted(branch["type"] for branch in branches if isinstance(branch["type"], str)) == ["integer", "string"]
    return all(isinstance(branch, dict) and set(branch) == {"anyOf"} and isinstance(branch["anyOf"], list)
               and _is_int_or_string_pattern(branch["anyOf"]) for branch in branches)


def structural_problems(schema: Any, base: tuple = ()) -> list[SchemaError]:
    """The structural-schema rules of apiextensions (k8s.io/apiextensions-apiserver/pkg/apiserver/schema)."""
    if not isinstance(schema, dict):
        return [SchemaError(base, "openAPIV3Schema must be an object")]
    problems: list[SchemaError] = []

    def report(path: tuple, message: str, on_key: bool = False) -> None:
        problems.append(SchemaError(path, message, on_key))

    if schema.get("type") != "object":
        report(base, "the root schema must have type: object")
    metadata = _get(schema, "properties", "metadata")
    if isinstance(metadata, dict):
        extra = set(metadata) - {"type"}
        restricted = _get(metadata, "properties")
        only_names = isinstance(restricted, dict) and set(restricted) <= {"name", "generateName"}
        if extra and not (extra <= {"properties"} and only_names):
            report((*base, "properties", "metadata"), "metadata may only restrict name and generateName")
    stack: list[tuple[Any, tuple, bool]] = [(schema, base, False)]
    while stack:
        node, path, in_junctor = stack.pop()
        if not isinstance(node, dict):
            continue
        for keyword in _FORBIDDEN_KEYWORDS:
            if keyword in node:
                report((*path, keyword), f'"{keyword}" is not supported in a CRD schema', on_key=True)
        preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
        int_or_string = node.get("x-kubernetes-int-or-string") is True
        node_type = node.get("type")
        if in_junctor:
            for keyword in _NOT_IN_JUNCTORS:
                if keyword in node:
                    report((*path, keyword), f'"{keyword}" must not be set inside allOf, anyOf, oneOf or not', True)
        elif not node_type and not preserve and not int_or_string:
            report(path, "must have a type (or x-kubernetes-preserve-unknown-fields or x-kubernetes-int-or-string)")
        if int_or_string and node_type:
            report((*path, "type"), "must be empty when x-kubernetes-int-or-string is true", True)
        if "properties" in node and "additionalProperties" in node:
            report((*path, "additionalProperties"), "properties and additionalProperties are mutually exclusive", True)
        if node.get("additionalProperties") is False:
            report((*path, "additionalProperties"), "additionalProperties: false is not allowed", True)
        if node.get("uniqueItems") is True:
            report((*path, "uniqueItems"), "uniqueItems: true is not allowed", True)
        if node_type == "array" and "items" not in node and not in_junctor:
            report(path, "items must be specified for an array")
        pattern = node.get("pattern")
        if isinstance(pattern, str) and pattern and (reason := regex.rejection(pattern)) is not None:
            # apiextensions-apiserver schema/validation.go compiles it with Go's regexp, which is RE2.
            report((*path, "pattern"), f"must be a valid regular expression, but isn't: {reason}")
        if node.get("x-kubernetes-embedded-resource") is True and node_type != "object":
            report((*path, "x-kubernetes-embedded-resource"), "an embedded resource must have type: object", True)
        properties = node.get("properties")
        outer_names = set(properties) if isinstance(properties, dict) else set()
        for name, child in (properties.items() if isinstance(properties, dict) else ()):
            stack.append((child, (*path, "properties", name), in_junctor))
        for keyword in ("items", "additionalProperties"):
            child = node.get(keyword)
            if isinstance(child, dict):
                stack.append((child, (*path, keyword), in_junctor))
        for keyword in _JUNCTORS:
            branches = node.get(keyword)
            branches = [branches] if keyword == "not" else branches
            if not isinstance(branches, list):
                continue
            if keyword in ("anyOf", "allOf") and int_or_string and _is_int_or_string_pattern(branches):
                continue  # the one use of types inside a junctor that structural schemas allow
            for index, branch in enumerate(branches):
                branch_path = (*path, keyword) if keyword == "not" else (*path, keyword, index)
                inner = branch.get("properties") if isinstance(branch, dict) and not in_junctor else None
                for name in (inner if isinstance(inner, dict) else ()):
                    if name not in outer_names and not preserve:
                        message = f'"{name}" must also be specified outside {keyword}'
                        report((*branch_path, "properties", name), message, True)
                stack.append((branch, branch_path, True))
    return problems


@per_apply_set
def custom_schemas(objects: ApplySet) -> CustomSchemas:
    """The validators an apply set adds: its CustomResourceDefinitions and the configured schema directories."""
    crds = [obj.value for obj in objects.of_kind("CustomResourceDefinition") if obj.group == "apiextensions.k8s.io"]
    settings = objects.settings
    return CustomSchemas(crds, settings.schema_dirs, settings.kubernetes_version)
