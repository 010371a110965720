"""Reading inputs: which files to lint, their text decoded as Kubernetes would, and their objects.

Nothing here runs a rule. A path that cannot be read, a file that is not text and a document
that is not an object each become a problem of that file; the other files go on.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from pathlib import Path
from typing import Iterator, Sequence

from k8slint.config import Config
from k8slint.layout import CHAINSAW_TEST_FILES, real_path
from k8slint.loader import Document, LoadProblem, load_text, locate
from k8slint.model import Finding, Settings, Span
from k8slint.objects import ApplySet, K8sObject, classify
from k8slint.records import field, record
from k8slint.suppress import FileSuppressions
from k8slint.regex import LazyPattern

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


@record(slots=True, eq=False)
class SourceFile:
    """One input file as read: its text, documents, objects, and what reading it reported."""

    path: str
    text: str = ""
    _lines: list[str] | None = None  # `lines`, split from the text when first asked for
    documents: list[Document] = field(default_factory=list)
    objects: list[K8sObject] = field(default_factory=list)
    load_problems: list[LoadProblem] = field(default_factory=list)
    unreadable: str | None = None
    role: str = "manifest"  # k8slint.layout: manifest, patch, kustomize or chart
    skipped: str | None = None  # why the file is not linted (not a Kubernetes manifest, a test assertion...)
    suppressions: FileSuppressions = field(default_factory=FileSuppressions)
    raw: list[tuple[Finding, int]] = field(default_factory=list)  # (finding, index of its object in `objects`)
    document_count: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # parse time and rule times, for --statistics

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    @lines.setter
    def lines(self, lines: list[str]) -> None:
        self._lines = lines

    def __getstate__(self) -> dict:
        """Sent back from a worker process without the YAML nodes (they are re-parsed if needed)."""
        state = {name: getattr(self, name) for name in self.__slots__}
        state["documents"] = []
        state["_lines"] = None  # the text is enough
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)


def expand_paths(
    paths: Sequence[str], config: Config, force_exclude: bool = False
) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to lint, in a stable order, each real file once, and (path, reason) for inputs that cannot be read.

    Directories are walked (hidden entries, the configuration's `ignore` patterns and, unless
    `respectGitignore: false`, what .gitignore files ignore are skipped). A file named on the command
    line is linted even when `ignore` matches it, unless `force_exclude` (the pre-commit hook's
    `--force-exclude`, as in ruff: the hook names files one by one).
    """
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
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
            info = path.stat()
            identity = (info.st_dev, info.st_ino)  # one real file, however it is named
            if identity not in seen and not (force_exclude and config.is_ignored(path)):
                seen.add(identity)
                files.append(os.path.normpath(given))
        else:
            problems.append((given, "not a regular file"))
    return files, problems


def _walk(root: Path, config: Config, seen: set[tuple[int, int]], problems: list[tuple[str, str]]) -> Iterator[str]:
    visited: set[tuple[int, int]] = set()
    found: list[str] = []
    gitignores = _GitIgnores(root) if config.respect_gitignore else None

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
        if gitignores is not None:
            gitignores.enter(directory)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".")
            and not config.is_ignored(os.path.join(directory, name))
            and not (gitignores is not None and gitignores.ignored(os.path.join(directory, name), True))
        )
        for name in sorted(names):
            if not name.endswith(MANIFEST_SUFFIXES):
                continue
            full = os.path.normpath(os.path.join(directory, name))
            if config.is_ignored(full) or (gitignores is not None and gitignores.ignored(full, False)):
                continue
            try:
                info = os.stat(full)
            except OSError as error:
                problems.append((full, error.strerror or str(error)))
                continue
            if not stat.S_ISREG(info.st_mode):
                problems.append((full, "not a regular file"))
                continue
            identity = (info.st_dev, info.st_ino)  # one real file, however it is reached
            if identity in seen:
                continue
            seen.add(identity)
            found.append(full)
    return iter(found)


class _GitIgnores:
    """The .gitignore files (and .git/info/exclude) that apply below a walk's root, as git reads them:
    each file's patterns are relative to its directory, deeper files and later lines win."""

    def __init__(self, root: Path) -> None:
        self.specs: dict[str, object] = {}  # directory -> its compiled .gitignore
        start = os.path.abspath(root)
        top = git_root(start)
        if top is not None:
            self._load(top, os.path.join(top, ".git", "info", "exclude"))
            current = start
            ancestors = []
            while current != top and current.startswith(top):
                current = os.path.dirname(current)
                ancestors.append(current)
            for directory in reversed(ancestors):
                self._load(directory, os.path.join(directory, ".gitignore"))

    def _load(self, directory: str, file: str) -> None:
        import pathspec

        try:
            with open(file, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return
        try:
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
        except Exception:  # a pattern git itself would skip must not stop the walk
            return
        key = os.path.abspath(directory)
        if key in self.specs:
            self.specs[key] = pathspec.GitIgnoreSpec(list(self.specs[key].patterns) + list(spec.patterns))
        else:
            self.specs[key] = spec

    def enter(self, directory: str) -> None:
        self._load(directory, os.path.join(directory, ".gitignore"))

    def ignored(self, path: str, is_directory: bool) -> bool:
        if not self.specs:
            return False
        absolute = os.path.abspath(path)
        verdict = None
        for directory, spec in self.specs.items():
            if not absolute.startswith(directory + os.sep):
                continue
            relative = os.path.relpath(absolute, directory).replace(os.sep, "/")
            result = spec.check_file(relative + "/" if is_directory else relative)
            if result.include is not None:
                verdict = result.include  # deeper directories come later: their verdict wins
        return bool(verdict)




def git_root(start: str) -> str | None:
    """The top of the git work tree holding `start`, if any."""
    current = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def read_source(
    path: str, config: Config, stdin_text: str | bytes | None = None, display: str | None = None, keep_nodes_up_to: int | None = None
) -> SourceFile:
    """A file read and parsed; standard input (`stdin_text`, as bytes) is decoded exactly like a file.
    A text longer than `keep_nodes_up_to` characters keeps no YAML nodes (`loader.load_text`)."""
    source = SourceFile(display or path)
    if path == STDIN and isinstance(stdin_text, str):
        text = stdin_text
    elif path == STDIN:
        text_or_error = decode(stdin_text or b"")
        if not isinstance(text_or_error, str):
            source.unreadable = text_or_error[0]
            return source
        text = text_or_error
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
    loaded = load_text(text, keep_nodes=keep_nodes_up_to is None or len(text) <= keep_nodes_up_to)
    source.documents = loaded.documents
    source.document_count = len(loaded.documents)
    source.load_problems = [_explain_tab(problem, source.lines) for problem in loaded.problems]
    if "{{" in text and any(problem.rule in ("invalid-yaml", "unsupported-yaml") for problem in loaded.problems):
        # Template actions in the YAML structure (not inside strings, where `{{ $value }}` is common):
        # the file is a template, and every finding on its accidental parse would be noise.
        source.documents = []
        source.load_problems = [
            LoadProblem(
                "unrendered-template",
                "this looks like an unrendered template ({{ ... }}); lint the rendered output instead "
                f"({_first_yaml_error(loaded.problems)})",
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
    problem = next(problem for problem in problems if problem.rule in ("invalid-yaml", "unsupported-yaml"))
    what = "YAML error" if problem.rule == "invalid-yaml" else "template syntax read as YAML"
    return f"{what} at line {problem.span.line}: {problem.message}"


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


# Test-harness files describe expectations about a cluster, not objects to apply: chainsaw and kuttl
# assertions and errors files, their test definitions, and the Kyverno CLI's test manifests.
_HARNESS_GROUPS = ("chainsaw.kyverno.io", "kuttl.dev", "cli.kyverno.io")
_HARNESS_FILE_SUFFIXES = tuple(
    f"{stem}{suffix}" for stem in ("-assert", "-errors") for suffix in (".yaml", ".yml")
) + CHAINSAW_TEST_FILES + ("kyverno-test.yaml", "kyverno-test.yml")
# Formats of other tools that borrow apiVersion, kind and metadata but never reach an API server, and whose
# names follow other rules (Backstage entity names allow upper case and `_`): catalog-info.yaml, skaffold.yaml.
_NOT_KUBERNETES_GROUPS = frozenset({"backstage.io", "skaffold"})
# chainsaw asserts select and compute with JMESPath in parenthesised keys: `(length(items)): 3`
_ASSERTION_SIZE = 64 * 1024
_JMESPATH_KEY = LazyPattern(r"^[ \t]*(?:-[ \t]+)?\([^\n]*\)[ \t]*:", re.MULTILINE)


def why_not_linted(source: SourceFile) -> str | None:
    """Why a file walked as a manifest is not one (reported in the summary), or None to lint it."""
    name = os.path.basename(source.path)
    if name.endswith(_HARNESS_FILE_SUFFIXES):
        return "a test-harness file (chainsaw, kuttl or Kyverno CLI), not objects to apply"
    if source.path != STDIN and _named_by_chainsaw_test(source.path):
        return "a test-harness file (an assertion named by chainsaw-test.yaml), not objects to apply"
    values = [document.value for document in source.documents if isinstance(document.value, dict)]
    for value in values:
        api_version = value.get("apiVersion")
        if isinstance(api_version, str) and api_version.split("/", 1)[0].endswith(_HARNESS_GROUPS):
            return "a test-harness file (chainsaw, kuttl or Kyverno CLI), not objects to apply"
    text = source.text
    # Assertions are small files; a large manifest is not scanned for them line by line.
    if len(text) < _ASSERTION_SIZE and "(" in text and _JMESPATH_KEY.search(text) and any(_has_jmespath_key(value) for value in values):
        return "a test-harness assertion (JMESPath keys in parentheses), not objects to apply"
    read = {document.index for document in source.documents}
    if any(
        problem.rule in ("invalid-yaml", "unrendered-template") or (problem.document is not None and problem.document not in read)
        for problem in source.load_problems
    ):
        return None  # what could not be read may have been a manifest: its problem is reported
    if values and all(_api_group(value) in _NOT_KUBERNETES_GROUPS for value in values):
        return "not a Kubernetes manifest (a Backstage catalog descriptor or a Skaffold config)"
    if any("apiVersion" in value or "kind" in value or classify(value) is not None for value in values):
        return None
    return "not a Kubernetes manifest (no document has apiVersion or kind)"


def _api_group(value: dict) -> str | None:
    api_version = value.get("apiVersion")
    return api_version.split("/", 1)[0] if isinstance(api_version, str) and "/" in api_version else None


def _named_by_chainsaw_test(path: str) -> bool:
    from k8slint.layout import chainsaw_step_files

    directory, name = os.path.split(os.path.abspath(path))
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in chainsaw_step_files(directory, ("assert", "error")))


def _has_jmespath_key(value: object) -> bool:
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, child in current.items():
                if isinstance(key, str) and key.startswith("(") and key.endswith(")"):
                    return True
                stack.append(child)
        elif isinstance(current, list):
            stack.extend(current)
    return False


def project_root(paths: Sequence[str], config: Config) -> str | None:
    """Where the rest of the linted files' apply sets are looked for: the configuration file's directory,
    else the git work tree holding the paths; None when neither is known (only what was named is read)."""
    if not paths:
        return None
    if config.source is not None:
        root = str(config.root)
        if not all(real_path(path).startswith(real_path(root) + os.sep) or real_path(path) == real_path(root) for path in paths):
            return None  # linting outside the configuration's project: only what was named is read
    else:
        absolute = [os.path.abspath(path) for path in paths]
        common = os.path.commonpath(absolute)
        if os.path.isfile(common):
            common = os.path.dirname(common)
        root = git_root(common)
        if root is None:
            return None
    if all(real_path(path) == real_path(root) for path in paths):
        return None  # the walk of the paths is already the whole project
    return os.path.relpath(root)
