"""Test helpers: lint text or fixture files through the real configuration and linter."""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from k8slint import registry
from k8slint.config import load_config
from k8slint.linter import Linter, Report
from k8slint.loader import load_text

FIXTURES = Path(__file__).parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*([A-Za-z0-9,\s-]+?)\s*(?:#|$)")
FIXTURE_CONFIG = re.compile(r"^#\s*fixture-config:\s*(.+)$", re.MULTILINE)


def make_config(select: Sequence[str] = (), config: dict | None = None, tmp_dir: Path | None = None) -> Any:
    """A real Config from an in-memory .k8slint.yaml mapping, validated like a user's file.

    The file lives in a directory of its own, which becomes the project's root: files linted from
    elsewhere (the fixtures) are linted alone, without the rest of their directory as context. The
    files a test names are one apply set (`applySets: {scope: run}`) unless the test configures it.
    """
    import json
    import tempfile

    directory = Path(tmp_dir or tempfile.mkdtemp(prefix="config-", dir=_configs_directory()))
    path = directory / ".k8slint.yaml"
    path.write_text(json.dumps({"applySets": {"scope": "run"}, **(config or {})}))
    return load_config(path, select=tuple(select))


@functools.lru_cache(maxsize=None)
def _configs_directory() -> str:
    """One directory per test process for the configurations `make_config` writes, removed at exit
    (a directory per call left thousands behind in the system's temporary directory)."""
    import atexit
    import shutil
    import tempfile

    directory = tempfile.mkdtemp(prefix="k8slint-test-")
    atexit.register(shutil.rmtree, directory, True)
    return directory


def lint(text: str, select: Sequence[str] = (), config: dict | None = None, path: str = "test.yaml") -> Report:
    return Linter(make_config(select, config)).lint_text(text, path)


def lint_files(paths: Sequence[Path | str], select: Sequence[str] = (), config: dict | None = None) -> Report:
    return Linter(make_config(select, config)).lint_paths([str(p) for p in paths])


def positions(text: str, rule: str, config: dict | None = None) -> list[tuple[int, int]]:
    """Sorted (line, column) of the findings of one rule, with only that rule enabled."""
    report = lint(text, select=[rule], config=config)
    return sorted((f.line, f.column) for f in report.findings if f.name == _name(rule))


def messages(text: str, rule: str, config: dict | None = None) -> list[str]:
    """The messages of one rule's findings as the text formats show them (related places as "see FILE:LINE")."""
    from k8slint.formats import message_with_related

    report = lint(text, select=[rule], config=config)
    return [message_with_related(f) for f in report.findings if f.name == _name(rule)]


def expected_markers(path: Path) -> Counter:
    """(file, line, code) for every `# expect: RULE[, RULE...]` marker in a fixture file."""
    expected: Counter = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for identifier in filter(None, (part.strip() for part in match.group(1).split(","))):
                rule = registry.lookup(identifier)
                assert rule is not None, f"{path.name}:{number}: unknown rule {identifier!r} in expect marker"
                expected[(str(path), number, rule.code)] += 1
    return expected


def fixture_config(path: Path) -> dict | None:
    match = FIXTURE_CONFIG.search(path.read_text(encoding="utf-8", errors="replace"))
    if not match:
        return None
    loaded = load_text(match.group(1))
    return loaded.documents[0].value


def check_fixture(
    name: str,
    rule: str | None = None,
    extra_files: Sequence[str] = (),
    config: dict | None = None,
    with_rules: Sequence[str] = (),
) -> Report:
    """Lint fixture file(s) with only `rule` selected and compare findings with the `# expect:` markers.

    `name` is a file under tests/fixtures/ (the rule defaults to the file's stem). `extra_files` are
    linted in the same run (objects referenced across files) and their markers count too.
    A `# fixture-config: {...}` line gives the run's .k8slint.yaml settings. `with_rules` also run
    (for rules about other rules' findings, such as unused-suppression), but only `rule` is compared.
    """
    paths = [FIXTURES / name, *(FIXTURES / extra for extra in extra_files)]
    rule_name = rule or Path(name).stem
    rule_code = registry.lookup(rule_name).code
    settings = config if config is not None else fixture_config(paths[0])
    report = lint_files(paths, select=[rule_name, *with_rules], config=settings)
    internal = [f for f in report.findings if f.message.startswith("internal error")]
    assert not internal, internal
    found = Counter((f.file, f.line, f.code) for f in report.findings if f.code == rule_code)
    expected: Counter = Counter()
    for path in paths:
        for (file, line, code), count in expected_markers(path).items():
            if code == rule_code:
                expected[(file, line, code)] += count
    missing = sorted((expected - found).elements())
    unexpected = sorted((found - expected).elements())
    details = "\n".join(f"  {f.file}:{f.line}:{f.column} {f.code} {f.message}" for f in report.findings)
    assert not missing and not unexpected, (
        f"missing: {missing}\nunexpected: {unexpected}\nall findings:\n{details}"
    )
    return report


def _name(rule: str) -> str:
    return registry.lookup(rule).name


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write `files` (relative path -> text) below `root`, creating directories."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def lint_tree(root: Path, monkeypatch: Any, capsys: Any, files: dict[str, str], *args: str) -> tuple[int, dict]:
    """Write `files` below `root` and run `k8slint lint --format json ARGS` there, as a user would:
    (exit code, the JSON report)."""
    import json

    from k8slint.cli import main

    write_tree(root, files)
    monkeypatch.chdir(root)
    code = main(["lint", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)
