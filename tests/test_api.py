"""The documented Python API: `k8slint.lint_paths` and `k8slint.lint_text`."""

import re
from pathlib import Path

import pytest

import k8slint
from k8slint import records
from tests.test_cli import BAD_NAME, GOOD

README = Path(__file__).resolve().parents[1] / "README.md"


def test_lint_text_returns_positioned_findings():
    findings = k8slint.lint_text(BAD_NAME, "deploy/svc.yaml")
    assert [(f.file, f.line, f.column, f.code, f.name, f.severity) for f in findings] == [
        ("deploy/svc.yaml", 4, 9, "K102", "invalid-name", k8slint.Severity.ERROR)
    ]
    assert isinstance(findings[0], k8slint.Finding) and findings[0].obj.name == "Bad_Name"
    assert k8slint.lint_text(BAD_NAME, ignore=["invalid-name"]) == []


def test_lint_paths_uses_the_nearest_configuration_like_the_command_line(tmp_path):
    (tmp_path / "bad.yaml").write_text(BAD_NAME)
    (tmp_path / "good.yaml").write_text(GOOD)
    assert [f.name for f in k8slint.lint_paths([tmp_path])] == ["invalid-name"]
    (tmp_path / ".k8slint.yaml").write_text("rules:\n  invalid-name: disable\n")
    assert k8slint.lint_paths([tmp_path]) == []
    assert [f.name for f in k8slint.lint_paths([tmp_path / "bad.yaml"], select=["invalid-name"])] == ["invalid-name"]
    other = tmp_path / "other.yaml"
    other.write_text("kubernetesVersion: 1.30\n")
    with pytest.raises(k8slint.ConfigError, match="quote it"):
        k8slint.lint_paths([tmp_path], config=other)


def test_the_readme_documents_the_api_with_its_stability_note():
    text = README.read_text()
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    assert "lint_paths(" in section and "lint_text(" in section and "Stability" in section
    for name in re.findall(r"`finding\.(\w+)`", section):
        assert name in {item.name for item in records.fields(k8slint.Finding)}, name
