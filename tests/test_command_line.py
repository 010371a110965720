"""The command line as a person meets it: colour, quiet and summary-only modes, several outputs in one
run, unwritable outputs, configuration mistakes, and the numbers the summary and JUnit give."""

import io
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from k8slint.config import NEWEST_KUBERNETES, OLDEST_KUBERNETES
from k8slint.formats import FORMATS, OutputOptions, _excerpt
from k8slint.model import Severity
from k8slint.schemas import schema_versions
from tests.helpers import lint
from tests.test_cli import BAD_NAME, GOOD, run, workdir  # noqa: F401 (a fixture)

README = Path(__file__).resolve().parents[1] / "README.md"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def bad(workdir):
    (workdir / "bad.yaml").write_text(BAD_NAME)
    (workdir / "good.yaml").write_text(GOOD)
    return workdir


def test_colour_always_paints_severity_code_and_caret(bad, capsys):
    code, out, _ = run(["lint", "--format", "full", "--color", "always", "bad.yaml"], capsys)
    assert code == 1
    assert "\x1b[31merror\x1b[0m \x1b[1mK102\x1b[0m" in out
    assert "      |         \x1b[31m^^^^^^^^\x1b[0m\n" in out
    plain = ANSI.sub("", out)
    _, reference, _ = run(["lint", "--format", "full", "--color", "never", "bad.yaml"], capsys)
    assert plain == reference and "\x1b" not in reference


@pytest.mark.parametrize(
    "environment, coloured",
    [({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False), ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "0"}, False), ({}, False)],
)
def test_colour_auto_follows_no_color_and_force_color(bad, capsys, monkeypatch, environment, coloured):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    _, out, _ = run(["lint", "--format", "concise", "bad.yaml"], capsys)  # captured: not a terminal
    assert ("\x1b[" in out) is coloured


def test_quiet_prints_findings_only_and_summary_only_the_summary(bad, capsys):
    _, quiet, _ = run(["lint", "--format", "concise", "--quiet", "bad.yaml", "good.yaml"], capsys)
    assert quiet.startswith("bad.yaml:4:9: error K102") and "Found" not in quiet and len(quiet.splitlines()) == 1
    code, summary, _ = run(["lint", "--format", "full", "--summary-only", "bad.yaml", "good.yaml"], capsys)
    assert code == 1
    assert summary == "Found 1 problem(s) (1 error) in 1 file(s); 2 file(s) linted.\n"
    code, _, err = run(["lint", "--format", "json", "--quiet", "bad.yaml"], capsys)
    assert code == 2 and "--quiet and --summary-only apply to the concise and full formats, not json" in err


def test_several_outputs_in_one_run(bad, capsys):
    code, out, _ = run(
        ["lint", "--format", "concise", "bad.yaml", "--output-format", "sarif", "--output-file", "k8slint.sarif",
         "--output-format", "junit", "--output-file", "junit.xml"],
        capsys,
    )
    assert code == 1 and out.startswith("bad.yaml:4:9: error K102")
    assert json.loads((bad / "k8slint.sarif").read_text())["runs"][0]["results"][0]["ruleId"] == "K102"
    assert ElementTree.fromstring((bad / "junit.xml").read_bytes()).get("failures") == "1"
    code, _, err = run(["lint", "bad.yaml", "--output-format", "sarif"], capsys)
    assert code == 2 and "--output-format and --output-file go in pairs" in err


def test_an_unwritable_output_is_one_line_and_exit_2(bad, capsys):
    code, out, err = run(["lint", "bad.yaml", "-o", str(bad / "missing" / "report.txt")], capsys)
    assert code == 2 and out == ""
    assert err == f"k8slint: cannot write the report to {bad / 'missing' / 'report.txt'}: No such file or directory\n"


@pytest.mark.parametrize(
    "config, message",
    [
        ("kubernetesVersion: 1.30\n", '.k8slint.yaml:1:20: kubernetesVersion: 1.30 is read as the number 1.3; quote it: kubernetesVersion: "1.30"'),
        ("defaultNamespace: web\nrulez: {}\n", ".k8slint.yaml:2:1: (top level): unknown key 'rulez' (did you mean 'rules'?)"),
        ("apf:\n  includeBuiltin: true\n", ".k8slint.yaml:2:3: apf: unknown key 'includeBuiltin' (did you mean 'includeBuiltins'?)"),
        ("rules:\n  invalid-nam: disable\n", ".k8slint.yaml:2:3: rules.invalid-nam: unknown rule 'invalid-nam' (did you mean 'invalid-name'?)"),
        (
            "rules:\n  invalid-label:\n    levle: warning\n",
            ".k8slint.yaml:2:3: rules.invalid-label.levle: unknown option 'levle' (did you mean 'level'?) for rule 'invalid-label' (options: none)",
        ),
    ],
)
def test_configuration_mistakes_name_file_line_and_what_was_meant(workdir, capsys, config, message):
    (workdir / ".k8slint.yaml").write_text(config)
    (workdir / "good.yaml").write_text(GOOD)
    code, _, err = run(["lint", "good.yaml"], capsys)
    assert code == 2
    assert err == f"k8slint: configuration error: {workdir}/{message}\n"


def test_every_configuration_mistake_is_its_own_line(workdir, capsys):
    (workdir / ".k8slint.yaml").write_text("kubernetesVersion: 1.30\nrulez: {}\n")
    (workdir / "good.yaml").write_text(GOOD)
    _, _, err = run(["lint", "good.yaml"], capsys)
    assert len(err.splitlines()) == 2 and all(line.startswith("k8slint: configuration error: ") for line in err.splitlines())


def test_config_is_in_lint_help_and_a_directory_is_named_as_such(workdir, capsys):
    with pytest.raises(SystemExit):
        from k8slint.cli import build_parser

        build_parser("lint").parse_args(["lint", "--help"])
    assert "--config FILE" in capsys.readouterr().out
    (workdir / "good.yaml").write_text(GOOD)
    code, _, err = run(["lint", "--config", ".", "good.yaml"], capsys)
    assert code == 2 and err == "k8slint: configuration error: --config: . is a directory; name the configuration file (.k8slint.yaml)\n"


def test_a_missing_schema_dir_and_negative_jobs_are_refused(workdir, capsys):
    (workdir / "good.yaml").write_text(GOOD)
    code, _, err = run(["lint", "--schema-dir", "schemas", "good.yaml"], capsys)
    assert code == 2 and err == "k8slint: --schema-dir: schemas: no such directory\n"
    code, _, err = run(["lint", "-j", "-1", "good.yaml"], capsys)
    assert code == 2 and "argument --jobs/-j: -1 is not a number of processes (1 or more)" in err


@pytest.mark.parametrize(
    "line, column, end, caret",
    [
        ("  name: 🚀rocket  # x", 9, 16, "        ^^^^^^^^"),
        ("  name: 日本語_name", 9, 17, "        ^^^^^^^^^^^"),
        ("  title: 日本 is: bad", 13, 15, "              ^^"),
        ("  e\u0301: bad", 7, 10, "     ^^^"),
    ],
)
def test_the_caret_is_under_the_span_after_wide_characters(line, column, end, caret):
    shown, under = _excerpt(line, column, end)
    assert shown == line and under == caret


def test_the_summary_counts_files_with_problems_and_files_linted(bad, capsys):
    _, out, _ = run(["lint", "--format", "concise", "bad.yaml", "good.yaml"], capsys)
    assert out.splitlines()[-1] == "Found 1 problem(s) (1 error) in 1 file(s); 2 file(s) linted."


def test_junit_fails_only_findings_at_or_above_fail_on():
    report = lint("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  namespace: x\n" + "---\n" + BAD_NAME)
    severities = sorted(str(finding.severity) for finding in report.findings)
    assert "error" in severities and len(set(severities)) > 1

    def failures(fail_on):
        out = io.StringIO()
        FORMATS["junit"](report, out, OutputOptions(fail_on=fail_on))
        root = ElementTree.fromstring(out.getvalue())
        return int(root.get("failures")), len(root.findall(".//failure")), len(root.findall(".//testcase"))

    total = len(report.findings)
    errors = sum(1 for finding in report.findings if finding.severity >= Severity.ERROR)
    assert failures(Severity.ERROR) == (errors, errors, total)
    assert failures(Severity.INFO) == (total, total, total)
    assert failures(None) == (0, 0, total)


def test_the_readme_states_the_versions_the_cli_accepts():
    text = README.read_text()
    accepted = re.search(r"Supported Kubernetes versions: 1\.(\d+) to 1\.(\d+)", text)
    assert accepted and (int(accepted[1]), int(accepted[2])) == (OLDEST_KUBERNETES[1], NEWEST_KUBERNETES[1])
    shipped = re.search(r"Schemas ship\s+for 1\.(\d+) to 1\.(\d+)", text)
    versions = schema_versions()
    assert shipped and ((1, int(shipped[1])), (1, int(shipped[2]))) == (versions[0], versions[-1])
    assert f"default: the newest supported ({NEWEST_KUBERNETES[0]}.{NEWEST_KUBERNETES[1]})" in text
