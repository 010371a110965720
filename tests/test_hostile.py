"""Hostile and broken input: each case gets one clear, positioned message and the right exit code,
and the well-formed file linted beside it keeps its result.

Static cases live in tests/fixtures/bad/; the ones that cannot be committed (deep nesting, a 50 MB
scalar, symlink loops, FIFOs, devices, permissions) are generated here.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from k8slint.cli import main
from k8slint.model import Span

BAD = Path(__file__).parent / "fixtures" / "bad"
# Well-formed, with one warning-level finding, so that "it was linted" is visible while
# `--fail-on error` leaves the exit code to the case under test.
NEIGHBOUR = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  namespace: other\n"
NEIGHBOUR_FINDING = ("neighbour.yaml", 5, 14, "namespace-on-cluster-scoped")


def lint_case(tmp_path, monkeypatch, capsys, files, *extra):
    """Lint `files` (name -> bytes, or a callable that makes it) beside the neighbour; (code, findings)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "neighbour.yaml").write_text(NEIGHBOUR)
    names = ["neighbour.yaml"]
    for name, content in files.items():
        if callable(content):
            content(tmp_path / name)
        else:
            (tmp_path / name).write_bytes(content)
        names.append(name)
    code = main(["lint", "--format", "json", "--fail-on", "error", *extra, *names])
    findings = json.loads(capsys.readouterr().out)["findings"]
    rows = [(f["file"], f["line"], f["column"], f["name"]) for f in findings]
    assert NEIGHBOUR_FINDING in rows, "the good file beside the bad one was not linted"
    return code, [f for f in findings if f["file"] != "neighbour.yaml"]


def case(name):
    return {name: (BAD / name).read_bytes()}


def only(findings):
    assert len(findings) == 1, findings
    finding = findings[0]
    return finding["name"], finding["line"], finding["column"], finding["message"]


# ---- encodings -------------------------------------------------------------------------------


def test_invalid_utf8(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("invalid-utf8.yaml"))
    assert code == 2
    assert only(findings) == (
        "unreadable-file", 1, 1, "not valid UTF-8 (byte 0xe9 at line 4); save the file as UTF-8",
    )


def test_utf8_bom_is_linted_with_columns_unshifted(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("utf8-bom.yaml"))
    assert code == 1
    assert only(findings)[:3] == ("invalid-name", 4, 9)


def test_utf16_with_bom_is_decoded_and_linted(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("utf16-bom.yaml"))
    assert code == 1
    assert only(findings)[:3] == ("invalid-name", 4, 9)


@pytest.mark.parametrize("name, offset", [("nul-bytes.yaml", 30), ("binary.yaml", 0)])
def test_nul_bytes_and_binary_files(tmp_path, monkeypatch, capsys, name, offset):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case(name))
    assert code == 2
    assert only(findings) == (
        "unreadable-file", 1, 1, f"contains a NUL byte at offset {offset}: a binary file, not YAML or JSON",
    )


# ---- empty or near-empty ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.yaml", "only-comments.yaml", "only-separators.yaml"])
def test_empty_inputs_are_clean(tmp_path, monkeypatch, capsys, name):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case(name))
    assert (code, findings) == (0, [])


@pytest.mark.parametrize(
    "name, kind", [("scalar-document.yaml", "a scalar (str)"), ("list-document.yaml", "a list")]
)
def test_scalar_and_list_documents(tmp_path, monkeypatch, capsys, name, kind):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case(name))
    assert code == 1
    assert only(findings) == (
        "invalid-document", 5, 1, f"document 2 is {kind}, not a mapping; a Kubernetes object is a mapping",
    )


@pytest.mark.parametrize("text", ["just a sentence\n", "- a\n- b\n", "a: 1\nb: [2]\n"])
def test_a_file_with_no_kubernetes_object_is_skipped_not_reported(tmp_path, monkeypatch, capsys, text):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"values.yaml": text.encode()})
    assert (code, findings) == (0, [])


# ---- structure -------------------------------------------------------------------------------


def test_nesting_ten_thousand_levels(tmp_path, monkeypatch, capsys):
    depth = 10_000
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, labels: {a: yes}}\ndata:\n  x: " + "[" * depth + "]" * depth + "\n"
    started = time.perf_counter()
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"deep.yaml": text.encode()})
    assert time.perf_counter() - started < 30
    internal = [f for f in findings if "internal error" in f["message"]]
    assert internal == []
    assert ("invalid-label", 3, 36) in [(f["name"], f["line"], f["column"]) for f in findings]
    assert code == 1


def test_alias_bomb_is_reported_and_not_expanded(tmp_path, monkeypatch, capsys):
    started = time.perf_counter()
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("alias-bomb.yaml"))
    assert time.perf_counter() - started < 1.0
    assert code == 1
    name, line, column, message = only(findings)
    assert (name, line, column) == ("unsupported-yaml", 1, 1)
    assert message == "aliases expand this document to 2,288,202,349 characters from 420 (an alias bomb); it is not linted"


def test_merge_keys_are_accepted_and_merged_values_are_checked(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("merge-keys.yaml"))
    assert code == 1
    name, line, column, message = only(findings)
    assert (name, line, column) == ("invalid-label", 6, 35)
    assert message.startswith('label "enabled" has a boolean value true')


def test_complex_and_non_string_keys(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("complex-keys.yaml"))
    assert code == 1
    assert only(findings) == (
        "unsupported-yaml", 5, 5, "a mapping key must be a scalar; Kubernetes cannot decode complex keys",
    )


# ---- tags and values -------------------------------------------------------------------------


def test_python_tag_is_never_constructed(tmp_path, monkeypatch, capsys):
    marker = Path("/tmp/k8slint-pwned")
    marker.unlink(missing_ok=True)
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("python-tag.yaml"))
    assert not marker.exists()
    assert code == 1
    name, line, column, message = only([f for f in findings if f["name"] == "unsupported-yaml"])
    assert (name, line, column) == ("unsupported-yaml", 4, 9)
    assert "python/object/apply:os.system" in message and "never constructs it" in message


def test_unknown_tag(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("unknown-tag.yaml"))
    assert code == 1
    name, line, column, message = only(findings)
    assert (name, line, column) == ("unsupported-yaml", 5, 6)
    assert message.startswith("tag '!vault' is not a standard YAML type")


def test_nan_inf_and_huge_integers_where_int32_is_expected(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("nan-inf-huge.yaml"))
    assert code == 1
    rows = [(f["name"], f["line"], f["column"], f["message"]) for f in findings]
    assert rows == [
        ("schema-invalid", 5, 13, "expected integer, got number NaN"),
        ("schema-invalid", 6, 20, "expected integer, got number Infinity"),
        ("schema-invalid", 7, 28, "99999999999 is out of range [-2147483648, 2147483647]"),
    ]


# ---- size and layout -------------------------------------------------------------------------


def _big_scalar(path):
    with open(path, "w") as handle:
        handle.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: ")
        handle.write("x" * (50 * 1024 * 1024))
        handle.write("\n")


def test_file_above_max_file_size_is_reported_and_skipped(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"big.yaml": _big_scalar})
    assert code == 2
    name, line, column, message = only(findings)
    assert (name, line, column) == ("unreadable-file", 1, 1)
    assert "larger than the limit of 10,485,760 (maxFileSize); skipped" in message


def test_fifty_megabyte_scalar_is_linted_when_allowed(tmp_path, monkeypatch, capsys):
    started = time.perf_counter()
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"big.yaml": _big_scalar}, "--max-file-size", "100000000")
    assert time.perf_counter() - started < 30
    assert (code, findings) == (0, [])


def test_tab_indentation(tmp_path, monkeypatch, capsys):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case("tabs.yaml"))
    assert code == 1
    name, line, column, message = only(findings)
    assert (name, line, column) == ("invalid-yaml", 4, 1)
    assert message.endswith("(a tab character: YAML indentation must use spaces)")


@pytest.mark.parametrize("name", ["crlf.yaml", "cr-only.yaml"])
def test_crlf_and_cr_only_line_endings_keep_positions(tmp_path, monkeypatch, capsys, name):
    code, findings = lint_case(tmp_path, monkeypatch, capsys, case(name))
    assert code == 1
    assert only(findings)[:3] == ("invalid-name", 4, 9)


# ---- the filesystem --------------------------------------------------------------------------


def test_symlink_loop_in_a_directory(tmp_path, monkeypatch, capsys):
    def make(directory):
        directory.mkdir()
        (directory / "svc.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: Loop_Name}\nspec: {}\n")
        (directory / "again").symlink_to(directory)

    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"tree": make})
    assert code == 1
    assert [(f["file"], f["line"], f["column"], f["name"]) for f in findings] == [
        ("tree/svc.yaml", 3, 18, "invalid-name")
    ]


def test_fifo_and_device_file_in_a_directory(tmp_path, monkeypatch, capsys):
    def make(directory):
        directory.mkdir()
        os.mkfifo(directory / "pipe.yaml")
        (directory / "device.yaml").symlink_to(os.devnull)

    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"dir": make})
    assert code == 2
    assert [(f["file"], f["line"], f["column"], f["name"], f["message"]) for f in findings] == [
        ("dir/device.yaml", 1, 1, "unreadable-file", "not a regular file"),
        ("dir/pipe.yaml", 1, 1, "unreadable-file", "not a regular file"),
    ]


def test_file_without_read_permission(tmp_path, monkeypatch, capsys):
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def make(path):
        path.write_text("apiVersion: v1\n")
        path.chmod(0)

    # As root the mode alone does not stop reading, so the denial is also simulated.
    monkeypatch.setattr("builtins.open", deny)
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"secret.yaml": make})
    assert code == 2
    assert only(findings) == ("unreadable-file", 1, 1, "cannot read: Permission denied")


def test_directory_named_like_a_manifest_is_walked(tmp_path, monkeypatch, capsys):
    def make(directory):
        directory.mkdir()
        (directory / "inner.yml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: Inner_Name}\nspec: {}\n")

    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"x.yaml": make})
    assert code == 1
    assert [(f["file"], f["name"]) for f in findings] == [("x.yaml/inner.yml", "invalid-name")]


def test_nonexistent_path_beside_good_ones(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "neighbour.yaml").write_text(NEIGHBOUR)
    code = main(["lint", "--format", "json", "--fail-on", "error", "neighbour.yaml", "missing.yaml"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 2
    assert [(f["file"], f["line"], f["column"], f["name"], f["message"]) for f in findings] == [
        ("missing.yaml", 1, 1, "unreadable-file", "no such file or directory"),
        (*NEIGHBOUR_FINDING, findings[1]["message"]),
    ]


# ---- the process -----------------------------------------------------------------------------


def _many_files(directory, count):
    directory.mkdir()
    for index in range(count):
        (directory / f"svc{index:04}.yaml").write_text(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec: {ports: [{port: 80}]}\n"
        )


def test_output_piped_into_head(tmp_path):
    _many_files(tmp_path / "many", 400)
    result = subprocess.run(
        f"{sys.executable} -m k8slint lint --format full {tmp_path / 'many'} | head -n 2",
        shell=True, capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.splitlines()[0].startswith(f"{tmp_path / 'many'}/svc0000.yaml:4:9: error K102")
    assert result.stderr == ""


def test_ctrl_c_while_linting_exits_130_without_traceback(tmp_path):
    (tmp_path / "many").mkdir()
    document = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata: {{a: b}}\n"
    for index in range(200):
        (tmp_path / "many" / f"f{index:03}.yaml").write_text("---\n".join(document.format(i=i) for i in range(300)))
    process = subprocess.Popen(
        [sys.executable, "-m", "k8slint", "lint", "--jobs", "2", str(tmp_path / "many")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == "k8slint: interrupted\n"


def test_ctrl_c_while_reading_stdin_exits_130_without_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "k8slint", "lint", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == "k8slint: interrupted\n"


# ---- round two (issue 16): the loader ----------------------------------------------------------


@pytest.mark.parametrize(
    "body, column",
    [("x: " + "[" * 30_000, 10_004), ("x:\n" + "- " * 30_000 + "y", 19_999)],
    ids=["flow", "block"],
)
def test_nesting_deeper_than_go_yaml_allows_is_a_positioned_finding_not_a_crash(tmp_path, body, column):
    # In a child process: before the depth guard, ruamel's C composer overflowed the C stack (SIGSEGV).
    (tmp_path / "neighbour.yaml").write_text(NEIGHBOUR)
    (tmp_path / "deep.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n" + body + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "k8slint", "lint", "--format", "json", "--fail-on", "error", "neighbour.yaml", "deep.yaml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    rows = [(f["file"], f["line"], f["column"], f["name"]) for f in findings]
    line = 5 if body.startswith("x: ") else 6
    assert rows == [("deep.yaml", line, column, "invalid-yaml"), NEIGHBOUR_FINDING]
    assert findings[0]["message"] == (
        "nesting deeper than 10,000 levels: Kubernetes' YAML parser refuses it (\"exceeded max depth of 10000\")"
    )


def test_cyclic_merge_keys_are_reported_once_and_the_document_is_not_linted(tmp_path, monkeypatch, capsys):
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\ndata: &a {<<: *a}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\ndata: &b {x: '1', <<: [*b, {y: '2'}]}\n"
    )
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"cyclic.yaml": text.encode()})
    assert code == 1
    assert [(f["line"], f["column"], f["name"]) for f in findings] == [(4, 7, "unsupported-yaml"), (9, 7, "unsupported-yaml")]
    assert findings[0]["message"] == (
        "recursive alias: the value contains itself; Kubernetes cannot decode this document and it is not linted"
    )


def test_locating_a_missing_key_below_a_cyclic_merge_ends():
    from k8slint.loader import _compose, locate

    root, _ = next(_compose("data: &a {x: '1', <<: [*a, {z: '2'}]}\n"))
    assert locate(root, ("data", "missing")) == (Span(1, 7, 1, 38), False)
    assert locate(root, ("data", "z")) == (Span(1, 32, 1, 35), True)


def test_aliases_are_measured_in_characters_not_nodes(tmp_path, monkeypatch, capsys):
    value = "v" * 20_000
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n"
        f"    l0: &big {value}\n" + "".join(f"    l{index}: *big\n" for index in range(1, 500))
    )
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"amplified.yaml": text.encode()})
    assert code == 1
    assert only(findings) == (
        "unsupported-yaml", 1, 1,
        "aliases expand this document to 10,003,956 characters from 27,452 (an alias bomb); it is not linted",
    )


def test_padding_does_not_hide_an_alias_bomb():
    from k8slint.loader import load_text

    # 9**7 (4.8 million) leaves beside 100,000 empty lists: few more nodes than its own, but 28 MB.
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdef", "bcdefg"):
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    padded = "\n".join(levels) + "\npadding: [" + ", ".join(["[]"] * 100_000) + "]\n"
    problems = load_text(padded).problems
    assert [(p.rule, p.span.line, p.span.column, p.message) for p in problems] == [
        ("unsupported-yaml", 1, 1,
         "aliases expand this document to 28,449,437 characters from 400,320 (an alias bomb); it is not linted"),
    ]


def test_integer_longer_than_python_converts_is_a_string_as_in_go_yaml(tmp_path, monkeypatch, capsys):
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: Bad_Name\nspec:\n"
        f"  replicas: {'9' * 5000}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n"
        "    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: \"nginx:1.27\"}]}\n"
    )
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"long-int.yaml": text.encode()})
    assert code == 1
    assert [(f["line"], f["column"], f["name"]) for f in findings] == [(4, 9, "invalid-name"), (6, 13, "schema-invalid")]
    assert findings[1]["message"].startswith('expected integer, got string "9999')
    assert len(findings[1]["message"]) < 200


def test_json_surrogate_pair_escapes_decode_as_kubectl_does_and_keep_columns(tmp_path, monkeypatch, capsys):
    document = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"x": "\U0001F680"}},
                "data": {"k": "\U0001F680\U0001F680 \ud800"}, "Bad": 1}
    text = json.dumps(document)
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"emoji.json": text.encode()})
    assert code == 1
    assert [(f["line"], f["column"], f["name"]) for f in findings] == [
        (1, text.index('"\\ud83d\\ude80"}') + 1, "invalid-label"),
        (1, text.index('"Bad"') + 1, "schema-invalid"),
    ]
    assert findings[0]["message"].startswith('label "x" value "\U0001F680" is invalid')


def test_control_character_is_reported_where_it_is(tmp_path, monkeypatch, capsys):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: \"\u00e9x\x07\"}\n"
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"control.yaml": text.encode()})
    assert code == 1
    assert only(findings) == (
        "invalid-yaml", 4, 14,
        "control characters are not allowed: character U+0007 (YAML allows only printable characters, tab and line breaks)",
    )


def test_byte_order_mark_at_the_start_of_a_later_document_is_dropped_as_kubectl_does(tmp_path, monkeypatch, capsys):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n\ufeff" + NEIGHBOUR.replace("ns", "ns2")
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"bom.yaml": text.encode()})
    assert code == 0
    assert [(f["line"], f["column"], f["name"]) for f in findings] == [(9, 14, "namespace-on-cluster-scoped")]


# ---- round two (issue 16): what k8slint prints -------------------------------------------------


def test_apf_order_escapes_names_from_the_input(tmp_path, capsys):
    from tests.test_apf_command import FLOWS

    hostile = FLOWS.replace("name: batch-jobs", 'name: "batch\\e[31m\\n::add-mask::x\\u009b"').replace(
        "name: too-late", 'name: "late\\rx"'
    )
    (tmp_path / "flows.yaml").write_text(hostile)
    assert main(["apf", "order", str(tmp_path / "flows.yaml")]) == 0
    out = capsys.readouterr().out
    assert not any(char in out for char in "\x1b\r\x9b")
    assert [line for line in out.splitlines() if line.lstrip().startswith("::")] == []
    assert "batch\\x1b[31m\\n::add-mask::x\\x9b" in out and "late\\rx" in out


def test_a_configuration_error_does_not_echo_controls(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".k8slint.yaml").write_text('rules:\n  "bad\\nkey\\e]0;title\\a": error\n')
    (tmp_path / "neighbour.yaml").write_text(NEIGHBOUR)
    assert main(["lint", "neighbour.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err
    assert "rules.bad\\nkey\\x1b]0;title\\x07" in err


@pytest.mark.parametrize("pattern, reason", [("!", "not a gitignore pattern"), ("[z-a]", "bad character range z-a")])
def test_an_invalid_ignore_pattern_is_a_configuration_error(tmp_path, monkeypatch, capsys, pattern, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".k8slint.yaml").write_text(f'ignore: ["{pattern}"]\n')
    (tmp_path / "neighbour.yaml").write_text(NEIGHBOUR)
    assert main(["lint", "neighbour.yaml"]) == 2
    assert capsys.readouterr().err == f"k8slint: configuration error: ignore: '{pattern}' is not a valid pattern ({reason})\n"


def test_ignore_patterns_beside_a_symlink_loop(tmp_path, monkeypatch, capsys):
    def make(directory):
        directory.mkdir()
        (directory / "a.yaml").symlink_to("b")
        (directory / "b").symlink_to("a.yaml")
        (directory / "svc.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: Loop_Name}\nspec: {}\n")

    (tmp_path / ".k8slint.yaml").write_text('ignore: ["vendor/"]\n')
    code, findings = lint_case(tmp_path, monkeypatch, capsys, {"tree": make})
    assert code == 2
    assert [(f["file"], f["name"]) for f in findings] == [("tree/a.yaml", "unreadable-file"), ("tree/svc.yaml", "invalid-name")]


@pytest.mark.parametrize("output_format", ["sarif", "json", "junit", "checkstyle", "concise", "full", "github", "gitlab", "html"])
def test_a_file_name_that_is_not_utf8_with_every_format_written_to_a_file(tmp_path, monkeypatch, output_format):
    monkeypatch.chdir(tmp_path)
    (tmp_path / os.fsdecode(b"caf\xe9.yaml")).write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: Bad_N}\n")
    assert main(["lint", "--format", output_format, "-o", "out.txt", "."]) == 1
    written = (tmp_path / "out.txt").read_bytes()
    if output_format == "sarif":
        assert json.loads(written)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
            "uri": "caf%E9.yaml",
            "uriBaseId": "SRCROOT",
        }
    else:
        assert b"caf" in written


def test_full_format_shows_a_window_of_a_long_line_with_the_caret_in_place(tmp_path, monkeypatch, capsys):
    items = [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"Bad_{index:04}"}, "spec": {"note": "x" * 100}}
             for index in range(1000)]
    text = json.dumps({"apiVersion": "v1", "kind": "List", "items": items})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "minified.json").write_text(text)
    assert main(["lint", "--format", "full", "--select", "invalid-name", "minified.json"]) == 1
    out = capsys.readouterr().out
    # 139 KB of source per finding before: hundreds of megabytes for a file like this one.
    assert len(out) < 1000 * 600
    lines = out.splitlines()
    source_line = next(index for index, line in enumerate(lines) if line.startswith("    1 | ") and "Bad_0500" in line)
    shown, caret = lines[source_line][len("    1 | "):], lines[source_line + 1][len("      | "):]
    assert shown.startswith("...") and shown.endswith("...") and len(shown) == 126
    assert shown[len(caret) - len(caret.lstrip(" ")):].startswith('"Bad_0500"')
    assert caret.strip() == "^" * len('"Bad_0500"')


def test_long_values_quoted_in_messages_are_shortened_in_every_format(tmp_path, monkeypatch, capsys):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    big: " + "v!" * 10_000 + "\n"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.yaml").write_text(text)
    for output_format in ("json", "concise", "sarif", "junit", "checkstyle", "github"):
        main(["lint", "--format", output_format, "--select", "invalid-label", "big.yaml"])
        out = capsys.readouterr().out
        assert len(out) < 10_000, output_format  # the value alone is 20,000 characters; SARIF also carries the rule docs
        quote = {"json": '\\"', "sarif": '\\"', "junit": "&quot;", "checkstyle": "&quot;"}.get(output_format, '"')
        assert f"value {quote}v!v!" in out and "...!v!v" in out, output_format


def test_too_deep_document_after_one_that_is_not_linted_is_not_composed():
    code = (
        "from k8slint.loader import load_text\n"
        "loaded = load_text('a: &a {<<: *a}\\n---\\n' + '[' * 30000 + '\\n')\n"
        "print([(p.rule, p.span.line, p.document) for p in loaded.problems], len(loaded.documents))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[('unsupported-yaml', 1, 0), ('invalid-yaml', 3, 1)] 0\n"
