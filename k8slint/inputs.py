"""Reading inputs: which files to lint, their text decoded as Kubernetes would, and their objects.

Nothing here runs a rule. A path that cannot be read, a file that is not text and a document
that is not an object each become a problem of that file; the other files go on.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from k8slint.config import Config
from k8slint.loader import Document, LoadProblem, load_text, locate
from k8slint.model import Finding, Settings, Span
from k8slint.objects import ApplySet, K8sObject
from k8slint.suppress import FileSuppressions

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


@dataclass(slots=True, eq=False)
class SourceFile:
    """One input file as read: its text, documents, objects, and what reading it reported."""

    path: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    objects: list[K8sObject] = field(default_factory=list)
    load_problems: list[LoadProblem] = field(default_factory=list)
    unreadable: str | None = None
    suppressions: FileSuppressions = field(default_factory=FileSuppressions)
    raw: list[tuple[Finding, int]] = field(default_factory=list)  # (finding, index of its object in `objects`)
    document_count: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # parse time and rule times, for --statistics

    def __getstate__(self) -> dict:
        """Sent back from a worker process without the YAML nodes (they are re-parsed if needed)."""
        state = {name: getattr(self, name) for name in self.__slots__}
        state["documents"] = []
        state["lines"] = []  # the text is enough
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)


def expand_paths(paths: Sequence[str], config: Config) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to lint, in a stable order, and (path, reason) for inputs that cannot be read."""
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for given in paths:
        if given == STDIN:
            files.append(STDIN)
            continue
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            problems.append((given, "no such file or directory"))
            continue
        except OSError as error:
            problems.append((given, error.strerror or str(error)))
            continue
        if stat.S_ISDIR(mode):
            files.extend(_walk(path, config, seen, problems))
        elif stat.S_ISREG(mode):
            if given not in seen:
                seen.add(given)
                files.append(given)
        else:
            problems.append((given, "not a regular file"))
    return files, problems


def _walk(root: Path, config: Config, seen: set[str], problems: list[tuple[str, str]]) -> Iterator[str]:
    visited: set[tuple[int, int]] = set()
    found: list[str] = []

    def on_error(error: OSError) -> None:
        problems.append((error.filename or str(root), error.strerror or str(error)))

    for directory, subdirectories, names in os.walk(root, onerror=on_error, followlinks=True):
        try:
            info = os.stat(directory)
        except OSError:
            subdirectories[:] = []
            continue
        if (info.st_dev, info.st_ino) in visited:  # a symlink loop
            subdirectories[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        subdirectories[:] = sorted(
            name for name in subdirectories if not name.startswith(".") and not config.is_ignored(Path(directory, name))
        )
        for name in sorted(names):
            if not name.endswith(MANIFEST_SUFFIXES):
                continue
            full = os.path.normpath(os.path.join(directory, name))
            if full in seen or config.is_ignored(Path(full)):
                continue
            try:
                mode = os.stat(full).st_mode
            except OSError as error:
                problems.append((full, error.strerror or str(error)))
                continue
            if not stat.S_ISREG(mode):
                problems.append((full, "not a regular file"))
                continue
            seen.add(full)
            found.append(full)
    return iter(found)


def read_source(path: str, config: Config, stdin_text: str | None = None, display: str | None = None) -> SourceFile:
    source = SourceFile(display or path)
    if path == STDIN:
        text = stdin_text or ""
    else:
        try:
            size = os.path.getsize(path)
            if size > config.max_file_size:
                source.unreadable = (
                    f"file is {size:,} bytes, larger than the limit of {config.max_file_size:,} (maxFileSize); skipped"
                )
                return source
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            source.unreadable = f"cannot read: {error.strerror or error}"
            return source
        text_or_error = decode(data)
        if not isinstance(text_or_error, str):
            source.unreadable = text_or_error[0]
            return source
        text = text_or_error
    source.text = text
    source.lines = text.splitlines()
    loaded = load_text(text)
    source.documents = loaded.documents
    source.document_count = len(loaded.documents)
    source.load_problems = [_explain_tab(problem, source.lines) for problem in loaded.problems]
    if "{{" in text and any(problem.rule == "invalid-yaml" for problem in loaded.problems):
        source.load_problems = [
            LoadProblem(
                "unrendered-template",
                "this looks like an unrendered template ({{ ... }}) and is not valid YAML; "
                f"lint the rendered output instead ({_first_yaml_error(loaded.problems)})",
                Span(1, 1, 1, 2),
            )
        ]
    return source


def _explain_tab(problem: LoadProblem, lines: list[str]) -> LoadProblem:
    line, column = problem.span.line, problem.span.column
    if problem.rule == "invalid-yaml" and line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        problem.message += " (a tab character: YAML indentation must use spaces)"
    return problem


def _first_yaml_error(problems: list[LoadProblem]) -> str:
    problem = next(problem for problem in problems if problem.rule == "invalid-yaml")
    return f"YAML error at line {problem.span.line}: {problem.message}"


def decode(data: bytes) -> str | tuple[str]:
    """The file's text, or a one-element tuple with the reason it is not text k8slint can read."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            return (f"invalid UTF-16 at byte {error.start}",)
    nul = data.find(b"\x00")
    if nul >= 0:
        return (f"contains a NUL byte at offset {nul}: a binary file, not YAML or JSON",)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return (f"not valid UTF-8 (byte 0x{data[error.start]:02x} at line {line}); save the file as UTF-8",)


LIST_KINDS_SUFFIX = "List"


def build_objects(source: SourceFile, settings: Settings | None = None) -> list[LoadProblem]:
    """Objects of each document, list items unpacked; problems for documents that are not objects.
    `settings.pod_templates` tells where custom resources keep their pod template."""
    problems = _build_objects(source)
    if settings is not None and settings.pod_templates:
        for obj in source.objects:
            obj.use_pod_templates(settings)
    return problems


def _build_objects(source: SourceFile) -> list[LoadProblem]:
    problems: list[LoadProblem] = []
    ordinal = 0
    for document in source.documents:
        value = document.value
        if value is None:
            continue
        if not isinstance(value, dict):
            kind = "a list" if isinstance(value, list) else f"a scalar ({type(value).__name__})"
            problems.append(
                LoadProblem(
                    "invalid-document",
                    f"document {document.index + 1} is {kind}, not a mapping; a Kubernetes object is a mapping",
                    document.span,
                    document.index,
                )
            )
            continue
        kind = value.get("kind")
        items = value.get("items")
        if isinstance(kind, str) and kind.endswith(LIST_KINDS_SUFFIX) and isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    source.objects.append(K8sObject(item, source.path, document.index, ("items", index), document, ordinal=ordinal))
                    ordinal += 1
                else:
                    span, _ = locate(document.node, ("items", index))
                    problems.append(
                        LoadProblem("invalid-document", f"item {index} of {kind} is not a mapping", span, document.index)
                    )
            continue
        source.objects.append(K8sObject(value, source.path, document.index, (), document, ordinal=ordinal))
        ordinal += 1
    return problems


def load_objects(paths: Sequence[str], config: Config) -> tuple[ApplySet, list[SourceFile]]:
    """Every object of the inputs, for commands that analyse a set without linting it (`apf order`)."""
    files, unreadable = expand_paths(paths, config)
    sources = [SourceFile(path, unreadable=reason) for path, reason in unreadable]
    sources.extend(read_source(path, config, None, path) for path in files)
    objects: list[K8sObject] = []
    for source in sources:
        if source.unreadable is None:
            build_objects(source, config.settings)
            objects.extend(source.objects)
    for ordinal, obj in enumerate(objects):
        obj.ordinal = ordinal
    return ApplySet(objects, config.settings), sources
