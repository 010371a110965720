"""Regular expressions written in the input (a CRD's `pattern`, fluentd's `<match /regex/>`).

They run on RE2, in time linear in the text, as the API server runs CRD patterns (Go's regexp is
RE2): Python's backtracking `re` takes minutes on `^(a+)+$` against 48 `a`s and a `!`. A pattern RE2
refuses (backreferences, lookaround, repetitions above 1,000) is refused here too, with RE2's reason.
Patterns k8slint writes itself are trusted and stay on `re`.

google-re2 is a dependency; should it be missing (an install with --no-deps on a platform without a
wheel), input patterns are not evaluated at all: findings that need one are not reported, and
nothing can hang.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

_NOT_IMPORTED = object()
# google-re2, imported on first use: most runs meet no pattern written in their input.
ENGINE: Any = _NOT_IMPORTED


def _engine() -> Any:
    global ENGINE
    if ENGINE is _NOT_IMPORTED:
        try:
            import re2 as engine
        except ImportError:  # pragma: no cover - exercised by monkeypatching ENGINE in tests
            engine = None
        ENGINE = engine
    return ENGINE


class Pattern(Protocol):
    def search(self, text: str) -> Any: ...

    def fullmatch(self, text: str) -> Any: ...


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str, engine: Any) -> tuple[Pattern | None, str | None]:
    options = engine.Options()
    options.log_errors = False  # RE2 would print its own copy of the error to stderr
    try:
        return engine.compile(pattern, options), None
    except engine.error as error:
        reason = error.args[0] if error.args else "invalid"
        return None, reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


def compile(pattern: str) -> Pattern | None:
    """The pattern, compiled by RE2; None when RE2 refuses it or is not installed."""
    engine = _engine()
    if engine is None:
        return None
    return _compiled(pattern, engine)[0]


def rejection(pattern: str) -> str | None:
    """Why RE2 refuses the pattern (`invalid escape sequence: \\1`); None when it compiles, or when
    RE2 is not installed and the answer is unknown."""
    engine = _engine()
    if engine is None:
        return None
    return _compiled(pattern, engine)[1]
