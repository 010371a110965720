"""Kubernetes label selectors, read and matched exactly as k8s.io/apimachinery does.

`parse` reads the string form (`kubectl -l`) with the Lark grammar `grammars/label_selector.lark`
and the checks of Go's `labels.Parse` and `NewRequirement`; `from_label_selector` converts the
structured form of manifests like `metav1.LabelSelectorAsSelector`; `label_selector_issues` lists
every problem the API server's `ValidateLabelSelector` would report. A `Selector` prints as Go's
`Selector.String()` and matches label sets like Go's `Matches`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, Callable

from k8slint.records import named_tuple
from k8slint.validation import (
    DNS1123_SUBDOMAIN_MAX,
    LABEL_VALUE_MAX,
    QUALIFIED_NAME_MAX,
    label_value,
    qualified_name,
)

# Operators, spelled as Go's selection.Operator values.
IN = "in"
NOT_IN = "notin"
EQUALS = "="
DOUBLE_EQUALS = "=="
NOT_EQUALS = "!="
EXISTS = "exists"
DOES_NOT_EXIST = "!"
GREATER_THAN = "gt"
LESS_THAN = "lt"

# The operators that require the key to carry one of a few values: a selector holding one is only
# a candidate for label sets that contain one of those key=value pairs (see selector_index).
EQUALITY_OPERATORS = frozenset({IN, EQUALS, DOUBLE_EQUALS})

# metav1.LabelSelectorOperator -> selection.Operator
STRUCTURED_OPERATORS = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}

_INFIX = {
    EQUALS: "=",
    DOUBLE_EQUALS: "==",
    NOT_EQUALS: "!=",
    GREATER_THAN: ">",
    LESS_THAN: "<",
    IN: " in ",
    NOT_IN: " notin ",
}
_TOKEN_OPERATORS = {"=": EQUALS, "==": DOUBLE_EQUALS, "!=": NOT_EQUALS, ">": GREATER_THAN, "<": LESS_THAN}
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_WHITESPACE = " \t\r\n"
_MISSING = object()


class SelectorError(ValueError):
    """An invalid selector: `message` says what, `column` (1-based, in the selector string) says where.

    For structured selectors `column` is None and `path` (keys and indexes inside the LabelSelector,
    e.g. `("matchExpressions", 1, "operator")`) points at the offending entry.
    """

    def __init__(self, message: str, column: int | None = None, path: tuple = ()) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.path = path


def parse_int64(text: Any) -> int | None:
    """Go's strconv.ParseInt(text, 10, 64), or None where Go returns an error."""
    if not isinstance(text, str) or not _patterns().go_int.fullmatch(text):
        return None
    number = int(text)
    return number if _INT64_MIN <= number <= _INT64_MAX else None


@named_tuple
class Requirement:
    """One requirement: `key`, an operator constant of this module, and the values (sorted)."""

    key: str
    operator: str
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.operator == EXISTS:
            return self.key
        if self.operator == DOES_NOT_EXIST:
            return "!" + self.key
        joined = ",".join(self.values)
        if self.operator in (IN, NOT_IN):
            return f"{self.key}{_INFIX[self.operator]}({joined})"
        return f"{self.key}{_INFIX.get(self.operator, self.operator)}{joined}"

    def matches(self, labels: Mapping[str, str]) -> bool:
        return _matcher(self)(labels)


def _matcher(requirement: Requirement) -> Callable[[Mapping[str, str]], bool]:
    """A test of one requirement against a label set, specialised by operator (Go's Requirement.Matches)."""
    key, operator, values = requirement
    if operator in EQUALITY_OPERATORS:
        if len(values) == 1:
            only = values[0]
            return lambda labels: labels.get(key, _MISSING) == only
        return lambda labels: labels.get(key, _MISSING) in values
    if operator in (NOT_IN, NOT_EQUALS):
        return lambda labels: labels.get(key, _MISSING) not in values
    if operator == EXISTS:
        return lambda labels: key in labels
    if operator == DOES_NOT_EXIST:
        return lambda labels: key not in labels
    if operator in (GREATER_THAN, LESS_THAN) and len(values) == 1:
        bound = parse_int64(values[0])
        if bound is None:
            return lambda labels: False
        if operator == GREATER_THAN:
            return lambda labels: (number := parse_int64(labels.get(key))) is not None and number > bound
        return lambda labels: (number := parse_int64(labels.get(key))) is not None and number < bound
    return lambda labels: False


class Selector:
    """An AND of requirements, ordered by key as Go orders them.

    The empty selector matches everything; `NOTHING` (what a null LabelSelector means) matches nothing.
    """

    __slots__ = ("requirements", "_tests", "_nothing")

    def __init__(self, requirements: Iterable[Requirement] = (), *, _nothing: bool = False):
        self.requirements: tuple[Requirement, ...] = tuple(_sorted_by_key(list(requirements)))
        self._tests = tuple(_matcher(requirement) for requirement in self.requirements)
        self._nothing = _nothing

    @property
    def empty(self) -> bool:
        """True when the selector does not restrict anything (Go's Selector.Empty)."""
        return not self.requirements and not self._nothing

    @property
    def nothing(self) -> bool:
        """True for the selector of a null LabelSelector, which matches no label set."""
        return self._nothing

    def matches(self, labels: Mapping[str, str]) -> bool:
        if self._nothing:
            return False
        for test in self._tests:
            if not test(labels):
                return False
        return True

    def __str__(self) -> str:
        return ",".join(str(requirement) for requirement in self.requirements)

    def __repr__(self) -> str:
        return "Selector(NOTHING)" if self._nothing else f"Selector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Selector):
            return NotImplemented
        return self.requirements == other.requirements and self._nothing == other._nothing

    def __hash__(self) -> int:
        return hash((self.requirements, self._nothing))


def _by_key(requirement: Requirement) -> str:
    return requirement.key


# ---------------------------------------------------------------------------------------------
# Go's sort.Sort, for the order of requirements that share a key
#
# Go orders requirements with sort.Sort(ByKey(...)), which is not stable. Where keys differ, any
# sort gives Go's order. Up to 12 requirements Go uses a (stable) insertion sort; beyond that its
# pattern-defeating quicksort may swap requirements with equal keys, which String() shows. The
# functions below transliterate Go 1.22+'s sort/zsortinterface.go (pdqsort and helpers) so that
# those rare selectors print byte for byte as Go prints them.

_UNKNOWN_HINT, _INCREASING_HINT, _DECREASING_HINT = 0, 1, 2
_UINT64 = (1 << 64) - 1


def _sorted_by_key(items: list[Requirement]) -> list[Requirement]:
    if len(items) > 12 and len({item.key for item in items}) < len(items):
        _GoSort(items).pdqsort(0, len(items), len(items).bit_length())
    else:
        items.sort(key=_by_key)
    return items


class _GoSort:
    """Go's pdqsort over `items`, comparing keys; indexes and loops as in zsortinterface.go."""

    def __init__(self, items: list[Requirement]) -> None:
        self.items = items
        self.swaps = 0  # choosePivot's swap counter

    def less(self, i: int, j: int) -> bool:
        return self.items[i].key < self.items[j].key

    def swap(self, i: int, j: int) -> None:
        self.items[i], self.items[j] = self.items[j], self.items[i]

    def insertion_sort(self, a: int, b: int) -> None:
        for i in range(a + 1, b):
            j = i
            while j > a and self.less(j, j - 1):
                self.swap(j, j - 1)
                j -= 1

    def sift_down(self, lo: int, hi: int, first: int) -> None:
        root = lo
        while True:
            child = 2 * root + 1
            if child >= hi:
                return
            if child + 1 < hi and self.less(first + child, first + child + 1):
                child += 1
            if not self.less(first + root, first + child):
                return
            self.swap(first + root, first + child)
            root = child

    def heap_sort(self, a: int, b: int) -> None:
        first, lo, hi = a, 0, b - a
        for i in range((hi - 1) // 2, -1, -1):
            self.sift_down(i, hi, first)
        for i in range(hi - 1, -1, -1):
            self.swap(first, first + i)
            self.sift_down(lo, i, first)

    def pdqsort(self, a: int, b: int, limit: int) -> None:
        was_balanced, was_partitioned = True, True
        while True:
            length = b - a
            if length <= 12:
                self.insertion_sort(a, b)
                return
            if limit == 0:
                self.heap_sort(a, b)
                return
            if not was_balanced:
                self.break_patterns(a, b)
                limit -= 1
            pivot, hint = self.choose_pivot(a, b)
            if hint == _DECREASING_HINT:
                self.reverse_range(a, b)
                pivot = (b - 1) - (pivot - a)
                hint = _INCREASING_HINT
            if was_balanced and was_partitioned and hint == _INCREASING_HINT and self.partial_insertion_sort(a, b):
                return
            if a > 0 and not self.less(a - 1, pivot):
                a = self.partition_equal(a, b, pivot)
                continue
            mid, was_partitioned = self.partition(a, b, pivot)
            left_length, right_length = mid - a, b - mid
            balance_threshold = length // 8
            if left_length < right_length:
                was_balanced = left_length >= balance_threshold
                self.pdqsort(a, mid, limit)
                a = mid + 1
            else:
                was_balanced = right_length >= balance_threshold
                self.pdqsort(mid + 1, b, limit)
                b = mid

    def partition(self, a: int, b: int, pivot: int) -> tuple[int, bool]:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while i <= j and self.less(i, a):
            i += 1
        while i <= j and not self.less(j, a):
            j -= 1
        if i > j:
            self.swap(j, a)
            return j, True
        self.swap(i, j)
        i, j = i + 1, j - 1
        while True:
            while i <= j and self.less(i, a):
                i += 1
            while i <= j and not self.less(j, a):
                j -= 1
            if i > j:
                break
            self.swap(i, j)
            i, j = i + 1, j - 1
        self.swap(j, a)
        return j, False

    def partition_equal(self, a: int, b: int, pivot: int) -> int:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while True:
            while i <= j and not self.less(a, i):
                i += 1
            while i <= j and self.less(a, j):
                j -= 1
            if i > j:
                return i
            self.swap(i, j)
            i, j = i + 1, j - 1

    def partial_insertion_sort(self, a: int, b: int) -> bool:
        max_steps, shortest_shifting = 5, 50
        i = a + 1
        for _ in range(max_steps):
            while i < b and not self.less(i, i - 1):
                i += 1
            if i == b:
                return True
            if b - a < shortest_shifting:
                return False
            self.swap(i, i - 1)
            if i - a >= 2:
                for j in range(i - 1, 0, -1):  # Go's loop runs down to 1, not to a
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
            if b - i >= 2:
                for j in range(i + 1, b):
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
        return False

    def break_patterns(self, a: int, b: int) -> None:
        length = b - a
        if length >= 8:
            random = length  # Go's xorshift, seeded with the length
            modulus = 1 << length.bit_length()
            for index in range(a + (length // 4) * 2 - 1, a + (length // 4) * 2 + 2):
                random ^= (random << 13) & _UINT64
                random ^= random >> 7
                random ^= (random << 17) & _UINT64
                other = random & (modulus - 1)
                if other >= length:
                    other -= length
                self.swap(index, a + other)

    def choose_pivot(self, a: int, b: int) -> tuple[int, int]:
        shortest_ninther, max_swaps = 50, 4 * 3
        length = b - a
        self.swaps = 0
        i, j, k = a + length // 4 * 1, a + length // 4 * 2, a + length // 4 * 3
        if length >= 8:
            if length >= shortest_ninther:
                i = self.median(i - 1, i, i + 1)
                j = self.median(j - 1, j, j + 1)
                k = self.median(k - 1, k, k + 1)
            j = self.median(i, j, k)
        if self.swaps == 0:
            return j, _INCREASING_HINT
        return j, _DECREASING_HINT if self.swaps == max_swaps else _UNKNOWN_HINT

    def order2(self, a: int, b: int) -> tuple[int, int]:
        if self.less(b, a):
            self.swaps += 1
            return b, a
        return a, b

    def median(self, a: int, b: int, c: int) -> int:
        a, b = self.order2(a, b)
        b, c = self.order2(b, c)
        a, b = self.order2(a, b)
        return b

    def reverse_range(self, a: int, b: int) -> None:
        i, j = a, b - 1
        while i < j:
            self.swap(i, j)
            i, j = i + 1, j - 1


EVERYTHING = Selector()
NOTHING = Selector(_nothing=True)


# ---------------------------------------------------------------------------------------------
# The string form


def parse(text: str) -> Selector:
    """The selector written as `text` (kubectl -l syntax); raises SelectorError where Go's labels.Parse fails."""
    if not isinstance(text, str):
        raise SelectorError(f"a selector must be a string, not {type(text).__name__}", 1)
    if "\0" in text:
        text = _as_go_lexer_sees_nul(text)
    if not text.strip(_WHITESPACE):
        return EVERYTHING
    from lark.exceptions import UnexpectedInput

    try:
        requirements = _parser().parse(text)
    except UnexpectedInput as error:
        raise _syntax_error(error, text) from None
    return Selector(requirements)


def _as_go_lexer_sees_nul(text: str) -> str:
    """Go's lexer reads a NUL byte as the end of the string when a token would start there, and
    as a separator when it ends an identifier or operator; keep that, and the columns."""
    chars = list(text)
    for index, char in enumerate(chars):
        if char == "\0":
            if index == 0 or chars[index - 1] in _WHITESPACE:
                return "".join(chars[:index])
            chars[index] = " "
    return "".join(chars)


@functools.cache
def _parser() -> Any:
    from lark import Lark

    return Lark.open_from_package(
        "k8slint.grammars",
        "label_selector.lark",
        ("",),
        start="selector",
        parser="lalr",
        lexer="basic",
        transformer=_transformer(),
    )


def _transformer() -> Any:
    """The Lark transformer, run while parsing so that errors come out in reading order, as in Go."""
    from lark import Transformer, v_args

    @v_args(inline=True)
    class ToRequirements(Transformer):
        def selector(self, *requirements: Requirement | None) -> list[Requirement]:
            return [requirement for requirement in requirements if requirement is not None]

        def key(self, token: Any) -> Any:
            problems = qualified_name(str(token))
            if problems:
                raise SelectorError(f'invalid label key "{token}": {"; ".join(problems)}', token.start_pos + 1)
            return token

        def value(self, token: Any) -> Any:
            return token

        def exact_operator(self, token: Any) -> Any:
            return token

        def set_operator(self, token: Any) -> Any:
            return token

        def exists(self, key: Any) -> Requirement:
            return Requirement(str(key), EXISTS)

        def does_not_exist(self, bang: Any, key: Any) -> Requirement:
            return Requirement(str(key), DOES_NOT_EXIST)

        def exact(self, key: Any, operator_token: Any, value: Any) -> Requirement:
            operator = _TOKEN_OPERATORS[str(operator_token)]
            # Go reads a missing value ("x=", "x= ,y") as the empty string.
            text = "" if value is None else str(value)
            column = (value.start_pos if value is not None else operator_token.end_pos) + 1
            if operator in (GREATER_THAN, LESS_THAN) and parse_int64(text) is None:
                raise SelectorError(f'value "{text}" of "{key}{operator_token}" is not a 64-bit integer', column)
            _check_value(text, column)
            return Requirement(str(key), operator, (text,))

        def entries(self, *entries: Any) -> list[Any]:
            return list(entries)

        def set(self, key: Any, operator_token: Any, entries: list[Any]) -> Requirement:
            for entry in entries:
                if entry is not None:
                    _check_value(str(entry), entry.start_pos + 1)
            # Go collects the entries in a set: sorted, duplicates dropped, "" when an entry is empty
            # ("(a,,)", "(,a)", "(,,)"). Releases before kubernetes/kubernetes#133419 read a run of two
            # commas as one step and so refused an even run right before ")"; k8slint follows the fix.
            values = tuple(sorted({"" if entry is None else str(entry) for entry in entries}))
            return Requirement(str(key), IN if str(operator_token) == "in" else NOT_IN, values)

    return ToRequirements()


def _check_value(text: str, column: int) -> None:
    problems = label_value(text)
    if problems:
        raise SelectorError(f'invalid label value "{text}": {"; ".join(problems)}', column)


_TOKEN_NAMES = {
    "IDENT": "a label key or value",
    "DOUBLE_EQUALS": "'=='",
    "NOT_EQUALS": "'!='",
    "EQUALS": "'='",
    "GREATER": "'>'",
    "LESS": "'<'",
    "BANG": "'!'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "$END": "the end",
}
# What the parser wants next, keyed by the terminals it would accept ("in" and "notin" counted as
# identifiers, which they are in these positions), described the way a user thinks of it.
_EXPECTATIONS = {
    frozenset({"BANG", "IDENT", "$END"}): "a requirement ('key', '!key', 'key=value', 'key in (a,b)') or the end",
    frozenset({"BANG", "IDENT"}): "a requirement after ','",
    frozenset({"IDENT"}): "a label key",
    frozenset({"LPAR"}): "'(' to open the set of values",
    frozenset({"IDENT", "COMMA", "RPAR"}): "a value, ',' or ')'",
    frozenset({"COMMA", "RPAR"}): "',' or ')' (values in a set are separated by commas)",
    frozenset({"COMMA", "$END"}): "',' or the end (requirements are separated by commas)",
    frozenset({"IDENT", "COMMA", "$END"}): "a value, ',' or the end",
}
_OPERATOR_EXPECTATION = "an operator (=, ==, !=, in, notin, >, <), ',' or the end"


def _syntax_error(error: Any, text: str) -> SelectorError:
    token = getattr(error, "token", None)
    if token is None:  # a character no terminal accepts; the grammar's IDENT takes every other one
        column = getattr(error, "pos_in_stream", 0) + 1
        return SelectorError(f"unexpected character '{text[column - 1:column]}'", column)
    if token.type == "$END":
        found, column = "the end of the selector", len(text) + 1
    else:
        found, column = f"'{token}'", token.start_pos + 1
    expected = {"IDENT" if name in ("IN", "NOTIN") else name for name in getattr(error, "expected", ())}
    # LALR merges the states after a value, so the terminals alone cannot tell "x=a" from "(a"; the
    # text can: the last parenthesis before the error says whether a set is open.
    in_set = text.rfind("(", 0, column - 1) > text.rfind(")", 0, column - 1)
    expected.discard("$END" if in_set else "RPAR")
    if "EQUALS" in expected:
        description = _OPERATOR_EXPECTATION
    else:
        description = _EXPECTATIONS.get(frozenset(expected)) or " or ".join(
            sorted(_TOKEN_NAMES.get(name, name) for name in expected)
        )
    return SelectorError(f"found {found}, expected {description}", column)


# ---------------------------------------------------------------------------------------------
# The structured form (metav1.LabelSelector)


@named_tuple
class SelectorIssue:
    """One validation problem of a structured selector; `on_key` when it is about a matchLabels key."""

    path: tuple
    message: str
    on_key: bool = False


def from_label_selector(obj: Mapping | None) -> Selector:
    """The selector a LabelSelector stands for (Go's metav1.LabelSelectorAsSelector).

    None (a null selector) matches nothing, `{}` matches everything. Raises SelectorError with
    `path` at the first entry Go would refuse (structure, key, value or operator).
    """
    if obj is None:
        return NOTHING
    requirements = _well_formed_requirements(obj)
    if requirements is None:
        # Something is off: let the full validation say what, and where.
        issues = label_selector_issues(obj)
        if issues:
            raise SelectorError(issues[0].message, path=issues[0].path)
        raise SelectorError("invalid label selector")  # unreachable while both walks agree
    return Selector(requirements) if requirements else EVERYTHING


def _well_formed_requirements(obj: Any) -> list[Requirement] | None:
    """The requirements of a LabelSelector when everything in it is valid, else None.

    The fast path of from_label_selector: one regular expression per key and value, no messages.
    """
    if not isinstance(obj, Mapping):
        return None
    match_labels = obj.get("matchLabels")
    match_expressions = obj.get("matchExpressions")
    requirements: list[Requirement] = []
    if match_labels:
        if not isinstance(match_labels, Mapping):
            return None
        for key, value in match_labels.items():
            if value is None:
                value = ""
            if not (_is_label_key(key) and isinstance(value, str) and _is_label_value(value)):
                return None
            requirements.append(Requirement(key, EQUALS, (value,)))
    if match_expressions:
        if not isinstance(match_expressions, list):
            return None
        for expression in match_expressions:
            if not isinstance(expression, Mapping):
                return None
            key = expression.get("key")
            written = expression.get("operator")
            operator = STRUCTURED_OPERATORS.get(written) if isinstance(written, str) else None
            values = expression.get("values") or []
            if operator is None or not _is_label_key(key) or not isinstance(values, list):
                return None
            if (operator in (IN, NOT_IN)) != bool(values):
                return None
            values = [_string(value) for value in values]
            if not all(isinstance(value, str) and _is_label_value(value) for value in values):
                return None
            requirements.append(Requirement(key, operator, tuple(sorted(values))))
    return requirements


def _is_label_key(key: Any) -> bool:
    """validation.qualified_name(key) == [], in one match (the slow path builds the messages)."""
    if not isinstance(key, str) or not _patterns().label_key.fullmatch(key):
        return False
    prefix, _, name = key.rpartition("/")
    return len(name) <= QUALIFIED_NAME_MAX and len(prefix) <= DNS1123_SUBDOMAIN_MAX


def _is_label_value(value: str) -> bool:
    return len(value) <= LABEL_VALUE_MAX and _patterns().label_value.fullmatch(value) is not None


@named_tuple
class _Patterns:
    label_key: Any
    label_value: Any
    go_int: Any


@functools.cache
def _patterns() -> _Patterns:
    subdomain = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*"
    name = r"[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?"
    return _Patterns(
        label_key=re.compile(rf"(?:{subdomain}/)?{name}"),
        label_value=re.compile(rf"(?:{name})?"),
        go_int=re.compile(r"[+-]?[0-9]+"),
    )


def label_selector_errors(obj: Any) -> list[tuple[tuple, str]]:
    """Every problem the API server reports for this LabelSelector, as (path inside it, message)."""
    return [(issue.path, issue.message) for issue in label_selector_issues(obj)]


def label_selector_issues(obj: Any) -> list[SelectorIssue]:
    """Every problem of a LabelSelector: ValidateLabelSelector's (which LabelSelectorAsSelector's checks
    equal), plus the shapes Kubernetes' decoder refuses (a number where a string belongs)."""
    if obj is None:
        return []
    if not isinstance(obj, Mapping):
        return [SelectorIssue((), f"a label selector must be a mapping, not {_type_name(obj)}")]
    issues: list[SelectorIssue] = []
    match_labels = obj.get("matchLabels")
    if match_labels is not None and not isinstance(match_labels, Mapping):
        issues.append(SelectorIssue(("matchLabels",), f"matchLabels must be a mapping, not {_type_name(match_labels)}"))
    elif match_labels:
        for key, value in match_labels.items():
            path = ("matchLabels", key)
            issues.extend(SelectorIssue(path, message, True) for message in _key_problems(key))
            if not isinstance(value, str) and value is not None:
                issues.append(SelectorIssue(path, f'label value of "{key}" must be a string, not {_type_name(value)}'))
            else:
                issues.extend(SelectorIssue(path, message) for message in _value_problems(_string(value)))
    match_expressions = obj.get("matchExpressions")
    if match_expressions is not None and not isinstance(match_expressions, list):
        issues.append(
            SelectorIssue(
                ("matchExpressions",), f"matchExpressions must be a list, not {_type_name(match_expressions)}"
            )
        )
    elif match_expressions:
        for index, expression in enumerate(match_expressions):
            issues.extend(_expression_issues(expression, ("matchExpressions", index)))
    return issues


def _expression_issues(expression: Any, path: tuple) -> list[SelectorIssue]:
    if not isinstance(expression, Mapping):
        return [SelectorIssue(path, f"a match expression must be a mapping, not {_type_name(expression)}")]
    issues: list[SelectorIssue] = []
    key = expression.get("key")
    operator = expression.get("operator")
    values = expression.get("values")
    if values is not None and not isinstance(values, list):
        issues.append(SelectorIssue((*path, "values"), f"values must be a list, not {_type_name(values)}"))
        values = None
    count = len(values or ())
    if operator in ("In", "NotIn"):
        if not count:
            issues.append(SelectorIssue((*path, "values"), f"values must be specified when operator is '{operator}'"))
    elif operator in ("Exists", "DoesNotExist"):
        if count:
            message = f"values may not be specified when operator is '{operator}'"
            issues.append(SelectorIssue((*path, "values"), message))
    elif operator is None:
        issues.append(SelectorIssue((*path, "operator"), "operator is required (In, NotIn, Exists or DoesNotExist)"))
    else:
        issues.append(SelectorIssue((*path, "operator"), _operator_problem(operator)))
    if key is None:
        issues.append(SelectorIssue((*path, "key"), "key is required"))
    elif not isinstance(key, str):
        issues.append(SelectorIssue((*path, "key"), f"key must be a string, not {_type_name(key)}"))
    else:
        issues.extend(SelectorIssue((*path, "key"), message) for message in _key_problems(key))
    for index, value in enumerate(values or ()):
        if not isinstance(value, str) and value is not None:
            issues.append(SelectorIssue((*path, "values", index), f"value must be a string, not {_type_name(value)}"))
        else:
            value_path = (*path, "values", index)
            issues.extend(SelectorIssue(value_path, message) for message in _value_problems(_string(value)))
    return issues


def _operator_problem(operator: Any) -> str:
    shown = f'"{operator}"' if isinstance(operator, str) else _type_name(operator)
    message = f"unsupported operator {shown}: must be one of In, NotIn, Exists, DoesNotExist"
    if isinstance(operator, str):
        spelled = {name.lower(): name for name in STRUCTURED_OPERATORS}.get(operator.replace(" ", "").lower())
        if spelled:
            message += f" (operators are case-sensitive: did you mean '{spelled}'?)"
    return message


def _key_problems(key: Any) -> list[str]:
    if not isinstance(key, str):
        return [f"label key must be a string, not {_type_name(key)}"]
    return [f'invalid label key "{key}": {problem}' for problem in qualified_name(key)]


def _value_problems(value: str) -> list[str]:
    return [f'invalid label value "{value}": {problem}' for problem in label_value(value)]


def _string(value: Any) -> str:
    # The API server's JSON decoder leaves a null string element at "".
    return "" if value is None else value


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"
