"""Each output format rendered from one fixed lint run, compared with its golden file.

Set K8SLINT_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
"""

import io
import json
import os
import xml.etree.ElementTree as ElementTree
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from k8slint import tracking
from k8slint.formats import FORMATS
from tests.helpers import lint

GOLDEN = Path(__file__).parent / "golden"
# A fixed rule set, so that new rules do not change the golden files.
GOLDEN_RULES = ["invalid-name", "invalid-label", "missing-required-field", "invalid-yaml"]
MANIFEST = """\
apiVersion: v1
kind: Service
metadata:
  name: Web_Frontend
  labels:
    enabled: yes
spec:
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels: {app: web}
spec: {}
---
kind: [broken
"""


def render(name: str, text: str = MANIFEST, path: str = "deploy/web.yaml") -> str:
    report = lint(text, path=path, select=GOLDEN_RULES)
    out = io.StringIO()
    FORMATS[name](report, out)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_golden(name, monkeypatch):
    # SARIF names the absolute source root: a fixed one, so that the golden file is the same everywhere.
    monkeypatch.chdir("/")
    monkeypatch.setattr(tracking, "source_root", lambda: "/")
    rendered = render(name)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("K8SLINT_UPDATE_GOLDEN"):
        golden.write_text(rendered)
    assert rendered == golden.read_text()


def test_json_matches_the_shipped_schema_and_the_editor_contract():
    document = json.loads(render("json"))
    schema = json.loads(resources.files("k8slint").joinpath("data/output.schema.json").read_text())
    jsonschema.Draft7Validator(schema).validate(document)
    assert document["summary"] == {"files": 1, "documents": 2, "findings": 4, "skipped": 0}
    first = document["findings"][0]
    assert first == {
        "code": "K102",
        "name": "invalid-name",
        "severity": "error",
        "message": first["message"],
        "file": "deploy/web.yaml",
        "line": 4,
        "column": 9,
        "endLine": 4,
        "endColumn": 21,
        "field": "metadata.name",
        "remediation": first["remediation"],
        "object": {"apiVersion": "v1", "kind": "Service", "namespace": None, "name": "Web_Frontend", "document": 0},
        "fingerprint": first["fingerprint"],
    }


def test_sarif_has_rule_metadata_levels_and_regions():
    sarif = json.loads(render("sarif"))
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)


@pytest.mark.parametrize("name", ["junit", "checkstyle"])
def test_xml_formats_are_well_formed(name):
    ElementTree.fromstring(render(name).encode())


def test_github_annotation_shape():
    lines = render("github").splitlines()
    assert lines[0].startswith("::error file=deploy/web.yaml,line=4,col=9,endLine=4,endColumn=21,title=k8slint K102 invalid-name::")
