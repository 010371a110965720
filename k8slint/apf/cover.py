"""The cover algebra: whether rules, subjects and schemas cover or may overlap one another, soundly
(a cover is only claimed when every request of one is matched by the other)."""

from __future__ import annotations

import math
from itertools import product
from typing import Iterable, Sequence

from k8slint.apf.builtins import (
    GROUP_AUTHENTICATED,
    GROUP_SERVICE_ACCOUNTS,
    GROUP_UNAUTHENTICATED,
    USER_ANONYMOUS,
)
from k8slint.apf.model import (
    ALL,
    CLUSTER,
    FlowSchema,
    NonResourceRule,
    PolicyRule,
    ResourceRule,
    Subject,
)

_SERVICE_ACCOUNT_GROUP_PREFIX = "system:serviceaccounts:"
_MAX_ATOMS = 10_000

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
    if scope == CLUSTER:
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
