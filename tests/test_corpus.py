"""Every file of the shared corpus of real public manifests lints without a crash or nonsense.

Skipped when ../shared/corpus is absent (a user's clone has no shared/).
"""

import csv
from pathlib import Path

import pytest

from k8slint.config import load_config
from k8slint.linter import Linter

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@pytest.fixture(scope="module")
def report():
    return Linter(load_config(None)).lint_paths([str(CORPUS)])


def test_no_rule_crashes(report):
    internal = [f for f in report.findings if f.message.startswith("internal error")]
    assert internal == []


def test_every_finding_is_positioned_inside_its_file(report):
    for finding in report.findings:
        lines = report.lines(finding.file)
        assert finding.line >= 1 and finding.column >= 1, finding
        if lines is not None:
            assert finding.line <= len(lines) + 1, finding


def test_syntax_errors_only_where_a_yaml_parser_also_fails(report):
    with open(CORPUS / "INDEX.tsv", newline="") as index:
        unparseable = {row["corpus_path"] for row in csv.DictReader(index, delimiter="\t") if row["yaml_parse"] != "ok"}
    flagged = {str(Path(f.file).relative_to(CORPUS)) for f in report.findings if f.name == "invalid-yaml"}
    assert flagged and flagged <= unparseable


def test_files_and_documents_are_all_read(report):
    files = [
        p
        for p in CORPUS.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(CORPUS).parts)  # hidden folders are skipped
    ]
    assert report.files + len(report.skipped) == len(files)
    # documents of the linted files only: non-manifests and test-harness files (chainsaw assertions) are skipped
    assert report.documents >= 5900
