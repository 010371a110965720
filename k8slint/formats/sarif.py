"""SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).

Paths are relative to the source root (the git work tree holding the current directory, else the
current directory) under the base id `SRCROOT`, whose absolute `file://` URI `originalUriBaseIds`
gives; files outside it get an absolute `file://` URI. Every result has `partialFingerprints`
(`k8slint/v1`, see `k8slint.tracking`), so code scanning follows a finding that moved. Each rule's
`helpUri` is its section of docs/rules.md: `RULES_DOC_URL#<name>-<code>`, the anchor GitHub derives
from the heading `## <name> (<code>)`; names and codes are never reused, so these links stay valid.
"""

from __future__ import annotations

import json
import os
from typing import TextIO
from urllib.parse import quote

from k8slint import __version__, registry, tracking
from k8slint.formats import PLAIN, OutputOptions, formatter
from k8slint.linter import Report
from k8slint.model import Severity
from k8slint.text import shorten_message

RULES_DOC_URL = "https://github.com/k8slint/k8slint/blob/main/docs/rules.md"
ROOT_BASE_ID = "SRCROOT"
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def help_uri(rule) -> str:
    return f"{RULES_DOC_URL}#{rule.name}-{rule.code.lower()}"


@formatter("sarif")
def sarif(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    # Only the rules that have results: a smaller log, and one that does not change as rules are added.
    reported = {finding.code for finding in report.findings}
    rules = [rule for rule in registry.known_rules() if rule.code in reported]
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    results = []
    for finding, fingerprint in zip(report.findings, tracking.fingerprints(report.findings)):
        region = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line or finding.line,
            "endColumn": finding.end_column or finding.column + 1,
        }
        result = {
            "ruleId": finding.code,
            "ruleIndex": rule_index[finding.code],
            "level": _SARIF_LEVELS[finding.severity],
            "message": {"text": shorten_message(finding.message)},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(finding.file), "region": region}}],
            "partialFingerprints": {tracking.FINGERPRINT_KEY: fingerprint},
            "properties": {"name": finding.name, "field": finding.field},
        }
        if finding.related:
            result["relatedLocations"] = [
                {
                    "id": index,
                    "physicalLocation": {
                        "artifactLocation": artifact_location(place.file),
                        "region": {
                            "startLine": place.line,
                            "startColumn": place.column,
                            "endLine": place.end_line,
                            "endColumn": place.end_column,
                        },
                    },
                    "message": {"text": place.message},
                }
                for index, place in enumerate(finding.related)
            ]
        if finding.fix is not None:
            result["fixes"] = [sarif_fix(finding)]
        results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "k8slint",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule.code,
                                "name": rule.name,
                                "shortDescription": {"text": rule.summary},
                                "fullDescription": {"text": rule.doc.split("## Why is this bad?")[0].replace("## What it does", "").strip()},
                                "help": {"text": rule.remediation, "markdown": rule.doc},
                                "helpUri": help_uri(rule),
                                "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
                            }
                            for rule in rules
                        ],
                    }
                },
                "originalUriBaseIds": {ROOT_BASE_ID: {"uri": _file_uri(tracking.source_root(), directory=True)}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    json.dump(document, out, indent=2, ensure_ascii=True)
    out.write("\n")


def sarif_fix(finding) -> dict:
    """A finding's fix as SARIF's `fix`: the replacements in its file (`deletedRegion` + `insertedContent`)."""
    fix = finding.fix
    unsafe = "" if fix.safe else " (unsafe: changes behaviour)"
    return {
        "description": {"text": fix.message + unsafe},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(finding.file),
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": edit.line,
                            "startColumn": edit.column,
                            "endLine": edit.end_line,
                            "endColumn": edit.end_column,
                        },
                        "insertedContent": {"text": edit.text},
                    }
                    for edit in fix.edits
                ],
            }
        ],
        "properties": {"safe": fix.safe},
    }


def artifact_location(file: str) -> dict:
    """Relative to the source root when the file is in it; else an absolute `file://` URI (stdin: its
    name, as a relative reference)."""
    relative = tracking.root_relative(file)
    if relative is not None:
        return {"uri": _escape(relative), "uriBaseId": ROOT_BASE_ID}
    if file in ("-", "<stdin>"):
        return {"uri": _escape(file)}
    return {"uri": _file_uri(os.path.abspath(file))}


def _file_uri(path: str, directory: bool = False) -> str:
    uri = "file://" + ("" if path.startswith("/") else "/") + _escape(path.replace("\\", "/"))
    return uri if not directory or uri.endswith("/") else uri + "/"


def _escape(path: str) -> str:
    """Every character but unreserved ones and `/` percent-encoded (`:` in a first segment would read as a
    scheme, `%` as an escape); a name that is not UTF-8 keeps its own bytes."""
    return quote(os.fsencode(path), safe="/")
