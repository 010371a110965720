"""The data k8slint passes between its layers: what rules yield, and what formatters print."""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass, field
from typing import Union

PathPart = Union[str, int]
Path = tuple  # tuple[PathPart, ...]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule yields: where inside the object, and what is wrong there.

    `at` is a path of keys and indexes from the object's root; `()` is the object itself.
    When the path does not exist (a missing field), the core points at the nearest
    ancestor that does. `on_key` points at the key instead of its value.
    `severity` overrides the rule's default for this one finding (rules whose issue
    says "warning/error by version" use it); the user's configured level still wins.
    `inner` is a 0-based (line, column) inside the string scalar at `at`, for findings in an
    embedded document (a collector config in a ConfigMap); the core maps it to the file.
    """

    at: Path
    message: str
    on_key: bool = False
    severity: Severity | None = None
    inner: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)


def format_path(path: Path) -> str:
    """("spec", "containers", 0, "image") -> "spec.containers[0].image"."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _PLAIN_KEY.fullmatch(part):
            out.append(f".{part}" if out else part)
        else:
            out.append("[" + json.dumps(str(part)) + "]")
    return "".join(out)


@dataclass(slots=True)
class Span:
    """A region of a file, 1-based; the end column is the column just after the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class Settings:
    """Run-wide settings that rules may read through their context."""

    kubernetes_version: tuple[int, int] = (1, 37)
    default_namespace: str = "default"
    strict_references: bool = False
    apf_include_builtins: bool = True
    schema_dirs: tuple[str, ...] = ()
