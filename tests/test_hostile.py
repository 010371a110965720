"""Hostile and broken input: each case gets one clear, positioned message and the right exit code,
and the well-formed file linted beside it keeps its result.

Static cases live in tests/fixtures/bad/; the ones that cannot be committed (deep nesting, a 50 MB
scalar, symlink loops, FIFOs, devices, permissions) are generated here.
"""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from k8slint.cli import main

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
    assert message == "aliases expand this document to 490,329,074 nodes from 12 (an alias bomb); it is not linted"


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
