"""The `Policy` document (apiVersion k8slint.io/v1alpha1): reading and validating it, with positions.

`load_policies(text)` reads every `Policy` document (group k8slint.io) of a YAML file and returns the
valid ones plus one `PolicyError` per broken policy (a positioned, one-line message; a broken policy never stops the others).
Other documents (ValidatingAdmissionPolicy, manifests) are left to their own readers.

Format (see ../shared/specs/policy-design.md §4.2; `kubernetesVersions` and `fieldExpression` of the
design are not implemented, and are rejected as unknown keys). Extra pod-template carriers
(`.k8slint.yaml` `podTemplates:`) are an argument of evaluation, see `evaluate.pod_templates`.

```yaml
apiVersion: k8slint.io/v1alpha1
kind: Policy
metadata: {name: registry-allowlist}        # kebab-case rule name
spec:
  code: X101                                 # optional, X001-X999
  severity: error                            # error | warning | info
  enabled: true
  summary: one line                          # required
  remediation: one sentence
  docs: markdown
  options: {registries: {type: "list[str]", default: [registry.example.com]}}
  match:
    kinds: ["@workloads", Deployment, apps/Deployment, example.com/Widget, "networking.k8s.io/*"]
    namespaces: [prod, "prod-*"]             # globs on the effective namespace
    selector: "tier in (web)"                # kubectl selector on the object's labels
    namespaceSelector: "env=prod"            # on the Namespace object's labels (must be among the inputs)
    exclude: ["owner=platform"]              # selectors; a matching object is skipped
    when: "object.spec.replicas >= 2"        # CEL precondition (object = resource = the whole manifest)
  target: object                             # object | podSpec | podTemplate | container
  containers: [init, regular, ephemeral]     # for target container; also sidecar
  variables: [{name: ref, expression: "image(object.image)"}]
  assert:                                    # each: exactly one of expr, schema, forbid
    - expr: "..."                            # CEL returning bool
      each: "ports[*]"                       # optional: iterate items; object = the item
      field: image                           # optional: where the finding points, relative to the item/target
      message: text                          # or messageExpression: CEL returning string
    - schema: {JSON Schema, 2020-12, with x-quantity-minimum / x-quantity-maximum}
    - forbid: {JSON Schema that must NOT validate}
```
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Any

from k8slint import selectors
from k8slint.loader import inner_position, load_text, locate
from k8slint.policy import cel, kinds
from k8slint.policy.paths import PathError, parse_field, parse_pattern
from k8slint.policy.schema import SchemaDefinitionError, compile_schema
from k8slint.records import field, record
from k8slint.regex import LazyPattern

API_GROUP = "k8slint.io"
API_VERSION = f"{API_GROUP}/v1alpha1"
KIND = "Policy"
SEVERITIES = ("error", "warning", "info")
TARGETS = ("object", "podSpec", "podTemplate", "container")
CONTAINER_SETS = ("init", "regular", "ephemeral", "sidecar")
OPTION_TYPES: dict[str, Callable[[Any], bool]] = {
    "str": lambda value: isinstance(value, str),
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "float": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "bool": lambda value: isinstance(value, bool),
    "list[str]": lambda value: isinstance(value, list) and all(isinstance(item, str) for item in value),
}
_NAME = LazyPattern(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_CODE = LazyPattern(r"X(?!000)[0-9]{3}")
_SPEC_KEYS = ("code", "severity", "enabled", "summary", "remediation", "docs", "options", "match", "target",
              "containers", "variables", "assert")
_MATCH_KEYS = ("kinds", "namespaces", "selector", "namespaceSelector", "exclude", "when")
_ASSERT_KEYS = ("expr", "schema", "forbid", "each", "field", "message", "messageExpression")


@record(frozen=True, slots=True)
class PolicyError:
    """A broken policy: 1-based position inside the policy file."""

    message: str
    line: int
    column: int
    policy: str | None = None


@record(slots=True)
class KindMatch:
    group: str | None  # None: any group (a bare built-in kind name matches its own group only, see below)
    kind: str  # "*" for every kind of the group

    def matches(self, kind: str, group: str) -> bool:
        if self.kind not in ("*", kind):
            return False
        return self.group is None or self.group == group


@record(slots=True)
class Assertion:
    form: str  # expr | schema | forbid
    program: cel.Program | None = None
    schema: Any = None  # a jsonschema validator
    each: tuple | None = None  # a path pattern
    field: tuple | None = None
    message: str | None = None
    message_program: cel.Program | None = None
    source: str = ""  # the CEL text, for messages
    index: int = 0


@record(slots=True)
class Policy:
    name: str
    severity: str
    summary: str
    code: str | None = None
    enabled: bool = True
    remediation: str = ""
    docs: str = ""
    options: dict[str, tuple[str, Any]] = field(default_factory=dict)  # name -> (type, default)
    kinds: tuple[KindMatch, ...] = ()  # empty: every kind
    carrier_groups: bool = False  # a kind group (@workloads, @controllers) names it: podTemplates carriers match
    namespaces: tuple[str, ...] = ()
    selector: selectors.Selector | None = None
    namespace_selector: selectors.Selector | None = None
    exclude: tuple[selectors.Selector, ...] = ()
    when: cel.Program | None = None
    target: str = "object"
    containers: frozenset[str] = frozenset({"init", "regular", "ephemeral"})
    variables: tuple[tuple[str, cel.Program], ...] = ()
    assertions: tuple[Assertion, ...] = ()
    uses_cel: bool = False
    cross_object: bool = False
    line: int = 1

    def option_defaults(self) -> dict[str, Any]:
        return {name: default for name, (_, default) in self.options.items()}

    def in_namespace(self, namespace: str | None) -> bool:
        return not self.namespaces or any(fnmatch.fnmatchcase(namespace or "", pattern) for pattern in self.namespaces)


class _Invalid(Exception):
    """One problem in a policy; `path` is inside the document, `inner` a 1-based (line, column) in a string."""

    def __init__(self, message: str, path: tuple, inner: tuple[int, int] | None = None, on_key: bool = False):
        super().__init__(message)
        self.message, self.path, self.inner, self.on_key = message, path, inner, on_key


def load_policies(text: str) -> tuple[list[Policy], list[PolicyError]]:
    loaded = load_text(text)
    errors = [PolicyError(problem.message, problem.span.line, problem.span.column) for problem in loaded.problems]
    policies: list[Policy] = []
    lines = text.splitlines()
    for document in loaded.documents:
        value = document.value
        if not _is_ours(value):
            continue
        name = value.get("metadata", {}).get("name") if isinstance(value.get("metadata"), dict) else None
        try:
            policy = _read(value)
        except _Invalid as problem:
            errors.append(positioned(document.node, lines, problem.path, problem.message, problem.inner,
                                     name if isinstance(name, str) else None, problem.on_key))
            continue
        policy.line = document.span.line
        policies.append(policy)
    return policies, errors


def _is_ours(value: Any) -> bool:
    """A k8slint Policy: kind Policy in the k8slint.io group (Kyverno's and others' Policy kinds are not)."""
    return isinstance(value, dict) and value.get("kind") == KIND and kinds.group_of(value.get("apiVersion")) == API_GROUP


def positioned(node: Any, lines: list[str], path: tuple, message: str, inner: tuple[int, int] | None = None,
               name: str | None = None, on_key: bool = False) -> PolicyError:
    """A PolicyError at `path` of a document; `inner` is a 1-based (line, column) inside its string value."""
    if inner is not None:
        found = inner_position(node, path, lines, (inner[0] - 1, inner[1] - 1))
        if found is not None:
            return PolicyError(message, found[0] + 1, found[1] + 1, name)
    span, _ = locate(node, path, on_key=on_key)
    return PolicyError(message, span.line, span.column, name)


# ---- reading, field by field -----------------------------------------------------------------


def _expect(value: Any, expected: type | tuple, what: str, path: tuple) -> Any:
    if not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
        names = {str: "a string", dict: "a mapping", list: "a list", bool: "true or false"}
        wanted = names.get(expected, " or ".join(names.get(t, t.__name__) for t in expected) if isinstance(expected, tuple) else expected.__name__)
        raise _Invalid(f"{what} must be {wanted}, not {_describe(value)}", path)
    return value


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", dict: "a mapping", list: "a list"}.get(
        type(value), type(value).__name__
    )


def _no_unknown_keys(value: dict, allowed: tuple, path: tuple) -> None:
    for key in value:
        if key not in allowed:
            raise _Invalid(f'unknown key "{key}" (expected one of {", ".join(allowed)})', (*path, key), on_key=True)


def _read(document: dict) -> Policy:
    if document.get("apiVersion") != API_VERSION:
        raise _Invalid(f'unknown version of the Policy kind: apiVersion must be "{API_VERSION}"', ("apiVersion",))
    metadata = _expect(document.get("metadata"), dict, "metadata", ("metadata",))
    name = metadata.get("name")
    if not isinstance(name, str) or _NAME.fullmatch(name) is None:
        raise _Invalid("metadata.name must be a kebab-case name (lowercase letters, digits and -)", ("metadata", "name"))
    spec = _expect(document.get("spec"), dict, "spec", ("spec",))
    _no_unknown_keys(spec, _SPEC_KEYS, ("spec",))
    p = ("spec",)
    severity = spec.get("severity")
    if severity not in SEVERITIES:
        raise _Invalid(f"severity must be one of {', '.join(SEVERITIES)}", (*p, "severity"))
    summary = _expect(spec.get("summary"), str, "summary", (*p, "summary"))
    policy = Policy(name=name, severity=severity, summary=summary)
    if "code" in spec:
        code = spec["code"]
        if not isinstance(code, str) or _CODE.fullmatch(code) is None:
            raise _Invalid("code must be X001 to X999 (user policy codes)", (*p, "code"))
        policy.code = code
    if "enabled" in spec:
        policy.enabled = _expect(spec["enabled"], bool, "enabled", (*p, "enabled"))
    for key in ("remediation", "docs"):
        if key in spec:
            setattr(policy, key, _expect(spec[key], str, key, (*p, key)))
    policy.options = _read_options(spec.get("options", {}), (*p, "options"))
    _read_match(policy, spec.get("match", {}), (*p, "match"))
    target = spec.get("target", "object")
    if target not in TARGETS:
        raise _Invalid(f"target must be one of {', '.join(TARGETS)}", (*p, "target"))
    policy.target = target
    if "containers" in spec:
        containers = _expect(spec["containers"], list, "containers", (*p, "containers"))
        for index, item in enumerate(containers):
            if item not in CONTAINER_SETS:
                raise _Invalid(f"containers entries must be {', '.join(CONTAINER_SETS)}", (*p, "containers", index))
        if target != "container":
            raise _Invalid("containers needs target: container", (*p, "containers"), on_key=True)
        policy.containers = frozenset(containers)
    policy.variables = tuple(_read_variables(spec.get("variables", []), (*p, "variables")))
    assertions = _expect(spec.get("assert"), list, "assert", (*p, "assert"))
    if not assertions:
        raise _Invalid("assert needs at least one entry", (*p, "assert"))
    policy.assertions = tuple(_read_assertion(item, index, (*p, "assert", index)) for index, item in enumerate(assertions))
    policy.uses_cel = bool(policy.when or policy.variables) or any(
        assertion.program or assertion.message_program for assertion in policy.assertions
    )
    sources = [policy.when.source if policy.when else ""] + [program.source for _, program in policy.variables]
    sources += [a.source for a in policy.assertions] + [a.message_program.source for a in policy.assertions if a.message_program]
    policy.cross_object = policy.namespace_selector is not None or any(
        cel.references(source) & cel.CROSS_OBJECT_FUNCTIONS for source in sources
    )
    return policy


def _read_options(options: Any, path: tuple) -> dict[str, tuple[str, Any]]:
    _expect(options, dict, "options", path)
    read: dict[str, tuple[str, Any]] = {}
    for name, declaration in options.items():
        where = (*path, name)
        _expect(declaration, dict, f'option "{name}"', where)
        _no_unknown_keys(declaration, ("type", "default"), where)
        option_type = declaration.get("type")
        if not isinstance(option_type, str) or option_type not in OPTION_TYPES:
            raise _Invalid(f"option type must be one of {', '.join(OPTION_TYPES)}", (*where, "type"))
        if "default" not in declaration:
            raise _Invalid(f'option "{name}" needs a default', where, on_key=True)
        if not OPTION_TYPES[option_type](declaration["default"]):
            raise _Invalid(f'default of option "{name}" must be {option_type}', (*where, "default"))
        read[name] = (option_type, declaration["default"])
    return read


def _read_match(policy: Policy, match: Any, path: tuple) -> None:
    _expect(match, dict, "match", path)
    _no_unknown_keys(match, _MATCH_KEYS, path)
    if "kinds" in match:
        entries = _expect(match["kinds"], list, "kinds", (*path, "kinds"))
        policy.kinds = tuple(
            kind for index, entry in enumerate(entries) for kind in _read_kind(entry, (*path, "kinds", index))
        )
        policy.carrier_groups = any(isinstance(entry, str) and entry.startswith("@") for entry in entries)
    if "namespaces" in match:
        namespaces = _expect(match["namespaces"], list, "namespaces", (*path, "namespaces"))
        for index, namespace in enumerate(namespaces):
            _expect(namespace, str, "a namespace", (*path, "namespaces", index))
        policy.namespaces = tuple(namespaces)
    if "selector" in match:
        policy.selector = _read_selector(match["selector"], (*path, "selector"))
    if "namespaceSelector" in match:
        policy.namespace_selector = _read_selector(match["namespaceSelector"], (*path, "namespaceSelector"))
    if "exclude" in match:
        excludes = _expect(match["exclude"], list, "exclude", (*path, "exclude"))
        policy.exclude = tuple(_read_selector(item, (*path, "exclude", index)) for index, item in enumerate(excludes))
    if "when" in match:
        policy.when = _read_cel(match["when"], (*path, "when"))


def _read_kind(entry: Any, path: tuple) -> list[KindMatch]:
    _expect(entry, str, "a kind", path)
    if entry.startswith("@"):
        if entry not in kinds.GROUPS:
            raise _Invalid(f'unknown kind group "{entry}" (known: {", ".join(kinds.GROUPS)})', path)
        return [KindMatch(kinds.BUILTIN[kind][0], kind) for kind in sorted(kinds.GROUPS[entry])]
    group, slash, kind = entry.rpartition("/")
    if not slash:
        if kind not in kinds.BUILTIN:
            raise _Invalid(f'unknown kind "{kind}" (write group/Kind for a custom resource)', path)
        return [KindMatch(kinds.BUILTIN[kind][0], kind)]
    if kind != "*" and not re.fullmatch(r"[A-Z][A-Za-z0-9]*", kind):
        raise _Invalid(f'"{entry}" is not a kind (group/Kind, group/* or a built-in Kind)', path)
    return [KindMatch(group, kind)]


def _read_selector(text: Any, path: tuple) -> selectors.Selector:
    _expect(text, str, "a selector", path)
    try:
        return selectors.parse(text)
    except selectors.SelectorError as error:
        column = getattr(error, "column", None)
        raise _Invalid(f"invalid selector: {error}", path, (1, column) if isinstance(column, int) else None) from None


def _read_cel(source: Any, path: tuple) -> cel.Program:
    _expect(source, str, "a CEL expression", path)
    try:
        return cel.compile(source)
    except cel.CelUnavailable as error:
        raise _Invalid(str(error), path) from None
    except cel.CelCompileError as error:
        raise _Invalid(f"CEL: {error.message}", path, (error.line, error.column)) from None


def _read_variables(variables: Any, path: tuple) -> list[tuple[str, cel.Program]]:
    _expect(variables, list, "variables", path)
    read = []
    for index, variable in enumerate(variables):
        where = (*path, index)
        _expect(variable, dict, "a variable", where)
        _no_unknown_keys(variable, ("name", "expression"), where)
        name = variable.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise _Invalid("variable name must be a CEL identifier", (*where, "name"))
        read.append((name, _read_cel(variable.get("expression"), (*where, "expression"))))
    return read


def _read_assertion(item: Any, index: int, path: tuple) -> Assertion:
    _expect(item, dict, "an assert entry", path)
    _no_unknown_keys(item, _ASSERT_KEYS, path)
    forms = [form for form in ("expr", "schema", "forbid") if form in item]
    if len(forms) != 1:
        raise _Invalid("an assert entry needs exactly one of expr, schema, forbid", path)
    assertion = Assertion(form=forms[0], index=index)
    if assertion.form == "expr":
        assertion.program = _read_cel(item["expr"], (*path, "expr"))
        assertion.source = item["expr"]
        if assertion.program.result_type not in ("bool", "dyn"):
            raise _Invalid(f"CEL: expr must return bool, not {assertion.program.result_type}", (*path, "expr"))
    else:
        schema = _expect(item[assertion.form], dict, assertion.form, (*path, assertion.form))
        try:
            assertion.schema = compile_schema(schema)
        except SchemaDefinitionError as error:
            raise _Invalid(f"invalid JSON Schema: {error.message}", (*path, assertion.form, *error.path)) from None
    for key, parse in (("each", parse_pattern), ("field", parse_field)):
        if key in item:
            _expect(item[key], str, key, (*path, key))
            try:
                setattr(assertion, key, parse(item[key]))
            except PathError as error:
                raise _Invalid(str(error), (*path, key), (1, error.column)) from None
    if "message" in item and "messageExpression" in item:
        raise _Invalid("use message or messageExpression, not both", (*path, "messageExpression"), on_key=True)
    if "message" in item:
        assertion.message = _expect(item["message"], str, "message", (*path, "message"))
    if "messageExpression" in item:
        assertion.message_program = _read_cel(item["messageExpression"], (*path, "messageExpression"))
    return assertion
