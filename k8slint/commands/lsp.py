"""`k8slint lsp`: the language server, over stdio (needs the extra `k8slint[lsp]`)."""

from __future__ import annotations

import argparse
import gc
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default and only transport)")


def run(args: argparse.Namespace) -> int:
    from k8slint.config import ConfigError, config_path_for

    try:
        config = config_path_for(args.config) if getattr(args, "config", None) else None
    except ConfigError as error:
        sys.stderr.write(f"k8slint: {error}\n")
        return 2
    try:
        from k8slint.lsp.server import serve
    except ImportError as error:
        sys.stderr.write(f"k8slint: the language server needs the extra k8slint[lsp] (pip install 'k8slint[lsp]'): {error}\n")
        return 2
    # The entry point runs without the cyclic collector; a server lives long enough to need it.
    # What start-up allocated stays out of every collection.
    gc.freeze()
    gc.enable()
    serve(config)
    return 0
