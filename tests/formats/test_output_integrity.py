"""Manifest content cannot break or forge any output format."""

import io
import json
import xml.etree.ElementTree as ElementTree

import pytest

from k8slint.formats import FORMATS
from tests.helpers import lint

# A name and a label value that try to end the line and start a workflow command, colour or retitle
# the terminal, close an XML CDATA section, and smuggle characters XML and JSON forbid.
HOSTILE = (
    'apiVersion: v1\nkind: Service\nmetadata:\n'
    '  name: "evil\\n::error file=README.md,line=1::forged%0A\\r::add-mask::secret\\e]0;title\\a\\e[31mred]]>\\0\\ufffe"\n'
    '  labels:\n    "bad key\\x1b[2J": "v\\u0085\\u009b\\u2028x"\n'
    "spec: {ports: [{port: 80}]}\n"
)
PATH = "dir/we,ird:na%me.yaml"


def render(name: str) -> str:
    report = lint(HOSTILE, path=PATH, select=["invalid-name", "invalid-label"])
    assert len(report.findings) == 3
    out = io.StringIO()
    FORMATS[name](report, out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab"])
def test_json_formats_stay_valid_json_and_keep_the_text(name):
    text = render(name)
    text.encode("ascii")  # escaped, so any consumer's decoder reads it
    document = json.loads(text)
    messages = {
        "json": lambda: [f["message"] for f in document["findings"]],
        "sarif": lambda: [r["message"]["text"] for r in document["runs"][0]["results"]],
        "gitlab": lambda: [issue["description"] for issue in document],
    }[name]()
    assert any("::error file=README.md" in message and "\x1b" in message for message in messages)


@pytest.mark.parametrize("name", ["junit", "checkstyle"])
def test_xml_formats_stay_well_formed(name):
    text = render(name)
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert "\x1b" not in text and "\x00" not in text and "\ufffe" not in text
    assert root.iter() is not None
    assert "]]>" not in text.replace("]]&gt;", "")


@pytest.mark.parametrize("name", ["junit", "checkstyle"])
def test_xml_formats_printed_by_a_workflow_start_no_command_and_send_no_terminal_control(name):
    text = render(name)
    assert not any(ch in text for ch in "\x85\x9b\u2028\r")
    assert [line for line in text.splitlines() if line.lstrip().startswith("::")] == []
    root = ElementTree.fromstring(text.encode("utf-8"))
    texts = [element.text or "" for element in root.iter()] + [v for element in root.iter() for v in element.attrib.values()]
    assert any("\n::error file=README.md" in value and "\r::add-mask::secret" in value for value in texts)
    assert any("v\x85\x9b\u2028x" in value for value in texts)


def test_github_annotations_cannot_be_forged():
    lines = render("github").splitlines()
    assert len(lines) == 3
    for line in lines:
        assert line.startswith(("::error file=dir/we%2Cird%3Ana%25me.yaml,", "::warning ", "::notice "))
        body = line.split("::", 2)[2]
        assert "\n" not in body and "\r" not in body
        assert "::error" not in body.replace("%0A::error", "") or "%0A::error" in body
    assert "forged%250A" in lines[0] and "%0A::error file=README.md" in lines[0] and "%0D::add-mask" in lines[0]


@pytest.mark.parametrize("name", ["concise", "full"])
def test_terminal_formats_pass_no_control_sequences(name):
    text = render(name)
    assert not any(ch in text for ch in "\x1b\x07\x00\r\x85\u2028")
    assert "\\x1b[31mred" in text or "\\x1b]0;title" in text
    for line in text.splitlines():
        assert "::error file=README.md" not in line or line.startswith(("dir/", "    ", "      |"))
