"""SARIF as code scanning reads it: valid against the official 2.1.0 schema (formats included) on every
format-test fixture, paths under the source root, fingerprints, and rule links into docs/rules.md."""

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from k8slint import registry, tracking
from k8slint.formats import FORMATS
from tests.formats import test_formats, test_output_integrity
from tests.helpers import lint, lint_files

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
ROOT = Path(__file__).resolve().parents[2]
DUPLICATES = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n"


def validate(text: str) -> dict:
    import rfc3339_validator  # noqa: F401  (the checker of `date-time`)
    import rfc3986_validator  # noqa: F401  (the checker of `uri-reference`; without it the format is not checked)

    document = json.loads(text)
    checker = jsonschema.FormatChecker(["uri", "uri-reference", "date-time"])
    jsonschema.Draft4Validator(SCHEMA, format_checker=checker).validate(document)
    return document


def sarif_of(report) -> dict:
    out = io.StringIO()
    FORMATS["sarif"](report, out)
    return validate(out.getvalue())


FIXTURES = {
    "golden": lambda: lint(test_formats.MANIFEST, path="deploy/web.yaml", select=test_formats.GOLDEN_RULES),
    "hostile": lambda: lint(test_output_integrity.HOSTILE, path=test_output_integrity.PATH, select=["invalid-name", "invalid-label"]),
    "related": lambda: lint(DUPLICATES, path="deploy/dup.yaml", select=["duplicate-object"]),
    "stdin": lambda: lint(test_formats.MANIFEST, path="<stdin>", select=test_formats.GOLDEN_RULES),
    "empty": lambda: lint("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n", select=test_formats.GOLDEN_RULES),
}


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_every_format_fixture_is_valid_sarif_2_1_0(fixture):
    run = sarif_of(FIXTURES[fixture]())["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///")
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"].endswith("/")


def test_the_golden_file_is_valid_sarif():
    validate((Path(__file__).parent / "golden" / "sarif.txt").read_text())


def test_paths_are_relative_to_the_repository_root_from_a_subdirectory(monkeypatch):
    monkeypatch.chdir(ROOT / "tests")
    report = lint_files(["fixtures/duplicate-object.yaml"], select=["duplicate-object"])
    run = sarif_of(report)["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == ROOT.as_uri() + "/"
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "tests/fixtures/duplicate-object.yaml", "uriBaseId": "SRCROOT"}
    related = run["results"][0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert related["uriBaseId"] == "SRCROOT"


def test_files_outside_the_root_get_absolute_file_uris(tmp_path, monkeypatch):
    odd = tmp_path / "we,ird:name%.yaml"
    odd.write_text("apiVersion: v1\nkind: Service\nmetadata: {name: Bad_Name}\nspec: {ports: [{port: 80}]}\n")
    monkeypatch.setattr(tracking, "source_root", lambda: str(ROOT))
    run = sarif_of(lint_files([str(odd)], select=["invalid-name"]))["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == Path(str(tmp_path)).as_uri() + "/we%2Cird%3Aname%25.yaml"


def test_odd_names_under_the_root_are_escaped_uri_references():
    run = sarif_of(FIXTURES["hostile"]())["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "dir/we%2Cird%3Ana%25me.yaml", "uriBaseId": "SRCROOT"}


def test_rules_link_to_their_section_of_docs_rules_md():
    """The anchor is the one GitHub derives from the heading `## <name> (<code>)` the docs generator writes."""
    headings = re.findall(r"^## (\S+) \((K\d+)\)$", (ROOT / "docs" / "rules.md").read_text(), re.MULTILINE)
    anchors = {f"{name}-{code.lower()}" for name, code in headings}
    run = sarif_of(FIXTURES["golden"]())["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["helpUri"].startswith("https://github.com/k8slint/k8slint/blob/main/docs/rules.md#")
        assert rule["helpUri"].split("#")[1] in anchors
    assert len(anchors) == len(registry.all_rules())


def test_results_carry_the_fingerprint_the_json_output_has():
    report = FIXTURES["golden"]()
    run = sarif_of(report)["runs"][0]
    out = io.StringIO()
    FORMATS["json"](report, out)
    from_json = [finding["fingerprint"] for finding in json.loads(out.getvalue())["findings"]]
    assert [result["partialFingerprints"]["k8slint/v1"] for result in run["results"]] == from_json
    assert len(set(from_json)) == len(from_json)
