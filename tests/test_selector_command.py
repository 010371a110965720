"""`k8slint selector EXPR [--labels ...]` through the real CLI entry point."""

from __future__ import annotations

import pytest

from k8slint.cli import main


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(["selector", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_prints_the_canonical_form(capsys):
    assert run(capsys, " tier in (web, api, web) , app = shop,!legacy") == (0, "app=shop,!legacy,tier in (api,web)\n", "")


def test_empty_selector_prints_an_empty_line(capsys):
    assert run(capsys, "  ") == (0, "\n", "")


def test_error_shows_the_message_and_a_caret_under_the_column(capsys):
    code, out, err = run(capsys, "app=web,tier in (a")
    assert (code, out) == (2, "")
    assert err == (
        "k8slint: invalid selector at column 19: found the end of the selector, "
        "expected ',' or ')' (values in a set are separated by commas)\n"
        "  app=web,tier in (a\n"
        "                    ^\n"
    )


def test_caret_stays_aligned_across_tabs(capsys):
    code, _, err = run(capsys, "a=1,\tBad_=x")
    assert code == 2
    assert err.splitlines()[1:] == ["  a=1, Bad_=x", "       ^"]


def test_labels_that_match_exit_0(capsys):
    assert run(capsys, "tier notin (db), app", "--labels", "app=shop, tier=web") == (0, 'matches: "app,tier notin (db)"\n', "")


def test_labels_that_do_not_match_exit_1_and_name_the_failing_requirement(capsys):
    assert run(capsys, "app=shop,replicas>3", "--labels", "app=shop,replicas=3") == (
        1,
        'does not match: "app=shop,replicas>3" ("replicas>3" fails)\n',
        "",
    )


def test_empty_label_values_and_an_empty_label_set(capsys):
    assert run(capsys, "x=", "--labels", "x=")[0] == 0
    assert run(capsys, "!x", "--labels", "")[0] == 0


@pytest.mark.parametrize(
    ("labels", "reason"),
    [("app", '"app" is not key=value'), ("=web", '"=web" is not key=value'), ("a=1,a=2", 'label "a" is given twice')],
)
def test_malformed_labels_are_a_usage_error(capsys, labels, reason):
    assert run(capsys, "app", "--labels", labels) == (2, "", f"k8slint: invalid --labels: {reason}\n")


def test_controls_in_the_expression_are_escaped_and_the_caret_follows(capsys):
    assert main(["selector", "a in (x\x1b, y)"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.splitlines()[1:] == ["  a in (x\\x1b, y)", "        ^"]
