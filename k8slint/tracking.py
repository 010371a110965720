"""What identifies a finding from one run to the next: the source root, fingerprints and baselines.

A fingerprint is the same while the finding is the same mistake: it is computed from the rule, the
file (relative to the source root, so running from a subdirectory does not change it), the object's
identity (kind, namespace, name) and the field path, never from the line, so that a finding moved by an
unrelated edit keeps its fingerprint (GitHub code scanning then keeps its alert; a baseline keeps it
known). Findings that have no object or field (a file that is not YAML, a duplicated key) use their message
instead, without the line numbers it names.
Two findings that would share a fingerprint are told apart by their order in the file.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Sequence

from k8slint.inputs import git_root
from k8slint.model import Finding
from k8slint.records import record
from k8slint.regex import LazyPattern

# Bump the version when the fingerprint's inputs change: a baseline written by another version is then
# recognised as such instead of silently matching nothing.
FINGERPRINT_KEY = "k8slint/v1"
# Messages that name another line ("first defined at line 8") move with it: not part of a fingerprint.
_LINE_REFERENCE = LazyPattern(r"\bline \d+")
BASELINE_VERSION = 1


def source_root() -> str:
    """The directory paths are reported relative to in SARIF and fingerprints: the git work tree
    holding the current directory, else the current directory."""
    return _source_root(os.getcwd())


@functools.lru_cache(maxsize=8)
def _source_root(directory: str) -> str:
    return git_root(directory) or directory


def root_relative(file: str) -> str | None:
    """`file` (as reported) relative to the source root with `/` separators; None when it lies outside."""
    if file in ("-", "<stdin>"):
        return None
    absolute = os.path.abspath(file)
    root = source_root()
    if absolute != root and not absolute.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return os.path.relpath(absolute, root).replace(os.sep, "/")


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in order."""
    import hashlib  # only SARIF, GitLab and baselines need fingerprints: kept off start-up

    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        identity = _identity(finding)
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        text = identity if not occurrence else f"{identity}\0{occurrence}"
        result.append(hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return result


def _identity(finding: Finding) -> str:
    import json

    file = root_relative(finding.file)
    parts: list = [finding.code, file if file is not None else finding.file.replace(os.sep, "/")]
    obj = finding.obj
    if obj is not None:
        parts += [obj.api_version.split("/")[0] if obj.api_version and "/" in obj.api_version else "", obj.kind, obj.namespace, obj.name]
    if finding.field is not None:
        parts.append(finding.field)
    if obj is None or finding.field is None:
        parts.append(_LINE_REFERENCE.sub("line", finding.message))
    return json.dumps(parts, ensure_ascii=False)


@record(frozen=True)
class Baseline:
    """Findings recorded as known: not reported while they occur; `fixed` counts those that no longer do."""

    fingerprints: frozenset[str]

    @classmethod
    def read(cls, path: str | Path) -> "Baseline":
        import json

        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise BaselineError(f"{path}: not a k8slint baseline (not JSON: {error})") from None
        if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION or not isinstance(document.get("findings"), list):
            raise BaselineError(f"{path}: not a k8slint baseline of version {BASELINE_VERSION} (write one with --write-baseline)")
        found = [entry.get("fingerprint") for entry in document["findings"] if isinstance(entry, dict)]
        return cls(frozenset(value for value in found if isinstance(value, str)))

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], int, int]:
        """(findings not in the baseline, how many were known, how many of the baseline are fixed)."""
        new, present = [], set()
        for finding, fingerprint in zip(findings, fingerprints(findings)):
            if fingerprint in self.fingerprints:
                present.add(fingerprint)
            else:
                new.append(finding)
        return new, len(findings) - len(new), len(self.fingerprints - present)


class BaselineError(Exception):
    pass


def write_baseline(path: str | Path, findings: Sequence[Finding]) -> None:
    """The baseline of `findings`: their fingerprints, with what a person reviewing the file needs to
    recognise each (rule, file, object, field, message); sorted, so that it diffs well."""
    import json

    entries = [
        {
            "fingerprint": fingerprint,
            "rule": finding.name,
            "file": root_relative(finding.file) or finding.file,
            "object": finding.obj.describe() if finding.obj is not None else None,
            "field": finding.field,
            "message": finding.message,
        }
        for finding, fingerprint in zip(findings, fingerprints(findings))
    ]
    entries.sort(key=lambda entry: (entry["file"], entry["rule"], entry["fingerprint"]))
    document = {"version": BASELINE_VERSION, "tool": "k8slint", "findings": entries}
    Path(path).write_text(json.dumps(document, indent=2, ensure_ascii=True) + "\n", encoding="utf-8")

