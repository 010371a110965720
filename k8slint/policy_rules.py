"""User policies as rules of a run: `Policy` documents and ValidatingAdmissionPolicies read from the
configured paths (`.k8slint.yaml` `policies:`, --policy) become `registry.Rule`s beside the built-in ones.

Imported only when a run names policy paths, so a run without policies never imports `k8slint.policy`.
A broken policy is one positioned message (`file:line:column: ...`) in `LoadedPolicies.errors`; the
others still become rules.

- A `Policy` is a rule named `metadata.name`, coded `spec.code` (X001-X999: the user's space, apart
  from the built-in K codes) or, without a code, by its name. One that reads other objects
  (`policy.cross_object`) runs in the whole-set phase (`check_set`), the others per object (`check`).
- A `ValidatingAdmissionPolicy` is a whole-set rule named after it, evaluated with its Bindings (from
  the policy paths and from the apply set) against the apply set's manifests; `validationActions` give
  each finding its severity (Deny: error, Warn: warning, Audit: info).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.records import field, record
from k8slint.registry import Rule, lookup

POLICY_FILE_SUFFIXES = (".yaml", ".yml")
_OPTION_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list[str]": list}


@record(slots=True)
class LoadedPolicies:
    rules: list[Rule] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # `file:line:column: message`, one per broken policy
    admission_documents: list[dict] = field(default_factory=list)  # every valid VAP and Binding read
    policies: list[Any] = field(default_factory=list)  # the valid `Policy` documents (for `k8slint test`)


def policy_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The YAML files of `paths` (directories are searched recursively, in name order)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in POLICY_FILE_SUFFIXES and p.is_file())
        else:
            yield path


def load(paths: Sequence[Path], pod_templates: Sequence[tuple[str | None, str, tuple[str, ...]]] = ()) -> LoadedPolicies:
    """Read every policy file; `pod_templates` are the configuration's `podTemplates:` carriers."""
    from k8slint.policy.document import load_policies
    from k8slint.policy.vap import load_admission_policies

    loaded = LoadedPolicies()
    templates = _templates(pod_templates)
    taken: dict[str, str] = {}  # name or code -> where it was defined
    for file in policy_files(paths):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            loaded.errors.append(f"{file}: cannot read the policy file: {error}")
            continue
        policies, errors = load_policies(text)
        admission, admission_errors = load_admission_policies(text)
        loaded.errors.extend(f"{file}:{e.line}:{e.column}: {e.message}" for e in errors)
        # YAML syntax errors come from both readers: report them once.
        loaded.errors.extend(f"{file}:{e.line}:{e.column}: {e.message}" for e in admission_errors
                             if f"{file}:{e.line}:{e.column}: {e.message}" not in loaded.errors)
        for policy in policies:
            clash = _clash(policy.name, policy.code, taken)
            if clash:
                loaded.errors.append(f"{file}:{policy.line}:1: policy {policy.name!r}: {clash}")
                continue
            taken[policy.name] = f"{file}:{policy.line}"
            if policy.code:
                taken[policy.code] = f"{file}:{policy.line}"
            loaded.policies.append(policy)
            loaded.rules.append(policy_rule(policy, templates))
        loaded.admission_documents.extend(admission)
    for name in _admission_policy_names(loaded.admission_documents):
        clash = _clash(name, None, taken)
        if clash:
            loaded.errors.append(f"ValidatingAdmissionPolicy {name!r}: {clash}")
            continue
        taken[name] = "a ValidatingAdmissionPolicy"
        loaded.rules.append(admission_rule(name, loaded.admission_documents))
    return loaded


def _clash(name: str, code: str | None, taken: dict[str, str]) -> str | None:
    for identifier in filter(None, (name, code)):
        if lookup(identifier) is not None:
            return f"{identifier!r} is a built-in rule; pick another"
        if identifier in taken:
            return f"{identifier!r} is already defined at {taken[identifier]}"
    return None


def _templates(pod_templates: Sequence[tuple[str | None, str, tuple[str, ...]]]) -> dict[str, tuple]:
    from k8slint.policy.evaluate import pod_templates as parse

    return parse({(f"{group}/{kind}" if group else kind): ".".join(path) for group, kind, path in pod_templates})


def policy_rule(policy: Any, templates: dict[str, tuple]) -> Rule:
    """A `Policy` (k8slint.policy.document.Policy) as a rule."""
    from k8slint.policy.evaluate import ApplySet as PolicyApplySet
    from k8slint.policy.evaluate import Subject, evaluate

    def problems(failures: list) -> Iterator[Problem]:
        for failure in failures:
            if failure.error:  # the policy itself is broken on this object: never silent
                yield Problem(failure.path, f"policy error: {failure.message}", severity=Severity.ERROR)
            else:
                yield Problem(failure.path, failure.message)

    def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
        subject = Subject.of(obj.value, ctx.settings.default_namespace)
        yield from problems(evaluate(policy, subject, PolicyApplySet([]), ctx.options, templates))

    def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
        namespace = ctx.settings.default_namespace
        everything = PolicyApplySet([obj.value for obj in objects], namespace)
        for obj in objects:
            for problem in problems(evaluate(policy, Subject.of(obj.value, namespace), everything, ctx.options, templates)):
                yield obj, problem

    doc = policy.docs.strip() or f"## What it does\n{policy.summary[0].upper()}{policy.summary[1:]}."
    return Rule(
        code=policy.code or policy.name,
        name=policy.name,
        family="policy",
        severity=Severity.parse(policy.severity),
        summary=policy.summary,
        remediation=policy.remediation,
        doc=doc,
        kinds=None,  # the policy's own scope (kinds, namespaces, selectors, `when`) decides, in `evaluate`
        on_pod_templates=False,
        profile=None,
        options={name: (_OPTION_TYPES[kind], default) for name, (kind, default) in policy.options.items()},
        check=None if policy.cross_object else check,
        check_set=check_set if policy.cross_object else None,
        checks_patches=False,
        superseded_by=(),
        on_by_default=policy.enabled,
    )


def _admission_policy_names(documents: list[dict]) -> list[str]:
    from k8slint.policy.vap import is_kind

    return [d["metadata"]["name"] for d in documents
            if is_kind(d, "ValidatingAdmissionPolicy") and isinstance(d.get("metadata"), dict)
            and isinstance(d["metadata"].get("name"), str)]


def admission_rule(name: str, documents: list[dict]) -> Rule:
    """A ValidatingAdmissionPolicy of the policy paths as a whole-set rule; its Bindings may be in the
    policy paths or among the linted objects."""
    from k8slint.policy import vap

    own = [d for d in documents if (vap.is_kind(d, "ValidatingAdmissionPolicy") and d["metadata"]["name"] == name)
           or (vap.is_kind(d, "ValidatingAdmissionPolicyBinding") and isinstance(d.get("spec"), dict)
               and d["spec"].get("policyName") == name)]
    severities = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}

    def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
        if any(vap.is_kind(obj.value, "ValidatingAdmissionPolicy") and obj.name == name for obj in objects):
            return  # the input holds this policy too: admission-policy-denied reports it, once
        manifests = [obj for obj in objects if not (vap.is_kind(obj.value, "ValidatingAdmissionPolicy")
                                                    or vap.is_kind(obj.value, "ValidatingAdmissionPolicyBinding"))]
        values = [obj.value for obj in manifests]
        results = vap.evaluate([*own, *(obj.value for obj in objects)], values, ctx.settings.default_namespace)
        for index, result in results.items():
            for failure in result.failures:
                if failure.policy == name:
                    message = f"policy error: {failure.message}" if failure.error else failure.message
                    yield manifests[index], Problem(failure.path, message, severity=severities[failure.severity])

    return Rule(
        code=name,
        name=name,
        family="policy",
        severity=Severity.ERROR,
        summary=f"ValidatingAdmissionPolicy {name}, evaluated offline",
        remediation="Change the object so that the admission policy admits it.",
        doc=f"## What it does\nRuns the ValidatingAdmissionPolicy `{name}` and its bindings offline. "
            "The binding's validationActions set the severity (Deny: error, Warn: warning, Audit: info).",
        kinds=None,
        on_pod_templates=False,
        profile=None,
        options={},
        check=None,
        check_set=check_set,
        checks_patches=False,
        superseded_by=(),
    )
