"""The lint run: files in, positioned findings out.

Rules say where (a path inside an object) and what; this module adds who (code and name),
how bad (the configured severity), where exactly (file, line, column) and how to fix it
(the rule's remediation), applies suppressions, and never lets one bad file stop the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import re
import signal
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from k8slint import registry
from k8slint.config import Config
from k8slint.loader import Document, LoadProblem, inner_position, load_text, locate
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
    _where: Any = None

    def where(self, obj: K8sObject, path: tuple = ()) -> str:
        """`file:line` of a path in another object, for messages that name it."""
        return self._where(obj, tuple(path))


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
    raw: list[tuple[Finding, int]] = field(default_factory=list)  # (finding, index of its object)
    # index of an object -> codes of the cross-object rules that said (in the per-file phase) it needs the set
    deferred: dict[int, set[str]] = field(default_factory=dict)
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


@dataclass(slots=True)
class Report:
    findings: list[Finding]
    files: int
    documents: int
    sources: dict[str, str] = field(default_factory=dict)  # file -> text, for the `full` format
    _lines: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, file: str) -> list[str] | None:
        if file not in self._lines and file in self.sources:
            self._lines[file] = self.sources[file].splitlines()
        return self._lines.get(file)

    def source_line(self, file: str, line: int) -> str | None:
        lines = self.lines(file)
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
    """Lints files: per-file work (reading, per-object rules) runs in `jobs` processes; the rules
    that look across objects run once, in this process, on the merged set."""

    def __init__(self, config: Config, object_filter: Any = None, jobs: int = 1, progress: Any = None) -> None:
        self.config = config
        self.object_filter = object_filter  # a Selector: lint only objects whose labels match
        self.jobs = max(1, jobs)
        self.progress = progress  # called with (files done, files total)
        self.statistics: Statistics | None = None
        rules = [settings for settings in config.rules.values() if settings.rule.check is not None]
        # A cross-object rule with `needs_input_set` runs in both phases: in the per-file phase for
        # the objects whose check does not read other objects, across the whole set for the rest.
        self.per_object = [s for s in rules if not s.rule.cross_object or s.rule.needs_input_set is not None]
        self.cross_object = [s for s in rules if s.rule.cross_object]
        self.by_kind: dict[str | None, list] = {}
        self._sources: dict[str, SourceFile] = {}
        self._pool: _WorkerPool | None = None
        self._index_in_file: dict[int, int] = {}
        self._deferred: dict[int, set[str]] = {}

    def collect_statistics(self) -> "Statistics":
        self.statistics = Statistics()
        return self.statistics

    # -- phase 1: per file, possibly in worker processes

    def lint_paths(self, paths: Sequence[str], stdin_text: str | None = None, stdin_name: str | None = None) -> Report:
        with _collector_paused():
            files, unreadable = expand_paths(paths, self.config)
            sources = [SourceFile(path, unreadable=reason) for path, reason in unreadable]
            sources.extend(self._process_files(files, stdin_text, stdin_name))
            return self._complete(sources)

    def lint_text(self, text: str, path: str = "<stdin>") -> Report:
        with _collector_paused():
            return self._complete([self._process(STDIN, text, path)])

    def _process_files(self, files: list[str], stdin_text: str | None, stdin_name: str | None) -> list[SourceFile]:
        def display(path: str) -> str:
            return (stdin_name or "<stdin>") if path == STDIN else path

        total = len(files)
        if self.jobs == 1 or total < 2 * self.jobs or STDIN in files or not _can_fork():
            results = []
            for done, path in enumerate(files, start=1):
                results.append(self._process(path, stdin_text, display(path)))
                if self.progress is not None:
                    self.progress(done, total)
            return results
        self._pool = _WorkerPool(self, self.jobs)
        return self._pool.process(_chunks(files, self.jobs * 32), total, self.progress)

    def _process(self, path: str, stdin_text: str | None, display: str) -> SourceFile:
        started = time.perf_counter()
        try:
            source = read_source(path, self.config, stdin_text, display)
        except Exception as error:  # a bug must not cost the other files their results
            source = SourceFile(display, unreadable=f"internal error while reading: {type(error).__name__}: {error}")
        source.seconds["parse"] = time.perf_counter() - started
        return self._check_file(source)

    def _check_file(self, source: SourceFile) -> SourceFile:
        if source.unreadable is not None:
            return source
        source.load_problems.extend(build_objects(source, 0))
        if self.object_filter is not None:
            source.objects = [o for o in source.objects if self.object_filter.matches(_string_labels(o))]
        objects = ObjectSet(list(source.objects))
        self._sources[source.path] = source
        if "k8slint" in source.text:
            _scan_suppressions(source)
        for index, obj in enumerate(source.objects):
            for settings in self._rules_for(obj.kind):
                if not self._applies(settings, obj):
                    continue
                if settings.rule.cross_object and settings.rule.needs_input_set(obj, self.config.settings):
                    source.deferred.setdefault(index, set()).add(settings.rule.code)
                    continue
                for finding in self._run(settings, obj, self._context(settings, objects), source.seconds):
                    source.raw.append((finding, index))
        return source

    def _rules_for(self, kind: str | None) -> list:
        rules = self.by_kind.get(kind)
        if rules is None:
            rules = [s for s in self.per_object if s.rule.kinds is None or kind in s.rule.kinds]
            self.by_kind[kind] = rules
        return rules

    # -- phase 2: across objects, then suppressions, in this process

    def _complete(self, sources: list[SourceFile]) -> Report:
        started = time.perf_counter()
        self._sources = {source.path: source for source in sources}
        objects = ObjectSet()
        owner: dict[int, SourceFile] = {}
        self._index_in_file = {}
        self._deferred = {}
        for source in sources:
            for index, obj in enumerate(source.objects):
                obj.ordinal = len(objects.objects)
                owner[id(obj)] = source
                self._index_in_file[id(obj)] = index
                objects.objects.append(obj)
            for index, codes in source.deferred.items():
                self._deferred[id(source.objects[index])] = codes
        cross_seconds: dict[str, float] = {}
        for settings, obj, problems in self._cross_object_problems(objects, cross_seconds):
            source = owner[id(obj)]
            index = self._index_in_file[id(obj)]
            source.raw.extend((self._finding(settings, obj, problem), index) for problem in problems)
        cross_elapsed = time.perf_counter() - started
        findings: list[Finding] = []
        for source in sources:
            findings.extend(self._finish_file(source))
        findings.sort(key=Finding.sort_key)
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        documents = sum(source.document_count for source in sources)
        if self.statistics is not None:
            self.statistics.record(sources, cross_seconds, cross_elapsed, time.perf_counter() - started - cross_elapsed, findings)
        return Report(findings, len(sources), documents, {s.path: s.text for s in sources if s.text})

    def _context(self, settings: Any, objects: ObjectSet) -> RuleContext:
        return RuleContext(settings.options, self.config.settings, objects, self._where)

    def _where(self, obj: K8sObject, path: tuple) -> str:
        return f"{obj.file}:{self._span_in(obj, path).line}"

    def _applies(self, settings: Any, obj: K8sObject) -> bool:
        if settings.exclude or settings.only:
            labels = _string_labels(obj)
            if any(selector.matches(labels) for selector in settings.exclude):
                return False
            if settings.only and not any(selector.matches(labels) for selector in settings.only):
                return False
        return True

    def _run(self, settings: Any, obj: K8sObject, ctx: RuleContext, seconds: dict[str, float]) -> list[Finding]:
        problems = self._problems(settings, obj, ctx, seconds)
        return [self._finding(settings, obj, problem) for problem in problems] if problems else []

    def _problems(self, settings: Any, obj: K8sObject, ctx: RuleContext, seconds: dict[str, float]) -> list[Problem]:
        rule = settings.rule
        started = time.perf_counter() if self.statistics is not None else 0.0
        try:
            problems = list(rule.check(obj, ctx))
        except Exception as error:  # a rule bug must not lose the other results
            problems = [Problem((), f"internal error in rule {rule.name}: {type(error).__name__}: {error}")]
        if self.statistics is not None:
            seconds[rule.name] = seconds.get(rule.name, 0.0) + time.perf_counter() - started
        return problems

    def _cross_candidates(self, settings: Any, objects: ObjectSet) -> list[K8sObject]:
        kinds = settings.rule.kinds
        candidates = objects.objects if kinds is None else objects.of_kind(*kinds)
        if settings.exclude or settings.only:
            candidates = [obj for obj in candidates if self._applies(settings, obj)]
        if settings.rule.needs_input_set is not None:
            code, deferred = settings.rule.code, self._deferred
            candidates = [obj for obj in candidates if code in deferred.get(id(obj), ())]
        return candidates

    def _cross_object_problems(self, objects: ObjectSet, seconds: dict[str, float]) -> Iterator[tuple]:
        """(settings, object, problems) of the cross-object rules; with worker processes, the rules
        are shared out between forked children, which see the merged set without copying it."""
        if self._pool is None or len(self.cross_object) < 2:
            for settings in self.cross_object:
                ctx = self._context(settings, objects)
                for obj in self._cross_candidates(settings, objects):
                    problems = self._problems(settings, obj, ctx, seconds)
                    if problems:
                        yield settings, obj, problems
            return
        def size(index: int) -> int:  # a cheap guess of each rule's work, to start the big ones first
            kinds = self.cross_object[index].rule.kinds
            return len(objects.objects) if kinds is None else len(objects.of_kind(*kinds))

        tasks = sorted(range(len(self.cross_object)), key=lambda index: -size(index))
        for group_results, group_seconds, places in _in_forked_children(self._cross_object_rule, objects, tasks, self.jobs):
            for name, value in group_seconds.items():
                seconds[name] = seconds.get(name, 0.0) + value
            for settings_index, ordinal, problems in group_results:
                obj = objects.objects[ordinal]
                resolved = [_resolve_places(problem, places, objects, self._where) for problem in problems]
                yield self.cross_object[settings_index], obj, resolved

    def _cross_object_rule(self, objects: ObjectSet, settings_index: int) -> tuple:
        """Runs in a forked child: positions of other objects are not reachable here, so `where`
        leaves a marker that the parent replaces with the real `file:line`."""
        places: list[tuple[int, tuple]] = []

        def where(obj: K8sObject, path: tuple) -> str:
            places.append((obj.ordinal, path))
            return f"\x00where:{len(places) - 1}\x00"

        results, seconds = [], {}
        settings = self.cross_object[settings_index]
        ctx = RuleContext(settings.options, self.config.settings, objects, where)
        for obj in self._cross_candidates(settings, objects):
            problems = self._problems(settings, obj, ctx, seconds)
            if problems:
                results.append((settings_index, obj.ordinal, problems))
        return results, seconds, places

    def _span_in(self, obj: K8sObject, path: tuple, on_key: bool = False, inner: tuple | None = None) -> Span:
        if obj.source is None:  # it came back from a worker process, which keeps its nodes
            return self._pool.span(obj, self._index_in_file[id(obj)], path, on_key, inner)
        span, _ = locate(obj.source.node, obj.base + tuple(path), on_key)
        if inner is not None:
            span = self._inner_span(obj, path, inner, span)
        return span

    def _finding(self, settings: Any, obj: K8sObject, problem: Problem) -> Finding:
        rule = settings.rule
        span = self._span_in(obj, problem.at, problem.on_key, problem.inner)
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

    def _inner_span(self, obj: K8sObject, path: tuple, inner: tuple, fallback: Span) -> Span:
        source = self._sources.get(obj.file)
        lines = source.lines if source is not None else []
        position = inner_position(obj.source.node, obj.base + tuple(path), lines, inner)
        if position is None:
            return fallback
        line, column = position
        return Span(line + 1, column + 1, line + 1, column + 2)

    def _finish_file(self, source: SourceFile) -> list[Finding]:
        enabled = self.config.rules
        core: list[Finding | None] = []
        if source.unreadable is not None:
            core.append(_core_finding("unreadable-file", source.path, Span(1, 1, 1, 1), source.unreadable, enabled))
        for problem in source.load_problems:
            core.append(_core_finding(problem.rule, source.path, problem.span, problem.message, enabled))
        findings = [finding for finding in core if finding is not None]
        findings.extend(finding for finding, _ in source.raw)
        if source.suppressions.directives or source.suppressions.by_object or source.suppressions.invalid:
            return _apply_suppressions(source, findings, enabled)
        return findings


_PLACE = re.compile(r"\x00where:(\d+)\x00")


def _resolve_places(problem: Problem, places: list, objects: ObjectSet, where: Any) -> Problem:
    if "\x00where:" not in problem.message:
        return problem
    message = _PLACE.sub(lambda m: where(objects.objects[places[int(m.group(1))][0]], places[int(m.group(1))][1]), problem.message)
    return dataclasses.replace(problem, message=message)


def _in_forked_children(work: Any, objects: ObjectSet, tasks: list[int], count: int) -> list:
    """work(objects, task) for every task, spread over `count` forked children that share the
    parent's memory; each child takes the next task as soon as it is free. A task whose child
    fails runs here."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    children = []
    for _ in range(min(count, len(tasks))):
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_serve_tasks, args=(work, objects, child_end), daemon=True)
        process.start()
        child_end.close()
        children.append((parent_end, process))
    waiting = list(tasks)
    results: dict[int, Any] = {}
    busy: dict[Any, int] = {}
    for connection, _ in children:
        if waiting:
            busy[connection] = waiting.pop(0)
            connection.send(busy[connection])
    while busy:
        for connection in wait(list(busy)):
            task = busy.pop(connection)
            try:
                results[task] = connection.recv()
            except (EOFError, OSError):
                results[task] = work(objects, task)
                continue
            if waiting:
                busy[connection] = waiting.pop(0)
                connection.send(busy[connection])
    for connection, process in children:
        try:
            connection.send(None)
        except OSError:
            pass
        connection.close()
        process.join()
    return [results[task] for task in tasks]


def _serve_tasks(work: Any, objects: ObjectSet, connection: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while (task := connection.recv()) is not None:
        connection.send(work(objects, task))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the run.

    Reading YAML allocates millions of small, long-lived objects and almost no reference
    cycles; the collector would re-scan the growing heap again and again (measured: more than
    half the run time on the shared corpus). Memory is freed by reference counting as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _WorkerPool:
    """Forked workers that read and check chunks of files, then keep the parsed files to answer
    position requests for findings of the rules that run across objects in the parent."""

    def __init__(self, linter: Linter, jobs: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.connections = []
        self.processes = []
        self.owner: dict[str, int] = {}
        for _ in range(jobs):
            parent_end, child_end = context.Pipe()
            process = context.Process(target=_serve, args=(linter, child_end), daemon=True)
            process.start()
            child_end.close()
            self.connections.append(parent_end)
            self.processes.append(process)

    def process(self, chunks: list[list[str]], total: int, progress: Any) -> list[SourceFile]:
        from multiprocessing.connection import wait

        results: list[list[SourceFile] | None] = [None] * len(chunks)
        waiting = list(range(len(chunks)))
        working: dict[Any, int] = {}
        done = 0
        for worker, connection in enumerate(self.connections):
            if waiting:
                self._send(worker, connection, chunks, waiting.pop(0), working)
        while working:
            for connection in wait(list(working)):
                index = working.pop(connection)
                results[index] = connection.recv()
                done += len(chunks[index])
                if progress is not None:
                    progress(done, total)
                if waiting:
                    self._send(self.connections.index(connection), connection, chunks, waiting.pop(0), working)
        return [source for chunk in results for source in chunk or ()]

    def _send(self, worker: int, connection: Any, chunks: list, index: int, working: dict) -> None:
        for path in chunks[index]:
            self.owner[path] = worker
        connection.send(("process", chunks[index]))
        working[connection] = index

    def span(self, obj: K8sObject, index: int, path: tuple, on_key: bool, inner: tuple | None) -> Span:
        connection = self.connections[self.owner[obj.file]]
        connection.send(("span", obj.file, index, tuple(path), on_key, inner))
        return connection.recv()

    def close(self) -> None:
        for connection in self.connections:
            connection.send(("stop",))
            connection.close()
        for process in self.processes:
            process.join()


def _serve(linter: Linter, connection: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    while True:
        request = connection.recv()
        if request[0] == "process":
            connection.send([linter._process(path, None, path) for path in request[1]])
        elif request[0] == "span":
            _, file, index, path, on_key, inner = request
            connection.send(linter._span_in(linter._sources[file].objects[index], path, on_key, inner))
        else:
            return


def _chunks(files: list[str], count: int) -> list[list[str]]:
    """Consecutive runs of files of about equal total size, so that output order is kept."""
    sizes = []
    for path in files:
        try:
            sizes.append(max(os.path.getsize(path), 1))
        except OSError:
            sizes.append(1)
    target = sum(sizes) / count
    chunks: list[list[str]] = [[]]
    filled = 0.0
    for path, size in zip(files, sizes):
        if filled >= target and chunks[-1]:
            chunks.append([])
            filled = 0.0
        chunks[-1].append(path)
        filled += size
    return chunks


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@dataclass(slots=True)
class Statistics:
    """Where a run spent its time, and what each rule found (`k8slint lint --statistics`)."""

    phases: dict[str, float] = field(default_factory=dict)
    rule_seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def record(self, sources: list[SourceFile], cross: dict[str, float], cross_elapsed: float, finish: float, findings: list[Finding]) -> None:
        parse = sum(source.seconds.get("parse", 0.0) for source in sources)
        per_rule: dict[str, float] = dict(cross)
        for source in sources:
            for name, seconds in source.seconds.items():
                if name != "parse":
                    per_rule[name] = per_rule.get(name, 0.0) + seconds
        schema = per_rule.get("schema-invalid", 0.0)
        per_object = sum(seconds for name, seconds in per_rule.items() if name not in cross) - schema
        self.phases.update(
            {
                "parse": parse,
                "per-object rules": per_object,
                "schema": schema,
                "cross-object rules": cross_elapsed,
                "suppressions and sorting": finish,
            }
        )
        self.rule_seconds = per_rule
        for finding in findings:
            self.counts[finding.name] = self.counts.get(finding.name, 0) + 1

    def render(self) -> str:
        lines = ["phase                        seconds"]
        lines.extend(f"{phase:<28} {seconds:8.3f}" for phase, seconds in self.phases.items())
        lines.append("")
        lines.append("rule                                findings  seconds")
        for name in sorted(set(self.counts) | set(self.rule_seconds), key=lambda n: (-self.counts.get(n, 0), n)):
            lines.append(f"{name:<35} {self.counts.get(name, 0):8}  {self.rule_seconds.get(name, 0.0):7.3f}")
        return "\n".join(lines) + "\n"


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


def _scan_suppressions(source: SourceFile) -> None:
    """Directives and annotation suppressions of a file, positioned while its YAML nodes are at hand."""
    source.suppressions = scan_directives(source.text, source.lines, [d.node for d in source.documents])
    for index, obj in enumerate(source.objects):
        annotations = obj.annotations
        if any(isinstance(key, str) and "k8slint.io/" in key for key in annotations):
            found, bad = annotation_suppressions(
                annotations,
                lambda key, obj=obj: locate(obj.source.node, obj.base + ("metadata", "annotations", key), True)[0],
            )
            source.suppressions.by_object[index] = found
            source.suppressions.invalid.extend(bad)


def _apply_suppressions(source: SourceFile, findings: list[Finding], enabled: dict) -> list[Finding]:
    directives = source.suppressions.directives
    by_object = source.suppressions.by_object
    owners = {id(finding): index for finding, index in source.raw}
    kept: list[Finding] = []
    for finding in findings:
        if finding.name in UNSUPPRESSIBLE:
            kept.append(finding)
            continue
        silenced = False
        for suppression in (*source.suppressions.covering(finding.code, finding.line), *by_object.get(owners.get(id(finding), -1), ())):
            if suppression.covers(finding.code, finding.line):
                suppression.used.add(finding.code)
                silenced = True
        if not silenced:
            kept.append(finding)
    for suppression in [*directives, *(s for group in by_object.values() for s in group)]:
        for code in suppression.rules:
            if code == "*":
                if suppression.used:
                    continue
                message = f'"{suppression.label}" suppresses nothing'
            elif code in suppression.used or code not in enabled:
                continue
            else:
                message = f'"{suppression.label}" does not suppress any {registry.lookup(code).name} finding'
            finding = _core_finding("unused-suppression", source.path, suppression.span, message, enabled)
            if finding is not None:
                kept.append(finding)
    for span, message in source.suppressions.invalid:
        finding = _core_finding("invalid-suppression", source.path, span, message, enabled)
        if finding is not None:
            kept.append(finding)
    return kept


def load_objects(paths: Sequence[str], config: Config) -> tuple[ObjectSet, list[SourceFile]]:
    """Every object of the inputs, for commands that analyse a set without linting it (`apf order`)."""
    files, unreadable = expand_paths(paths, config)
    sources = [SourceFile(path, unreadable=reason) for path, reason in unreadable]
    sources.extend(read_source(path, config, None, path) for path in files)
    objects = ObjectSet()
    for source in sources:
        if source.unreadable is None:
            build_objects(source, len(objects.objects))
            objects.objects.extend(source.objects)
    return objects, sources
