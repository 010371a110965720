"""Field paths and path patterns of policies: `field: resources.limits.memory`, `each: ports[*]`.

A field is dotted keys with list indexes: `a.b[0].c`, `metadata.labels["app.kubernetes.io/name"]`.
A pattern adds `[*]` (every item of a list, every value of a map) and `[?key]` (the items having `key`).
Patterns expand against a value into (path, item) pairs, keeping the path for exact positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from k8slint.regex import LazyPattern

_TOKEN = LazyPattern(r'\s*(?:(?P<key>[A-Za-z0-9_$@-][A-Za-z0-9_$@/-]*)|\[(?P<index>[0-9]+)\]|\[\*\](?P<all>)'
                    r'|\[\?(?P<having>[A-Za-z0-9_$@./-]+)\]|\["(?P<quoted>(?:[^"\\]|\\.)*)"\]|(?P<dot>\.))')
ALL = object()


class PathError(ValueError):
    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


class Having(tuple):
    """`[?key]`: the items that have `key`."""


def _parse(text: str, patterns: bool) -> tuple:
    parts: list[Any] = []
    position, expect_key = 0, True
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or (match.group("key") is not None and not expect_key):
            raise PathError(f"invalid path {text!r} at column {position + 1}", position + 1)
        if match.group("dot") is not None:
            if expect_key:
                raise PathError(f"invalid path {text!r}: empty key at column {position + 1}", position + 1)
            expect_key = True
        elif match.group("key") is not None:
            parts.append(match.group("key"))
            expect_key = False
        elif match.group("index") is not None:
            parts.append(int(match.group("index")))
            expect_key = False
        elif match.group("quoted") is not None:
            parts.append(re.sub(r"\\(.)", r"\1", match.group("quoted")))
            expect_key = False
        elif not patterns:
            raise PathError(f"{text!r}: [*] and [?key] are only allowed in each", position + 1)
        elif match.group("all") is not None:
            parts.append(ALL)
            expect_key = False
        else:
            parts.append(Having((match.group("having"),)))
            expect_key = False
        position = match.end()
    if not parts or expect_key:
        raise PathError(f"invalid path {text!r}: it ends without a key", len(text) + 1)
    return tuple(parts)


def parse_field(text: str) -> tuple:
    return _parse(text, patterns=False)


def parse_pattern(text: str) -> tuple:
    return _parse(text, patterns=True)


def expand(pattern: tuple, value: Any, at: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, item) the pattern selects below `value`, in document order."""
    if not pattern:
        yield at, value
        return
    part, rest = pattern[0], pattern[1:]
    if part is ALL or isinstance(part, Having):
        entries = enumerate(value) if isinstance(value, list) else value.items() if isinstance(value, dict) else ()
        for key, item in entries:
            if isinstance(part, Having) and not (isinstance(item, dict) and part[0] in item):
                continue
            yield from expand(rest, item, (*at, key))
    elif isinstance(part, int):
        if isinstance(value, list) and 0 <= part < len(value):
            yield from expand(rest, value[part], (*at, part))
    elif isinstance(value, dict) and part in value:
        yield from expand(rest, value[part], (*at, part))
