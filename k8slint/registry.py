"""The rules k8slint knows: their modules, metadata, and lookup by code, name or code prefix."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, Mapping

from k8slint.model import Severity

CODE_PATTERN = re.compile(r"K\d{3}")
NAME_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    remediation: str
    doc: str
    kinds: frozenset[str] | None  # None: every object
    options: Mapping[str, tuple[type, Any]]
    cross_object: bool
    needs_input_set: Callable[..., bool] | None  # for a cross-object rule: does this object's check need it?
    enabled: bool  # on by default
    check: Callable[..., Any] | None  # None for problems the core itself reports (invalid-yaml...)
    module: ModuleType

    @classmethod
    def from_module(cls, module: ModuleType) -> "Rule":
        kinds = getattr(module, "KINDS", None)
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            summary=module.SUMMARY,
            remediation=module.REMEDIATION,
            doc=(module.__doc__ or "").strip(),
            kinds=frozenset(kinds) if kinds is not None else None,
            options=getattr(module, "OPTIONS", {}),
            cross_object=getattr(module, "CROSS_OBJECT", False),
            needs_input_set=getattr(module, "needs_input_set", None),
            enabled=getattr(module, "ENABLED", True),
            check=getattr(module, "check", None),
            module=module,
        )

    def default_options(self) -> dict[str, Any]:
        return {name: default for name, (_, default) in self.options.items()}


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


def lookup(identifier: str) -> Rule | None:
    """A rule by its code (`K101`, any case) or its name (`missing-required-field`)."""
    index = _index()
    return index.get(identifier) or index.get(identifier.upper())


def matching(selector: str) -> list[Rule]:
    """Rules named by a code, a name, or a code prefix (`K1`, `K10`); empty when nothing matches."""
    rule = lookup(selector)
    if rule is not None:
        return [rule]
    prefix = selector.upper()
    if re.fullmatch(r"K\d{0,2}", prefix):
        return [rule for rule in all_rules() if rule.code.startswith(prefix)]
    return []


def specificity(selector: str) -> int:
    """How precisely a --select/--ignore entry names rules: a full code or name beats any prefix."""
    return 4 if lookup(selector) is not None else len(selector)
