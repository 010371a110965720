"""`k8slint rules`: every rule with its code, name, default severity and summary."""

from __future__ import annotations

import argparse
import sys

NAME = "rules"
HELP = "list every rule"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    from k8slint.registry import all_rules

    rules = all_rules()
    if args.format == "json":
        import json

        json.dump(
            [
                {"code": r.code, "name": r.name, "severity": str(r.severity), "summary": r.summary,
                 "enabledByDefault": r.enabled, "remediation": r.remediation}
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
        for rule in rules:
            default = "" if rule.enabled else " (off by default)"
            sys.stdout.write(f"{rule.code}  {rule.name:<{width}}  {str(rule.severity):<7}  {rule.summary}{default}\n")
    return 0


def rules_markdown() -> str:
    from k8slint.registry import all_rules

    lines = ["| code | name | severity | summary |", "| --- | --- | --- | --- |"]
    for rule in all_rules():
        off = " (off by default)" if not rule.enabled else ""
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.severity} | {rule.summary}{off} |")
    return "\n".join(lines) + "\n"
