"""k8slint.fluentbit: the classic configuration format, with positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint.fluentbit import looks_like_fluentbit, parse

CONFIG = """\
[SERVICE]
    Flush        1
    Parsers_File parsers.conf
@SET env=prod
@INCLUDE inputs.conf

# tail the application's files
[INPUT]
    Name   tail
    Path   /var/log/app/*.log,/var/log/other.log
    Tag    app.*
    DB     /var/log/flb_app.db
    # an indented comment

[input]
    name   tail
    path   /var/log/two.log

[OUTPUT]
    Name  stdout
    Match *
"""


def test_sections_entries_and_positions():
    config = parse(CONFIG)
    assert config.problems == []
    assert [(s.name, s.line, s.column) for s in config.sections] == [
        ("SERVICE", 0, 0),
        ("INPUT", 7, 0),
        ("INPUT", 14, 0),
        ("OUTPUT", 18, 0),
    ]
    tail = config.sections[1]
    path = tail.entry("path")
    assert (path.key, path.value, path.line, path.column, path.value_column) == (
        "Path",
        "/var/log/app/*.log,/var/log/other.log",
        9,
        4,
        11,
    )
    assert tail.get("DB") == "/var/log/flb_app.db"
    assert [section.get("Path") for section in config.inputs("TAIL")] == [
        "/var/log/app/*.log,/var/log/other.log",
        "/var/log/two.log",
    ]
    assert [(i.value, i.line) for i in config.includes] == [("inputs.conf", 4)]
    assert [(c.key, c.value) for c in config.commands] == [("@SET", "env=prod")]


@pytest.mark.parametrize(
    "text, problems",
    [
        ("[INPUT\n    Name tail\n", [(0, 0, "bad header definition: expected ']'")]),
        ("[INPT]\n    Name tail\n", [(0, 1, "unknown section [INPT]")]),
        ("[INPUT]\nName tail\n", [(1, 0, "invalid indentation level: entries must be indented")]),
        ("[INPUT]\n    Name tail\n  Path /x\n", [(2, 0, "invalid indentation level: it differs from the file's first entry")]),
        ("[INPUT]\n    Name tail\n\tPath /x\n", [(2, 0, "invalid indentation level: it differs from the file's first entry")]),
        ("[INPUT]\n    Name tail\n      Path /x\n", [(2, 4, "extra indentation level found")]),
        ("[INPUT]\n    Name\n", [(1, 4, "key 'Name' has no value")]),
        ("[INPUT]\n    Name \n", [(1, 4, "key 'Name' has an empty value")]),
        ("    Name tail\n[INPUT]\n", [(0, 4, "entry 'Name' is outside of any section")]),
    ],
)
def test_malformed_input_is_reported(text, problems):
    assert [(p.line, p.column, p.message) for p in parse(text).problems] == problems


def test_parsing_continues_after_an_error():
    config = parse("[INPUT]\n    Name tail\n  Bad indent\n    Path /x\n")
    assert len(config.problems) == 1
    assert config.sections[0].get("Path") == "/x"


def test_crlf_and_group_contents():
    config = parse("[MULTILINE_PARSER]\r\n    name ml\r\n    [RULE] x\r\n        state start\r\n")
    assert config.problems == []
    assert config.sections[0].get("state") == "start"


def test_a_group_line_needs_a_value_as_in_fluent_bit():
    assert [p.message for p in parse("[MULTILINE_PARSER]\n    name ml\n    [RULE]\n").problems] == [
        "key '[RULE]' has no value"
    ]


def test_looks_like_fluentbit():
    assert looks_like_fluentbit("[INPUT]\n    Name tail\n")
    assert looks_like_fluentbit("[service]\n")
    assert not looks_like_fluentbit("<source>\n</source>\n")
    assert not looks_like_fluentbit("[section]\nkey=value\n")
    assert not looks_like_fluentbit(None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]@# \t\r\nINPUTabc/.*")), max_size=80))
def test_parser_never_raises(text):
    config = parse(text)
    lines = text.split("\n")
    for problem in config.problems:
        assert 0 <= problem.line < len(lines)


def test_non_text_is_empty():
    assert parse(None).sections == []


def test_agent_config():
    from k8slint.logging_agents import fluentbit_config as agent_config

    official = agent_config({"image": "cr.fluentbit.io/fluent/fluent-bit:3.1"})
    assert (official.path, official.at, official.image_directory) == (
        "/fluent-bit/etc/fluent-bit.conf",
        None,
        "/fluent-bit/etc",
    )
    explicit = agent_config({"image": "example/agent:1", "command": ["/fluent-bit/bin/fluent-bit", "--config=/c/fb.conf"]})
    assert (explicit.path, explicit.at) == ("/c/fb.conf", ("command", 1))
    assert agent_config({"image": "example/fluent-bit-like:1", "args": ["--help"]}) is None
    assert agent_config({"image": "fluent/fluentd:v1"}) is None
    assert agent_config(None) is None
