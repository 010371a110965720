"""The real pre-commit hook, installed by `pre-commit try-repo` from this checkout into a scratch repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BAD = "apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec: {ports: [{port: 80}]}\n"
GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\ndata: {a: b}\n"

pytestmark = [pytest.mark.pre_commit, pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    repo = tmp_path_factory.mktemp("repo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    (repo / "bad.yaml").write_text(BAD)
    (repo / "good.yaml").write_text(GOOD)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return repo, env


def try_repo(scratch, filename):
    repo, env = scratch
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "k8slint", "--files", filename],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )


def test_hook_fails_with_the_positioned_message_on_a_bad_manifest(scratch):
    result = try_repo(scratch, "bad.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'bad.yaml:4:9: error K102 [invalid-name] name "Bad_Name" is invalid for Service' in result.stdout


def test_hook_passes_on_a_good_manifest(scratch):
    result = try_repo(scratch, "good.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
