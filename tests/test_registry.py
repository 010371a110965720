"""Every rule is registered, well-named, documented, and has a fixture; generated docs are fresh."""

import ast
import inspect
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
# Rules about rendering kustomizations and charts: a kustomization or a chart is a directory, not one YAML
# file, so their fixture is tests/fixtures/render/<rule-name>/ (linted by tests/test_rendering.py).
RENDER_RULES = {"render-failed", "not-rendered"}


def test_every_rule_module_is_registered():
    modules = {
        info.name
        for info in pkgutil.walk_packages(k8slint.rules.__path__, "k8slint.rules.")
        if not info.ispkg
    }
    assert modules == set(k8slint.rules.module_names())
    assert {rule.module.__name__ for rule in RULES} == modules


def test_rule_catalog_is_fresh():
    assert (ROOT / "k8slint" / "rule_catalog.py").read_text() == registry.catalog_text(), (
        "k8slint/rule_catalog.py is stale: run `python -m tests.test_registry`"
    )


def test_start_up_imports_no_rule_module():
    import subprocess
    import sys

    probe = (
        "import sys; from k8slint import registry; from k8slint.config import load_config; load_config(None); "
        "registry.all_rules(); print(sorted(m for m in sys.modules if m.startswith('k8slint.rules.')))"
    )
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"


def test_rules_are_grouped_in_family_packages():
    for rule in RULES:
        package, family, module = rule.module.__name__.rsplit(".", 2)
        assert package == "k8slint.rules" and family == rule.family, rule.module.__name__


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
    if rule.name in RENDER_RULES:
        files = sorted((FIXTURES / "render" / rule.name).rglob("*.yaml"))
        assert any(key[2] == rule.code for file in files for key in expected_markers(file)), f"no marker for {rule.name}"
        return
    fixture = FIXTURES / f"{rule.name}.yaml"
    assert fixture.is_file(), f"missing fixture {fixture}"
    markers = [key for key in expected_markers(fixture) if key[2] == rule.code]
    assert markers, f"{fixture.name}: no '# expect: {rule.name}' marker"
    if rule.name not in WHOLE_FILE_RULES:
        documents = re.split(r"^---\s*$", fixture.read_text(encoding="utf-8", errors="replace"), flags=re.M)
        quiet = [doc for doc in documents if doc.strip() and "expect:" not in doc]
        assert quiet, f"{fixture.name}: needs at least one document that must not fire"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_rule_has_a_declared_shape(rule):
    """A per-object `check(obj, ctx)`, a whole-set `check_set(objects, ctx)`, both, or neither for the
    input and suppression families, whose problems the core reports itself; hooks are typed."""
    if rule.reported_by_core:
        assert rule.family in ("input", "suppressions"), f"{rule.name} has neither check nor check_set"
    for hook, first in ((rule.check, "K8sObject"), (rule.check_set, "ApplySet")):
        if hook is not None:
            annotations = inspect.signature(hook).parameters
            assert [p.annotation for p in annotations.values()] == [first, "Context"], (rule.name, hook.__name__)
    for name in rule.superseded_by:
        assert registry.lookup(name) is not None, f"{rule.name}: SUPERSEDED_BY names unknown rule {name!r}"
    assert rule.kinds is None or rule.check is not None, f"{rule.name}: KINDS only applies to check()"
    assert rule.fix in (None, "safe", "unsafe"), f"{rule.name}: FIX is {rule.fix!r}, not 'safe' or 'unsafe'"
    if rule.fix is not None:
        fixed = list((ROOT / "tests" / "fixtures").glob(f"{rule.name}*.fix.diff"))
        assert fixed, f"{rule.name} declares FIX but no fixture shows a fix (tests/fixtures/{rule.name}*.fix.diff)"


def _imports(path: Path) -> set[str]:
    """Every k8slint module a source file imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("k8slint"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("k8slint"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _module_files() -> dict[str, Path]:
    files = {}
    for package, directory in (("k8slint", ROOT / "k8slint"), ("k8slint.rules", ROOT / "rules")):
        for path in directory.rglob("*.py"):
            parts = path.relative_to(directory).with_suffix("").parts
            name = ".".join((package, *parts))
            files[name.removesuffix(".__init__")] = path
    return files


def test_every_package_is_installed():
    """pyproject.toml lists packages explicitly (rules/ and grammars/ are mapped into k8slint)."""
    listed = set(re.search(r"^packages = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(), re.M).group(1).replace('"', "").split(", "))
    packages = {name for name, path in _module_files().items() if path.name == "__init__.py"}
    packages.add("k8slint.grammars")
    assert packages == listed


def test_every_profile_is_known():
    from k8slint.registry import PROFILES

    for rule in RULES:
        assert rule.profile is None or rule.profile in PROFILES, f"{rule.name}: unknown PROFILE {rule.profile!r}"


def test_no_rule_imports_another_rule():
    for rule in RULES:
        imported = {name for name in _imports(Path(rule.module.__file__)) if name.startswith("k8slint.rules")}
        assert not imported, f"{rule.name} imports {sorted(imported)}"


CORE = ("k8slint.linter", "k8slint.inputs", "k8slint.scheduler", "k8slint.registry", "k8slint.config",
        "k8slint.model", "k8slint.suppress", "k8slint.loader", "k8slint.formats", "k8slint.cli")
DOMAIN = ("k8slint.apf", "k8slint.fluentd", "k8slint.fluentbit", "k8slint.logging_agents", "k8slint.otel",
          "k8slint.tracing", "k8slint.schemas", "k8slint.mounts", "k8slint.shell", "k8slint.flags",
          "k8slint.embedded", "k8slint.selector_index", "k8slint.deprecations", "k8slint.images",
          "k8slint.podsecurity")


def test_the_core_imports_no_domain_module():
    files = _module_files()
    for module in CORE:
        imported = {name for name in _imports(files[module]) if name.startswith(DOMAIN)}
        assert not imported, f"{module} imports {sorted(imported)}"


def test_there_is_no_import_cycle():
    files = _module_files()
    graph = {}
    for module, path in files.items():
        targets = set()
        for name in _imports(path):
            while name and name not in files:  # `from k8slint.apf import x` names attributes too
                name = name.rpartition(".")[0]
            if name and name != module and not module.startswith(name + "."):
                targets.add(name)
        graph[module] = targets
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            module, trail = stack.pop()
            for target in graph.get(module, ()):
                assert target != start, "import cycle: " + " -> ".join((*trail, target))
                if target not in seen:
                    seen.add(target)
                    stack.append((target, (*trail, target)))


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


FIX_NOTES = {
    "safe": " Fix: safe, applied by `--fix` (see [fixes](fixes.md)).",
    "unsafe": " Fix: unsafe, applied only with `--fix --unsafe-fixes` (see [fixes](fixes.md)).",
}


def docs_rules_md() -> str:
    parts = ["# Rules\n\nGenerated from the rule modules by `python -m tests.test_registry`; do not edit.\n\n"]
    parts.append(rules_markdown())
    for rule in RULES:
        profile = f" Off unless its profile `{rule.profile}` is on." if rule.profile else ""
        fix = FIX_NOTES.get(rule.fix, "")
        parts.append(f"\n## {rule.name} ({rule.code})\n\nDefault severity: {rule.severity}.{profile}{fix}\n\n")
        parts.append(re.sub(r"^## ", "### ", rule.doc, flags=re.M) + "\n")
    return "".join(parts)


def regenerate() -> None:
    global RULES
    import importlib

    import k8slint.rule_catalog

    (ROOT / "k8slint" / "rule_catalog.py").write_text(registry.catalog_text())
    importlib.reload(k8slint.rule_catalog)
    registry.all_rules.cache_clear()
    registry._index.cache_clear()
    RULES = registry.all_rules()
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "rules.md").write_text(docs_rules_md())
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text()
    start, end = readme.index(README_START), readme.index(README_END)
    readme_path.write_text(readme[: start + len(README_START)] + "\n" + rules_markdown() + readme[end:])


if __name__ == "__main__":
    regenerate()
