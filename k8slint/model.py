"""The data k8slint passes between its layers: what rules yield and read, and what formatters print.

Rules import from here: `Problem` (what a rule reports), `Related` (another place a problem
involves), `Context` (what a rule may read besides the objects), `Severity` and `FieldPath`.
"""

from __future__ import annotations

import enum
from typing import Any, Mapping, Union

from k8slint.records import record
from k8slint.regex import LazyPattern

PathPart = Union[str, int]
FieldPath = tuple  # tuple[PathPart, ...]: keys and list indexes from an object's root; () is the object

_PLAIN_KEY = LazyPattern(r"[A-Za-z_][A-Za-z0-9_-]*")


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]


@record(frozen=True, slots=True)
class Related:
    """Another place a problem involves: a field of another object (or of the same one).

    `obj` is the `K8sObject`; the core turns it into a file, line and column, which every
    format shows its own way (SARIF `relatedLocations`, JSON `related`, text "see FILE:LINE").
    """

    obj: Any
    at: FieldPath
    message: str
    on_key: bool = False


@record(frozen=True, slots=True)
class Replace:
    """Replace the characters `old`, which start at `start` in the string at `at` (the key, with
    `on_key`), with `new`. `start` is an offset in the string or a 0-based (line, column) in it (as
    `Problem.inner`, for embedded configs); the default, 0, with `old` the whole string replaces it all.
    Strings only: the core checks that the file spells `old` there literally, and gives no fix otherwise."""

    at: FieldPath
    old: str
    new: str
    start: int | tuple[int, int] = 0
    on_key: bool = False


@record(frozen=True, slots=True)
class Quote:
    """Write the plain scalar at `at` (a `yes` or `1.10` that YAML 1.1 reads as a boolean or a number)
    as the double-quoted string of the same characters."""

    at: FieldPath


@record(frozen=True, slots=True)
class ProblemFix:
    """What a rule proposes to change, as edits of the object's values; the core turns them into
    text edits of the file (`Fix`). `message` says what it does; `safe` is the module's `FIX` unless
    given (a rule whose fix is safe in most cases marks the others `safe=False`)."""

    message: str
    edits: tuple[Replace | Quote, ...]
    safe: bool | None = None


@record(frozen=True, slots=True)
class Problem:
    """What a rule yields: where inside the object, and what is wrong there.

    `at` is a path of keys and indexes from the object's root; `()` is the object itself.
    When the path does not exist (a missing field), the core points at the nearest
    ancestor that does. `on_key` points at the key instead of its value.
    `severity` is this finding's severity when it differs from the rule's default (rules whose
    issue says "warning/error by version" use it); a level the user configured always wins.
    `inner` is a 0-based (line, column) inside the string scalar at `at`, for findings in an
    embedded document (a collector config in a ConfigMap); the core maps it to the file.
    `related` names other places the problem involves (the other object of an overlap).
    `superseded_by` names a more specific rule (declared in the module's `SUPERSEDED_BY`) that reports
    this same mistake in its own words: the core drops this problem while that rule is enabled for
    the object, and keeps it when the user turned that rule off.
    `fix` is how to fix it, for rules whose module declares `FIX` (`k8slint.fixes`).
    """

    at: FieldPath
    message: str
    on_key: bool = False
    severity: Severity | None = None
    inner: tuple[int, int] | None = None
    related: tuple[Related, ...] = ()
    superseded_by: str | None = None
    fix: ProblemFix | None = None


@record(frozen=True, slots=True)
class Settings:
    """Run-wide settings that every rule may read through its context (`ctx.settings`)."""

    kubernetes_version: tuple[int, int] = (1, 37)
    default_namespace: str = "default"
    apf_include_builtins: bool = True
    schema_dirs: tuple[str, ...] = ()
    profiles: frozenset[str] = frozenset()  # the rule profiles this run turned on (`profiles:`, --profile)
    # `podTemplates:`: (API group or None for any, kind, path of the PodTemplateSpec) of custom resources
    pod_templates: tuple[tuple[str | None, str, FieldPath], ...] = ()


@record(frozen=True, slots=True)
class Context:
    """What a rule's `check(obj, ctx)` or `check_set(objects, ctx)` may read besides the objects:
    its own options (the module's `OPTIONS`, with the user's values) and the run's settings."""

    options: Mapping[str, Any]
    settings: Settings


@record(frozen=True, slots=True)
class ObjectRef:
    api_version: str | None
    kind: str | None
    namespace: str | None
    name: str | None
    document: int  # 0-based index of the document in its file

    def describe(self) -> str:
        kind = self.kind or "object"
        name = self.name or "<unnamed>"
        return f"{kind}/{name}" if self.namespace is None else f"{kind}/{self.namespace}/{name}"


@record(frozen=True, slots=True)
class Location:
    """A positioned place in a file (1-based), with what it has to do with the finding."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str


@record(frozen=True, slots=True)
class TextEdit:
    """Replace the text from (line, column) up to, not including, (end_line, end_column) with `text`.
    Lines and columns are 1-based and count characters (not bytes); an insertion has an empty range."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@record(frozen=True, slots=True)
class Fix:
    """How to fix a finding: minimal text edits in the finding's file. `safe` fixes keep the meaning
    (only the spelling changes) and `--fix` applies them; unsafe ones change behaviour and need
    `--unsafe-fixes`. `message` says what the fix does ("replace k8s.gcr.io with registry.k8s.io")."""

    message: str
    safe: bool
    edits: tuple[TextEdit, ...]


@record(frozen=True, slots=True)
class Finding:
    """A positioned, identified problem, as formatters receive it. Lines and columns are 1-based."""

    file: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    end_line: int | None = None
    end_column: int | None = None
    field: str | None = None
    remediation: str | None = None
    obj: ObjectRef | None = None
    related: tuple[Location, ...] = ()
    fix: Fix | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)


def format_path(path: FieldPath) -> str:
    """("spec", "containers", 0, "image") -> "spec.containers[0].image"."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _PLAIN_KEY.fullmatch(part):
            out.append(f".{part}" if out else part)
        else:
            import json  # here only: most paths have plain keys, and a run that prints none skips the import

            out.append("[" + json.dumps(str(part)) + "]")
    return "".join(out)


@record(slots=True)
class Span:
    """A region of a file, 1-based; the end column is the column just after the last character."""

    line: int
    column: int
    end_line: int
    end_column: int
