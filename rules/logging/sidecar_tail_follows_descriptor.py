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


from k8slint.model import Context, Problem, ProblemFix, Replace, Severity
from k8slint.objects import POD_CARRIERS, K8sObject
from k8slint.regex import LazyPattern

CODE = "K602"
NAME = "sidecar-tail-follows-descriptor"
SUMMARY = "a log sidecar follows a file with tail -f, which loses it at rotation"
SEVERITY = Severity.WARNING
REMEDIATION = "Use tail -F (--follow=name --retry), which reopens the file after rotation."
KINDS = POD_CARRIERS
FIX = "unsafe"  # -F also waits for a missing file instead of failing: the behaviour changes, as intended

# Where a follow option may be written: a short option cluster holding `f`, or `--follow[=descriptor]`.
_FOLLOW_OPTION = LazyPattern(r"(?<![^\s;&|(`'\"])(?:-[0-9A-Za-z]*f[0-9A-Za-z]*|--follow(?:=[a-z]*)?)(?=$|[\s;&|)'\"])")

_SPECIAL_DIRECTORIES = ("/dev/", "/proc/", "/sys/")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.shell import pod_commands

    for command in pod_commands(obj):
        if command.analysis is None:
            continue
        for index, tail in enumerate(command.analysis.tails):
            # `tail -f /dev/null` is the keep-alive idiom, not a log reader.
            files = [file for file in tail.files if file != "-" and not file.startswith(_SPECIAL_DIRECTORIES)]
            if tail.follow != "descriptor" or not files:
                continue
            quoted = ", ".join(f'"{file}"' for file in files)
            yield Problem(
                command.script_path(),
                f'container "{command.name}" follows {quoted} with tail -f, by file descriptor: '
                "after rotation it keeps reading the old file",
                fix=_follow_by_name(command, index),
            )


def _follow_by_name(command, index: int) -> ProblemFix | None:
    """`-f` -> `-F` (`--follow` -> `-F`) in the one place whose change makes this tail, and nothing
    else, follow by name: each spelling of a follow option in the script or argv is tried and kept only
    if the analysis of the changed command says so."""
    from k8slint.shell import analyse_argv

    analysis = command.analysis
    argv = list(analysis.argv)
    words = [analysis.script_index] if analysis.script_index is not None else range(len(argv))
    found = []
    for word_index in words:
        for match in _FOLLOW_OPTION.finditer(argv[word_index]):
            old = match.group()
            new = "F" if old[1] != "-" else "-F"
            start = match.start() + (old.index("f") if old[1] != "-" else 0)
            old = "f" if old[1] != "-" else old
            changed = argv[word_index][:start] + new + argv[word_index][start + len(old):]
            after = analyse_argv([*argv[:word_index], changed, *argv[word_index + 1:]])
            if after is not None and _only_this_follows_by_name(analysis.tails, after.tails, index):
                found.append(Replace(command.word_path(word_index), old, new, start))
    if len(found) != 1:
        return None
    return ProblemFix("follow by name with tail -F", (found[0],))


def _only_this_follows_by_name(before, after, index: int) -> bool:
    if len(before) != len(after):
        return False
    for position, (old, new) in enumerate(zip(before, after)):
        follow = "name" if position == index else old.follow
        if (new.files, new.follow, new.from_start) != (old.files, follow, old.from_start):
            return False
    return True
