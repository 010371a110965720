"""
## What it does
Reports `tail -f` (and `tail --follow`, `--follow=descriptor`) on a log file in a container's command:
a streaming sidecar that follows the file by its open descriptor instead of by name.

## Why is this bad?
When the application or logrotate rotates the file (renames it and starts a new one), `tail -f` keeps
reading the renamed, soon deleted, file and never opens the new one: the sidecar goes silent while the
application keeps logging. `tail -F` (`--follow=name --retry`) reopens the file by name after rotation.

## Example
```yaml
containers:
  - name: count-log-1
    image: busybox:1.28
    args: [/bin/sh, -c, "tail -n+1 -f /var/log/1.log"]
```

Use instead:
```yaml
containers:
  - name: count-log-1
    image: busybox:1.28
    args: [/bin/sh, -c, "tail -n+1 -F /var/log/1.log"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject

CODE = "K602"
NAME = "sidecar-tail-follows-descriptor"
SUMMARY = "a log sidecar follows a file with tail -f, which loses it at rotation"
SEVERITY = Severity.WARNING
REMEDIATION = "Use tail -F (--follow=name --retry), which reopens the file after rotation."
KINDS = POD_CARRIERS

_SPECIAL_DIRECTORIES = ("/dev/", "/proc/", "/sys/")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.shell import pod_commands

    for command in pod_commands(obj):
        if command.analysis is None:
            continue
        for tail in command.analysis.tails:
            # `tail -f /dev/null` is the keep-alive idiom, not a log reader.
            files = [file for file in tail.files if file != "-" and not file.startswith(_SPECIAL_DIRECTORIES)]
            if tail.follow != "descriptor" or not files:
                continue
            quoted = ", ".join(f'"{file}"' for file in files)
            yield Problem(
                command.script_path(),
                f'container "{command.name}" follows {quoted} with tail -f, by file descriptor: '
                "after rotation it keeps reading the old file",
            )
