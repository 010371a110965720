"""The command line: exit codes, stdin, directories, bad paths, bad YAML, configuration errors."""

import io
import json
import os
import subprocess
import sys

import pytest

from k8slint.cli import main

GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\ndata: {a: b}\n"
BAD_NAME = "apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec: {ports: [{port: 80}]}\n"
WARNING_ONLY = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  namespace: x\n"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args, capsys, stdin=None, monkeypatch=None):
    if stdin is not None:
        data = stdin if isinstance(stdin, bytes) else stdin.encode()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_file_exits_0(workdir, capsys):
    (workdir / "good.yaml").write_text(GOOD)
    code, out, _ = run(["lint", "--format", "concise", "good.yaml"], capsys)
    assert code == 0
    assert out == "No problems in 1 file(s), 1 document(s).\n"


def test_error_exits_1_with_positioned_message(workdir, capsys):
    (workdir / "svc.yaml").write_text(BAD_NAME)
    code, out, _ = run(["lint", "--format", "concise", "svc.yaml"], capsys)
    assert code == 1
    assert out.startswith('svc.yaml:4:9: error K102 [invalid-name] name "Bad_Name" is invalid for Service')


def test_fail_on_threshold(workdir, capsys):
    (workdir / "ns.yaml").write_text(WARNING_ONLY)
    assert run(["lint", "--format", "concise", "ns.yaml"], capsys)[0] == 1
    assert run(["lint", "--format", "concise", "--fail-on", "error", "ns.yaml"], capsys)[0] == 0
    assert run(["lint", "--format", "concise", "--fail-on", "never", "ns.yaml"], capsys)[0] == 0


def test_stdin_with_reported_filename(workdir, capsys, monkeypatch):
    code, out, _ = run(["lint", "--format", "concise", "-", "--stdin-filename", "overlays/prod.yaml"], capsys, BAD_NAME, monkeypatch)
    assert code == 1
    assert out.startswith("overlays/prod.yaml:4:9: error K102")


def test_directory_is_walked_recursively_for_manifest_suffixes(workdir, capsys):
    (workdir / "a" / "b").mkdir(parents=True)
    (workdir / "a" / "good.yml").write_text(GOOD)
    (workdir / "a" / "b" / "svc.json").write_text(json.dumps({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "Bad_Name"}, "spec": {}}))
    (workdir / "a" / "b" / "notes.txt").write_text("kind: [")
    (workdir / ".hidden").mkdir()
    (workdir / ".hidden" / "x.yaml").write_text("kind: [")
    code, out, _ = run(["lint", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1
    assert report["summary"]["files"] == 2
    assert [(f["file"], f["line"], f["column"], f["name"]) for f in report["findings"]] == [
        (os.path.join("a", "b", "svc.json"), 1, 62, "invalid-name")
    ]


def test_missing_path_beside_good_files_exits_2_and_keeps_results(workdir, capsys):
    (workdir / "svc.yaml").write_text(BAD_NAME)
    code, out, _ = run(["lint", "--format", "concise", "svc.yaml", "missing.yaml"], capsys)
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == "missing.yaml:1:1: error K006 [unreadable-file] no such file or directory"
    assert lines[1].startswith("svc.yaml:4:9: error K102")


def test_invalid_yaml_is_a_finding_and_other_files_are_linted(workdir, capsys):
    (workdir / "broken.yaml").write_text(GOOD + "---\nmetadata: {name: [\n")
    (workdir / "svc.yaml").write_text(BAD_NAME)
    code, out, _ = run(["lint", "--format", "concise", "."], capsys)
    assert code == 1
    assert out.splitlines()[:2] == [
        "broken.yaml:8:1: error K001 [invalid-yaml] while parsing a flow node did not find expected node content",
        'svc.yaml:4:9: error K102 [invalid-name] name "Bad_Name" is invalid for Service: a DNS-1035 label must '
        "consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with "
        "an alphanumeric character",
    ]


def test_select_and_ignore(workdir, capsys):
    (workdir / "svc.yaml").write_text(BAD_NAME.replace("name: Bad_Name", "name: Bad_Name\n  labels: {a: yes}"))
    _, out, _ = run(["lint", "--format", "json", "--select", "K1", "--ignore", "invalid-name", "svc.yaml"], capsys)
    assert [f["name"] for f in json.loads(out)["findings"]] == ["invalid-label"]
    _, out, _ = run(["lint", "--format", "json", "--select", "invalid-name,K103", "svc.yaml"], capsys)
    assert [f["name"] for f in json.loads(out)["findings"]] == ["invalid-name", "invalid-label"]


def test_unknown_rule_in_select_is_a_usage_error(workdir, capsys):
    (workdir / "good.yaml").write_text(GOOD)
    code, _, err = run(["lint", "--select", "no-such-rule", "good.yaml"], capsys)
    assert code == 2
    assert "unknown rule or code prefix 'no-such-rule'" in err


def test_config_file_is_found_upward_and_applied(workdir, capsys, monkeypatch):
    (workdir / ".k8slint.yaml").write_text("rules:\n  invalid-name: {level: warning}\n")
    (workdir / "sub").mkdir()
    (workdir / "sub" / "svc.yaml").write_text(BAD_NAME)
    monkeypatch.chdir(workdir / "sub")
    code, out, _ = run(["lint", "--format", "concise", "--fail-on", "error", "svc.yaml"], capsys)
    assert code == 0
    assert "warning K102 [invalid-name]" in out


@pytest.mark.parametrize(
    "config, message",
    [
        ("rules:\n  no-such-rule: disable\n", "rules.no-such-rule: unknown rule 'no-such-rule'"),
        ("kubernetesVersion: 1.31\n", "kubernetesVersion: 1.31 is read as the number 1.31; quote it: kubernetesVersion: \"1.31\""),
        ('kubernetesVersion: "2.0"\n', "kubernetesVersion: '2.0' does not match"),
        ("colour: blue\n", "(top level): unknown key 'colour'"),
        ("rules:\n  invalid-name: {level: loud}\n", "rules.invalid-name.level: 'loud' is not one of"),
        ("rules:\n  invalid-name: {treshold: 3}\n", "rules.invalid-name.treshold: unknown option 'treshold' for rule 'invalid-name'"),
        ("rules: [\n", "k8slint.yaml:2:1:"),
    ],
)
def test_config_errors_name_the_key_and_exit_2(workdir, capsys, config, message):
    (workdir / ".k8slint.yaml").write_text(config)
    (workdir / "good.yaml").write_text(GOOD)
    code, _, err = run(["lint", "good.yaml"], capsys)
    assert code == 2
    assert message in err


def test_kubernetes_version_option_is_validated(workdir, capsys):
    (workdir / "good.yaml").write_text(GOOD)
    code, _, err = run(["lint", "--kubernetes-version", "banana", "good.yaml"], capsys)
    assert code == 2
    assert '--kubernetes-version: "banana" is not a Kubernetes version' in err


def test_rules_and_explain(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert "K101  missing-required-field" in out
    code, out, _ = run(["explain", "K103"], capsys)
    assert code == 0
    assert out.startswith("# invalid-label (K103)")
    assert "## Why is this bad?" in out
    assert run(["explain", "nope"], capsys)[0] == 2


def test_console_script_runs_and_pipes_without_traceback(tmp_path):
    for index in range(300):
        (tmp_path / f"svc{index:03}.yaml").write_text(BAD_NAME)
    process = subprocess.run(
        f"{sys.executable} -m k8slint lint --format concise {tmp_path} | head -n 1",
        shell=True, capture_output=True, text=True,
    )
    assert process.stdout.startswith(f"{tmp_path}/svc000.yaml:4:9: error K102")
    assert "Traceback" not in process.stderr


def test_lint_selector_lints_only_matching_objects(workdir, capsys):
    (workdir / "svc.yaml").write_text(
        BAD_NAME.replace("name: Bad_Name", "name: Bad_Name\n  labels: {tier: legacy}")
        + "---\n" + BAD_NAME.replace("Bad_Name", "Other_Bad")
    )
    code, out, _ = run(["lint", "--format", "json", "-l", "tier notin (legacy)", "svc.yaml"], capsys)
    assert [f["object"]["name"] for f in json.loads(out)["findings"]] == ["Other_Bad"]
    code, _, err = run(["lint", "--selector", "tier in (", "svc.yaml"], capsys)
    assert code == 2
    assert "--selector: invalid selector 'tier in ('" in err


def test_lint_selector_reads_a_null_label_value_as_the_empty_string(workdir, capsys):
    # sigs.k8s.io/json stores null in a map[string]string as "": `-l tier in (a,,)` selects it, like kubectl would
    (workdir / "svc.yaml").write_text(
        BAD_NAME.replace("name: Bad_Name", "name: Bad_Name\n  labels:\n    tier:")
        + "---\n" + BAD_NAME.replace("Bad_Name", "Other_Bad")
    )
    code, out, _ = run(["lint", "--format", "json", "-l", "tier in (a,,)", "svc.yaml"], capsys)
    assert [f["object"]["name"] for f in json.loads(out)["findings"]] == ["Bad_Name"]


def test_statistics_go_to_stderr_and_keep_json_valid(workdir, capsys):
    (workdir / "svc.yaml").write_text(BAD_NAME)
    code, out, err = run(["lint", "--format", "json", "--statistics", "svc.yaml"], capsys)
    assert json.loads(out)["summary"]["findings"] >= 1
    assert "parse" in err and "invalid-name" in err


def test_jobs_give_identical_output(tmp_path, capsys):
    for index in range(40):
        (tmp_path / f"f{index:02}.yaml").write_text(BAD_NAME + "---\n" + GOOD.replace("good", f"good{index % 3}"))
    outputs = []
    for jobs in ("1", "2", "3"):
        code, out, _ = run(["lint", "--format", "json", "--jobs", jobs, str(tmp_path)], capsys)
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["summary"]["files"] == 40


def test_progress_only_on_a_terminal_outside_ci_and_after_a_second(monkeypatch, capsys):
    from k8slint.commands import lint as lint_command

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert lint_command.Progress.wanted("concise")
    assert not lint_command.Progress.wanted("json") and not lint_command.Progress.wanted("sarif")
    monkeypatch.setenv("CI", "true")
    assert not lint_command.Progress.wanted("concise")
    progress = lint_command.Progress()
    progress(1, 10)
    assert capsys.readouterr().err == ""
    progress.started -= lint_command.Progress.DELAY
    progress(2, 10)
    progress.clear()
    assert capsys.readouterr().err == "\rk8slint: 2/10 files\r\x1b[K"


def test_schema_dir_option_adds_user_schemas(workdir, capsys):
    (workdir / "schemas").mkdir()
    (workdir / "schemas" / "widget-example-v1.json").write_text(
        json.dumps({"type": "object", "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}},
                                                              "additionalProperties": False}}})
    )
    (workdir / "w.yaml").write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  sise: 1\n")
    _, out, _ = run(["lint", "--format", "json", "--select", "K30", "--schema-dir", "schemas", "w.yaml"], capsys)
    assert [(f["line"], f["column"], f["message"]) for f in json.loads(out)["findings"]] == [
        (5, 3, 'unknown field "sise", did you mean "size"?')
    ]


def test_help_is_as_wide_as_argparse_would_make_it(monkeypatch):
    import argparse

    from k8slint.cli import HelpFormatter

    for columns in ("50", "200", "junk"):
        monkeypatch.setenv("COLUMNS", columns)
        assert HelpFormatter("k8slint")._width == argparse.HelpFormatter("k8slint")._width


def test_a_one_file_run_imports_nothing_only_rare_paths_need(tmp_path):
    """Start-up (issue 22): these modules cost a one-file run milliseconds and serve other paths.
    Only what k8slint imports counts: an interpreter may load some of them at start (a site .pth file
    does on some machines), and then every program pays for them, yamllint too."""
    manifest = tmp_path / "web.yaml"
    manifest.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n")
    probe = (
        "import sys, io, contextlib; already = set(sys.modules); from k8slint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['lint', {str(manifest)!r}])\n"
        "print(sorted(m for m in ('shutil', 'tempfile', 'importlib.resources', 'pickle', 're2', 'difflib',"
        " 'hashlib', 'dataclasses', 'jsonschema', 'signal') if m in sys.modules and m not in already))"
    )
    env = {**os.environ, "K8SLINT_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)  # fills the cache
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout
    assert imported.strip() == "[]"
