"""Regular expressions written in the input (a CRD's `pattern`, fluentd's `<match /regex/>`).

They run on RE2, in time linear in the text, as the API server runs CRD patterns (Go's regexp is
RE2): Python's backtracking `re` takes minutes on `^(a+)+$` against 48 `a`s and a `!`. A pattern RE2
refuses (backreferences, lookaround, repetitions above 1,000) is refused here too, with RE2's reason.
Patterns k8slint writes itself are trusted and stay on `re`, compiled on first use (`LazyPattern`).

google-re2 is a dependency; should it be missing (an install with --no-deps on a platform without a
wheel), input patterns are not evaluated at all: findings that need one are not reported, and
nothing can hang.
"""

from __future__ import annotations

import functools
import re
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


class LazyPattern:
    """A pattern of k8slint's own, compiled by `re` when first used.

    A run imports dozens of modules whose patterns it mostly never uses (a small file meets 10 of
    48), and compiling them all at import was a tenth of the start-up. After the first use the
    pattern's methods sit on the instance, so later calls cost what calls on `re.Pattern` cost.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for method in ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"):
            setattr(self, method, getattr(compiled, method))
        self.flags = compiled.flags
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
