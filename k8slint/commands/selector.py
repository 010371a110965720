"""`k8slint selector EXPR [--labels k=v,...]`: a label selector's canonical form, or whether it matches labels."""

from __future__ import annotations

import argparse
import sys

from k8slint.text import terminal_safe


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "expression", metavar="EXPR", help="a selector in kubectl -l syntax, e.g. 'app=web,tier in (a,b)'"
    )
    parser.add_argument(
        "--labels",
        metavar="K=V,...",
        help="a label set to test the selector against; exit 0 when it matches, 1 when it does not",
    )


def run(args: argparse.Namespace) -> int:
    from k8slint.selectors import SelectorError, parse

    try:
        selector = parse(args.expression)
    except SelectorError as error:
        sys.stderr.write(terminal_safe(f"k8slint: invalid selector at column {error.column}: {error.message}") + "\n")
        sys.stderr.write(_caret(args.expression, error.column))
        return 2
    if args.labels is None:
        sys.stdout.write(terminal_safe(str(selector)) + "\n")
        return 0
    labels = _parse_labels(args.labels)
    if isinstance(labels, str):
        sys.stderr.write(terminal_safe(f"k8slint: invalid --labels: {labels}") + "\n")
        return 2
    if selector.matches(labels):
        sys.stdout.write(terminal_safe(f'matches: "{selector}"') + "\n")
        return 0
    failing = next(requirement for requirement in selector.requirements if not requirement.matches(labels))
    sys.stdout.write(terminal_safe(f'does not match: "{selector}" ("{failing}" fails)') + "\n")
    return 1


def _caret(expression: str, column: int) -> str:
    # Selector whitespace may be a tab or a line break: shown as spaces; other controls are escaped,
    # and the caret moves with what they became.
    shown = expression.translate({ord("\t"): " ", ord("\r"): " ", ord("\n"): " "})
    return f"  {terminal_safe(shown)}\n  {' ' * len(terminal_safe(shown[: column - 1]))}^\n"


def _parse_labels(text: str) -> dict[str, str] | str:
    """`k=v,k2=v2` (a value may be empty) as a dict, or the reason it is not one."""
    labels: dict[str, str] = {}
    if not text.strip():
        return labels
    for item in text.split(","):
        key, equals, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not key:
            return f'"{item.strip()}" is not key=value'
        if key in labels:
            return f'label "{key}" is given twice'
        labels[key] = value
    return labels
