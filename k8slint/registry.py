"""The rules k8slint knows: their modules, metadata, and lookup by code, name or code prefix."""

from __future__ import annotations

import contextlib
import functools
import re
from contextvars import ContextVar
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, Mapping

from k8slint.model import Finding, Severity, Span
from k8slint.objects import CONFIGURED_POD_TEMPLATES

CODE_PATTERN = re.compile(r"K\d{3}")
NAME_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

# Opt-in bundles of rules (a module's `PROFILE`): off unless `profiles:` or --profile names them.
PROFILES = {
    "pss-restricted": "the Pod Security Standards' restricted level, beyond baseline",
    "hardening": "pod hardening beyond the Pod Security Standards",
    "reliability": "resources, probes and availability",
    "cpu-limits": "CPU limits on every container (they throttle even idle nodes: most clusters go without)",
    "rbac": "roles and bindings",
    "network": "network exposure and isolation",
    "strict-references": "references to objects absent from the input",
    "conventions": "what a team requires of its objects: labels, annotations, namespaces, scheduling settings",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule module's metadata and hooks, read once from its constants and functions.

    A rule has a per-object `check(obj, ctx)`, a whole-set `check_set(objects, ctx)` (run once per
    apply set), both, or neither (problems the core itself reports while reading input).
    """

    code: str
    name: str
    family: str  # the sub-package of k8slint.rules it lives in
    severity: Severity
    summary: str
    remediation: str
    doc: str
    kinds: frozenset[tuple[str | None, str]] | None  # (group, kind) `check` runs on; group None: any; None: every object
    on_pod_templates: bool  # `check` also runs on kinds mapped in `podTemplates:` (KINDS has CONFIGURED_POD_TEMPLATES)
    profile: str | None  # the opt-in profile the rule belongs to (off by default); None: on by default
    options: Mapping[str, tuple[type, Any]]
    check: Callable[..., Any] | None
    check_set: Callable[..., Any] | None
    checks_patches: bool  # `check` also runs on kustomize patches (partial objects: only the fields there)
    superseded_by: tuple[str, ...]  # more specific rules that report parts of what this one does (Problem.superseded_by)
    module: ModuleType | None  # None: a user policy (k8slint.policy_rules)
    on_by_default: bool = True  # False: a policy with `enabled: false` (built-in rules use PROFILE)
    fix: str | None = None  # the module's FIX: "safe" or "unsafe" when its problems carry fixes (k8slint.fixes)

    @classmethod
    def from_module(cls, module: ModuleType) -> "Rule":
        kinds = getattr(module, "KINDS", None)
        configured = kinds is not None and CONFIGURED_POD_TEMPLATES in kinds
        if configured:
            kinds = [kind for kind in kinds if kind != CONFIGURED_POD_TEMPLATES]
        return cls(
            code=module.CODE,
            name=module.NAME,
            family=module.__name__.split(".")[-2],
            severity=module.SEVERITY,
            summary=module.SUMMARY,
            remediation=module.REMEDIATION,
            doc=(module.__doc__ or "").strip(),
            kinds=frozenset(parse_kind(kind) for kind in kinds) if kinds is not None else None,
            on_pod_templates=configured,
            profile=getattr(module, "PROFILE", None),
            options=getattr(module, "OPTIONS", {}),
            check=getattr(module, "check", None),
            check_set=getattr(module, "check_set", None),
            checks_patches=getattr(module, "CHECKS_PATCHES", False),
            superseded_by=tuple(getattr(module, "SUPERSEDED_BY", ())),
            module=module,
            fix=getattr(module, "FIX", None),
        )

    @property
    def reported_by_core(self) -> bool:
        return self.check is None and self.check_set is None

    def checks_kind(self, group: str, kind: str | None) -> bool:
        """Whether `check` runs on objects of this group and kind."""
        if self.kinds is None:
            return True
        return (group, kind) in self.kinds or (None, kind) in self.kinds

    def checks(self, obj: Any) -> bool:
        """Whether `check` runs on this object (a `K8sObject`)."""
        if self.checks_kind(obj.group, obj.kind):
            return True
        return self.on_pod_templates and obj.template_path is not None

    def default_options(self) -> dict[str, Any]:
        return {name: default for name, (_, default) in self.options.items()}


def parse_kind(text: str) -> tuple[str | None, str]:
    """A `KINDS` entry: "Deployment" (that kind in any API group) or "FlowSchema.flowcontrol.apiserver.k8s.io"
    (that kind in that group only), as kubectl writes `resource.group`."""
    kind, dot, group = text.partition(".")
    return (group if dot else None), kind


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    from k8slint.rules import RULES

    return tuple(sorted((Rule.from_module(module) for module in RULES), key=lambda rule: rule.code))


@functools.cache
def _index() -> dict[str, Rule]:
    index: dict[str, Rule] = {}
    for rule in all_rules():
        index[rule.code] = rule
        index[rule.name] = rule
    return index


# The user policies of the current run (`.k8slint.yaml` `policies:`, --policy), set by `with_policies`
# around a run: the built-in rules stay cached in `all_rules`, and a run's policies never leak into
# another run (the Python API may lint with two configurations in one process).
_RUN_RULES: ContextVar[tuple[Rule, ...]] = ContextVar("k8slint_run_rules", default=())


@contextlib.contextmanager
def with_policies(rules: tuple[Rule, ...]):
    """Make `rules` (a Config's `policy_rules`) known to `lookup`, `matching` and `known_rules` inside the block."""
    token = _RUN_RULES.set(tuple(rules))
    try:
        yield
    finally:
        _RUN_RULES.reset(token)


def known_rules() -> tuple[Rule, ...]:
    """The built-in rules, then the current run's policies."""
    return all_rules() + _RUN_RULES.get()


def lookup(identifier: str) -> Rule | None:
    """A rule by its code (`K101`, any case) or its name (`missing-required-field`), built in or a
    policy of the current run."""
    index = _index()
    rule = index.get(identifier) or index.get(identifier.upper())
    if rule is not None:
        return rule
    for rule in _RUN_RULES.get():
        if identifier in (rule.name, rule.code) or identifier.upper() == rule.code:
            return rule
    return None


def matching(selector: str) -> list[Rule]:
    """Rules named by a code, a name, or a code prefix (`K1`, `K10`, `X`); empty when nothing matches."""
    rule = lookup(selector)
    if rule is not None:
        return [rule]
    prefix = selector.upper()
    if re.fullmatch(r"[KX]\d{0,2}", prefix):
        return [rule for rule in known_rules() if rule.code.startswith(prefix)]
    return []


def specificity(selector: str) -> int:
    """How precisely a --select/--ignore entry names rules: a full code or name beats any prefix."""
    return 4 if lookup(selector) is not None else len(selector)


def core_finding(name: str, file: str, span: Span, message: str, enabled: Mapping[str, Any]) -> Finding | None:
    """A finding the core itself reports (invalid YAML, an unused suppression), if its rule is enabled
    (`enabled`: the run's enabled rules by code)."""
    rule = lookup(name)
    if rule is None or rule.code not in enabled:
        return None
    return Finding(
        file=file,
        line=span.line,
        column=span.column,
        code=rule.code,
        name=rule.name,
        severity=enabled[rule.code].severity(),
        message=message,
        end_line=span.end_line,
        end_column=span.end_column,
        remediation=rule.remediation,
    )
