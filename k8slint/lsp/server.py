"""The language server: document events in, diagnostics, hovers and code actions out (pygls, over stdio).

Lints run in one thread of their own, never on the event loop, so that the server keeps answering while
a large file is linted. A change schedules a lint of its document after a short pause (typing is
debounced); a newer version of the document supersedes the older run, which stops between files and
whose result is dropped. A run lints the changed document together with the open documents of its apply
sets (their unsaved text too), and publishes each document's diagnostics only if it has not changed since.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from k8slint import __version__
from k8slint.config import CONFIG_NAMES, Config
from k8slint.lsp import protocol
from k8slint.lsp.linting import ConfigProblem, Configs, Superseded, lint, rule_named
from k8slint.model import Finding
from k8slint.records import record

CHANGE_DEBOUNCE_SECONDS = 0.05  # the pause after a keystroke before the document is linted again
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
logger = logging.getLogger(__name__)


@record(slots=True)
class Linted:
    """A document's findings as last published, with the text and version they were found in."""

    version: int | None
    text: str
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    config: Config


class K8slintServer(LanguageServer):
    def __init__(self, config: Path | None = None) -> None:
        super().__init__("k8slint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.configs = Configs(config)
        self.lint_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="k8slint-lint")
        self.linted: dict[str, Linted] = {}  # uri -> what was last published for it
        self.apply_sets: dict[str, frozenset[str]] = {}  # uri -> names of the apply sets it was last linted in
        self.generation: dict[str, int] = {}  # uri -> number of lints asked for it: a run is current while it holds
        self.scheduled: dict[str, asyncio.Task] = {}
        self.config_problems: dict[str, list[ConfigProblem]] = {}  # config file -> problems last published

    # -- scheduling

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint `uri` (and the open documents of its apply sets) after `delay`, superseding earlier runs."""
        if _is_config(uri):  # opened or saved: read now, so that its problems show without a manifest open
            self.configs.load(Path(os.path.realpath(protocol.uri_path(uri))))
            self.publish_config_problems()
            return
        self.generation[uri] = self.generation.get(uri, 0) + 1
        previous = self.scheduled.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.scheduled[uri] = asyncio.ensure_future(self._lint_after(uri, delay, self.generation[uri]))

    def schedule_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    async def _lint_after(self, uri: str, delay: float, generation: int) -> None:
        if delay:
            await asyncio.sleep(delay)
        documents = self.workspace.text_documents
        if uri not in documents:
            return
        sets = self.apply_sets.get(uri, frozenset())
        targets = [uri, *(other for other in documents if other != uri and sets & self.apply_sets.get(other, frozenset()))]
        snapshot = {target: (documents[target].version, documents[target].source) for target in targets}
        paths = {target: _path(target) for target in targets}
        buffers = {
            _path(other): snapshot[other][1] if other in snapshot else document.source
            for other, document in documents.items()
            if not _is_config(other)
        }

        def superseded() -> bool:
            return self.generation.get(uri) != generation

        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.lint_thread, lint, self.configs, list(paths.values()), buffers, superseded)
        except Superseded:
            return
        except Exception as error:  # a bug must not take the server down: say so, keep serving
            logger.exception("lint failed")
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=f"k8slint: lint failed: {error!r}"))
            return
        if superseded():
            return
        documents = self.workspace.text_documents
        for target, (version, text) in snapshot.items():
            path = paths[target]
            if target not in documents or documents[target].version != version or path not in result.findings:
                continue  # changed since (its own run publishes), or closed
            self.apply_sets[target] = result.apply_sets[path]
            self.publish(target, version, text, result.findings[path], result.configs[path])
        self.publish_config_problems()

    # -- publishing

    def publish(self, uri: str, version: int | None, text: str, findings: list[Finding], config: Config) -> None:
        columns = self.columns(text)
        other_files: dict[str, protocol.Columns | None] = {}

        def columns_of(file: str) -> protocol.Columns | None:
            if file not in other_files:
                other_files[file] = self.columns_of_file(file)
            return other_files[file]

        rules = {finding.code: rule_named(config, finding.code) for finding in findings}
        diagnostics = [protocol.diagnostic(finding, columns, rules[finding.code], columns_of) for finding in findings]
        self.linted[uri] = Linted(version, text, findings, diagnostics, config)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    def publish_config_problems(self) -> None:
        """One diagnostic per mistake in each configuration file read; none once it is fixed."""
        for file, problems in self.configs.problems().items():
            if not file or self.config_problems.get(file, []) == problems:
                continue
            self.config_problems[file] = problems
            columns = self.columns_of_file(file)
            diagnostics = []
            for problem in problems:
                start = columns.position(problem.line, problem.column) if columns else types.Position(line=problem.line - 1, character=0)
                line_end = len(columns.lines[start.line].rstrip("\r\n")) + 1 if columns and start.line < len(columns.lines) else problem.column + 1
                end = columns.position(problem.line, line_end) if columns else start
                diagnostics.append(
                    types.Diagnostic(
                        range=types.Range(start=start, end=end),
                        severity=types.DiagnosticSeverity.Error,
                        source=protocol.SOURCE,
                        message=f"invalid configuration: {problem.message}",
                    )
                )
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=protocol.file_uri(file), diagnostics=diagnostics))

    def columns(self, text: str) -> protocol.Columns:
        return protocol.Columns(_LINE_BREAK.split(text), self.workspace.position_codec.client_num_units)

    def columns_of_file(self, file: str) -> protocol.Columns | None:
        uri = protocol.file_uri(file)
        document = self.workspace.text_documents.get(uri)
        if document is not None:
            return self.columns(document.source)
        try:
            with open(file, encoding="utf-8", errors="replace", newline="") as handle:
                return self.columns(handle.read())
        except OSError:
            return None

    # -- requests

    def current(self, uri: str) -> Linted | None:
        """The published findings of a document, if they are of its current text."""
        linted = self.linted.get(uri)
        document = self.workspace.text_documents.get(uri)
        if linted is None or document is None or document.version != linted.version:
            return None
        return linted

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        linted = self.current(params.text_document.uri)
        if linted is None:
            return None
        shown: dict[str, str] = {}
        span = None
        for finding, diagnostic in zip(linted.findings, linted.diagnostics):
            if protocol.contains(diagnostic.range, params.position) and finding.code not in shown:
                rule = rule_named(linted.config, finding.code)
                if rule is not None:
                    from k8slint.commands.explain import documentation

                    shown[finding.code] = documentation(rule)
                    span = span or diagnostic.range
        if not shown:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n\n".join(shown.values())), range=span
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        linted = self.current(uri)
        if linted is None:
            return None
        only = params.context.only
        if only and not any(types.CodeActionKind.QuickFix.value.startswith(kind) for kind in only):
            return None
        return protocol.code_actions(uri, linted.text, linted.findings, linted.diagnostics, params.range, self.columns(linted.text))


def _is_config(uri: str) -> bool:
    path = protocol.uri_path(uri)
    return path is not None and os.path.basename(path) in CONFIG_NAMES


def _path(uri: str) -> str:
    """The path a document is linted as: its file, or the URI of a document that is not a file (an
    untitled one), which is linted alone with the configuration of the current directory."""
    path = protocol.uri_path(uri)
    return path if path is not None else uri


def build(config: Path | None = None) -> K8slintServer:
    server = K8slintServer(config)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: K8slintServer, params: types.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            registration = types.Registration(id="k8slint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
            except Exception as error:  # the configuration is still re-read when its modification time changes
                logger.warning("could not watch the configuration files: %s", error)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: K8slintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: K8slintServer, params: types.DidChangeTextDocumentParams) -> None:
        if not _is_config(params.text_document.uri):
            ls.schedule(params.text_document.uri, CHANGE_DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: K8slintServer, params: types.DidSaveTextDocumentParams) -> None:
        if _is_config(params.text_document.uri):
            ls.schedule_all()  # the configuration is re-read: its modification time changed
        else:
            ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: K8slintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.scheduled.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.generation.pop(uri, None)
        ls.linted.pop(uri, None)
        ls.apply_sets.pop(uri, None)
        if not _is_config(uri):
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: K8slintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(_is_config(change.uri) for change in params.changes):
            ls.schedule_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: K8slintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
    )
    async def code_action(ls: K8slintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        # Writing the edits parses the document: off the event loop too.
        return await asyncio.get_running_loop().run_in_executor(None, ls.code_actions, params)

    return server


def serve(config: Path | None = None) -> None:
    """Serve over stdio; `config` (`--config`) is the configuration of every document, else each
    document's nearest `.k8slint.yaml`."""
    # The protocol gets standard output to itself: anything else that writes there (a warning, a stray
    # print) goes to standard error instead of corrupting the stream; the server closes its own copies.
    protocol_in = os.fdopen(os.dup(0), "rb")
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    build(config).start_io(protocol_in, protocol_out)
