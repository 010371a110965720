"""Subcommands of the `k8slint` CLI, one module each: configure(parser), run(args) -> exit code.
Their names and help texts are listed in `k8slint.cli.COMMANDS`."""
