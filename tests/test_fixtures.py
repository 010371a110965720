"""Every rule fixture, run through the real linter: its `# expect:` markers, and a snapshot of the `full` output.

A fixture is `tests/fixtures/<rule-name>[-variant].yaml`; the rule is the registered name its file name
starts with (the longest). Header comments adjust the run:

- `# fixture-config: {...}`: the run's `.k8slint.yaml` settings (YAML flow mapping);
- `# fixture-files: other.yaml, ...`: more files linted in the same run (objects referenced across files);
  their markers for the rule count too;
- `# fixture-rules: rule, ...`: more rules to run beside it (rules about other rules' findings, or specific
  rules that supersede part of it); only the fixture's rule is compared and snapshotted;
- `# fixture-part-of: other.yaml`: the file only makes sense linted with another fixture, not alone.

The snapshot `tests/fixtures/<stem>.snap` holds the `full` output of the rule's findings (message, source
line, caret span, help). When the rule's findings carry fixes, `tests/fixtures/<stem>.fix.diff` holds the
fixture before and after `--fix --unsafe-fixes` (a unified diff); the fixed text must lint without any of
the fixed findings and without a new one, and the same fixture with CRLF line ends must get the very same
edits with every other byte kept. After an intended change, regenerate every snapshot with

    K8SLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_fixtures.py

and review the diff.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from k8slint import registry
from k8slint.formats import FORMATS
from k8slint.linter import Report
from k8slint.linter import Linter
from tests.helpers import FIXTURES, expected_markers, fixture_config, lint_files, make_config

HEADER = re.compile(r"^#\s*fixture-(files|rules|part-of|needs):\s*(.+)$", re.MULTILINE)
UPDATE = os.environ.get("K8SLINT_UPDATE_SNAPSHOTS") == "1"


def fixture_rule(path: Path):
    """The rule a fixture file is for: the longest registered name its stem starts with."""
    names = [rule.name for rule in registry.all_rules() if path.stem == rule.name or path.stem.startswith(rule.name + "-")]
    assert names, f"{path.name}: no rule is named like this fixture"
    return registry.lookup(max(names, key=len))


def headers(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in HEADER.findall(path.read_text(encoding="utf-8", errors="replace")):
        found.setdefault(key, []).extend(part.strip() for part in value.split(",") if part.strip())
    return found


FIXTURE_FILES = sorted(path for path in FIXTURES.glob("*.yaml") if "part-of" not in headers(path))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda path: path.stem)
def test_fixture(path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(FIXTURES)  # findings name files relative to the fixtures, as in the snapshots
    rule = fixture_rule(path)
    extra = headers(path)
    if "cel" in extra.get("needs", []):
        from k8slint.policy import cel

        if not cel.available():
            pytest.skip(f"{path.name} needs the {cel.ENGINE} engine: pip install 'k8slint[{cel.EXTRA}]'")
    names = [path.name, *extra.get("files", [])]
    report = lint_files(names, select=[rule.name, *extra.get("rules", [])], config=fixture_config(path))
    internal = [f for f in report.findings if f.message.startswith("internal error")]
    assert not internal, internal
    found = Counter((f.file, f.line, f.code) for f in report.findings if f.code == rule.code)
    expected: Counter = Counter()
    for name in names:
        for (_, line, code), count in expected_markers(FIXTURES / name).items():
            if code == rule.code:
                expected[(name, line, code)] += count
    details = "\n".join(f"  {f.file}:{f.line}:{f.column} {f.code} {f.message}" for f in report.findings)
    assert found == expected, (
        f"missing: {sorted((expected - found).elements())}\n"
        f"unexpected: {sorted((found - expected).elements())}\nall findings:\n{details}"
    )
    check_snapshot(path.with_suffix(".snap"), report, rule.code)
    check_fixes(path, names, report, rule, [rule.name, *extra.get("rules", [])], tmp_path, monkeypatch)


def check_fixes(path: Path, names: list[str], report: Report, rule, select: list[str], tmp_path: Path, monkeypatch) -> None:
    """The fixture's fixes applied, as `--fix --unsafe-fixes` applies them: compared with the `.fix.diff`
    snapshot, linted again, and applied again to the fixture written with CRLF line ends."""
    from k8slint.fixes import fix_text, unified_diff

    snapshot = path.with_suffix(".fix.diff")
    fixable = [f for f in report.findings if f.code == rule.code and f.file == path.name and f.fix is not None]
    if not fixable:
        assert not snapshot.exists(), f"{snapshot.name}: the rule's findings in {path.name} carry no fix any more"
        return
    assert rule.fix is not None, f"{rule.name}'s problems carry fixes: its module must declare FIX"
    config = make_config(select, fixture_config(path))

    def relint(candidate: str) -> list:
        return Linter(config).lint_text(candidate, path.name).findings

    text = path.read_text(encoding="utf-8")
    result = fix_text(text, [f for f in report.findings if f.file == path.name], relint, unsafe=True)
    assert not result.rejected, result.rejected
    assert sorted(map(id, result.fixed)) == sorted(map(id, fixable)), "every fix of the fixture applies in the first round"
    remaining = [f for f in relint(result.text) if f.code == rule.code]
    assert not [f for f in remaining if f.fix is not None], remaining
    assert len(remaining) == len([f for f in relint(text) if f.code == rule.code]) - len(fixable)
    diff = unified_diff(path.name, text, result.text)
    if UPDATE or not snapshot.exists():
        snapshot.write_text(diff, encoding="utf-8")
    assert diff == snapshot.read_text(encoding="utf-8"), (
        f"{snapshot.name} differs from the fixes; if the change is intended, run "
        "K8SLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_fixtures.py"
    )
    for name in names:  # the same run with CRLF line ends: the same edits, every other byte as it was
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes().replace(b"\n", b"\r\n"))
    monkeypatch.chdir(tmp_path)
    crlf_report = lint_files(names, select=select, config=fixture_config(path))
    crlf = text.replace("\n", "\r\n")
    crlf_result = fix_text(crlf, [f for f in crlf_report.findings if f.file == path.name], relint, unsafe=True)
    assert crlf_result.text == result.text.replace("\n", "\r\n")


def check_snapshot(snapshot: Path, report: Report, code: str) -> None:
    own = Report([f for f in report.findings if f.code == code], report.files, report.documents, report.sources)
    out = io.StringIO()
    FORMATS["full"](own, out)
    if UPDATE or not snapshot.exists():
        snapshot.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == snapshot.read_text(encoding="utf-8"), (
        f"{snapshot.name} differs from the output; if the change is intended, run "
        "K8SLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_fixtures.py"
    )
