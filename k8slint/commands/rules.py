"""`k8slint rules`: every rule with its code, name, family, default severity, profile, fix and summary.

A rule with a profile is off unless that profile is turned on (`profiles:`, --profile) or the rule
is selected; "default" means on by default. The fix column says whether the rule's findings carry a
fix that `lint --fix` applies ("safe") or only `--fix --unsafe-fixes` ("unsafe")."""

from __future__ import annotations

import argparse
import sys
from typing import Callable


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--policy", action="append", default=[], metavar="PATH", help="also list the user policies of this file or directory")


def run_with_policies(args: argparse.Namespace, command: Callable[[], int]) -> int:
    """Run `command` with the user policies of the configuration (`policies:`) and --policy known."""
    from k8slint.config import ConfigError, config_path_for, load_config
    from k8slint.registry import with_policies
    from k8slint.text import terminal_safe

    try:
        config = load_config(config_path_for(getattr(args, "config", None)), policies=args.policy)
    except ConfigError as error:
        for message in error.messages():
            sys.stderr.write(f"k8slint: configuration error: {terminal_safe(message)}\n")
        return 2
    for message in config.policy_errors:
        sys.stderr.write(f"k8slint: policy error: {terminal_safe(message)}\n")
    with with_policies(config.policy_rules):
        code = command()
    return 2 if config.policy_errors else code


def run(args: argparse.Namespace) -> int:
    return run_with_policies(args, lambda: _list(args))


def _list(args: argparse.Namespace) -> int:
    from k8slint.registry import known_rules

    rules = known_rules()
    if args.format == "json":
        import json

        json.dump(
            [
                {"code": r.code, "name": r.name, "family": r.family, "severity": str(r.severity),
                 "profile": r.profile, "fix": r.fix, "summary": r.summary, "remediation": r.remediation}
                for r in rules
            ],
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown())
    else:
        width = max(len(rule.name) for rule in rules)
        family_width = max(len(rule.family) for rule in rules)
        profile_width = max(len(_profile(rule)) for rule in rules)
        for rule in rules:
            sys.stdout.write(
                f"{rule.code}  {rule.name:<{width}}  {rule.family:<{family_width}}  {str(rule.severity):<7}  "
                f"{_profile(rule):<{profile_width}}  {rule.fix or '':<6}  {rule.summary}\n"
            )
    return 0


def rules_markdown() -> str:
    from k8slint.registry import all_rules

    lines = ["| code | name | family | severity | profile | summary | fix |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for rule in all_rules():
        lines.append(
            f"| {rule.code} | `{rule.name}` | {rule.family} | {rule.severity} | {_profile(rule)} | {rule.summary} | {rule.fix or ''} |"
        )
    return "\n".join(lines) + "\n"


def _profile(rule) -> str:
    return rule.profile or "default"
