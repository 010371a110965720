"""Evaluating a Policy against one object, and the apply set cross-object policies read.

`evaluate(policy, subject, objects, options)` returns `Failure(path, message)`s, where `path` is a tuple
of keys and indexes from the object's root, pointing at the field a person would edit:

- a schema assertion: the JSON Schema instance path (for `required`, the object missing the property);
- `each`: the failing item (or `field` inside it);
- an explicit `field`: that path under the target (or the item);
- a CEL `expr` without `field`: the blame analysis (k8slint/policy/blame.py); failing that, the target.

A runtime error (a CEL error, a message expression that fails) is a `Failure` with `error=True`: the
integration reports it as a policy error at the object, never as a pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from k8slint import selectors
from k8slint.objects import CONTAINER_LISTS, POD_TEMPLATE_PATHS
from k8slint.policy import blame, cel, kinds, paths, schema
from k8slint.policy.document import Assertion, Policy
from k8slint.records import field, record


@record(frozen=True, slots=True)
class Failure:
    path: tuple
    message: str
    assertion: int = 0
    error: bool = False


@record(slots=True)
class Subject:
    """One manifest object: its value as the API server sees it, and the identity the scope reads.

    Null fields are dropped (`volumes:` with no value is an unset field once the API server decodes
    the object), so `has()` and iteration see what an admission policy would see in a cluster.
    Build one Subject per object and reuse it for every policy.
    """

    value: dict
    kind: str
    group: str
    name: str | None
    namespace: str | None
    labels: dict

    @classmethod
    def of(cls, value: dict, default_namespace: str | None = "default") -> Subject:
        value = without_nulls(value)
        metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
        labels = metadata.get("labels") if isinstance(metadata.get("labels"), dict) else {}
        kind = value.get("kind") if isinstance(value.get("kind"), str) else ""
        group = kinds.group_of(value.get("apiVersion"))
        namespace = metadata.get("namespace") if isinstance(metadata.get("namespace"), str) else None
        if namespace is None and kinds.is_namespaced(kind, group):
            namespace = default_namespace
        name = metadata.get("name") if isinstance(metadata.get("name"), str) else None
        return cls(value, kind, group, name, namespace, labels)


def without_nulls(value: Any) -> Any:
    """`value` without null map entries, copying only the containers that hold one."""
    if isinstance(value, dict):
        cleaned = {key: without_nulls(item) for key, item in value.items() if item is not None}
        if len(cleaned) == len(value) and all(cleaned[key] is value[key] for key in cleaned):
            return value
        return cleaned
    if isinstance(value, list):
        items = [without_nulls(item) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else items
    return value


@record(slots=True)
class ApplySet:
    """The objects linted together; cross-object functions and namespaceSelector read it."""

    objects: list[dict] = field(default_factory=list)
    default_namespace: str | None = "default"
    current_namespace: str | None = None
    _by_kind: dict | None = None
    _namespaces: dict | None = None

    def _index(self) -> dict[tuple[str, str], list[Subject]]:
        if self._by_kind is None:
            self._by_kind = {}
            for value in self.objects:
                if isinstance(value, dict):
                    subject = Subject.of(value, self.default_namespace)
                    self._by_kind.setdefault((subject.group, subject.kind), []).append(subject)
                    self._by_kind.setdefault(("*", subject.kind), []).append(subject)
        return self._by_kind

    def _of_kind(self, kind: str) -> list[Subject]:
        group, slash, name = kind.rpartition("/")
        return self._index().get((group if slash else "*", name), [])

    def namespace(self, name: str | None) -> dict | None:
        if name is None:
            return None
        if self._namespaces is None:
            self._namespaces = {}
            for subject in self._index().get(("", "Namespace"), []):
                self._namespaces.setdefault(subject.name, subject.value)
        return self._namespaces.get(name)

    def lookup(self, kind: str, name: str, namespace: str | None) -> dict | None:
        namespace = namespace if namespace is not None else self.current_namespace
        for subject in self._of_kind(kind):
            if subject.name == name and subject.namespace in (namespace, None):
                return subject.value
        return None

    def select(self, kind: str, namespace: str | None) -> list[dict]:
        namespace = namespace if namespace is not None else self.current_namespace
        return [s.value for s in self._of_kind(kind) if s.namespace in (namespace, None)]

    def selecting(self, kind: str, labels: Mapping, namespace: str | None) -> list[dict]:
        """Objects of `kind` whose spec.selector (a LabelSelector) matches `labels`."""
        found = []
        for value in self.select(kind, namespace):
            spec = value.get("spec")
            if not isinstance(spec, dict) or not isinstance(spec.get("selector"), dict):
                continue
            try:
                if selectors.from_label_selector(spec["selector"]).matches(labels):
                    found.append(value)
            except selectors.SelectorError:
                continue
        return found


def pod_templates(config: Mapping[str, str]) -> dict[str, tuple]:
    """Parse `.k8slint.yaml` `podTemplates:` ("group/Kind" -> a path pattern to PodTemplateSpecs, such as
    `spec.replicatedJobs[*].template.spec.template`); raises paths.PathError for a bad pattern."""
    return {carrier: paths.parse_pattern(pattern) for carrier, pattern in config.items()}


def _carrier(subject: Subject) -> str:
    return f"{subject.group}/{subject.kind}" if subject.group else subject.kind


def _templates(subject: Subject, extra: Mapping[str, tuple]) -> Iterator[tuple[tuple, dict]]:
    """(path, PodTemplateSpec) of every pod template in the object: built-in carriers and `extra` ones."""
    pattern = extra.get(_carrier(subject))
    if pattern is not None:
        for path, template in paths.expand(pattern, subject.value):
            if isinstance(template, dict):
                yield path, template
        return
    path = POD_TEMPLATE_PATHS.get(subject.kind) if subject.group in ("", "apps", "batch", "extensions") else None
    template = _get(subject.value, path) if path is not None else None
    if isinstance(template, dict):
        yield path, template


def targets(policy: Policy, subject: Subject, extra_templates: Mapping[str, tuple] | None = None) -> Iterator[tuple[tuple, Any]]:
    """(path, value) of every target of the policy inside the object."""
    value = subject.value
    if policy.target == "object":
        yield (), value
        return
    if subject.kind == "Pod" and subject.group == "":
        templates: list[tuple[tuple, dict]] = []
        specs = [(("spec",), value.get("spec"))]
    else:
        templates = list(_templates(subject, extra_templates or {}))
        specs = [((*path, "spec"), template.get("spec")) for path, template in templates]
    if policy.target == "podTemplate":
        yield from templates
        return
    for spec_path, spec in specs:
        if not isinstance(spec, dict):
            continue
        if policy.target == "podSpec":
            yield spec_path, spec
            continue
        for list_name in CONTAINER_LISTS:
            items = spec.get(list_name)
            if not isinstance(items, list):
                continue
            for index, container in enumerate(items):
                if isinstance(container, dict) and _container_selected(policy.containers, list_name, container):
                    yield (*spec_path, list_name, index), container


def _container_selected(wanted: frozenset[str], list_name: str, container: dict) -> bool:
    if list_name == "containers":
        return "regular" in wanted
    if list_name == "ephemeralContainers":
        return "ephemeral" in wanted
    return "init" in wanted or ("sidecar" in wanted and container.get("restartPolicy") == "Always")


def _get(value: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value


def in_scope(policy: Policy, subject: Subject, objects: ApplySet, extra_templates: Mapping[str, tuple] | None = None) -> bool:
    """The static scope: kind, namespace, selectors (the `when` precondition is checked by evaluate).
    A kind group such as `@workloads` also takes in the `podTemplates` carriers."""
    named = not policy.kinds or any(match.matches(subject.kind, subject.group) for match in policy.kinds)
    if not named and not (policy.carrier_groups and extra_templates and _carrier(subject) in extra_templates):
        return False
    if policy.namespaces and not policy.in_namespace(subject.namespace):
        return False
    if policy.selector is not None and not policy.selector.matches(subject.labels):
        return False
    if any(exclude.matches(subject.labels) for exclude in policy.exclude):
        return False
    if policy.namespace_selector is not None:
        namespace = objects.namespace(subject.namespace)
        if namespace is None:  # undecidable offline: the policy stays silent
            return False
        labels = Subject.of(namespace).labels
        if not policy.namespace_selector.matches(labels):
            return False
    return True


def request_for(subject: Subject, crds: Mapping[tuple[str, str], tuple[str, bool]] | None = None) -> dict:
    """The admission request of creating the object (admission/v1 AdmissionRequest, as CEL sees it)."""
    metadata = subject.value.get("metadata") if isinstance(subject.value.get("metadata"), dict) else {}
    version = kinds.version_of(subject.value.get("apiVersion"))
    kind = {"group": subject.group, "version": version, "kind": subject.kind}
    resource = {"group": subject.group, "version": version, "resource": kinds.resource_of(subject.kind, subject.group, crds)}
    return {
        "uid": "",
        "kind": kind,
        "resource": resource,
        "subResource": "",
        "requestKind": kind,
        "requestResource": resource,
        "requestSubResource": "",
        "name": metadata.get("name", "") if isinstance(metadata.get("name"), str) else "",
        "namespace": subject.namespace or "",
        "operation": "CREATE",
        "userInfo": {},
        "dryRun": False,
        "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"},
    }


def evaluate(
    policy: Policy,
    subject: Subject,
    objects: ApplySet | Iterable[dict] = (),
    options: Mapping[str, Any] | None = None,
    extra_templates: Mapping[str, tuple] | None = None,
) -> list[Failure]:
    """The failures of `policy` on one object; [] when it passes or is out of scope.

    `extra_templates` are the `podTemplates` carriers (see `pod_templates`)."""
    apply_set = objects if isinstance(objects, ApplySet) else ApplySet(list(objects))
    if not in_scope(policy, subject, apply_set, extra_templates):
        return []
    apply_set.current_namespace = subject.namespace
    base = {
        "resource": subject.value,
        "oldObject": None,
        "params": None,
        "namespaceObject": apply_set.namespace(subject.namespace),
        "request": request_for(subject),
        "options": {**policy.option_defaults(), **(options or {})},
        "authorizer": None,
        "variables": {},
    }
    with cel.binding_objects(apply_set):
        if policy.when is not None:
            try:
                if policy.when.evaluate({**base, "object": subject.value}) is not True:
                    return []
            except cel.CelEvaluationError as error:
                return [Failure((), f"precondition failed to evaluate: {error}", error=True)]
        failures: list[Failure] = []
        # Converting the data into the engine once pays from about two programs on the same target.
        evaluated = sum(1 for assertion in policy.assertions if assertion.program is not None and assertion.each is None)
        shared = cel.Bindings if evaluated >= 2 else dict
        for target_path, target in targets(policy, subject, extra_templates):
            data = {**base, "object": target}
            data = shared(data, variables=_variables(policy, data))
            for assertion in policy.assertions:
                failures.extend(_check(assertion, target_path, target, data))
    return failures


def _variables(policy: Policy, data: dict) -> dict:
    """Declared variables in order; a failing one is left out, so only expressions that use it fail."""
    values: dict[str, Any] = {}
    for name, program in policy.variables:
        try:
            values[name] = program.evaluate({**data, "variables": values})
        except cel.CelEvaluationError:
            continue
    return values


def _check(assertion: Assertion, target_path: tuple, target: Any, data: dict) -> Iterator[Failure]:
    if assertion.each is None:
        yield from _check_item(assertion, target_path, target, data)
        return
    for index, (item_path, item) in enumerate(paths.expand(assertion.each, target)):
        item_data = {**data, "object": item, "index": index, "parent": target}
        yield from _check_item(assertion, (*target_path, *item_path), item, item_data, parent=target_path)


def _check_item(assertion: Assertion, at: tuple, item: Any, data: dict, parent: tuple | None = None) -> Iterator[Failure]:
    if assertion.form in ("schema", "forbid"):
        found = schema.failures(assertion.schema, item)
        if assertion.form == "forbid":
            found = [] if found else [((), "matches a forbidden schema")]
        for relative, schema_message in found:
            path = (*at, *assertion.field) if assertion.field is not None else (*at, *relative)
            yield Failure(path, _message(assertion, data) or schema_message, assertion.index)
        return
    assert assertion.program is not None
    try:
        result = assertion.program.evaluate(data)
    except cel.CelEvaluationError as error:
        yield Failure(at, f"expression {assertion.source!r} failed to evaluate: {error}", assertion.index, error=True)
        return
    if result is True:
        return
    if result is not False:
        yield Failure(at, f"expression {assertion.source!r} returned {result!r}, not a bool", assertion.index, error=True)
        return
    message = _message(assertion, data) or f"failed expression: {assertion.source.strip()}"
    if assertion.field is not None:
        yield Failure((*at, *assertion.field), message, assertion.index)
        return
    roots = {"object": at, "resource": (), **({"parent": parent} if parent is not None else {})}
    blamed = blame.blame(assertion.source, data, roots) or [at]
    for path in blamed:
        yield Failure(path, message, assertion.index)


def _message(assertion: Assertion, data: dict) -> str | None:
    if assertion.message_program is not None:
        try:
            text = assertion.message_program.evaluate(data)
        except cel.CelEvaluationError:
            return assertion.message
        if isinstance(text, str) and text.strip():
            return text
    return assertion.message
