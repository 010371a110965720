"""`k8slint apf order PATH...`: the order in which kube-apiserver tries the FlowSchemas of the input and the
built-in ones, with the priority level each routes to, which ones never match, and which are not in effect."""

from __future__ import annotations

import argparse
import json
import sys

from k8slint import records
from k8slint.text import terminal_safe

EXIT_OK, EXIT_USAGE = 0, 2


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="apf_action", metavar="ACTION", required=True)
    order = actions.add_parser(
        "order",
        help="print the effective FlowSchema evaluation order",
        description="Print the FlowSchemas in the order the API server tries them (the first match wins), "
        "user and built-in ones, with the priority level each routes to.",
    )
    order.add_argument("paths", nargs="+", metavar="PATH", help="files or directories with FlowSchemas and priority levels")
    order.add_argument("--kubernetes-version", metavar="X.Y", help="the release whose built-in objects to include")
    builtins = order.add_mutually_exclusive_group()
    builtins.add_argument(
        "--builtins", dest="builtins", action="store_true", default=None,
        help="include the built-in suggested FlowSchemas (the default, unless apf.includeBuiltins is false)",
    )
    builtins.add_argument("--no-builtins", dest="builtins", action="store_false", help="leave the suggested FlowSchemas out")
    order.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from k8slint.config import ConfigError, config_path_for, load_config
    from k8slint.inputs import load_objects

    try:
        config = load_config(config_path_for(getattr(args, "config", None)), kubernetes_version=args.kubernetes_version)
    except ConfigError as error:
        for message in error.messages():
            sys.stderr.write(f"k8slint: configuration error: {terminal_safe(message)}\n")
        return EXIT_USAGE
    if args.builtins is not None:
        config.settings = records.replace(config.settings, apf_include_builtins=args.builtins)
    settings = config.settings
    objects, sources = load_objects(args.paths, config)
    unreadable = [source for source in sources if source.unreadable is not None]
    for source in unreadable:
        sys.stderr.write(terminal_safe(f"k8slint: {source.path}: {source.unreadable}") + "\n")
    for source in sources:
        for problem in source.load_problems:
            line = f"k8slint: {source.path}:{problem.span.line}: {problem.message} (document skipped)"
            sys.stderr.write(terminal_safe(line) + "\n")
    if unreadable and len(unreadable) == len(sources):
        return EXIT_USAGE

    from k8slint import apf

    analysis = apf.set_analysis(objects)
    rows = _rows(analysis)
    left_out = _left_out(analysis)
    if args.format == "json":
        json.dump({"kubernetesVersion": "%d.%d" % settings.kubernetes_version, "order": rows, "notInEffect": left_out},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(rows, left_out, settings)
    return EXIT_OK


def _where(obj) -> tuple[str, int]:
    from k8slint.loader import locate

    span, _ = locate(obj.source.node, obj.base + ("metadata", "name"))
    return obj.file, span.line


def _rows(analysis) -> list[dict]:
    rows = []
    for position, schema in enumerate(analysis.order, start=1):
        row = {
            "position": position,
            "name": schema.name,
            "precedence": schema.precedence,
            "priorityLevel": schema.level,
            "distinguisher": schema.distinguisher,
            "builtin": schema.builtin,
            "file": None,
            "line": None,
            "shadowedBy": [other.name for other in analysis.shadowing(schema) or ()],
        }
        if schema.source is not None:
            row["file"], row["line"] = _where(schema.source)
        rows.append(row)
    return rows


def _left_out(analysis) -> list[dict]:
    entries = []
    for reason, schemas in (("invalid", analysis.invalid), ("dangling", analysis.dangling), ("replaced", analysis.replaced)):
        for schema in schemas:
            file, line = _where(schema.source)
            entries.append({"name": schema.name, "reason": reason, "priorityLevel": schema.level, "file": file, "line": line})
    return entries


def _print_text(rows: list[dict], left_out: list[dict], settings) -> None:
    out = sys.stdout
    major, minor = settings.kubernetes_version
    scope = "built-in FlowSchemas included" if settings.apf_include_builtins else "only mandatory built-ins"
    out.write(f"FlowSchema evaluation order for Kubernetes {major}.{minor} ({scope}); the first match wins.\n\n")
    table = [("#", "PRECEDENCE", "FLOWSCHEMA", "PRIORITY LEVEL", "DISTINGUISHER", "DEFINED AT")]
    notes = []
    for row in rows:
        where = "built-in" if row["builtin"] else f"{row['file']}:{row['line']}"
        cells = (str(row["position"]), str(row["precedence"]), row["name"], row["priorityLevel"], row["distinguisher"] or "-", where)
        table.append(tuple(terminal_safe(str(cell)) for cell in cells))
        if row["shadowedBy"]:
            shadows = ", ".join(row["shadowedBy"])
            note = f"  {row['position']}. {row['name']} never matches: every request it can match is matched first by {shadows}"
            notes.append(terminal_safe(note))
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]) - 1)]
    for line in table:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths)) + "  " + line[-1] + "\n")
    if notes:
        out.write("\nNever matched:\n" + "\n".join(notes) + "\n")
    if left_out:
        out.write("\nNot in effect:\n")
        reasons = {
            "invalid": "rejected by the API server's validation (see `k8slint lint`)",
            "dangling": 'priority level "{level}" does not exist, so the API server ignores it',
            "replaced": "replaced by a later object with the same name",
        }
        for entry in left_out:
            reason = reasons[entry["reason"]].format(level=entry["priorityLevel"])
            out.write(terminal_safe(f"  {entry['name']} ({entry['file']}:{entry['line']}): {reason}") + "\n")
