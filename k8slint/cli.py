"""The `k8slint` command line: `lint`, `rules`, `explain`, and the analysis commands."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import Sequence

from k8slint import __version__
from k8slint.module_cache import install_for_k8slint

# name -> module; imported only when that command runs, to keep start-up cheap.
COMMANDS = {
    "lint": ("k8slint.commands.lint", "lint Kubernetes manifests (files, directories, or - for stdin)"),
    "rules": ("k8slint.commands.rules", "list every rule"),
    "explain": ("k8slint.commands.explain", "print the documentation of a rule"),
    "test": ("k8slint.commands.test", "run policy test fixtures (`# expect:` markers) and validate the policies"),
    "selector": ("k8slint.commands.selector", "parse a label selector, print its canonical form or test labels"),
    "apf": ("k8slint.commands.apf", "API Priority and Fairness analysis (apf order PATH...)"),
    "lsp": ("k8slint.commands.lsp", "run the language server over stdio, for editors (needs k8slint[lsp])"),
}


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized without `shutil`: argparse makes a formatter for every argument
    it adds, and importing `shutil` (with its archive modules) for the width cost every run 3 ms."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


def _terminal_columns() -> int:
    """What `shutil.get_terminal_size().columns` says: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", 0))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="k8slint", description="A fast, offline linter for Kubernetes manifests and control-plane configuration.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"k8slint {__version__}")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: .k8slint.yaml found upward)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Only the command being run gets a parser: each costs argparse a lookup of its translations (four
    # file checks for each of its messages), 2 ms for the six not run. Without one, help lists them all.
    for name, (module_name, help_text) in COMMANDS.items():
        if command is not None and name != command:
            continue
        sub = subparsers.add_parser(name, help=help_text, description=help_text, formatter_class=HelpFormatter)
        sub.add_argument(
            "--config", metavar="FILE", default=argparse.SUPPRESS,
            help="configuration file (default: .k8slint.yaml in the linted paths' directory or above)",
        )
        if name == command:
            importlib.import_module(module_name).configure(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((word for word in arguments if word in COMMANDS), None)
    parser = build_parser(command)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    return module.run(args)


def entry_point() -> None:
    """The console script: exit codes, Ctrl-C (130) and closed pipes without tracebacks."""
    for stream in (sys.stdout, sys.stderr):
        # Manifest text can hold characters the terminal's encoding cannot show; escape, never crash.
        stream.reconfigure(errors="backslashreplace")
    # No collection in this process, which ends with os._exit: imports and reading YAML allocate many
    # long-lived objects and almost no cycles, and each collection would re-scan all of them. A
    # long-lived command (the language server) turns the collector back on.
    gc.disable()
    modules = install_for_k8slint()
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
        if modules is not None:
            modules.save()
        # Skip tearing down the heap object by object at exit: after a large run that takes
        # longer than the output did. Everything the run wrote is flushed above.
        os._exit(code)
    except KeyboardInterrupt:
        sys.stderr.write("k8slint: interrupted\n")
        code = 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        import signal  # here only: importing it builds its enums, a millisecond of every start

        code = 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1
    sys.exit(code)
