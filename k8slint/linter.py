"""The lint run: files in, positioned findings out.

Rules say where (a path inside an object) and what; this module adds who (code and name),
how bad (the configured severity), where exactly (file, line, column) and how to fix it
(the rule's remediation), applies suppressions, and never lets one bad file stop the others.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from k8slint import registry
from k8slint.config import Config
from k8slint.loader import Document, LoadProblem, block_scalar_origin, load_text, locate
from k8slint.model import Finding, ObjectRef, Problem, Settings, Severity, Span, format_path
from k8slint.objects import K8sObject, ObjectSet
from k8slint.suppress import UNSUPPRESSIBLE, FileSuppressions, Suppression, annotation_suppressions, scan_directives

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


@dataclass(slots=True)
class RuleContext:
    """What a rule's `check(obj, ctx)` may read besides the object itself."""

    options: dict[str, Any]
    settings: Settings
    objects: ObjectSet
    _locate: Any = None

    def where(self, obj: K8sObject, path: tuple = ()) -> str:
        """`file:line` of a path in another object, for messages that name it."""
        span = self._locate(obj, path)
        return f"{obj.file}:{span.line}"


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


@dataclass(slots=True)
class Report:
    findings: list[Finding]
    files: int
    documents: int
    sources: dict[str, list[str]] = field(default_factory=dict)  # file -> lines, for the `full` format

    def source_line(self, file: str, line: int) -> str | None:
        lines = self.sources.get(file)
        return lines[line - 1] if lines and 0 < line <= len(lines) else None


# ---- collecting inputs -----------------------------------------------------------------------


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
    source.load_problems = loaded.problems
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


# ---- objects ---------------------------------------------------------------------------------

LIST_KINDS_SUFFIX = "List"


def build_objects(source: SourceFile, start_ordinal: int) -> list[LoadProblem]:
    """Objects of each document, list items unpacked; problems for documents that are not objects."""
    problems: list[LoadProblem] = []
    ordinal = start_ordinal
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


# ---- the run ---------------------------------------------------------------------------------


class Linter:
    def __init__(self, config: Config, object_filter: Any = None) -> None:
        self.config = config
        self.object_filter = object_filter  # a Selector: lint only objects whose labels match
        rules = [settings for settings in config.rules.values() if settings.rule.check is not None]
        self.per_object = [settings for settings in rules if not settings.rule.cross_object]
        self.cross_object = [settings for settings in rules if settings.rule.cross_object]
        self.by_kind: dict[str | None, list] = {}
        self._lines: dict[str, list[str]] = {}

    def _rules_for(self, kind: str | None) -> list:
        rules = self.by_kind.get(kind)
        if rules is None:
            rules = [s for s in self.per_object if s.rule.kinds is None or kind in s.rule.kinds]
            self.by_kind[kind] = rules
        return rules

    def read(self, paths: Sequence[str], stdin_text: str | None = None, stdin_name: str | None = None) -> list[SourceFile]:
        """Read and parse the inputs, unreadable ones included (they carry the reason)."""
        files, unreadable = expand_paths(paths, self.config)
        sources = [SourceFile(path, unreadable=reason) for path, reason in unreadable]
        for path in files:
            display = (stdin_name or "<stdin>") if path == STDIN else path
            sources.append(read_source(path, self.config, stdin_text, display))
        return sources

    def lint_paths(self, paths: Sequence[str], stdin_text: str | None = None, stdin_name: str | None = None) -> Report:
        return self.lint_sources(self.read(paths, stdin_text, stdin_name))

    def lint_text(self, text: str, path: str = "<stdin>") -> Report:
        return self.lint_sources([read_source(STDIN, self.config, text, path)])

    def lint_sources(self, sources: list[SourceFile]) -> Report:
        objects = ObjectSet()
        self._lines = {source.path: source.lines for source in sources}
        file_index = {source.path: position for position, source in enumerate(sources)}
        per_file: list[list[tuple[Finding, K8sObject | None]]] = []
        ordinal = 0
        for source in sources:
            raw: list[tuple[Finding, K8sObject | None]] = []
            if source.unreadable is None:
                source.load_problems.extend(build_objects(source, ordinal))
                if self.object_filter is not None:
                    source.objects = [o for o in source.objects if self.object_filter.matches(_string_labels(o))]
                ordinal += len(source.objects)
                objects.objects.extend(source.objects)
                for obj in source.objects:
                    raw.extend(self._check_object(obj, objects))
            per_file.append(raw)
        for settings in self.cross_object:
            kinds = settings.rule.kinds
            candidates = objects.objects if kinds is None else objects.of_kind(*kinds)
            ctx = self._context(settings, objects)
            for obj in candidates:
                if self._applies(settings, obj):
                    per_file[file_index[obj.file]].extend(self._run(settings, obj, ctx))
        findings: list[Finding] = []
        for source, raw in zip(sources, per_file):
            findings.extend(self._finish_file(source, raw))
        findings.sort(key=Finding.sort_key)
        documents = sum(len(source.documents) for source in sources)
        return Report(findings, len(sources), documents, {s.path: s.lines for s in sources if s.lines})

    def _context(self, settings: Any, objects: ObjectSet) -> RuleContext:
        return RuleContext(settings.options, self.config.settings, objects, self._span_in)

    def _applies(self, settings: Any, obj: K8sObject) -> bool:
        if settings.exclude or settings.only:
            labels = _string_labels(obj)
            if any(selector.matches(labels) for selector in settings.exclude):
                return False
            if settings.only and not any(selector.matches(labels) for selector in settings.only):
                return False
        return True

    def _check_object(self, obj: K8sObject, objects: ObjectSet) -> Iterator[tuple[Finding, K8sObject]]:
        for settings in self._rules_for(obj.kind):
            if self._applies(settings, obj):
                yield from self._run(settings, obj, self._context(settings, objects))

    def _run(self, settings: Any, obj: K8sObject, ctx: RuleContext) -> Iterator[tuple[Finding, K8sObject]]:
        rule = settings.rule
        try:
            problems = list(rule.check(obj, ctx))
        except Exception as error:  # a rule bug must not lose the other results
            problems = [Problem((), f"internal error in rule {rule.name}: {type(error).__name__}: {error}")]
        for problem in problems:
            yield self._finding(settings, obj, problem), obj

    def _span_in(self, obj: K8sObject, path: tuple, on_key: bool = False) -> Span:
        span, _ = locate(obj.source.node, obj.base + tuple(path), on_key)
        return span

    def _finding(self, settings: Any, obj: K8sObject, problem: Problem) -> Finding:
        rule = settings.rule
        span = self._span_in(obj, problem.at, problem.on_key)
        if problem.inner is not None:
            span = self._inner_span(obj, problem, span)
        severity = settings.severity
        if problem.severity is not None and settings.severity == rule.severity:
            severity = problem.severity
        return Finding(
            file=obj.file,
            line=span.line,
            column=span.column,
            code=rule.code,
            name=rule.name,
            severity=severity,
            message=problem.message,
            end_line=span.end_line,
            end_column=span.end_column,
            field=format_path(problem.at) or None,
            remediation=rule.remediation,
            obj=obj.ref(),
        )

    def _inner_span(self, obj: K8sObject, problem: Problem, fallback: Span) -> Span:
        origin = block_scalar_origin(obj.source.node, obj.base + tuple(problem.at), self._lines.get(obj.file, []))
        if origin is None:
            return fallback
        line = origin[0] + problem.inner[0]
        column = origin[1] + problem.inner[1]
        return Span(line + 1, column + 1, line + 1, column + 2)

    def _finish_file(self, source: SourceFile, raw: list[tuple[Finding, K8sObject | None]]) -> list[Finding]:
        enabled = self.config.rules
        core: list[Finding | None] = []
        if source.unreadable is not None:
            core.append(_core_finding("unreadable-file", source.path, Span(1, 1, 1, 1), source.unreadable, enabled))
        for problem in source.load_problems:
            core.append(_core_finding(problem.rule, source.path, problem.span, problem.message, enabled))
        findings = [finding for finding in core if finding is not None]
        findings.extend(finding for finding, _ in raw)
        return _apply_suppressions(source, findings, raw, enabled)


def _string_labels(obj: K8sObject) -> dict[str, str]:
    return {str(key): value if isinstance(value, str) else str(value) for key, value in obj.labels.items()}


def _core_finding(name: str, file: str, span: Span, message: str, enabled: dict) -> Finding | None:
    rule = registry.lookup(name)
    if rule is None or rule.code not in enabled:
        return None
    settings = enabled[rule.code]
    return Finding(
        file=file,
        line=span.line,
        column=span.column,
        code=rule.code,
        name=rule.name,
        severity=settings.severity,
        message=message,
        end_line=span.end_line,
        end_column=span.end_column,
        remediation=rule.remediation,
    )


def _apply_suppressions(
    source: SourceFile, findings: list[Finding], raw: list[tuple[Finding, K8sObject | None]], enabled: dict
) -> list[Finding]:
    if "k8slint" not in source.text:
        return findings
    source.suppressions = scan_directives(source.text, source.lines, [d.node for d in source.documents])
    directives = source.suppressions.directives
    owners = {id(finding): obj for finding, obj in raw}
    by_object: dict[int, list[Suppression]] = {}
    invalid = list(source.suppressions.invalid)
    for obj in source.objects:
        annotations = obj.annotations
        if any(isinstance(key, str) and "k8slint.io/" in key for key in annotations):
            found, bad = annotation_suppressions(
                annotations,
                lambda key, obj=obj: locate(obj.source.node, obj.base + ("metadata", "annotations", key), True)[0],
            )
            by_object[id(obj)] = found
            invalid.extend(bad)
    kept: list[Finding] = []
    for finding in findings:
        if finding.name in UNSUPPRESSIBLE:
            kept.append(finding)
            continue
        silenced = False
        for suppression in (*directives, *by_object.get(id(owners.get(id(finding))), ())):
            if suppression.covers(finding.code, finding.line):
                suppression.used.add(finding.code)
                silenced = True
        if not silenced:
            kept.append(finding)
    all_suppressions = [*directives, *(s for group in by_object.values() for s in group)]
    for suppression in all_suppressions:
        for code in suppression.rules:
            if code == "*":
                if not suppression.used:
                    message = f'"{suppression.label}" suppresses nothing'
                else:
                    continue
            elif code in suppression.used or code not in enabled:
                continue
            else:
                message = f'"{suppression.label}" does not suppress any {registry.lookup(code).name} finding'
            finding = _core_finding("unused-suppression", source.path, suppression.span, message, enabled)
            if finding is not None:
                kept.append(finding)
    for span, message in invalid:
        finding = _core_finding("invalid-suppression", source.path, span, message, enabled)
        if finding is not None:
            kept.append(finding)
    return kept


def load_objects(paths: Sequence[str], config: Config) -> tuple[ObjectSet, list[SourceFile]]:
    """Every object of the inputs, for commands that analyse a set without linting it (`apf order`)."""
    sources = Linter(config).read(paths)
    objects = ObjectSet()
    for source in sources:
        if source.unreadable is None:
            build_objects(source, len(objects.objects))
            objects.objects.extend(source.objects)
    return objects, sources
