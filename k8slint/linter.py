"""The lint run: rules in, positioned findings out.

Rules say where (a path inside an object) and what; this module adds who (code and name),
how bad (the configured severity), where exactly (file, line, column) and how to fix it
(the rule's remediation), drops findings that a more specific rule replaces, applies
suppressions, and never lets one bad file or rule stop the others.

A run has two phases. Per file (in `jobs` forked processes when that pays): read, build objects,
run every rule's per-object `check`. Per apply set (in this process, or shared out over forked
children): run every rule's whole-set `check_set`. A reading child given every file of an apply set
runs that set's whole-set rules itself, where the set's YAML nodes are. Reading inputs is
`k8slint.inputs`; spreading work over processes is `k8slint.scheduler`.
"""

from __future__ import annotations

import os
import time
from array import array
from bisect import bisect_left
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from k8slint import records, registry
from k8slint.config import Config, EnabledRule
from k8slint.inputs import (
    STDIN,
    SourceFile,
    build_objects,
    expand_paths,
    project_root,
    read_source,
    why_not_linted,
)
from k8slint.layout import (
    CHART,
    DIRECTORY,
    KUSTOMIZE,
    MANIFEST,
    PATCH,
    Layout,
    plan,
    real_path,
)
from k8slint.loader import inner_position, load_text, locate
from k8slint.model import (
    Context,
    Finding,
    Fix,
    Location,
    Problem,
    ProblemFix,
    Related,
    Span,
    TextEdit,
    format_path,
)
from k8slint.objects import ApplySet, K8sObject, per_apply_set
from k8slint.records import field, record
from k8slint.rendered import (
    RenderedK8sObject,
    RenderedSet,
    display_path,
    render_layout,
    sourced_stdin_objects,
)
from k8slint.scheduler import ForkPool, can_fork
from k8slint.suppress import (
    annotation_suppressions,
    apply_suppressions,
    scan_directives,
    scan_suppressions,
)


@record(slots=True)
class Report:
    findings: list[Finding]
    files: int
    documents: int
    sources: dict[str, str] = field(default_factory=dict)  # file -> text, for the `full` format
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why it is not linted)
    apply_sets: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, files), for --show-files
    baseline: tuple[int, int] | None = None  # with --baseline: (known findings not reported, fixed ones)
    fixed: int | None = None  # with --fix: how many findings its fixes removed
    _lines: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, file: str) -> list[str] | None:
        if file not in self._lines and file in self.sources:
            self._lines[file] = self.sources[file].splitlines()
        return self._lines.get(file)

    def source_line(self, file: str, line: int) -> str | None:
        lines = self.lines(file)
        return lines[line - 1] if lines and 0 < line <= len(lines) else None


# Forked workers pay for themselves only on inputs this big (bench/bench.py, "parallel"): below, starting
# them, and sending their results and the positions of findings back, costs more than they save.
PARALLEL_READ_BYTES = 2 * 1024 * 1024
PARALLEL_SET_OBJECTS = 4_000
# YAML nodes take about fifty times the text they come from. A large file, or any file once a process
# holds the nodes of this much text, keeps none: they are parsed again only for a file where a position is
# needed (a finding, a suppression), and dropped again once its findings are out. Memory then follows
# the input's values, not its nodes; small repositories, whose files all keep theirs, parse nothing twice.
# Reading children share the budget: each node kept costs the same in whichever process keeps it.
NODE_BUDGET_BYTES = 4 * 1024 * 1024
# On an input much larger than the budget, the few files whose nodes reading children could keep spare few
# parses (positions are asked one at a time, here or there alike), while the children, kept alive for
# them, would hold their texts and nodes through the whole-set phase: they keep none, and are closed once
# they have read (500,000 documents: 390 MB less at the peak).
CHILDREN_KEEP_NODES_UP_TO_BYTES = 8 * NODE_BUDGET_BYTES
LARGE_FILE_BYTES = 256 * 1024


class Linter:
    """Lints files with the rules a `Config` enables."""

    def __init__(self, config: Config, object_filter: Any = None, jobs: int = 1, progress: Any = None) -> None:
        self.config = config
        self.object_filter = object_filter  # a Selector: lint only objects whose labels match
        self.jobs = max(1, jobs)
        self.progress = progress  # called with (files done, files total)
        self.statistics: Statistics | None = None
        enabled = list(config.rules.values())
        self.per_object = [rule for rule in enabled if rule.rule.has_check]
        self.whole_set = [rule for rule in enabled if rule.rule.has_check_set]
        self.contexts = {rule.rule.code: Context(rule.options, config.settings) for rule in enabled}
        self._by_kind: dict[tuple[str, str | None], list[EnabledRule]] = {}
        self._sources: dict[str, SourceFile] = {}
        self._readers: ForkPool | None = None
        self._reader_of: dict[str, int] = {}  # file -> the reading child that holds its YAML nodes
        # (ordinal, path, on_key, inner) -> span of a whole-set finding's field, as reading children gave it
        self._spans_from_readers: dict[tuple, Span] = {}
        self._index_in_file = array("q")  # by object ordinal: its index in its file's objects
        self._places: dict[str, tuple[array, array]] = {}  # in a reading child: file -> (document, item) of each object sent
        self._sets_read_whole: set[int] = set()  # indexes of the layout's apply sets that reading children checked
        self._reader_set_seconds: dict[str, float] = {}  # and the seconds each whole-set rule took there
        self._layout = Layout()
        self._reported: set[str] | None = None  # files whose findings are reported (None: all)
        self._renders: list[RenderedSet] = []  # the kustomizations and charts rendered in this run
        self._covered: set[str] = set()  # files whose objects reach the cluster through a render
        self._known: dict[str, str] = {}  # real path -> the path findings name, for rendered findings
        self._linted_real: set[str] = set()  # real paths of the files named or walked: rendered findings go there only
        self._rendered_findings: list[tuple[Finding, RenderedK8sObject | None]] = []
        self._text_with_nodes = 0  # characters of text whose YAML nodes this process keeps
        self._node_budget = NODE_BUDGET_BYTES  # of those characters (a reading child: its share)
        self._released: set[str] = set()  # files whose nodes were dropped (NODE_BUDGET_BYTES)
        self._buffers: dict[str, str] = {}  # real path -> text to lint instead of the file's (lint_paths)

    def collect_statistics(self) -> "Statistics":
        self.statistics = Statistics()
        return self.statistics

    def lint_paths(
        self,
        paths: Sequence[str],
        stdin_text: str | bytes | None = None,
        stdin_name: str | None = None,
        force_exclude: bool = False,
        buffers: Mapping[str, str] | None = None,
    ) -> Report:
        """The findings of `paths` (files, directories, `-` for `stdin_text`). `buffers` maps files (any
        spelling of their path) to the text to lint instead of what is on disk: an editor's unsaved
        documents, linted with the rest of their apply sets as saved."""
        self._buffers = {real_path(path): text for path, text in (buffers or {}).items()}
        with registry.with_policies(self.config.policy_rules):
            named, unreadable = expand_paths(paths, self.config, force_exclude)
            files = self._with_apply_sets(named, paths)
            self._render(files, named)
            sources = [SourceFile(path, unreadable=reason) for path, reason in unreadable]
            sources.extend(self._read_and_check(files, stdin_text, stdin_name))
            return self._complete(sources)

    def lint_text(self, text: str, path: str = "<stdin>") -> Report:
        with registry.with_policies(self.config.policy_rules):
            return self._complete([self._process(STDIN, text, path)])

    def _with_apply_sets(self, named: list[str], paths: Sequence[str]) -> list[str]:
        """The files to read: those named or walked, and the rest of their apply sets (so that a hook given
        one staged file compares it with what it is applied with): the other files of their directories,
        and the kustomizations above them within the project. Only the named or walked files are reported."""
        config = self.config
        root = project_root([path for path in paths if path != STDIN], config)
        universe = named
        if root is not None and any(file != STDIN for file in named):
            context = _context_files([file for file in named if file != STDIN], root, config)
            by_real = {real_path(file): file for file in context}
            for file in named:
                by_real[real_path(file)] = file  # the spelling the user gave
            universe = list(dict.fromkeys([*named, *by_real.values()]))
        self._layout = plan(universe, config.apply_set_scope, config.apply_set_groups, str(config.root))
        self._sets_read_whole, self._reader_set_seconds = set(), {}
        reported = set(named)
        needed = set(reported)
        for _, members in self._layout.apply_sets:
            if reported.intersection(members):
                needed.update(members)
        self._reported = reported if needed != reported else None
        return [file for file in universe if file in needed]

    def _render(self, files: list[str], named: list[str]) -> None:
        """Render the layout's kustomizations and charts; a successful render's objects replace those
        of the files it covers (read then only for their syntax and suppression comments)."""
        started = time.perf_counter()
        self._known = {self._layout.resolved(file): file for file in files if file != STDIN}
        self._linted_real = {self._layout.resolved(file) for file in named if file != STDIN}
        self._renders = render_layout(self._layout, self.config, files, self.jobs, named)
        rendered = {file for r in self._renders if r.failure is None for file in r.claims}
        failed = {file for r in self._renders if r.failure is not None for file in r.claims}
        self._covered = rendered - failed
        if self.statistics is not None:
            self.statistics.phases["render"] = time.perf_counter() - started

    # -- phase 1: per file, possibly in forked children

    def _read_and_check(self, files: list[str], stdin_text: str | bytes | None, stdin_name: str | None) -> list[SourceFile]:
        total = len(files)
        may_fork = self.jobs > 1 and total >= 2 * self.jobs and STDIN not in files and can_fork()
        sizes = _sizes(files) if may_fork else []
        if not may_fork or sum(sizes) < PARALLEL_READ_BYTES:
            results = []
            for done, path in enumerate(files, start=1):
                display = (stdin_name or "<stdin>") if path == STDIN else path
                results.append(self._process(path, stdin_text, display))
                if self.progress is not None:
                    self.progress(done, total)
            return results
        chunks, sets_of_chunk = self._chunks_keeping_apply_sets(files, sizes, self.jobs * 32, self.jobs * 4)
        # the children's, as they are forked with it
        self._node_budget = NODE_BUDGET_BYTES // self.jobs if sum(sizes) <= CHILDREN_KEEP_NODES_UP_TO_BYTES else 0
        self._readers = ForkPool(self._serve_reader, self.jobs)
        self._node_budget = NODE_BUDGET_BYTES
        done = 0

        # The largest chunks first, so that the children finish together; the files stay in their order.
        chunk_bytes, start = [], 0
        for chunk in chunks:
            chunk_bytes.append(sum(sizes[start : start + len(chunk)]))
            start += len(chunk)
        order = sorted(range(len(chunks)), key=lambda index: -chunk_bytes[index])

        def on_done(child: int, task: int) -> None:
            nonlocal done
            for path in chunks[order[task]]:
                self._reader_of[path] = child
            done += len(chunks[order[task]])
            if self.progress is not None:
                self.progress(done, total)

        import pickle  # only runs with workers use it (a one-file run does not import it)

        tasks = [("read", chunks[index], sets_of_chunk[index]) for index in order]
        results = self._readers.map(tasks, on_done, fallback=self._read_alone, receive=pickle.loads)  # `_serve_reader` pickles
        in_order: list[Any] = [None] * len(chunks)
        for index, result in zip(order, results):
            in_order[index] = result
        sources = []
        for chunk_sources, sets_checked, set_seconds in in_order:
            sources.extend(chunk_sources)
            self._sets_read_whole.update(sets_checked)
            for name, value in set_seconds.items():
                self._reader_set_seconds[name] = self._reader_set_seconds.get(name, 0.0) + value
        if not any(self._holds_nodes(child) for child in range(self.jobs)):
            # Every file was too large to keep its nodes: a position is a parse of its text, here as well as
            # there, and the children's memory is free for the whole-set phase.
            self._readers.close()
            self._readers = None
            self._reader_of = {}
            self._released.update(source.path for source in sources)
        return sources

    def _chunks_keeping_apply_sets(
        self, files: list[str], sizes: list[int], count: int, fewest: int
    ) -> tuple[list[list[str]], list[list[int]]]:
        """Chunks of files for reading children (`_chunks`), and the indexes of the layout's apply sets each
        chunk holds whole, for its child to check (the corpus: 3,934 sets of a file or two, whose positions
        are then found where their nodes are, instead of being asked for afterwards). Sets that share a
        file (a base of overlays that were not rendered) go to one child together, where each object is
        found once. A chunk is never cut through such a group if it spans no more than 1/`fewest` of the
        input (chunks then number at least about `fewest`)."""
        position = {file: index for index, file in enumerate(files)}
        group_of_file: dict[str, int] = {}
        parent: list[int] = []  # union-find over the layout's apply sets, joined by the files they share

        def root(index: int) -> int:
            while parent[index] != index:
                parent[index] = parent[parent[index]]
                index = parent[index]
            return index

        for set_index, (_, members) in enumerate(self._layout.apply_sets):
            parent.append(set_index)
            for file in members:
                other = group_of_file.setdefault(file, set_index)
                parent[root(other)] = root(set_index)
        groups: dict[int, list[int]] = {}
        for set_index in range(len(parent)):
            groups.setdefault(root(set_index), []).append(set_index)
        ends = [0]
        for size in sizes:
            ends.append(ends[-1] + size)
        most = ends[-1] / fewest
        kept: list[tuple[list[int], int, int]] = []  # (set indexes, first position, last position)
        for sets in groups.values():
            places = sorted(position[file] for index in sets for file in self._layout.apply_sets[index][1] if file in position)
            if places and (places[0] == places[-1] or ends[places[-1] + 1] - ends[places[0]] <= most):
                kept.append((sets, places[0], places[-1]))
        chunks = _chunks(files, sizes, count, [(first, last) for _, first, last in kept])
        chunk_of = [index for index, chunk in enumerate(chunks) for _ in chunk]
        sets_of_chunk: list[list[int]] = [[] for _ in chunks]
        for sets, first, _ in kept:
            sets_of_chunk[chunk_of[first]].extend(sets)
        for sets in sets_of_chunk:
            sets.sort()  # in the layout's order, as this process checks them
        return chunks, sets_of_chunk

    def _holds_nodes(self, child: int) -> bool:
        try:
            return self._readers.ask(child, ("holds nodes",))
        except (EOFError, OSError):  # it died reading (`_read_alone`)
            return False

    def _read_alone(self, task: tuple) -> list[SourceFile]:
        """A chunk whose reading child died (a crash in a native parser): each file again in a child
        of its own, so that the file that kills it is reported and the others are linted."""
        import pickle

        results = []
        for path in task[1]:
            child = ForkPool(self._serve_reader, 1)
            try:
                (source,), _, _ = pickle.loads(child.ask(0, ("read", [path], [])))
            except (EOFError, OSError):
                source = SourceFile(path, unreadable="reading this file crashed the YAML parser; it was not linted")
            finally:
                child.close()
            source.documents = []  # its child is gone: positions come from parsing the text again here
            results.append(source)
        return results, [], {}  # its apply sets are checked here

    def _serve_reader(self, request: tuple) -> Any:
        """A reading child's answers: read and check files, and the apply sets they hold whole (pickled
        here, so that it then keeps only what positions need), then say where things are in them."""
        if request[0] == "read":
            import pickle

            _, paths, sets = request
            sources = [self._process(path, None, path) for path in paths]
            set_seconds: dict[str, float] = {}
            self._check_sets_read_whole(sources, sets, set_seconds)
            reply = pickle.dumps((sources, sets, set_seconds), pickle.HIGHEST_PROTOCOL)
            for source in sources:
                if self._sources.get(source.path) is source:
                    self._keep_positions_only(source)
                else:  # not linted here (skipped): no position will be asked
                    self._discard_if_released(source)
            return reply
        if request[0] == "holds nodes":
            return self._text_with_nodes > 0
        if request[0] == "spans":  # ("span", ...) requests in one message
            return [self._serve_reader(("span", *asked)) for asked in request[1]]
        if request[0] == "fix":
            _, file, index, spec = request
            return self._edits_in(self._sent_object(file, index), spec)
        _, file, index, path, on_key, inner = request
        return self._span_in(self._sent_object(file, index), path, on_key, inner)

    def _check_sets_read_whole(self, sources: list[SourceFile], sets: list[int], seconds: dict[str, float]) -> None:
        """In a reading child, the whole-set findings of the layout's apply sets `sets`, all of whose files
        are among `sources`: added to their files' findings as this process would add them."""
        if not sets:
            return
        owner: list[tuple[SourceFile, int]] = []  # by object ordinal: its file, and its index there
        for source in sources:  # numbered across files as `_complete` numbers them: rules order objects by it
            for index, obj in enumerate(source.objects):
                obj.ordinal = len(owner)
                owner.append((source, index))
        by_file = {source.path: source for source in sources if source.skipped is None and source.role == MANIFEST}
        apply_sets = self._layout_apply_sets([self._layout.apply_sets[index] for index in sets], by_file)
        for rule, obj, problem in self._whole_set_findings(self._whole_set_problems_here(apply_sets, seconds)):
            source, index = owner[obj.ordinal]
            source.raw.append((self._finding(rule, obj, problem), index))

    def _keep_positions_only(self, source: SourceFile) -> None:
        """Drop what a reading child has sent its parent: objects, values, analyses and findings. It keeps
        the text, the YAML nodes it holds (without values) and where each object is, for positions and
        fixes. Nothing small that reading allocated stays, so that the memory it took is freed whole."""
        kept = SourceFile(source.path, text=source.text, role=source.role)
        if not self._discard_if_released(source):  # else no nodes kept: parsed again for its first position
            kept.documents = source.documents
            for document in kept.documents:
                document.value = None
        self._sources[source.path] = kept
        documents, items = array("q"), array("q")
        for obj in source.objects:
            documents.append(obj.document)
            items.append(obj.base[1] if obj.base else -1)
        self._places[source.path] = (documents, items)

    def _discard_if_released(self, source: SourceFile) -> bool:
        """Whether the file's nodes were released; if so, its documents are discarded (`Document.discard`:
        their reload is a cycle that would hold them), where no position will be asked of them any more."""
        if source.path not in self._released:
            return False
        for document in source.documents:
            document.discard()
        return True

    def _sent_object(self, file: str, index: int) -> K8sObject:
        """In a reading child, the object of `file` at `index` as it was sent: its place, not its value."""
        documents, items = self._places[file]
        base = ("items", items[index]) if items[index] >= 0 else ()
        obj = K8sObject({}, file, documents[index], base)
        obj.source = self._reparsed(obj)
        return obj

    def _process(self, path: str, stdin_text: str | bytes | None, display: str) -> SourceFile:
        role = self._layout.role(path)
        if role == CHART:
            return SourceFile(display, role=role, skipped="a file of a Helm chart: linted through the rendered chart")
        started = time.perf_counter()
        from_stdin = path == STDIN
        buffer = self._buffers.get(real_path(path)) if self._buffers and not from_stdin else None
        try:
            keep = None if from_stdin else max(0, min(LARGE_FILE_BYTES, self._node_budget - self._text_with_nodes))
            if buffer is not None:  # read like standard input, reported as the file
                source = read_source(STDIN, self.config, buffer, display, keep)
            else:
                source = read_source(path, self.config, stdin_text, display, keep)
            source.role = role
            if keep is None or len(source.text) <= keep:
                self._text_with_nodes += len(source.text)
            else:
                self._released.add(source.path)
        except Exception as error:  # a bug must not cost the other files their results
            source = SourceFile(display, unreadable=f"internal error while reading: {type(error).__name__}: {error}")
        source.seconds["parse"] = time.perf_counter() - started
        return self._check_file(source, from_stdin)

    def _check_file(self, source: SourceFile, from_stdin: bool = False) -> SourceFile:
        if source.unreadable is not None:
            return source
        if source.role == KUSTOMIZE:
            return source  # kustomize's own configuration: only its YAML is checked
        if source.role == MANIFEST:
            source.skipped = why_not_linted(source)
            if source.skipped is not None:
                source.load_problems = []
                return source
        problems = build_objects(source, self.config.settings)
        if source.role == PATCH:
            # A JSON 6902 patch is a list of operations, not an object; every patch is partial.
            problems = [problem for problem in problems if problem.rule != "invalid-document"]
            for obj in source.objects:
                obj.partial = True
        source.load_problems.extend(problems)
        if source.path in self._covered:
            # Its objects are linted as rendered, where their annotations (suppressions included) end up.
            if "k8slint" in source.text:
                scan_suppressions(source)
                source.suppressions.by_object = {}
            source.objects = []
            return source
        if from_stdin:
            source.objects = sourced_stdin_objects(source.text, source.objects)
        if self.object_filter is not None:
            source.objects = [o for o in source.objects if self.object_filter.matches(_string_labels(o))]
        self._sources[source.path] = source
        if "k8slint" in source.text:
            scan_suppressions(source)
        for index, obj in enumerate(source.objects):
            for finding in self._object_findings(obj, source.seconds):
                if isinstance(obj, RenderedK8sObject):
                    self._rendered_findings.append((finding, obj))
                else:
                    source.raw.append((finding, index))
            obj.cache = None  # per-object analyses take more than the object's values: few whole-set rules ask again
        return source

    def _object_findings(self, obj: K8sObject, seconds: dict[str, float]) -> Iterator[Finding]:
        """The findings of every per-object rule on one object."""
        for rule in self._rules_checking(obj):
            if (rule.exclude or rule.only) and not rule.applies_to(_string_labels(obj)):
                continue
            for problem in self._problems(rule, obj, seconds):
                if problem.superseded_by is None or not self._enabled_for(problem.superseded_by, obj):
                    yield self._finding(rule, obj, problem)

    def _rules_checking(self, obj: K8sObject) -> list[EnabledRule]:
        key = (obj.group, obj.kind, obj.partial)
        rules = self._by_kind.get(key)
        if rules is None:
            rules = self._by_kind[key] = [
                r for r in self.per_object if r.rule.checks(obj) and (r.rule.checks_patches or not obj.partial)
            ]
        return rules

    def _enabled_for(self, name: str, obj: K8sObject) -> bool:
        """Whether a rule is enabled and checks this object (its `exclude`/`only` selectors)."""
        rule = self.config.rules.get(registry.lookup(name).code)
        return rule is not None and (not (rule.exclude or rule.only) or rule.applies_to(_string_labels(obj)))

    def _problems(self, rule: EnabledRule, obj: K8sObject, seconds: dict[str, float]) -> list[Problem]:
        started = time.perf_counter() if self.statistics is not None else 0.0
        try:
            problems = list(rule.rule.check(obj, self.contexts[rule.rule.code]))
        except Exception as error:  # a rule bug must not lose the other results
            problems = [_internal_error(rule, error)]
        if self.statistics is not None:
            seconds[rule.rule.name] = seconds.get(rule.rule.name, 0.0) + time.perf_counter() - started
        return problems

    # -- phase 2: per apply set, then overlaps, suppressions and order

    def _complete(self, sources: list[SourceFile]) -> Report:
        started = time.perf_counter()
        self._sources = {source.path: source for source in sources}
        owner: list[SourceFile] = []  # by object ordinal: the file it was read from
        self._index_in_file = array("q")
        for source in sources:
            for index, obj in enumerate(source.objects):
                obj.ordinal = len(owner)
                owner.append(source)
                self._index_in_file.append(index)
        ordinal = len(owner)
        apply_sets = self._apply_sets(sources)
        render_seconds: dict[str, float] = {}
        for rendered in self._renders:
            members = rendered.objects
            if self.object_filter is not None:
                members = [o for o in members if self.object_filter.matches(_string_labels(o))]
            for obj in members:
                obj.ordinal = ordinal
                ordinal += 1
                self._rendered_findings.extend((finding, obj) for finding in self._object_findings(obj, render_seconds))
            if members:
                apply_sets.append(ApplySet(members, self.config.settings, rendered.name))
        set_seconds = dict(self._reader_set_seconds)
        found = self._whole_set_findings(self._whole_set_problems(apply_sets, set_seconds))
        self._ask_readers_for_spans(found)
        for rule, obj, problem in found:
            if isinstance(obj, RenderedK8sObject):
                self._rendered_findings.append((self._finding(rule, obj, problem), obj))
            else:
                owner[obj.ordinal].raw.append((self._finding(rule, obj, problem), self._index_in_file[obj.ordinal]))
        for name, value in render_seconds.items():
            set_seconds[name] = set_seconds.get(name, 0.0) + value
        set_elapsed = time.perf_counter() - started
        reported = [s for s in sources if self._reported is None or s.path in self._reported or s.unreadable is not None]
        reported.extend(self._route_rendered_findings(sources))
        findings: list[Finding] = []
        for source in reported:
            if source.skipped is None:
                findings.extend(self._finish_file(source))
        self._spans_from_readers = {}
        for source in sources:  # every position is out
            self._discard_if_released(source)
        findings.sort(key=Finding.sort_key)
        if self._readers is not None:
            self._readers.close()
            self._readers = None
        linted = [source for source in reported if source.skipped is None and source.role != "rendered"]
        documents = sum(source.document_count for source in linted)
        if self.statistics is not None:
            finish = time.perf_counter() - started - set_elapsed
            self.statistics.record(sources, set_seconds, set_elapsed, finish, findings)
        linted_paths = {s.path for s in linted}
        return Report(
            findings,
            len(linted),
            documents,
            {s.path: s.text for s in reported if s.skipped is None and s.text},
            skipped=[(s.path, s.skipped) for s in reported if s.skipped is not None],
            apply_sets=[(name, [file for file in files if file in linted_paths]) for name, files in self._layout.apply_sets],
        )

    def _route_rendered_findings(self, sources: list[SourceFile]) -> list[SourceFile]:
        """Findings on rendered objects, and renders that failed, each once per distinct finding (rule,
        place, message) with the kustomizations or charts that produce it as related locations, added to
        the file they point at (whose suppression comments then apply); returns the files read for
        them that were not linted themselves (Helm templates, files outside the walk)."""
        enabled = self.config.rules
        merged: dict[tuple, tuple[Finding, dict[str, str]]] = {}

        def add(finding: Finding | None, root_file: str, rendered_by: str) -> None:
            # Like the findings of files read only as context, findings in files outside the linted paths
            # (a base beside the overlay that was named) are not reported; standard input's always are.
            if finding is None or (rendered_by and real_path(finding.file) not in self._linted_real):
                return
            key = (finding.code, finding.file, finding.line, finding.column, finding.message)
            entry = merged.setdefault(key, (finding, {}))
            if root_file and root_file != finding.file:
                entry[1].setdefault(root_file, rendered_by)

        for rendered in self._renders:
            if rendered.failure is not None:
                failure = rendered.failure
                add(registry.core_finding(failure.rule, failure.file, failure.span, failure.message, enabled), rendered.root_file, rendered.name)
        for finding, obj in self._rendered_findings:
            if obj is not None and not _silenced_by_annotation(obj, finding):
                add(finding, obj.root_file, obj.rendered_by)
        self._rendered_findings = []
        by_path = {source.path: source for source in sources}
        extra: dict[str, SourceFile] = {}
        for finding, roots in merged.values():
            if roots:
                produced = tuple(Location(file, 1, 1, 1, 1, f"produced by {name}") for file, name in sorted(roots.items()))
                finding = records.replace(finding, related=finding.related + produced)
            source = by_path.get(finding.file)
            if source is None or source.skipped is not None or source.unreadable is not None:
                source = extra.get(finding.file) or extra.setdefault(finding.file, _source_of_rendered(finding.file))
            elif self._reported is not None and source.path not in self._reported:
                continue
            elif any(_same_finding(finding, other) for other, _ in source.raw):
                continue  # also found in the file as written (a render that failed left it uncovered)
            source.raw.append((finding, -1))
        return list(extra.values())

    def _apply_sets(self, sources: list[SourceFile]) -> list[ApplySet]:
        """The objects of each apply set of the layout that no reading child checked; what was read from
        stdin is one of its own."""
        by_file = {source.path: source for source in sources if source.skipped is None and source.role == MANIFEST}
        grouped = {file for _, files in self._layout.apply_sets for file in files}
        entries = [entry for index, entry in enumerate(self._layout.apply_sets) if index not in self._sets_read_whole]
        apply_sets = self._layout_apply_sets(entries, by_file)
        for path, source in by_file.items():
            if path not in grouped and source.objects:  # standard input, or text linted directly
                apply_sets.append(ApplySet(list(source.objects), self.config.settings, path))
        return apply_sets

    def _layout_apply_sets(self, entries: list[tuple[str, list[str]]], by_file: dict[str, SourceFile]) -> list[ApplySet]:
        apply_sets = []
        for name, files in entries:
            present = [file for file in files if file in by_file]
            for part_name, part in _alternatives_apart(name, present, by_file):
                members = [obj for file in part for obj in by_file[file].objects]
                if members:
                    apply_sets.append(ApplySet(members, self.config.settings, part_name))
        return apply_sets

    def _whole_set_findings(self, problems: Iterator[tuple[EnabledRule, K8sObject, Problem]]) -> list[tuple[EnabledRule, K8sObject, Problem]]:
        """The whole-set problems that become findings: each once, of rules enabled for the object, and not
        replaced by a more specific rule."""
        seen: set[tuple] = set()
        found = []
        for rule, obj, problem in problems:
            key = (id(obj), rule.rule.code, problem)
            if key in seen:
                continue  # an object of a base shared by several overlays, found again
            seen.add(key)
            if not self._enabled_for(rule.rule.name, obj):
                continue
            if problem.superseded_by is not None and self._enabled_for(problem.superseded_by, obj):
                continue
            found.append((rule, obj, problem))
        return found

    def _whole_set_problems(
        self, apply_sets: list[ApplySet], seconds: dict[str, float]
    ) -> Iterator[tuple[EnabledRule, K8sObject, Problem]]:
        """(rule, object, problem) of every whole-set rule on every apply set; with several jobs, the rules
        are shared out over forked children (one task per rule, over every set), which see the sets
        without copying them."""
        tasks = list(range(len(self.whole_set))) if apply_sets else []
        objects_in_sets = sum(len(objects) for objects in apply_sets)
        if self.jobs == 1 or len(tasks) < 2 or objects_in_sets < PARALLEL_SET_OBJECTS or not can_fork():
            yield from self._whole_set_problems_here(apply_sets, seconds)
            return

        def run(rule_index: int) -> tuple[list, dict[str, float]]:
            task_seconds: dict[str, float] = {}
            found_all = []
            rule = self.whole_set[rule_index]
            for set_index, objects in enumerate(apply_sets):
                if not rule.rule.runs_on(objects):
                    continue
                found = self._set_problems(rule, objects, task_seconds)
                if found:
                    index = _index_in_set(objects)
                    found_all.extend((set_index, index[id(obj)], _portable(problem, index)) for obj, problem in found)
            return found_all, task_seconds

        pool = ForkPool(run, min(self.jobs, len(tasks)) - 1)
        try:
            results = pool.map(tasks, fallback=run, here=run)
        finally:
            pool.close()
        for rule_index, (found, task_seconds) in zip(tasks, results):
            for name, value in task_seconds.items():
                seconds[name] = seconds.get(name, 0.0) + value
            for set_index, index, problem in found:
                objects = apply_sets[set_index].objects
                yield self.whole_set[rule_index], objects[index], _restored(problem, objects)

    def _whole_set_problems_here(
        self, apply_sets: list[ApplySet], seconds: dict[str, float]
    ) -> Iterator[tuple[EnabledRule, K8sObject, Problem]]:
        for rule in self.whole_set:
            for objects in apply_sets:
                if rule.rule.runs_on(objects):
                    for obj, problem in self._set_problems(rule, objects, seconds):
                        yield rule, obj, problem

    def _set_problems(self, rule: EnabledRule, objects: ApplySet, seconds: dict[str, float]) -> list[tuple[K8sObject, Problem]]:
        started = time.perf_counter() if self.statistics is not None else 0.0
        context = self.contexts[rule.rule.code]
        try:
            found = list(rule.rule.check_set(objects, context))
        except Exception as error:
            # One malformed object must not blind the rule for every other: find the objects the rule
            # cannot read even alone, and analyse the others as if those were absent. (Their own
            # findings come from the schema and validation rules.)
            malformed = _objects_that_break(rule, objects, context)
            remaining = [obj for obj in objects.objects if id(obj) not in malformed]
            try:
                found = list(rule.rule.check_set(ApplySet(remaining, objects.settings, objects.name), context)) if malformed else None
            except Exception:
                found = None
            if found is None:  # a bug that no single object explains: report it, lose nothing else
                found = [(objects.objects[0], _internal_error(rule, error))]
        if self.statistics is not None:
            seconds[rule.rule.name] = seconds.get(rule.rule.name, 0.0) + time.perf_counter() - started
        return found

    # -- findings

    def _finding(self, rule: EnabledRule, obj: K8sObject, problem: Problem) -> Finding:
        file, span, note = self._where(obj, problem.at, problem.on_key, problem.inner)
        return Finding(
            file=file,
            line=span.line,
            column=span.column,
            code=rule.rule.code,
            name=rule.rule.name,
            severity=rule.severity(problem.severity),
            message=problem.message if note is None else f"{problem.message} ({note})",
            end_line=span.end_line,
            end_column=span.end_column,
            field=format_path(problem.at) or None,
            remediation=rule.rule.remediation,
            obj=obj.ref(),
            related=tuple(self._location(related) for related in problem.related),
            fix=None if problem.fix is None else self._fix(rule, obj, problem.fix),
        )

    def _fix(self, rule: EnabledRule, obj: K8sObject, spec: ProblemFix) -> Fix | None:
        """The text edits of a rule's fix; None for a rendered object (its file is not what is linted)."""
        if isinstance(obj, RenderedK8sObject):
            return None
        asked, edits = self._ask_reader(obj, ("fix", spec)) if obj.source is None else (False, None)
        if not asked:
            edits = self._edits_in(obj, spec)
        if edits is None:
            return None
        return Fix(spec.message, spec.safe if spec.safe is not None else rule.rule.fix == "safe", edits)

    def _edits_in(self, obj: K8sObject, spec: ProblemFix) -> tuple[TextEdit, ...] | None:
        from k8slint.fixes import text_edits

        source = self._sources.get(obj.file)
        if source is None or not source.lines:
            return None
        return text_edits(obj.source.node, obj.base, source.lines, source.text, spec)

    def _location(self, related: Related) -> Location:
        file, span, _ = self._where(related.obj, related.at, related.on_key)
        return Location(file, span.line, span.column, span.end_line, span.end_column, related.message)

    def _where(self, obj: K8sObject, path: tuple, on_key: bool = False, inner: tuple | None = None) -> tuple[str, Span, str | None]:
        """(file, span, note) of a field: in the object's own document, or, for a rendered object, in the
        source file a person edits (`k8slint.render.source_location`; the note says when it is a fallback)."""
        if isinstance(obj, RenderedK8sObject):
            from k8slint.render import source_location

            location = source_location(obj.rendered, tuple(path))
            span = Span(location.line, location.column, location.end_line, location.end_column)
            return display_path(location.file, self._known), span, location.note
        return obj.file, self._span_in(obj, path, on_key, inner), None

    def _span_in(self, obj: K8sObject, path: tuple, on_key: bool = False, inner: tuple | None = None) -> Span:
        if obj.source is None:  # it came back from a reading child, which keeps its YAML nodes
            span = self._spans_from_readers.get((obj.ordinal, tuple(path), on_key, inner))
            if span is not None:
                return span
            asked, span = self._ask_reader(obj, ("span", tuple(path), on_key, inner))
            if asked:
                return span
        span, _ = locate(obj.source.node, obj.base + tuple(path), on_key)
        if inner is not None:
            source = self._sources.get(obj.file)
            position = inner_position(obj.source.node, obj.base + tuple(path), source.lines if source else [], inner)
            if position is not None:
                span = Span(position[0] + 1, position[1] + 1, position[0] + 1, position[1] + 2)
        return span

    def _ask_readers_for_spans(self, found: list[tuple[EnabledRule, K8sObject, Problem]]) -> None:
        """Where the whole-set findings about objects that reading children hold are (their fields and
        related fields): asked of each child in one message, the children answering side by side, instead
        of a message a position (on the corpus, 0.7 s of round trips in a row)."""
        if self._readers is None:
            return
        wanted: dict[int, dict[tuple, tuple]] = {}
        for _, obj, problem in found:
            places = [(obj, problem.at, problem.on_key, problem.inner)]
            places.extend((related.obj, related.at, related.on_key, None) for related in problem.related)
            for held, at, on_key, inner in places:
                child = self._reader_of.get(held.file) if held.source is None else None
                if child is not None and not isinstance(held, RenderedK8sObject):
                    key = (held.ordinal, tuple(at), on_key, inner)
                    wanted.setdefault(child, {})[key] = (held.file, self._index_in_file[held.ordinal], *key[1:])
        answers = self._readers.ask_each({child: ("spans", list(asked.values())) for child, asked in wanted.items()})
        for child, spans in answers.items():
            self._spans_from_readers.update(zip(wanted[child], spans))

    def _ask_reader(self, obj: K8sObject, request: tuple) -> tuple[bool, Any]:
        """(True, answer) of the reading child that holds `obj`'s YAML nodes to `request` (what, *arguments);
        (False, None) when no child holds them (any more): `obj.source` is then parsed again here."""
        child = self._reader_of.get(obj.file)
        if child is not None:
            try:
                return True, self._readers.ask(child, (request[0], obj.file, self._index_in_file[obj.ordinal], *request[1:]))
            except (EOFError, OSError):
                self._reader_of = {file: c for file, c in self._reader_of.items() if c != child}
        obj.source = self._reparsed(obj)
        return False, None

    def _reparsed(self, obj: K8sObject):
        """The object's document, parsed again here when the child that read its file is gone (or, in a
        reading child, when it kept no nodes of the file)."""
        source = self._sources[obj.file]
        if not source.documents:
            source.documents = load_text(source.text).documents
            source.lines = source.text.splitlines()
        documents = source.documents  # in index order, without those that are not linted
        return documents[bisect_left(documents, obj.document, key=lambda document: document.index)]

    def _finish_file(self, source: SourceFile) -> list[Finding]:
        enabled = self.config.rules
        core: list[Finding | None] = []
        if source.unreadable is not None:
            core.append(registry.core_finding("unreadable-file", source.path, Span(1, 1, 1, 1), source.unreadable, enabled))
        for problem in source.load_problems:
            core.append(registry.core_finding(problem.rule, source.path, problem.span, problem.message, enabled))
        findings = [finding for finding in core if finding is not None]
        findings.extend(finding for finding, _ in source.raw)
        if source.suppressions.directives or source.suppressions.by_object or source.suppressions.invalid:
            return apply_suppressions(source, findings, enabled)
        return findings


def _same_finding(one: Finding, other: Finding) -> bool:
    return (one.code, one.line, one.column, one.message) == (other.code, other.line, other.column, other.message)


def _silenced_by_annotation(obj: RenderedK8sObject, finding: Finding) -> bool:
    """Whether the rendered object's own `ignore-check.k8slint.io/*` annotations (which travel through
    kustomize and Helm) silence a finding on it."""
    if not any(isinstance(key, str) and "k8slint.io/" in key for key in obj.annotations):
        return False
    from k8slint.model import format_path
    from k8slint.objects import containers

    fields = {c["name"]: format_path(path) for path, c in containers(obj) if isinstance(c.get("name"), str)}
    found, _ = annotation_suppressions(obj.annotations, lambda key: Span(1, 1, 1, 1), fields)
    return any(suppression.covers(finding.code, finding.line, finding.field) for suppression in found)


def _source_of_rendered(file: str) -> SourceFile:
    """A file that rendered findings point at but that was not linted itself (a Helm template): read for
    the `full` format's source lines and for its `# k8slint:` comments."""
    source = SourceFile(file, role="rendered")
    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            source.text = handle.read()
    except OSError:
        return source
    source.lines = source.text.splitlines()
    if "k8slint" in source.text:
        source.suppressions = scan_directives(source.text, source.lines, [])
    return source


def _objects_that_break(rule: EnabledRule, objects: ApplySet, context: Context, most: int = 20) -> set[int]:
    """id() of the objects whose presence makes the rule's check_set raise. Each is found by bisecting
    on prefixes of the set (the shortest prefix that raises ends with one), so a few malformed objects
    among thousands cost a few dozen runs; after `most` of them, give up (a rule bug, not bad input)."""

    def breaks(members: list[K8sObject]) -> bool:
        try:
            for _ in rule.rule.check_set(ApplySet(members, objects.settings, objects.name), context):
                pass
        except Exception:
            return True
        return False

    found: set[int] = set()
    current = list(objects.objects)
    while len(found) < most and current and breaks(current):
        low, high = 1, len(current)  # breaks(current[:high]) holds; find the smallest such prefix
        while low < high:
            middle = (low + high) // 2
            if breaks(current[:middle]):
                high = middle
            else:
                low = middle + 1
        found.add(id(current[high - 1]))
        del current[high - 1]
    return found if current and not breaks(current) else set()


def _context_files(named: list[str], root: str, config: Config) -> list[str]:
    """The files that may share an apply set with `named`, without walking the whole project: the
    manifests beside each (one directory is one apply set), and every file of the kustomizations in
    their directories or above them, up to `root`, with those kustomizations' bases and components."""
    from k8slint.inputs import MANIFEST_SUFFIXES
    from k8slint.render.files import kustomization_file

    found: dict[str, None] = {}
    top = os.path.abspath(root)
    directories = {os.path.dirname(os.path.abspath(file)) for file in named}
    ancestors: set[str] = set()
    for directory in directories:
        current = directory
        while current.startswith(top) and current not in ancestors:
            ancestors.add(current)
            if current == top:
                break
            current = os.path.dirname(current)
    for directory in sorted(directories):
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        for name in names:
            path = os.path.join(directory, name)
            if name.endswith(MANIFEST_SUFFIXES) and os.path.isfile(path) and not config.is_ignored(path):
                found[os.path.relpath(path)] = None
    for directory in sorted(ancestors):
        if kustomization_file(Path(directory)) is None:
            continue
        from k8slint.render.kustomize import kustomization_tree

        for path in kustomization_tree(Path(directory)).input_files():
            if str(path).endswith(MANIFEST_SUFFIXES) or path.name == "Kustomization":
                found[os.path.relpath(path)] = None
    return list(found)


def _alternatives_apart(name: str, files: list[str], by_file: dict[str, SourceFile]) -> list[tuple[str, list[str]]]:
    """A directory whose files define the same object more than once holds alternatives (an install
    and its namespaced variant, the states of one object), not objects applied together: each of its
    files is then an apply set of its own. Kustomizations, charts and configured groups stay whole."""
    if not name.startswith(DIRECTORY) or len(files) < 2:
        return [(name, files)]
    defined: dict[tuple, str] = {}
    for file in files:
        for obj in by_file[file].objects:
            if obj.name is None:
                continue
            key = (obj.group, obj.kind, obj.namespace, obj.name)
            if defined.setdefault(key, file) != file:
                return [(f"file {part}", [part]) for part in files]
    return [(name, files)]


def _internal_error(rule: EnabledRule, error: Exception) -> Problem:
    return Problem((), f"internal error in rule {rule.rule.name}: {type(error).__name__}: {error}")


@per_apply_set
def _index_in_set(objects: ApplySet) -> dict[int, int]:
    return {id(obj): index for index, obj in enumerate(objects.objects)}


def _portable(problem: Problem, index: dict[int, int]) -> Problem:
    """A problem as it crosses between processes: related objects by their index in the set, not by value."""
    if not problem.related:
        return problem
    related = tuple(records.replace(r, obj=index[id(r.obj)]) for r in problem.related)
    return records.replace(problem, related=related)


def _restored(problem: Problem, objects: list[K8sObject]) -> Problem:
    if not problem.related:
        return problem
    related = tuple(records.replace(r, obj=objects[r.obj]) for r in problem.related)
    return records.replace(problem, related=related)


def _sizes(files: list[str]) -> list[int]:
    sizes = []
    for path in files:
        try:
            sizes.append(max(os.path.getsize(path), 1))
        except OSError:
            sizes.append(1)
    return sizes


def _chunks(files: list[str], sizes: list[int], count: int, joined: Sequence[tuple[int, int]] = ()) -> list[list[str]]:
    """Consecutive runs of files of about equal total size, so that output order is kept; never cut
    between the first and the last position of a span in `joined`."""
    target = sum(sizes) / count
    inside = bytearray(len(files) + 1)  # 1 where a chunk may not start
    for first, last in joined:
        inside[first + 1 : last + 1] = b"\1" * (last - first)
    chunks: list[list[str]] = [[]]
    filled = 0.0
    for position, (path, size) in enumerate(zip(files, sizes)):
        if filled >= target and chunks[-1] and not inside[position]:
            chunks.append([])
            filled = 0.0
        chunks[-1].append(path)
        filled += size
    return chunks


@record(slots=True)
class Statistics:
    """Where a run spent its time, and what each rule found (`k8slint lint --statistics`)."""

    phases: dict[str, float] = field(default_factory=dict)
    rule_seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def record(
        self, sources: list[SourceFile], whole_set: dict[str, float], set_elapsed: float, finish: float, findings: list[Finding]
    ) -> None:
        parse = sum(source.seconds.get("parse", 0.0) for source in sources)
        per_object: dict[str, float] = {}
        for source in sources:
            for name, seconds in source.seconds.items():
                if name != "parse":
                    per_object[name] = per_object.get(name, 0.0) + seconds
        schema = per_object.get("schema-invalid", 0.0)
        self.phases.update(
            {
                "parse": parse,
                "per-object rules": sum(per_object.values()) - schema,
                "schema": schema,
                "whole-set rules": set_elapsed,
                "suppressions and sorting": finish,
            }
        )
        self.rule_seconds = {name: per_object.get(name, 0.0) + whole_set.get(name, 0.0) for name in {*per_object, *whole_set}}
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
    # A null label value is stored as "" by the API server's decoder.
    return {str(key): "" if value is None else value if isinstance(value, str) else str(value) for key, value in obj.labels.items()}
