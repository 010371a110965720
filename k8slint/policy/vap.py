"""ValidatingAdmissionPolicy + ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1), offline.

Every manifest is treated as a CREATE request, matched and validated as the API server does
(staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/matching/matching.go,
.../policy/validating/dispatcher.go and .../webhook/predicates/{namespace,object,rules}):

- a policy acts only through its bindings (a policy without one is inactive, as in a cluster);
- matching: policy `matchConstraints`, then the binding's `matchResources` (empty resourceRules match
  everything): namespaceSelector (on the Namespace object's labels; a cluster-scoped object always passes,
  a Namespace is matched on its own labels), objectSelector, excludeResourceRules first, resourceRules
  (operations, apiGroups, apiVersions, resources incl. `*` and `*/*`, resourceNames, scope); with
  matchPolicy Equivalent a rule naming the same group and resource in another version also matches;
- params: the binding's paramRef resolves against the given objects of the policy's paramKind (by name,
  or by selector: one evaluation per param); none found gives a Deny failure when
  `parameterNotFoundAction: Deny`, and nothing with `Allow` (the default);
- matchConditions (all true to continue; an error follows failurePolicy), variables (lazy in the API
  server; here evaluated in order, a failing one only breaks the expressions that use it), validations
  with `message`, `messageExpression` (falls back to `message`, then to "failed expression: ..."), `reason`;
- an evaluation error follows `failurePolicy`: Fail (the default) is a failure, Ignore skips it;
- `validationActions` become severities: Deny -> error, Warn -> warning, Audit -> info (the most severe).

Out of reach offline, and how it is treated: `authorizer` (no cluster to ask): validations, variables
and conditions that reference it are skipped and listed in `Result.skipped`; `oldObject` is null (CREATE);
`namespaceObject` is the Namespace among the objects, else null, and a non-trivial namespaceSelector
cannot be decided without it, so the binding is skipped for that object (listed in `skipped`);
`request.userInfo` is empty. `auditAnnotations` are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from k8slint import selectors
from k8slint.loader import load_text
from k8slint.policy import blame, cel, kinds
from k8slint.policy.document import PolicyError, positioned
from k8slint.policy.evaluate import ApplySet, Subject, request_for, without_nulls
from k8slint.records import field, record

API_GROUP = "admissionregistration.k8s.io"
SEVERITY_OF_ACTION = {"Deny": "error", "Warn": "warning", "Audit": "info"}
_SEVERITY_ORDER = ("error", "warning", "info")


@record(frozen=True, slots=True)
class VapFailure:
    policy: str
    binding: str
    path: tuple
    message: str
    severity: str
    reason: str = "Invalid"
    error: bool = False


@record(slots=True)
class Result:
    failures: list[VapFailure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what could not be decided offline, once each


@record(frozen=True, slots=True)
class CompileError:
    """A CEL error in a policy: `path` inside the ValidatingAdmissionPolicy document, (line, column)
    1-based inside the expression."""

    path: tuple
    message: str
    inner: tuple[int, int]


@record(slots=True)
class _Compiled:
    name: str
    spec: dict
    conditions: list[tuple[str, cel.Program | None, str]]  # name, program (None: needs a cluster), source
    variables: list[tuple[str, cel.Program | None]]
    validations: list[tuple[dict, cel.Program | None, cel.Program | None]]
    errors: list[CompileError]
    needs_cluster: set[str]  # variables that read the authorizer


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def is_kind(obj: Any, kind: str) -> bool:
    return isinstance(obj, dict) and obj.get("kind") == kind and kinds.group_of(obj.get("apiVersion")) == API_GROUP


def _compile_policy(policy: dict) -> _Compiled:
    spec = _mapping(policy.get("spec"))
    name = _text(_mapping(policy.get("metadata")).get("name"))
    compiled = _Compiled(name, spec, [], [], [], [], set())

    def program(source: Any, path: tuple) -> cel.Program | None:
        """None for an expression that reads the authorizer (directly or through a variable)."""
        if not isinstance(source, str):
            compiled.errors.append(CompileError(path, "expression must be a string", (1, 1)))
            return None
        if _reads_cluster(source, compiled.needs_cluster):
            return None
        try:
            return cel.compile(source, admission=True)
        except cel.CelCompileError as error:
            compiled.errors.append(CompileError(path, f"CEL: {error.message}", (error.line, error.column)))
            return None

    for index, condition in enumerate(_list(spec.get("matchConditions"))):
        if isinstance(condition, dict):
            path = ("spec", "matchConditions", index, "expression")
            compiled.conditions.append((str(condition.get("name", "")), program(condition.get("expression"), path),
                                        str(condition.get("expression"))))
    for index, variable in enumerate(_list(spec.get("variables"))):
        if isinstance(variable, dict):
            expression = variable.get("expression")
            variable_name = str(variable.get("name", ""))
            if isinstance(expression, str) and _reads_cluster(expression, compiled.needs_cluster):
                compiled.needs_cluster.add(variable_name)
            compiled.variables.append((variable_name, program(expression, ("spec", "variables", index, "expression"))))
    for index, validation in enumerate(_list(spec.get("validations"))):
        if isinstance(validation, dict):
            message_program = None
            if "messageExpression" in validation:
                message_program = program(validation["messageExpression"], ("spec", "validations", index, "messageExpression"))
            compiled.validations.append(
                (validation, program(validation.get("expression"), ("spec", "validations", index, "expression")), message_program)
            )
    return compiled


def _reads_cluster(source: str, cluster_variables: set[str]) -> bool:
    """Whether an expression reads the authorizer, directly or through a variable that does."""
    if "authorizer" in cel.references(source):
        return True
    return bool(set(re.findall(r"\bvariables\.([A-Za-z_][A-Za-z0-9_]*)", source)) & cluster_variables)


def load_admission_policies(text: str) -> tuple[list[dict], list[PolicyError]]:
    """The ValidatingAdmissionPolicy and Binding documents of a YAML file, and a positioned error for
    each policy whose CEL does not compile (the API server refuses such a policy; it is left out)."""
    loaded = load_text(text)
    lines = text.splitlines()
    documents: list[dict] = []
    errors = [PolicyError(problem.message, problem.span.line, problem.span.column) for problem in loaded.problems]
    for document in loaded.documents:
        value = document.value
        if is_kind(value, "ValidatingAdmissionPolicyBinding"):
            documents.append(value)
        elif is_kind(value, "ValidatingAdmissionPolicy"):
            problems = _compile_policy(value).errors
            if not problems:
                documents.append(value)
                continue
            name = _text(_mapping(value.get("metadata")).get("name")) or None
            first = problems[0]
            errors.append(positioned(document.node, lines, first.path, first.message, first.inner, name))
    return documents, errors


# ---- matching --------------------------------------------------------------------------------


def _selector(obj: Any) -> selectors.Selector:
    """An absent selector matches everything (the API defaults it to {}); raises SelectorError."""
    if obj is None:
        return selectors.EVERYTHING
    if not isinstance(obj, dict):
        raise selectors.SelectorError("a label selector must be a mapping")
    return selectors.from_label_selector(obj)


def _param_selector(ref: dict) -> selectors.Selector:
    try:
        return _selector(ref.get("selector"))
    except selectors.SelectorError:
        return selectors.NOTHING


def _rule_matches(rule: dict, group: str, version: str, resource: str, namespaced: bool, name: str) -> bool:
    def contains(values: Any, value: str) -> bool:
        return isinstance(values, list) and ("*" in values or value in values)

    if not contains(rule.get("operations"), "CREATE"):
        return False
    if not contains(rule.get("apiGroups"), group) or not contains(rule.get("apiVersions"), version):
        return False
    resources = rule.get("resources") if isinstance(rule.get("resources"), list) else []
    if not ("*" in resources or "*/*" in resources or resource in resources):
        return False
    scope = rule.get("scope", "*")
    if scope == "Cluster" and namespaced or scope == "Namespaced" and not namespaced:
        return False
    names = _list(rule.get("resourceNames"))
    return not names or name in names


def _rules_match(rules: Any, match_policy: str, subject: Subject, resource: str, namespaced: bool) -> bool:
    """Whether a rule list matches; with matchPolicy Equivalent (the default) the API server converts
    the request to a version a rule names, so offline a rule naming the group and resource in any
    version matches. Equivalence across groups (extensions/v1beta1 -> apps/v1) is not modelled."""
    name = _text(_mapping(subject.value.get("metadata")).get("name"))
    version = kinds.version_of(subject.value.get("apiVersion"))
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, dict):
            continue
        versions = [version]
        if match_policy != "Exact" and isinstance(rule.get("apiVersions"), list):
            versions += [v for v in rule["apiVersions"] if isinstance(v, str)]
        if any(_rule_matches(rule, subject.group, v, resource, namespaced, name) for v in versions):
            return True
    return False


def _matches(criteria: Any, subject: Subject, apply_set: ApplySet, crds: dict, result: Result, who: str) -> bool:
    if criteria is None:
        return True
    if not isinstance(criteria, dict):
        return False
    namespaced = kinds.is_namespaced(subject.kind, subject.group, crds)
    resource = kinds.resource_of(subject.kind, subject.group, crds)
    try:
        namespace_selector = _selector(criteria.get("namespaceSelector"))
        object_selector = _selector(criteria.get("objectSelector"))
    except selectors.SelectorError as error:
        result.skipped.append(f"{who}: invalid selector: {error}")
        return False
    if not namespace_selector.empty:
        if subject.kind == "Namespace" and subject.group == "":
            labels = subject.labels
        elif not namespaced:
            labels = None  # cluster-scoped objects are never exempted by a namespaceSelector
        else:
            namespace = apply_set.namespace(subject.namespace)
            if namespace is None:
                note = f"{who}: namespace {subject.namespace!r} is not among the inputs, so its namespaceSelector cannot be decided"
                if note not in result.skipped:
                    result.skipped.append(note)
                return False
            labels = _mapping(_mapping(namespace.get("metadata")).get("labels"))
        if labels is not None and not namespace_selector.matches(labels):
            return False
    if not object_selector.matches(subject.labels):
        return False
    match_policy = _text(criteria.get("matchPolicy"), "Equivalent")
    if _rules_match(criteria.get("excludeResourceRules"), match_policy, subject, resource, namespaced):
        return False
    rules = criteria.get("resourceRules")
    return not rules or _rules_match(rules, match_policy, subject, resource, namespaced)


# ---- params ----------------------------------------------------------------------------------


def _params(policy: _Compiled, binding: dict, subject: Subject, objects: list[dict]) -> list[Any]:
    """The param objects to evaluate with: [None] without paramKind, [] when none is found."""
    param_kind = policy.spec.get("paramKind")
    if not isinstance(param_kind, dict):
        return [None]
    ref = binding["spec"]["paramRef"]
    wanted_kind, wanted_version = param_kind.get("kind"), param_kind.get("apiVersion")
    if not isinstance(wanted_kind, str) or not isinstance(wanted_version, str):
        return []
    namespace = _text(ref.get("namespace")) or subject.namespace
    found = []
    for obj in objects:
        if obj.get("kind") != wanted_kind or obj.get("apiVersion") != wanted_version:
            continue
        metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        if kinds.is_namespaced(wanted_kind, kinds.group_of(wanted_version)) and metadata.get("namespace", "default") != namespace:
            continue
        if "name" in ref:
            if metadata.get("name") == ref["name"]:
                found.append(without_nulls(obj))
        elif _param_selector(ref).matches(_mapping(metadata.get("labels"))):
            found.append(without_nulls(obj))
    return found


# ---- evaluation ------------------------------------------------------------------------------


def evaluate(objects: Iterable[dict], manifests: Iterable[dict] | None = None, default_namespace: str = "default") -> dict[int, Result]:
    """Run every ValidatingAdmissionPolicy among `objects` through its bindings against `manifests`.

    `objects` is the whole input (policies, bindings, params, Namespaces, CRDs and manifests);
    `manifests` are the objects to validate (default: every object that is not a policy or binding).
    Returns index in `manifests` -> Result, for the objects with failures or skips.
    """
    everything = [obj for obj in objects if isinstance(obj, dict)]
    policies = {
        _text(_mapping(p.get("metadata")).get("name")): _compile_policy(p)
        for p in everything if is_kind(p, "ValidatingAdmissionPolicy")
    }
    bindings = [b for b in everything if is_kind(b, "ValidatingAdmissionPolicyBinding")]
    targets = list(manifests) if manifests is not None else [
        obj for obj in everything if not (is_kind(obj, "ValidatingAdmissionPolicy") or is_kind(obj, "ValidatingAdmissionPolicyBinding"))
    ]
    crds = kinds.custom_resources(everything)
    apply_set = ApplySet(everything, default_namespace)
    results: dict[int, Result] = {}
    for index, value in enumerate(targets):
        subject = Subject.of(value, default_namespace)
        result = Result()
        for binding in bindings:
            spec = _mapping(binding.get("spec"))
            policy = policies.get(_text(spec.get("policyName")))
            if policy is None:
                continue
            _evaluate_binding(policy, binding, spec, subject, apply_set, crds, result)
        if result.failures or result.skipped:
            results[index] = result
    return results


def _severity(actions: Any) -> str:
    found = [SEVERITY_OF_ACTION[a] for a in _list(actions) if isinstance(a, str) and a in SEVERITY_OF_ACTION] or ["error"]
    return min(found, key=_SEVERITY_ORDER.index)


def _evaluate_binding(policy: _Compiled, binding: dict, spec: dict, subject: Subject, apply_set: ApplySet,
                      crds: dict, result: Result) -> None:
    binding_name = _text(_mapping(binding.get("metadata")).get("name"))
    who = f"ValidatingAdmissionPolicyBinding {binding_name!r}"
    if not _matches(policy.spec.get("matchConstraints"), subject, apply_set, crds, result, f"ValidatingAdmissionPolicy {policy.name!r}"):
        return
    if not _matches(spec.get("matchResources"), subject, apply_set, crds, result, who):
        return
    severity = _severity(spec.get("validationActions"))
    fail_closed = _text(policy.spec.get("failurePolicy"), "Fail") != "Ignore"

    def failure(path: tuple, message: str, reason: str = "Invalid", error: bool = False) -> None:
        result.failures.append(VapFailure(policy.name, binding_name, path, message, severity, reason, error))

    if policy.errors:
        # The API server refuses to create such a policy; the loader reports where (compile_errors).
        if fail_closed:
            failure((), f"ValidatingAdmissionPolicy {policy.name!r} does not compile: {policy.errors[0].message}", error=True)
        return
    if isinstance(policy.spec.get("paramKind"), dict) and not isinstance(spec.get("paramRef"), dict):
        if fail_closed:
            failure((), f"policy {policy.name!r} declares paramKind but binding {binding_name!r} has no paramRef", error=True)
        return
    params_list = _params(policy, binding, subject, apply_set.objects)
    if not params_list:
        if spec["paramRef"].get("parameterNotFoundAction", "Allow") == "Deny":
            failure((), "no params found for policy binding with `Deny` parameterNotFoundAction")
        return
    apply_set.current_namespace = subject.namespace
    for params in params_list:
        data = {
            "object": subject.value, "oldObject": None, "params": params, "authorizer": None,
            "namespaceObject": apply_set.namespace(subject.namespace), "request": request_for(subject, crds), "variables": {},
        }
        with cel.binding_objects(apply_set):
            if not _conditions_hold(policy, data, fail_closed, failure, result):
                continue
            for name, program in policy.variables:
                if program is None:
                    continue
                try:
                    data["variables"] = {**data["variables"], name: program.evaluate(data)}
                except cel.CelEvaluationError:
                    continue
            for validation, program, message_program in policy.validations:
                _validate(policy, validation, program, message_program, data, fail_closed, failure, result)


def _conditions_hold(policy: _Compiled, data: dict, fail_closed: bool, failure: Any, result: Result) -> bool:
    for name, program, source in policy.conditions:
        if program is None:
            note = f"ValidatingAdmissionPolicy {policy.name!r}: matchCondition {name!r} needs a cluster (authorizer)"
            if note not in result.skipped:
                result.skipped.append(note)
            return False
        try:
            if program.evaluate(data) is not True:
                return False
        except cel.CelEvaluationError as error:
            if fail_closed:
                failure((), f"matchCondition {name!r} failed to evaluate: {error}", error=True)
            return False
    return True


def _validate(policy: _Compiled, validation: dict, program: cel.Program | None, message_program: cel.Program | None,
              data: dict, fail_closed: bool, failure: Any, result: Result) -> None:
    source = str(validation.get("expression", ""))
    if program is None:
        note = f"ValidatingAdmissionPolicy {policy.name!r}: validation {source!r} needs a cluster (it reads the authorizer)"
        if note not in result.skipped:
            result.skipped.append(note)
        return
    try:
        passed = program.evaluate(data)
    except cel.CelEvaluationError as error:
        if fail_closed:
            failure((), f"expression {source!r} resulted in error: {error}", error=True)
        return
    if passed is True:
        return
    message = validation.get("message") if isinstance(validation.get("message"), str) else None
    if message_program is not None:
        try:
            text = message_program.evaluate(data)
            message = text if isinstance(text, str) and text.strip() else message
        except cel.CelEvaluationError:
            pass
    message = message or f"failed expression: {source.strip()}"
    reason = _text(validation.get("reason"), "Invalid")
    for path in blame.blame(source, data, {"object": ()}) or [()]:
        failure(path, message, reason)
