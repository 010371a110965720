"""The rules k8slint knows: their modules, metadata, and lookup by code, name or code prefix."""

from __future__ import annotations

import contextlib
import functools
import importlib
import re
from contextvars import ContextVar
from types import ModuleType
from typing import Any, Callable, Mapping

from k8slint.model import Finding, Severity, Span
from k8slint.objects import CONFIGURED_POD_TEMPLATES
from k8slint.regex import LazyPattern

CODE_PATTERN = LazyPattern(r"K\d{3}")
NAME_PATTERN = LazyPattern(r"[a-z0-9]+(-[a-z0-9]+)*")

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


class Rule:
    """A rule's metadata and hooks.

    A rule has a per-object `check(obj, ctx)`, a whole-set `check_set(objects, ctx)` (run once per
    apply set), both, or neither (problems the core itself reports while reading input).

    A built-in rule is made from its entry in the generated catalog (`k8slint/rule_catalog.py`), so that
    start-up imports no rule module: `check`, `check_set`, `doc` and `module` import the module on first
    use. A user policy (`k8slint.policy_rules`) passes its hooks and documentation directly.
    """

    __slots__ = (
        "code", "name", "family", "severity", "summary", "remediation", "kinds", "on_pod_templates", "profile",
        "options", "checks_patches", "superseded_by", "set_kinds", "on_by_default", "has_check", "has_check_set",
        "module_name", "fix", "_check", "_check_set", "_doc", "_module",
    )

    def __init__(
        self,
        *,
        code: str,
        name: str,
        family: str,  # the sub-package of k8slint.rules it lives in
        severity: Severity,
        summary: str,
        remediation: str,
        kinds: frozenset[tuple[str | None, str]] | None,  # (group, kind) `check` runs on; group None: any; None: all
        on_pod_templates: bool,  # `check` also runs on kinds mapped in `podTemplates:`
        profile: str | None,  # the opt-in profile the rule belongs to (off by default); None: on by default
        options: Mapping[str, tuple[type, Any]],
        checks_patches: bool,  # `check` also runs on kustomize patches (partial objects: only the fields there)
        superseded_by: tuple[str, ...],  # more specific rules that report parts of what this one does
        set_kinds: frozenset[tuple[str | None, str]] | None = None,  # `check_set` finds nothing in sets without these
        module_name: str | None = None,  # a built-in rule's module, imported on first use
        has_check: bool | None = None,
        has_check_set: bool | None = None,
        check: Callable[..., Any] | None = None,
        check_set: Callable[..., Any] | None = None,
        doc: str | None = None,
        on_by_default: bool = True,  # False: a policy with `enabled: false` (built-in rules use PROFILE)
        fix: str | None = None,  # the module's FIX: "safe" or "unsafe" when its problems carry fixes (k8slint.fixes)
    ) -> None:
        self.code = code
        self.name = name
        self.family = family
        self.severity = severity
        self.summary = summary
        self.remediation = remediation
        self.kinds = kinds
        self.on_pod_templates = on_pod_templates
        self.profile = profile
        self.options = options
        self.checks_patches = checks_patches
        self.superseded_by = superseded_by
        self.set_kinds = set_kinds
        self.on_by_default = on_by_default
        self.module_name = module_name
        self.fix = fix
        self.has_check = check is not None if has_check is None else has_check
        self.has_check_set = check_set is not None if has_check_set is None else has_check_set
        self._check = check
        self._check_set = check_set
        self._doc = doc
        self._module: ModuleType | None = None

    @classmethod
    def from_module(cls, module: ModuleType) -> "Rule":
        """The rule a module defines, read from its constants and functions (the catalog is made this way)."""
        kinds = getattr(module, "KINDS", None)
        configured = kinds is not None and CONFIGURED_POD_TEMPLATES in kinds
        if configured:
            kinds = [kind for kind in kinds if kind != CONFIGURED_POD_TEMPLATES]
        rule = cls(
            code=module.CODE,
            name=module.NAME,
            family=module.__name__.split(".")[-2],
            severity=module.SEVERITY,
            summary=module.SUMMARY,
            remediation=module.REMEDIATION,
            kinds=_parse_kinds(kinds),
            on_pod_templates=configured,
            profile=getattr(module, "PROFILE", None),
            options=getattr(module, "OPTIONS", {}),
            checks_patches=getattr(module, "CHECKS_PATCHES", False),
            superseded_by=tuple(getattr(module, "SUPERSEDED_BY", ())),
            set_kinds=_parse_kinds(getattr(module, "SET_KINDS", None)),
            module_name=module.__name__,
            check=getattr(module, "check", None),
            check_set=getattr(module, "check_set", None),
            doc=(module.__doc__ or "").strip(),
            fix=getattr(module, "FIX", None),
        )
        rule._module = module
        return rule

    @property
    def module(self) -> ModuleType | None:
        """The rule's module; None for a user policy."""
        if self._module is None and self.module_name is not None:
            self._module = importlib.import_module(self.module_name)
        return self._module

    @property
    def check(self) -> Callable[..., Any] | None:
        if self._check is None and self.has_check:
            self._check = self.module.check
        return self._check

    @property
    def check_set(self) -> Callable[..., Any] | None:
        if self._check_set is None and self.has_check_set:
            self._check_set = self.module.check_set
        return self._check_set

    @property
    def doc(self) -> str:
        if self._doc is None:
            self._doc = (self.module.__doc__ or "").strip()
        return self._doc

    @property
    def reported_by_core(self) -> bool:
        return not self.has_check and not self.has_check_set

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

    def runs_on(self, objects: Any) -> bool:
        """Whether `check_set` runs on this apply set: it finds nothing in a set without an object of `SET_KINDS`."""
        return self.set_kinds is None or objects.holds(self.set_kinds)

    def default_options(self) -> dict[str, Any]:
        return {name: default for name, (_, default) in self.options.items()}

    def catalog_entry(self) -> tuple:
        """What the catalog keeps of this rule: everything but the hooks and the documentation."""
        kinds = _kind_names(self.kinds)
        options = {name: (kind.__name__, default) for name, (kind, default) in self.options.items()}
        return (
            self.code, self.name, self.module_name, int(self.severity), self.summary, self.remediation, kinds,
            self.on_pod_templates, self.profile, options, self.checks_patches, self.superseded_by,
            self.has_check, self.has_check_set, _kind_names(self.set_kinds), self.fix,
        )

    @classmethod
    def from_catalog(cls, entry: tuple) -> "Rule":
        (code, name, module_name, severity, summary, remediation, kinds, on_pod_templates, profile, options,
         checks_patches, superseded_by, has_check, has_check_set, set_kinds, fix) = entry
        return cls(
            code=code,
            name=name,
            family=module_name.split(".")[-2],
            severity=Severity(severity),
            summary=summary,
            remediation=remediation,
            kinds=_parse_kinds(kinds),
            on_pod_templates=on_pod_templates,
            profile=profile,
            options={option: (_OPTION_TYPES[kind], default) for option, (kind, default) in options.items()},
            checks_patches=checks_patches,
            superseded_by=superseded_by,
            set_kinds=_parse_kinds(set_kinds),
            module_name=module_name,
            has_check=has_check,
            has_check_set=has_check_set,
            fix=fix,
        )


def _parse_kinds(kinds: Any) -> frozenset[tuple[str | None, str]] | None:
    return None if kinds is None else frozenset(parse_kind(kind) for kind in kinds)


def _kind_names(kinds: frozenset[tuple[str | None, str]] | None) -> tuple[str, ...] | None:
    return None if kinds is None else tuple(sorted(f"{kind}.{group}" if group else kind for group, kind in kinds))


_OPTION_TYPES = {kind.__name__: kind for kind in (bool, int, float, str, list, dict)}


def parse_kind(text: str) -> tuple[str | None, str]:
    """A `KINDS` entry: "Deployment" (that kind in any API group) or "FlowSchema.flowcontrol.apiserver.k8s.io"
    (that kind in that group only), as kubectl writes `resource.group`."""
    kind, dot, group = text.partition(".")
    return (group if dot else None), kind


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    """Every built-in rule, by code, from the catalog: no rule module is imported."""
    from k8slint.rule_catalog import CATALOG

    return tuple(Rule.from_catalog(entry) for entry in CATALOG)


def catalog_text() -> str:
    """The source of `k8slint/rule_catalog.py`, read from the rule modules themselves."""
    import pprint

    from k8slint.rules import RULES

    entries = sorted((Rule.from_module(module).catalog_entry() for module in RULES), key=lambda entry: entry[0])
    return (
        '"""Every built-in rule\'s metadata, read from the rule modules by `python -m tests.test_registry`: do not\n'
        "edit. The registry builds its rules from this table, so start-up imports no rule module; a test checks\n"
        'that it matches the modules."""\n\n'
        "# (code, name, module, severity, summary, remediation, kinds, on pod templates, profile, options,\n"
        "#  checks patches, superseded by, has check, has check_set, set kinds, fix)\n"
        f"CATALOG = {pprint.pformat(tuple(entries), width=120, sort_dicts=False)}\n"
    )


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
