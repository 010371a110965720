"""The language server driven end to end by a separate LSP client process over stdio (pytest-lsp's
client): open a file, wait for diagnostics, edit it, apply a code action, check the new diagnostics."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the extra k8slint[lsp] (pygls)")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="the end-to-end test needs pytest-lsp (in the test extra, with k8slint[lsp])")

from lsprotocol import types  # noqa: E402

from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

from tests.helpers import write_tree  # noqa: E402
from tests.lsp.manifests import DEPLOYMENT, SERVICE  # noqa: E402

TIMEOUT = 60


def in_editor(project: Path, body) -> None:
    """Run `await body(editor)` with an editor started on `project`, stopped afterwards."""

    async def session() -> None:
        editor = await Editor.start(project)
        try:
            await body(editor)
        finally:
            await editor.stop()

    asyncio.run(asyncio.wait_for(session(), TIMEOUT))


class Editor:
    """A client with the documents it has open, applying edits as an editor would, and every
    publication of diagnostics it received, in order."""

    def __init__(self, client, root: Path) -> None:
        self.client = client
        self.root = root
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.published: list[types.PublishDiagnosticsParams] = []
        self.arrived = asyncio.Event()

    @classmethod
    async def start(cls, root: Path) -> "Editor":
        client = pytest_lsp.LanguageClient(converter_factory=default_converter)
        editor = cls(client, root)

        def publish_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            editor.published.append(params)
            editor.arrived.set()

        features = {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish_diagnostics}
        register_lsp_features(client, features)
        await client.start_io(sys.executable, "-m", "k8slint", "lsp", cwd=str(root))
        await client.initialize_session(
            types.InitializeParams(
                capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="project")],
            )
        )
        return editor

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def diagnostics_after(self, action, uri: str, version: bool = True) -> list[types.Diagnostic]:
        """Do `action`, then wait for the next diagnostics of `uri` (with `version`: of its new version)."""
        seen = len(self.published)
        action()
        while True:
            for params in self.published[seen:]:
                if params.uri == uri and (not version or params.version == self.versions.get(uri)):
                    return list(params.diagnostics)
            seen = len(self.published)
            self.arrived.clear()
            await self.arrived.wait()

    def open(self, name: str) -> None:
        uri = self.uri(name)
        self.texts[uri] = (self.root / name).read_text()
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=self.texts[uri])
            )
        )

    def replace(self, uri: str, old: str, new: str) -> None:
        """Change the buffer (not the file) as typing would: one incremental change."""
        text = self.texts[uri]
        offset = text.index(old)
        line = text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1)
        span = types.Range(start=types.Position(line=line, character=column), end=types.Position(line=line, character=column + len(old)))
        self.apply_edits(uri, [types.TextEdit(range=span, new_text=new)])

    def apply_edits(self, uri: str, edits: list[types.TextEdit]) -> None:
        lines = self.texts[uri].splitlines(keepends=True)
        changes = []
        for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            start = sum(len(line) for line in lines[: edit.range.start.line]) + edit.range.start.character
            end = sum(len(line) for line in lines[: edit.range.end.line]) + edit.range.end.character
            text = self.texts[uri]
            self.texts[uri] = text[:start] + edit.new_text + text[end:]
            lines = self.texts[uri].splitlines(keepends=True)
            changes.append(types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text))
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=changes,
            )
        )

    async def stop(self) -> None:
        await self.client.shutdown_session()
        await self.client.stop()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_tree(tmp_path, {".k8slint.yaml": 'kubernetesVersion: "1.31"\n', "app/deploy.yaml": DEPLOYMENT, "app/svc.yaml": SERVICE})
    return tmp_path


def test_open_edit_suppress_and_see_the_new_diagnostics(project: Path) -> None:
    async def body(editor: Editor) -> None:
        service = editor.uri("app/svc.yaml")
        assert await editor.diagnostics_after(lambda: editor.open("app/svc.yaml"), service) == []

        # Unsaved: the selector no longer matches the Deployment beside it, on disk.
        found = await editor.diagnostics_after(lambda: editor.replace(service, "{app: web}", "{app: webx}"), service)
        assert [(d.code, d.source, d.severity, d.range.start.line, d.range.start.character) for d in found] == [
            ("K115", "k8slint", types.DiagnosticSeverity.Warning, 5, 2)
        ]
        (selects_nothing,) = found
        assert selects_nothing.message == 'selector "app=webx" matches no Pod or Pod template in namespace "default" [service-selects-nothing]'
        assert selects_nothing.code_description.href.endswith("docs/rules.md#service-selects-nothing-k115")

        hover = await editor.client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=service), position=types.Position(line=5, character=4))
        )
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert hover.contents.value.startswith("# service-selects-nothing (K115)\n")

        actions = await editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=service),
                range=selects_nothing.range,
                context=types.CodeActionContext(diagnostics=[selects_nothing]),
            )
        )
        assert [action.title for action in actions] == [
            "Suppress service-selects-nothing on this line",
            "Suppress service-selects-nothing for Service/web",
        ]
        (on_line, _) = actions
        found = await editor.diagnostics_after(lambda: editor.apply_edits(service, on_line.edit.changes[service]), service)
        assert found == []
        assert "  selector: {app: webx}  # k8slint: disable-line=service-selects-nothing\n" in editor.texts[service]

    in_editor(project, body)


def test_the_fix_of_a_finding_is_a_quick_fix_that_clears_it(project: Path) -> None:
    async def body(editor: Editor) -> None:
        deployment = editor.uri("app/deploy.yaml")
        assert await editor.diagnostics_after(lambda: editor.open("app/deploy.yaml"), deployment) == []
        replace = lambda: editor.replace(deployment, "registry.k8s.io/pause", "k8s.gcr.io/pause")  # noqa: E731
        (frozen,) = [d for d in await editor.diagnostics_after(replace, deployment) if d.code == "K201"]
        actions = await editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=deployment),
                range=frozen.range,
                context=types.CodeActionContext(diagnostics=[frozen]),
            )
        )
        (fix,) = [action for action in actions if action.kind == types.CodeActionKind.QuickFix and action.is_preferred]
        assert "registry.k8s.io" in fix.title
        found = await editor.diagnostics_after(lambda: editor.apply_edits(deployment, fix.edit.changes[deployment]), deployment)
        assert [d.code for d in found if d.code == "K201"] == []
        assert editor.texts[deployment] == (editor.root / "app/deploy.yaml").read_text()

    in_editor(project, body)


def test_a_change_re_checks_the_open_documents_of_its_apply_set(project: Path) -> None:
    async def body(editor: Editor) -> None:
        service, deployment = editor.uri("app/svc.yaml"), editor.uri("app/deploy.yaml")
        assert await editor.diagnostics_after(lambda: editor.open("app/svc.yaml"), service) == []
        assert await editor.diagnostics_after(lambda: editor.open("app/deploy.yaml"), deployment) == []
        # The Deployment's Pods move away (unsaved): the Service, untouched, now selects nothing.
        found = await editor.diagnostics_after(
            lambda: editor.replace(deployment, "labels: {app: web}", "labels: {app: api}"), service, version=False
        )
        assert [d.code for d in found] == ["K115"]

    in_editor(project, body)


def test_a_broken_configuration_is_a_diagnostic_of_its_file_and_a_fixed_one_clears_it(project: Path) -> None:
    async def body(editor: Editor) -> None:
        config = project / ".k8slint.yaml"
        deployment = editor.uri("app/deploy.yaml")
        (project / "app/deploy.yaml").write_text(DEPLOYMENT.replace("registry.k8s.io", "k8s.gcr.io"))
        found = await editor.diagnostics_after(lambda: editor.open("app/deploy.yaml"), deployment)
        assert [d.code for d in found] == ["K201"]

        def configure(text: str) -> None:
            config.write_text(text)
            change = types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)
            editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[change]))

        broken = 'kubernetesVersion: "1.31"\nrules:\n  deprecated-registry: disable\n  no-such-rule: enable\n'
        (problem,) = await editor.diagnostics_after(lambda: configure(broken), config.as_uri(), version=False)
        assert (problem.range.start.line, problem.range.start.character, problem.severity) == (3, 2, types.DiagnosticSeverity.Error)
        assert "no-such-rule" in problem.message and problem.source == "k8slint"

        fixed = 'kubernetesVersion: "1.31"\nrules:\n  deprecated-registry: disable\n'
        assert await editor.diagnostics_after(lambda: configure(fixed), config.as_uri(), version=False) == []
        # The server is alive and uses the new configuration without a restart.
        assert await editor.diagnostics_after(lambda: editor.replace(deployment, "name: web", "name: web2"), deployment) == []

    in_editor(project, body)


def test_an_untitled_document_is_linted_from_its_text(project: Path) -> None:
    async def body(editor: Editor) -> None:
        uri = "untitled:Untitled-1"
        text = DEPLOYMENT.replace("registry.k8s.io", "k8s.gcr.io")

        def open_untitled() -> None:
            editor.texts[uri], editor.versions[uri] = text, 1
            item = types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
            editor.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))

        found = await editor.diagnostics_after(open_untitled, uri)
        assert [(d.code, d.range.start.line) for d in found] == [("K201", 13)]

    in_editor(project, body)


def test_opening_a_broken_configuration_shows_its_problem(project: Path) -> None:
    (project / ".k8slint.yaml").write_text('kubernetesVersion: 1.31\n')

    async def body(editor: Editor) -> None:
        config = editor.uri(".k8slint.yaml")
        (problem,) = await editor.diagnostics_after(lambda: editor.open(".k8slint.yaml"), config, version=False)
        assert problem.message == (
            'invalid configuration: kubernetesVersion: 1.31 is read as the number 1.31; quote it: kubernetesVersion: "1.31"'
        )
        assert problem.range == types.Range(start=types.Position(line=0, character=19), end=types.Position(line=0, character=23))

    in_editor(project, body)


def test_a_burst_of_changes_never_publishes_an_older_version_after_a_newer_one(project: Path) -> None:
    old = DEPLOYMENT.replace("registry.k8s.io", "k8s.gcr.io")
    many = "---\n".join(old.replace("name: web\n", f"name: web-{index}\n").replace("{app: web}", f"{{app: web-{index}}}") for index in range(100))
    (project / "app/many.yaml").write_text(many)

    async def body(editor: Editor) -> None:
        uri = editor.uri("app/many.yaml")
        found = await editor.diagnostics_after(lambda: editor.open("app/many.yaml"), uri)
        assert [d.code for d in found] == ["K201"] * 100
        seen = len(editor.published)

        def burst() -> None:
            for _ in range(8):
                editor.replace(uri, "image: k8s.gcr.io/", "image: registry.k8s.io/")

        found = await editor.diagnostics_after(burst, uri)
        assert [d.code for d in found] == ["K201"] * 92
        await asyncio.sleep(1)  # a stale run, had one been left, would publish by now
        versions = [params.version for params in editor.published[seen:] if params.uri == uri]
        assert versions == sorted(versions) and versions[-1] == editor.versions[uri] == 9

    in_editor(project, body)
