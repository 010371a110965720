"""The language server driven by a real editor: Neovim, headless, with its built-in LSP client
(`neovim_session.lua` opens a manifest, edits it, applies a code action and reads the diagnostics)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_tree
from tests.lsp.manifests import DEPLOYMENT, SERVICE

pytest.importorskip("pygls", reason="the language server needs the extra k8slint[lsp] (pygls)")
NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="needs neovim (nvim) for the headless-editor test: apt-get install neovim")


def test_neovim_sees_diagnostics_hover_and_applies_a_suppression(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_tree(project, {".k8slint.yaml": 'kubernetesVersion: "1.31"\n', "app/deploy.yaml": DEPLOYMENT, "app/svc.yaml": SERVICE})
    result = tmp_path / "result.json"
    environment = {
        **os.environ,
        "K8SLINT_PYTHON": sys.executable,
        "K8SLINT_PROJECT": str(project),
        "K8SLINT_RESULT": str(result),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "XDG_STATE_HOME": str(tmp_path / "state"),  # Neovim's LSP log, not the user's
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    script = Path(__file__).with_name("neovim_session.lua")
    completed = subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {script}"],
        cwd=project, env=environment, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )
    assert result.exists(), f"Neovim wrote no result (exit {completed.returncode}): {completed.stderr}"
    seen = json.loads(result.read_text())
    assert seen["ok"], seen["message"]
    assert seen["opened"] == 0
    assert seen["edited"] == {
        "code": "K115",
        "source": "k8slint",
        "lnum": 5,
        "col": 2,
        "message": 'selector "app=webx" matches no Pod or Pod template in namespace "default" [service-selects-nothing]',
    }
    assert seen["hover"] == "# service-selects-nothing (K115)"
    assert seen["actions"] == ["Suppress service-selects-nothing on this line", "Suppress service-selects-nothing for Service/web"]
    assert seen["lines"][2:6] == [
        "metadata:",
        "  annotations:",
        '    ignore-check.k8slint.io/service-selects-nothing: ""',
        "  name: web",
    ]
    assert (project / "app/svc.yaml").read_text() == SERVICE  # the buffer changed, never the file
