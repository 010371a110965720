"""
## What it does
Reports a streaming sidecar (a container that follows a file with `tail -f`/`-F` and prints it to its
own stdout) for an application container that writes just that one log file.

## Why is this bad?
The Kubernetes logging documentation notes that streaming a file to stdout stores the logs twice on
the node: once in the file on the shared volume and once in the sidecar's container log. It also adds
a container to run and watch. The pattern pays off when one sidecar per file separates several log
streams; for an application with a single log file, writing it to `/dev/stdout` directly (or
symlinking the file to `/dev/stdout`) gives the same `kubectl logs` output with one copy.

## Example
```yaml
containers:
  - name: app
    image: busybox:1.28
    args: [/bin/sh, -c, 'while true; do date >> /var/log/app.log; sleep 1; done']
    volumeMounts: [{name: logs, mountPath: /var/log}]
  - name: app-log
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/app.log']
    volumeMounts: [{name: logs, mountPath: /var/log}]
volumes: [{name: logs, emptyDir: {}}]
```

Use instead:
```yaml
containers:
  - name: app
    image: busybox:1.28
    args: [/bin/sh, -c, 'while true; do date; sleep 1; done']
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject

if TYPE_CHECKING:
    from k8slint.shell import ContainerCommand

CODE = "K603"
NAME = "streaming-sidecar-duplicates-logs"
SUMMARY = "a streaming sidecar copies the single log file of its application to stdout"
SEVERITY = Severity.INFO
REMEDIATION = "Have the application write its log to /dev/stdout and drop the streaming sidecar."
KINDS = POD_CARRIERS

_STANDARD_STREAMS = frozenset({"/dev/stdout", "/dev/stderr", "/proc/self/fd/1", "/proc/self/fd/2", "/proc/1/fd/1"})


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.mounts import normalize, pod_mounts
    from k8slint.shell import literal_path, pod_commands

    mounts = pod_mounts(obj)
    if mounts is None:
        return
    commands = pod_commands(obj)
    log_files = {command.name: _log_files(command) for command in commands if command.name is not None}
    for command in commands:
        if command.name is None or not _streams_to_stdout(command):
            continue
        working_dir = command.container.get("workingDir")
        for tail in command.analysis.tails:
            if not tail.follows:
                continue
            for file in tail.files:
                path = literal_path(file, working_dir)
                location = mounts.resolve(command.name, path) if path is not None else None
                if location is None:
                    continue
                for sighting in mounts.sightings(location, exclude=command.name):
                    written = log_files.get(sighting.container)
                    if written is not None and written == {normalize(sighting.path)}:
                        yield Problem(
                            command.script_path(),
                            f'container "{command.name}" streams "{file}", the only log file container '
                            f'"{sighting.container}" writes, so the node stores that log twice',
                        )
                        break


def _streams_to_stdout(command: ContainerCommand) -> bool:
    """A follow-mode tail whose container writes no file: its output goes to the container log."""
    analysis = command.analysis
    if analysis is None or not any(tail.follows for tail in analysis.tails):
        return False
    return all(write.path in _STANDARD_STREAMS for write in analysis.writes)


def _log_files(command: ContainerCommand) -> set[str] | None:
    """The regular files a container's script writes; None when its command is not a script k8slint can read."""
    from k8slint.shell import literal_path

    analysis = command.analysis
    if analysis is None or analysis.script is None:
        return None
    working_dir = command.container.get("workingDir")
    files: set[str] = set()
    for write in analysis.writes:
        if write.path.startswith(("/dev/", "/proc/", "/sys/")):
            continue
        path = literal_path(write.path, working_dir)
        if path is None:
            return None  # a file named at run time: the count is unknown
        files.add(path)
    return files
