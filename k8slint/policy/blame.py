"""Which field a false CEL expression was reading: the blame analysis behind exact positions.

The engine evaluates; this module parses the expression again (grammars/cel.lark, with source spans),
and re-evaluates sub-expressions through the engine to find where it became false:

1. `a && b && c`: every false conjunct is blamed separately.
2. `a || b`: all disjuncts are false; the last is blamed (guards such as `!has(...)` come first).
3. `c ? a : b`: the branch taken is blamed.
4. `L.all(x, P)` with `L` a field chain: `P` is evaluated per element; each failing element is blamed
   by recursing into `P` with `x` bound to `L[i]` (or to `L[key]` for a map), else the element itself.
5. `L.exists(...)`, `L.exists_one(...)`: the list `L`.
6. `has(a.b.c)` and `!has(a.b.c)`: the field `a.b.c` (missing fields are shown at their nearest ancestor
   by the caller).
7. Anything else (comparisons, `in`, `matches`, `startsWith`, `size(...)`...): the deepest field chain
   the sub-expression reads.

A field chain is an identifier bound to a path (`object`, `resource`, or a comprehension variable of
rule 4) followed by `.name`, `.?name`, `[literal]` and `.orValue(...)`/`.value()`. A blame that finds no
chain gives nothing, and the caller reports the target itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from k8slint.policy import cel

Path = tuple

_TRANSPARENT_METHODS = frozenset({"orValue", "value"})


@lru_cache(maxsize=1)
def _parser() -> Any:
    from lark import Lark

    return Lark.open_from_package("k8slint.grammars", "cel.lark", ("",), parser="lalr", propagate_positions=True)


@lru_cache(maxsize=4096)
def _parse(source: str) -> Any:
    from lark.exceptions import LarkError

    try:
        return _parser().parse(source)
    except LarkError:
        return None


@lru_cache(maxsize=4096)
def _program(source: str, bound: tuple[str, ...]) -> cel.Program:
    return cel.compile(source, bound)


def blame(source: str, data: Mapping[str, Any], roots: Mapping[str, Path]) -> list[Path]:
    """The paths a false `source` is blamed on; `roots` maps identifiers to the path they stand for."""
    tree = _parse(source)
    if tree is None:
        return []
    return _Blame(source, dict(data), dict(roots)).false(tree)


class _Blame:
    def __init__(self, source: str, data: dict, roots: dict) -> None:
        self.source, self.data, self.roots = source, data, roots

    def text(self, node: Any) -> str:
        return self.source[node.meta.start_pos : node.meta.end_pos]

    def value(self, node: Any) -> Any:
        bound = tuple(sorted(name for name in self.data if name not in cel.STANDARD_VARIABLES))
        return _program(self.text(node), bound).evaluate(self.data)

    def is_false(self, node: Any) -> bool:
        try:
            return self.value(node) is False
        except (cel.CelEvaluationError, cel.CelCompileError):
            return False

    def false(self, node: Any) -> list[Path]:
        handler = getattr(self, f"_{getattr(node, 'data', '')}", None)
        if handler is not None:
            found = handler(node)
            if found is not None:
                return found
        deepest = self.deepest_chain(node)
        return [deepest] if deepest is not None else []

    # -- the rules ----------------------------------------------------------------------------

    def _and_(self, node: Any) -> list[Path] | None:
        found: list[Path] = []
        for conjunct in _flatten(node, "and_"):
            if self.is_false(conjunct):
                found.extend(path for path in self.false(conjunct) if path not in found)
        return found or None

    def _or_(self, node: Any) -> list[Path] | None:
        return self.false(_flatten(node, "or_")[-1])

    def _conditional(self, node: Any) -> list[Path] | None:
        condition, when_true, when_false = node.children
        try:
            taken = when_true if self.value(condition) is True else when_false
        except (cel.CelEvaluationError, cel.CelCompileError):
            return None
        return self.false(taken)

    def _not_(self, node: Any) -> list[Path] | None:
        operand = node.children[0]
        if _is_call(operand, "has"):
            path = self.chain(_args(operand)[0])
            return [path] if path is not None else None
        return None

    def _call(self, node: Any) -> list[Path] | None:
        if _is_call(node, "has") and _args(node):
            path = self.chain(_args(node)[0])
            return [path] if path is not None else None
        return None

    def _method(self, node: Any) -> list[Path] | None:
        receiver, name, arguments = node.children[0], str(node.children[1]), _args(node)
        receiver_path = self.chain(receiver)
        if name in ("exists", "exists_one", "existsOne") and receiver_path is not None:
            return [receiver_path]
        if name != "all" or receiver_path is None or len(arguments) != 2 or arguments[0].data != "ident":
            return None
        variable, predicate = str(arguments[0].children[0]), arguments[1]
        try:
            items = self.value(receiver)
        except (cel.CelEvaluationError, cel.CelCompileError):
            return None
        keys = range(len(items)) if isinstance(items, list) else list(items) if isinstance(items, dict) else []
        found: list[Path] = []
        for key in keys:
            element = items[key] if isinstance(items, list) else key
            inner = _Blame(self.source, {**self.data, variable: element}, {**self.roots, variable: (*receiver_path, key)})
            if inner.is_false(predicate):
                found.extend(inner.false(predicate) or [(*receiver_path, key)])
        return found or None

    # -- field chains -------------------------------------------------------------------------

    def chain(self, node: Any) -> Path | None:
        """The path a field chain stands for, or None when `node` is not one."""
        kind = getattr(node, "data", None)
        if kind == "ident":
            return self.roots.get(str(node.children[0]))
        if kind == "select":
            base = self.chain(node.children[0])
            return None if base is None else (*base, str(node.children[-1]))
        if kind == "index":
            base = self.chain(node.children[0])
            if base is None:
                return None
            try:
                key = self.value(node.children[1])
            except (cel.CelEvaluationError, cel.CelCompileError):
                return None
            return (*base, key) if isinstance(key, (str, int)) and not isinstance(key, bool) else None
        if kind == "method" and str(node.children[1]) in _TRANSPARENT_METHODS:
            return self.chain(node.children[0])
        return None

    def deepest_chain(self, node: Any) -> Path | None:
        best: Path | None = None
        stack = [node]
        while stack:
            current = stack.pop()
            if not hasattr(current, "data"):
                continue
            path = self.chain(current)
            if path is not None:
                if best is None or len(path) > len(best):
                    best = path
                continue
            stack.extend(current.children)
        return best


def _flatten(node: Any, kind: str) -> list:
    if getattr(node, "data", None) != kind:
        return [node]
    return [*_flatten(node.children[0], kind), *_flatten(node.children[1], kind)]


def _is_call(node: Any, name: str) -> bool:
    return getattr(node, "data", None) == "call" and str(node.children[0]) == name


def _args(node: Any) -> list:
    arguments = node.children[-1]
    return list(arguments.children) if getattr(arguments, "data", None) == "args" else []
