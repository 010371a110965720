"""The command line of a container: which program `command` runs and the flags it passes, each with
the list item that holds it, parsed the way the program's flag library parses its argv (pflag for
Kubernetes components, Go's standard `flag` package for etcd).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from k8slint import shell
from k8slint.objects import K8sObject, containers, per_object
from k8slint.records import named_tuple
from k8slint.regex import LazyPattern

KUBE_APISERVER = "kube-apiserver"
ETCD = "etcd"
# The programs whose command line k8slint reads, also when a shell script starts them.
PROGRAMS = frozenset({KUBE_APISERVER, ETCD})

# Programs built on Go's standard `flag` package: `-name` equals `--name`, parsing stops at the first
# non-flag argument. Everything else here uses pflag (cobra), which allows interspersed arguments.
_GO_FLAG_PROGRAMS = frozenset({ETCD})

# Boolean flags never take the next argument as their value (`--flag value` leaves `value` positional).
BOOLEAN_FLAGS: dict[str, frozenset[str]] = {
    ETCD: frozenset(
        {
            "enable-distributed-tracing",
            "experimental-enable-distributed-tracing",
            "enable-pprof",
            "enable-v2",
            "strict-reconfig-check",
            "client-cert-auth",
            "peer-client-cert-auth",
            "auto-tls",
            "peer-auto-tls",
            "force-new-cluster",
            "debug",
            "version",
            "experimental-initial-corrupt-check",
            "experimental-enable-lease-checkpoint",
            "enable-grpc-gateway",
        }
    ),
    KUBE_APISERVER: frozenset(
        {
            "allow-privileged",
            "anonymous-auth",
            "enable-aggregator-routing",
            "enable-bootstrap-token-auth",
            "enable-garbage-collector",
            "enable-priority-and-fairness",
            "profiling",
            "contention-profiling",
            "enable-logs-handler",
            "watch-cache",
            "service-account-lookup",
            "service-account-extend-token-expiration",
            "permit-port-sharing",
            "permit-address-sharing",
            "logtostderr",
            "alsologtostderr",
            "help",
            "version",
        }
    ),
}

# Per-program flags that always take a value, even when that value starts with a dash.
VALUE_FLAGS: dict[str, frozenset[str]] = {
    KUBE_APISERVER: frozenset({"tracing-config-file", "feature-gates"}),
    ETCD: frozenset(
        {
            "distributed-tracing-address",
            "distributed-tracing-service-name",
            "distributed-tracing-instance-id",
            "distributed-tracing-sampling-rate",
            "experimental-distributed-tracing-address",
            "experimental-distributed-tracing-service-name",
            "experimental-distributed-tracing-instance-id",
            "experimental-distributed-tracing-sampling-rate",
        }
    ),
}


@named_tuple
class Flag:
    """One flag occurrence. `at` is the item holding the name, `value_at` the item holding the value.

    Both are (list, index) pairs such as ("command", 5); for `--name=value` they are the same item, and
    for a program a shell script starts, both are the item holding the script. `value` is None when the
    flag was written without one (a boolean switch). `runtime` is True when the value is only known when
    the container starts: a `$(VAR)` the kubelet substitutes, or a shell expansion (`$VAR`, `` `cmd` ``).
    """

    name: str
    value: str | None
    at: tuple[str, int]
    value_at: tuple[str, int] | None
    runtime: bool = False


class CommandLine:
    """The program a container runs (None when `command` is unset or not a string) and its flags."""

    __slots__ = ("program", "program_at", "flags", "positional", "problems")

    def __init__(self, program: str | None, program_at: tuple[str, int] | None) -> None:
        self.program = program
        self.program_at = program_at
        self.flags: list[Flag] = []
        self.positional: list[tuple[str, tuple[str, int]]] = []
        self.problems: list[tuple[tuple[str, int], str]] = []  # (item, message) flag syntax errors

    def all(self, name: str) -> list[Flag]:
        return [flag for flag in self.flags if flag.name == name]

    def last(self, name: str) -> Flag | None:
        """The occurrence that takes effect: for single-valued flags the last one wins."""
        for flag in reversed(self.flags):
            if flag.name == name:
                return flag
        return None


# Kubernetes replaces `$(NAME)` in command and args with the container's env var NAME (`$$` escapes).
_VARIABLE_REFERENCE = LazyPattern(r"(?<!\$)\$\([A-Za-z_][-._A-Za-z0-9]*\)")


def expands_at_runtime(value: str) -> bool:
    """Whether a command-line value holds a `$(VAR)` reference the kubelet substitutes before running."""
    return _VARIABLE_REFERENCE.search(value) is not None


def program_name(argument: str) -> str:
    """`/usr/local/bin/etcd` -> `etcd`; `C:\\k\\kube-apiserver.exe` -> `kube-apiserver`."""
    base = argument.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return base[:-4] if base.lower().endswith(".exe") else base


def argv(container: dict) -> list[tuple[str, tuple[str, int]]]:
    """The container's arguments in order, each with the (list, index) it comes from.

    Kubernetes runs `command` followed by `args`; without `command` the image's entrypoint runs
    the `args`, so the first item is then an argument, not the program.
    """
    items: list[tuple[str, tuple[str, int]]] = []
    for list_name in ("command", "args"):
        values = container.get(list_name)
        if isinstance(values, list):
            for index, item in enumerate(values):
                if isinstance(item, str):
                    items.append((item, (list_name, index)))
                elif isinstance(item, (int, float)) and not isinstance(item, bool):
                    # A number in a []string field is rejected by the API; keep positions aligned anyway.
                    items.append((str(item), (list_name, index)))
    return items


def parse_container(container: Any) -> CommandLine:
    """The command line of a container, parsed with the flag rules of the program it runs.

    A shell that runs a script (`sh -c "exec etcd --name=a ..."`) is looked through: the first simple
    command of the script that starts one of `PROGRAMS` is parsed, its words located at the script."""
    if not isinstance(container, dict):
        return CommandLine(None, None)
    items = argv(container)
    command = container.get("command")
    if isinstance(command, list) and command and items and items[0][1] == ("command", 0):
        scripted = _scripted_program(items)
        if scripted is not None:
            return scripted
        program = program_name(items[0][0])
        return parse_arguments(items[1:], program, program_at=items[0][1])
    return parse_arguments(items, None, program_at=None)


def _scripted_program(items: list[tuple[str, tuple[str, int]]]) -> CommandLine | None:
    words = [text for text, _ in items]
    script_index = shell.shell_script_index(words)
    if script_index is None:
        return None
    commands = shell.split_commands(words[script_index])
    if commands is None:
        return None
    script_at = items[script_index][1]
    for command in commands:
        started = shell.program_argv(command)
        if started and program_name(started[0]) in PROGRAMS:
            arguments = [(word, script_at) for word in started[1:]]
            return parse_arguments(arguments, program_name(started[0]), program_at=script_at, in_shell=True)
    return None


def _expands_in_shell(value: str) -> bool:
    return "$" in value or "`" in value


def parse_arguments(
    items: Iterable[tuple[str, tuple[str, int]]],
    program: str | None,
    program_at: tuple[str, int] | None = None,
    in_shell: bool = False,
) -> CommandLine:
    """Parse argv items (after the program name) the way `program`'s flag library would; `in_shell` when
    a shell script passes them, which expands `$...` and backquotes first."""
    line = CommandLine(program, program_at)
    booleans = BOOLEAN_FLAGS.get(program or "", frozenset())
    takes_value = VALUE_FLAGS.get(program or "", frozenset())
    go_flag = program in _GO_FLAG_PROGRAMS
    pending = list(items)
    index = 0
    while index < len(pending):
        text, at = pending[index]
        index += 1
        if text == "--":
            line.positional.extend(pending[index:])
            break
        if not text.startswith("-") or text == "-":
            line.positional.append((text, at))
            if go_flag:  # Go's flag package stops at the first non-flag argument
                line.positional.extend(pending[index:])
                break
            continue
        if text.startswith("--"):
            body = text[2:]
        elif go_flag:
            body = text[1:]
        else:
            # pflag shorthand (`-v=2`); none of the flags k8slint reads have one, so its value is not sought.
            name, equals, value = text[1:].partition("=")
            line.flags.append(Flag(name, value if equals else None, at, at if equals else None))
            continue
        if not body or body.startswith("-") or body.startswith("="):
            line.problems.append((at, f'bad flag syntax: "{text}"'))
            continue
        name, equals, value = body.partition("=")
        if equals:
            line.flags.append(_flag(name, value, at, at, in_shell))
            continue
        if name in booleans:
            line.flags.append(Flag(name, None, at, None))
            continue
        next_is_value = index < len(pending) and (
            name in takes_value or not pending[index][0].startswith("-")
        )
        if next_is_value:
            value_text, value_at = pending[index]
            index += 1
            line.flags.append(_flag(name, value_text, at, value_at, in_shell))
        else:
            if name in takes_value:
                line.problems.append((at, f"flag needs an argument: --{name}"))
            line.flags.append(Flag(name, None, at, None))
    return line


def _flag(name: str, value: str, at: tuple[str, int], value_at: tuple[str, int], in_shell: bool) -> Flag:
    runtime = expands_at_runtime(value) or (in_shell and _expands_in_shell(value))
    return Flag(name, value, at, value_at, runtime)


def program_containers(obj: K8sObject, program: str) -> Iterator[tuple[tuple, dict, CommandLine]]:
    """(container path, container, command line) of each container of a workload that runs `program`."""
    for path, container, line in command_lines(obj):
        if line.program == program:
            yield path, container, line


@per_object
def command_lines(obj: K8sObject) -> list[tuple[tuple, dict, CommandLine]]:
    """Every container of a workload with its command line parsed, once per object."""
    return [(path, container, parse_container(container)) for path, container in containers(obj)]
