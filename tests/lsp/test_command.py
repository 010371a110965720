"""`k8slint lsp`: without the extra, a message naming it, exit 2, no traceback; with it, a server that
collects cycles."""

from __future__ import annotations

import gc
import sys

import pytest

from k8slint.cli import main


def test_without_pygls_the_command_names_the_extra(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # what `import pygls` meets when it is not installed
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "k8slint.lsp.server", raising=False)
    assert main(["lsp"]) == 2
    assert "the language server needs the extra k8slint[lsp] (pip install 'k8slint[lsp]')" in capsys.readouterr().err


def test_linting_commands_do_not_import_the_language_server() -> None:
    import subprocess

    code = "import sys, k8slint.cli; k8slint.cli.main(['rules']); print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'k8slint.lsp'))))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.splitlines()[-1] == "[]"


def test_the_server_collects_cycles_though_the_command_line_does_not(monkeypatch) -> None:
    pytest.importorskip("pygls", reason="needs pygls: pip install 'k8slint[lsp]'")
    import k8slint.lsp.server

    seen = []
    monkeypatch.setattr(k8slint.lsp.server, "serve", lambda config: seen.append(gc.isenabled()))
    gc.disable()  # as the entry point leaves it
    try:
        assert main(["lsp"]) == 0
    finally:
        gc.unfreeze()
        gc.enable()
    assert seen == [True]
