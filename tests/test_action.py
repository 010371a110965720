"""The GitHub Action (action.yml): its script steps, run locally as the runner runs them (bash with
-eo pipefail, inputs through the step's environment)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.formats.test_sarif import validate
from tests.test_cli import BAD_NAME, GOOD

ROOT = Path(__file__).resolve().parents[1]
ACTION = YAML(typ="safe").load((ROOT / "action.yml").read_text())
INPUT = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")


def run_step(name: str, inputs: dict, cwd: Path) -> subprocess.CompletedProcess:
    step = next(step for step in ACTION["runs"]["steps"] if step["name"] == name)
    assert step["shell"] == "bash" and "${{" not in step["run"]  # inputs reach scripts only through env
    values = {key: str(spec.get("default", "")) for key, spec in ACTION["inputs"].items()} | inputs
    env = dict(os.environ, GITHUB_ACTION_PATH=str(ROOT))
    for key, value in step.get("env", {}).items():
        env[key] = INPUT.sub(lambda match: values[match.group(1)], value)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("render, spec", [("false", ""), ("true", "[render]")])
def test_install_step_installs_this_revision_with_the_extra_asked_for(tmp_path, render, spec):
    recorder = tmp_path / "python"
    recorder.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/args\n')
    recorder.chmod(0o755)
    result = run_step("Install k8slint", {"render": render, "python": str(recorder)}, tmp_path)
    assert result.returncode == 0, result.stderr
    arguments = (tmp_path / "args").read_text().splitlines()
    assert arguments[:2] == ["-m", "pip"] and "install" in arguments and arguments[-1] == f"{ROOT}{spec}"


def test_lint_step_annotates_writes_sarif_and_fails_on_findings(tmp_path):
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "bad.yaml").write_text(BAD_NAME)
    (tmp_path / "good.yaml").write_text(GOOD)
    inputs = {"paths": "deploy\n good.yaml", "sarif-file": "k8slint.sarif", "python": sys.executable}
    result = run_step("Lint", inputs, tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::error file=deploy/bad.yaml,line=4,col=9,")
    results = validate((tmp_path / "k8slint.sarif").read_text())["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["K102"]
    assert run_step("Lint", inputs | {"fail-on": "never"}, tmp_path).returncode == 0


def test_lint_step_with_a_baseline_and_extra_arguments(tmp_path):
    (tmp_path / "bad.yaml").write_text(BAD_NAME)
    subprocess.run([sys.executable, "-m", "k8slint", "lint", "--write-baseline", "baseline.json", "bad.yaml"], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "new.yaml").write_text(BAD_NAME.replace("Bad_Name", "Other_Name"))
    inputs = {"baseline": "baseline.json", "args": "--select invalid-name --kubernetes-version 1.31", "python": sys.executable}
    result = run_step("Lint", inputs, tmp_path)
    assert result.returncode == 1
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["::error file=new.yaml"]
    (tmp_path / "new.yaml").unlink()
    assert run_step("Lint", inputs, tmp_path).returncode == 0
