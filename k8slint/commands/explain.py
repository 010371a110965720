"""`k8slint explain NAME|CODE`: a rule's documentation."""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="NAME|CODE")
    parser.add_argument("--policy", action="append", default=[], metavar="PATH", help="also know the user policies of this file or directory")


def run(args: argparse.Namespace) -> int:
    from k8slint import registry
    from k8slint.commands.rules import run_with_policies

    return run_with_policies(args, lambda: _explain(args, registry.lookup(args.rule)))


def _explain(args: argparse.Namespace, rule) -> int:
    if rule is None:
        sys.stderr.write(f"k8slint: unknown rule {args.rule!r} (see `k8slint rules`)\n")
        return 2
    sys.stdout.write(documentation(rule))
    return 0


def documentation(rule) -> str:
    """A rule's documentation in Markdown, as `k8slint explain` prints it (and the language server's hover shows it)."""
    parts = [f"# {rule.name} ({rule.code})\n\n"]
    parts.append(f"Default severity: {rule.severity}. {rule.summary[0].upper()}{rule.summary[1:]}.\n\n")
    if rule.profile:
        parts.append(f"Off unless its profile `{rule.profile}` is on (`profiles:` or --profile), or it is selected.\n\n")
    parts.append(rule.doc + "\n")
    if rule.options:
        parts.append("\n## Option defaults\n")
        for option, (kind, default) in rule.options.items():
            parts.append(f"- `{option}` ({kind.__name__}): {default!r}\n")
    parts.append(f"\n## How to fix\n{rule.remediation}\n")
    if rule.fix is not None:
        applied = "`lint --fix`" if rule.fix == "safe" else "`lint --fix --unsafe-fixes` (it changes behaviour)"
        parts.append(f"\nMost findings carry a {rule.fix} fix, applied by {applied}; see docs/fixes.md.\n")
    return "".join(parts)
