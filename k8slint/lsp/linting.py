"""What the language server lints, and with which configuration; no protocol here.

Open documents are linted from their unsaved text, together with the rest of their apply sets as saved
(`Linter.lint_paths(..., buffers=...)`), so that whole-set rules see a Service in the buffer beside the
Deployments on disk. Each file gets the configuration of the nearest `.k8slint.yaml` above it, re-read
whenever that file's modification time or size changes; an invalid configuration is reported as
problems of its file and the last valid one (the built-in defaults before any) stays in use.

Kustomizations and charts are rendered from disk, so while a buffer of a run differs from its file the
run lints the files as written instead (its apply sets are kept); after a save, it renders again.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Callable, Mapping, Sequence

from k8slint import records, registry
from k8slint.config import Config, ConfigError, find_config, load_config
from k8slint.layout import real_path
from k8slint.model import Finding
from k8slint.records import field, record

_POSITIONED = re.compile(r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)", re.DOTALL)


class Superseded(Exception):
    """A lint stopped because a newer version of one of its documents made its result useless."""


@record(frozen=True, slots=True)
class ConfigProblem:
    """A mistake in a configuration (or policy) file, 1-based."""

    file: str
    line: int
    column: int
    message: str


@record(slots=True)
class LintResult:
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # path as asked -> its findings
    apply_sets: dict[str, frozenset[str]] = field(default_factory=dict)  # path -> names of its apply sets
    configs: dict[str, Config] = field(default_factory=dict)  # path -> the configuration it was linted with


@record(slots=True)
class _Loaded:
    stamp: tuple[int, int] | None  # (mtime_ns, size) of the file when read
    config: Config
    problems: list[ConfigProblem]


class Configs:
    """The configuration of each file: its nearest `.k8slint.yaml`, re-read when that file changes."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = explicit  # `--config`: this file for every document
        self._loaded: dict[Path | None, _Loaded] = {}
        self._lock = threading.Lock()  # the lint thread reads configurations; the server, their problems

    def for_file(self, path: str) -> tuple[Path | None, Config]:
        config_path = self.explicit or find_config(Path(path).parent)
        return config_path, self.load(config_path)

    def load(self, config_path: Path | None) -> Config:
        with self._lock:
            return self._load(config_path)

    def _load(self, config_path: Path | None) -> Config:
        stamp = _stamp(config_path)
        loaded = self._loaded.get(config_path)
        if loaded is not None and loaded.stamp == stamp:
            return loaded.config
        try:
            config = load_config(config_path)
            problems = [_problem(message, config_path) for message in config.policy_errors]
        except ConfigError as error:
            # Keep linting with what was in force, so that a typo does not flood the documents with findings.
            config = loaded.config if loaded is not None else load_config(None)
            problems = [_problem(message, config_path) for message in error.messages()]
        self._loaded[config_path] = _Loaded(stamp, config, problems)
        return config

    def problems(self) -> dict[str, list[ConfigProblem]]:
        """The current problems of every configuration read, by file (an empty list: none any more)."""
        found: dict[str, list[ConfigProblem]] = {}
        with self._lock:
            loaded_now = list(self._loaded.items())
        for config_path, loaded in loaded_now:
            if config_path is not None:
                found.setdefault(os.path.abspath(config_path), [])
            for problem in loaded.problems:
                found.setdefault(problem.file, []).append(problem)
        return found


def lint(
    configs: Configs, paths: Sequence[str], buffers: Mapping[str, str], cancelled: Callable[[], bool] = lambda: False
) -> LintResult:
    """The findings of `paths` (absolute), each linted from its text in `buffers` when it has one, with
    the rest of its apply sets from disk. Raises `Superseded` as soon as `cancelled()` says so."""
    result = LintResult()
    groups: dict[Path | None, list[str]] = {}
    for path in paths:
        config_path, config = configs.for_file(path)
        groups.setdefault(config_path, []).append(path)
        result.configs[path] = config
    for group in groups.values():
        config = result.configs[group[0]]
        saved = [path for path in group if os.path.isfile(path)]
        for path in group:
            if path not in saved:  # a new document, never saved: alone, as text
                result.findings[path] = _lint_text(config, buffers.get(path, ""), path)
                result.apply_sets[path] = frozenset()
        if saved:
            _lint_saved(config, saved, buffers, cancelled, result)
    return result


def _lint_saved(config: Config, paths: list[str], buffers: Mapping[str, str], cancelled: Callable[[], bool], result: LintResult) -> None:
    from k8slint.linter import Linter

    if config.render is not None and config.render.enabled and any(_differs_from_disk(path, buffers) for path in paths):
        config = records.replace(config, render=records.replace(config.render, enabled=False))

    def progress(done: int, total: int) -> None:
        if cancelled():
            raise Superseded

    report = Linter(config, jobs=1, progress=progress).lint_paths(paths, buffers=buffers, force_exclude=True)
    asked = {real_path(path): path for path in paths}
    for path in paths:
        result.findings[path] = []
        result.apply_sets[path] = frozenset()
    for finding in report.findings:
        path = asked.get(real_path(finding.file))
        if path is not None:
            result.findings[path].append(finding)
    for name, files in report.apply_sets:
        for file in files:
            path = asked.get(real_path(file))
            if path is not None:
                result.apply_sets[path] = result.apply_sets[path] | {name}


def _lint_text(config: Config, text: str, path: str) -> list[Finding]:
    from k8slint.linter import Linter

    return Linter(config).lint_text(text, path).findings


def rule_named(config: Config, name: str):
    """The rule (built in, or a user policy of `config`) with this name or code, or None."""
    with registry.with_policies(config.policy_rules):
        return registry.lookup(name)


def _differs_from_disk(path: str, buffers: Mapping[str, str]) -> bool:
    text = buffers.get(path)
    if text is None:
        return False
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return handle.read() != text
    except OSError:
        return True


def _stamp(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _problem(message: str, config_path: Path | None) -> ConfigProblem:
    """A `file:line:column: message` (or `file: message`) from the configuration's loader, positioned."""
    match = _POSITIONED.fullmatch(message)
    if match is not None:
        return ConfigProblem(os.path.abspath(match["file"]), int(match["line"]), int(match["column"]), match["message"])
    where = os.path.abspath(config_path) if config_path is not None else ""
    if config_path is not None and message.startswith(f"{config_path}: "):
        message = message[len(f"{config_path}: "):]
    return ConfigProblem(where, 1, 1, message)
