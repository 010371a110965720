"""Running a renderer as a child process with a time limit that cannot leave a hang behind."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from k8slint.records import record


@record(frozen=True, slots=True)
class Completed:
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def run(command: list[str], timeout: float, cwd: Path | None = None, stdin: str | None = None) -> Completed:
    """Run `command`; at `timeout` seconds kill its whole process group (kustomize may start git or plugins)."""
    environment = dict(os.environ)
    # Never prompt (git credentials for a remote base) and never page: nobody is there to answer.
    environment.update({"GIT_TERMINAL_PROMPT": "0", "HELM_NO_PLUGINS": "1", "PAGER": "cat"})
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(stdin.encode() if stdin is not None else None, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        return Completed(None, "", "")
    return Completed(process.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
