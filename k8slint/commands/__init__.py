"""Subcommands of the `k8slint` CLI, one module each: NAME, HELP, configure(parser), run(args) -> exit code."""
