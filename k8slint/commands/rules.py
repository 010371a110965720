"""`k8slint rules`: every rule with its code, name, family, default severity, profile and summary.

A rule with a profile is off unless that profile is turned on (`profiles:`, --profile) or the rule
is selected; "default" means on by default."""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    from k8slint.registry import all_rules

    rules = all_rules()
    if args.format == "json":
        import json

        json.dump(
            [
                {"code": r.code, "name": r.name, "family": r.family, "severity": str(r.severity),
                 "profile": r.profile, "summary": r.summary, "remediation": r.remediation}
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
                f"{_profile(rule):<{profile_width}}  {rule.summary}\n"
            )
    return 0


def rules_markdown() -> str:
    from k8slint.registry import all_rules

    lines = ["| code | name | family | severity | profile | summary |", "| --- | --- | --- | --- | --- | --- |"]
    for rule in all_rules():
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.family} | {rule.severity} | {_profile(rule)} | {rule.summary} |")
    return "\n".join(lines) + "\n"


def _profile(rule) -> str:
    return rule.profile or "default"
