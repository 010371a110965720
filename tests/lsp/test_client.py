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

from tests.helpers import write_tree  # noqa: E402
from tests.lsp.manifests import DEPLOYMENT, SERVICE  # noqa: E402

TIMEOUT = 60


def run(session) -> None:
    asyncio.run(asyncio.wait_for(session, TIMEOUT))


class Editor:
    """A client with the documents it has open, applying edits as an editor would."""

    def __init__(self, client, root: Path) -> None:
        self.client = client
        self.root = root
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    @classmethod
    async def start(cls, root: Path) -> "Editor":
        client = pytest_lsp.make_test_lsp_client()
        await client.start_io(sys.executable, "-m", "k8slint", "lsp", cwd=str(root))
        await client.initialize_session(
            types.InitializeParams(
                capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="project")],
            )
        )
        return cls(client, root)

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def diagnostics_after(self, action, uri: str) -> list[types.Diagnostic]:
        """Do `action`, then wait for the diagnostics of `uri` published for the new version."""
        version = None
        action()
        version = self.versions[uri]
        while True:
            params = await self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)

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
    async def session() -> None:
        editor = await Editor.start(project)
        try:
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
        finally:
            await editor.stop()

    run(session())
