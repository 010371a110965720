"""`k8slint lsp` without the extra: a message naming it, exit 2, no traceback."""

from __future__ import annotations

import sys

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
