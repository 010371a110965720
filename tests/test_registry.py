"""Every rule is registered, well-named, documented, and has a fixture; generated docs are fresh."""

import pkgutil
import re
from pathlib import Path

import pytest

import k8slint.rules
from k8slint import registry
from k8slint.commands.rules import rules_markdown
from k8slint.registry import CODE_PATTERN, NAME_PATTERN
from tests.helpers import FIXTURES, expected_markers

ROOT = Path(__file__).parent.parent
RULES = registry.all_rules()
# File-level input problems: their fixture is one file that cannot also hold a clean document.
WHOLE_FILE_RULES = {"unreadable-file", "unrendered-template"}


def test_every_rule_module_is_registered():
    modules = {info.name for info in pkgutil.iter_modules(k8slint.rules.__path__)}
    registered = {rule.module.__name__.rsplit(".", 1)[1] for rule in RULES}
    assert modules == registered


def test_codes_and_names_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert CODE_PATTERN.fullmatch(rule.code), rule.code
        assert NAME_PATTERN.fullmatch(rule.name), rule.name
        assert rule.module.__name__.endswith("." + rule.name.replace("-", "_")), (rule.name, rule.module.__name__)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_rule_is_documented(rule):
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in rule.doc, f"{rule.name}: missing {heading!r}"
    assert "Use instead" in rule.doc, f"{rule.name}: missing 'Use instead'"
    if rule.options:
        assert "## Options" in rule.doc, f"{rule.name}: has OPTIONS but no '## Options' section"
        for option in rule.options:
            assert f"`{option}`" in rule.doc, f"{rule.name}: option {option!r} is not documented"
    assert rule.summary and rule.summary[0].islower() and not rule.summary.endswith(".")
    assert rule.remediation.endswith(".")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_rule_has_a_fixture_with_firing_and_quiet_documents(rule):
    fixture = FIXTURES / f"{rule.name}.yaml"
    assert fixture.is_file(), f"missing fixture {fixture}"
    markers = [key for key in expected_markers(fixture) if key[2] == rule.code]
    assert markers, f"{fixture.name}: no '# expect: {rule.name}' marker"
    if rule.name not in WHOLE_FILE_RULES:
        documents = re.split(r"^---\s*$", fixture.read_text(encoding="utf-8", errors="replace"), flags=re.M)
        quiet = [doc for doc in documents if doc.strip() and "expect:" not in doc]
        assert quiet, f"{fixture.name}: needs at least one document that must not fire"


def test_rule_has_a_test_module_or_shared_fixture_test():
    tested = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    for rule in RULES:
        assert f"{rule.name}.yaml" in tested or f'"{rule.name}"' in tested, f"{rule.name} has no test"


def test_docs_rules_md_is_fresh():
    assert (ROOT / "docs" / "rules.md").read_text() == docs_rules_md(), (
        "docs/rules.md is stale: run `python -m tests.test_registry`"
    )


def test_readme_rule_table_is_fresh():
    readme = (ROOT / "README.md").read_text()
    start, end = readme.index(README_START), readme.index(README_END)
    assert readme[start + len(README_START) : end].strip() == rules_markdown().strip(), (
        "the README rule table is stale: run `python -m tests.test_registry`"
    )


README_START = "<!-- rules:start -->"
README_END = "<!-- rules:end -->"


def docs_rules_md() -> str:
    parts = ["# Rules\n\nGenerated from the rule modules by `python -m tests.test_registry`; do not edit.\n\n"]
    parts.append(rules_markdown())
    for rule in RULES:
        parts.append(f"\n## {rule.name} ({rule.code})\n\nDefault severity: {rule.severity}.\n\n")
        parts.append(re.sub(r"^## ", "### ", rule.doc, flags=re.M) + "\n")
    return "".join(parts)


def regenerate() -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "rules.md").write_text(docs_rules_md())
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text()
    start, end = readme.index(README_START), readme.index(README_END)
    readme_path.write_text(readme[: start + len(README_START)] + "\n" + rules_markdown() + readme[end:])


if __name__ == "__main__":
    regenerate()
