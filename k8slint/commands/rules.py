"""`k8slint rules`: every rule with its code, name, family, default severity and summary."""

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
                {"code": r.code, "name": r.name, "family": r.family, "severity": str(r.severity), "summary": r.summary,
                 "remediation": r.remediation}
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
        for rule in rules:
            sys.stdout.write(
                f"{rule.code}  {rule.name:<{width}}  {rule.family:<{family_width}}  {str(rule.severity):<7}  {rule.summary}\n"
            )
    return 0


def rules_markdown() -> str:
    from k8slint.registry import all_rules

    lines = ["| code | name | family | severity | summary |", "| --- | --- | --- | --- | --- |"]
    for rule in all_rules():
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.family} | {rule.severity} | {rule.summary} |")
    return "\n".join(lines) + "\n"
