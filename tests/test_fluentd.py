"""k8slint.fluentd: the configuration parser, its checks, and tag-pattern semantics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint.fluentd import (
    MatchPattern,
    deprecated_syntax,
    looks_like_fluentd,
    parse,
    plugin_type,
    unreachable_matches,
    validate,
)
from k8slint.logging_agents import fluentd_config as agent_config

DOCS_CONFIG = """\
<source>
  type tail
  format none
  path /var/log/1.log
  pos_file /var/log/1.log.pos
  tag count.format1
</source>

<source>
  type tail
  format none
  path /var/log/2.log
  pos_file /var/log/2.log.pos
  tag count.format2
</source>

<match **>
  type google_cloud
</match>
"""

MODERN = """\
# collect the app's files
<system>
  log_level info
</system>
@include conf.d/*.conf
<source>
  @type tail
  @id app_logs
  path "/var/log/app/*.log"   # quoted, with a comment
  pos_file /var/log/app.pos
  tag 'app.#{ENV["POD"]}'
  read_from_head true
  <parse>
    @type json
    time_key time
  </parse>
</source>
<filter app.**>
  @type record_transformer
  <record>
    host "#{Socket.gethostname}"
  </record>
</filter>
<label @OUT>
  <match app.**>
    @type stdout
    list ["a", "b",
          "c"]
    hash {"k": 1}
    empty_value
  </match>
</label>
"""


def test_docs_config_tree_and_positions():
    config = parse(DOCS_CONFIG)
    assert config.problems == []
    sources = config.sources()
    assert [(s.name, s.line, s.column) for s in sources] == [("source", 0, 0), ("source", 8, 0)]
    path = sources[1].param("path")
    assert (path.value, path.line, path.column, path.value_line, path.value_column) == ("/var/log/2.log", 11, 2, 11, 7)
    (match,) = config.root.children("match")
    assert (match.arg, match.arg_line, match.arg_column) == ("**", 16, 7)
    assert plugin_type(sources[0]) == "tail"  # through the deprecated bare `type`
    assert validate(config) == []


def test_docs_config_deprecated_syntax_positions():
    found = [(p.line, p.column, p.message) for p in deprecated_syntax(parse(DOCS_CONFIG))]
    assert found == [
        (1, 2, "'type' is a deprecated parameter name (fluentd v0.14+); use '@type'"),
        (2, 2, "flat 'format none' is v0.12 syntax; use a <parse> section with '@type'"),
        (9, 2, "'type' is a deprecated parameter name (fluentd v0.14+); use '@type'"),
        (10, 2, "flat 'format none' is v0.12 syntax; use a <parse> section with '@type'"),
        (17, 2, "'type' is a deprecated parameter name (fluentd v0.14+); use '@type'"),
    ]


def test_modern_config_values():
    config = parse(MODERN)
    assert config.problems == []
    assert validate(config) == []
    assert deprecated_syntax(config) == []
    (source,) = config.sources()
    assert source.get("path") == "/var/log/app/*.log"
    assert source.get("tag") == 'app.#{ENV["POD"]}'
    assert source.get("@id") == "app_logs"
    assert [p.value for p in source.children("parse")[0].params] == ["json", "time"]
    (include,) = config.root.includes
    assert (include.value, include.line, include.column) == ("conf.d/*.conf", 4, 0)
    (label,) = config.root.children("label")
    (match,) = label.children("match")
    assert match.get("list") == '["a", "b", "c"]'
    assert match.get("hash") == '{"k": 1}'
    assert match.get("empty_value") == ""
    assert match.param("empty_value").line == 29
    record = config.root.children("filter")[0].children("record")[0]
    assert record.get("host") == "#{Socket.gethostname}"


@pytest.mark.parametrize(
    "text, value",
    [
        ("k v # comment\n", "v"),
        ("k v#not-comment\n", "v#not-comment"),
        ("k #value\n", "#value"),
        ("k   spaced   value  \n", "spaced   value"),
        ('k "a\\tb\\"c"\n', 'a\tb"c'),
        ("k 'a\\'b\\\\c\\n'\n", "a'b\\c\\n"),
        ('k "multi\nline"\n', "multi\nline"),
        ("k\n", ""),
        ("k", ""),
    ],
)
def test_values(text, value):
    config = parse(text)
    assert config.problems == []
    assert config.root.get("k") == value


def test_last_duplicate_wins():
    config = parse("<source>\n  @type tail\n  tag a\n  tag b\n</source>\n")
    assert config.sources()[0].get("tag") == "b"


@pytest.mark.parametrize(
    "text, problems",
    [
        ("<source>\n  @type tail\n", [(0, 0, "<source> is never closed: expected '</source>' before the end of the file")]),
        ("</match>\n", [(0, 0, "unmatched end tag '</match>': no <match> is open")]),
        ("<source>\n<parse>\n</source>\n", [(1, 0, "<parse> is not closed before '</source>'")]),
        ('<match "a" b>\n</match>\n', [(0, 11, "expected '>' to end the <match> tag")]),
        # as in fluentd, the tag's argument runs on to the next '>', here the end tag's
        ("<source\n</source>\n", [(0, 0, "<source> is never closed: expected '</source>' before the end of the file")]),
        ("<source> x\n</source>\n", [(0, 8, "expected end of line after tag")]),
        ("k \"open\n", [(0, 2, "unexpected end of file in a double quoted string")]),
        ("k 'open\n", [(0, 2, "unexpected end of file in a single quoted string")]),
        ("k [1, 2\n", [(0, 2, "got incomplete or invalid JSON array")]),
        ("k {oops}\n", [(0, 2, "got incomplete or invalid JSON hash")]),
        ('k "a\\qb"\n', [(0, 4, "unexpected back-slash escape character 'q'")]),
        ('k "a" b\n', [(0, 5, "expected end of line after the value")]),
        ("<match **>\n  @custom x\n</match>\n", [(1, 2, "'@' is the system reserved prefix; '@custom' is not a reserved parameter")]),
        ("< x>\n", [(0, 1, "expected a directive name after '<'")]),
    ],
)
def test_malformed_input_is_reported_with_positions(text, problems):
    config = parse(text)
    assert [(p.line, p.column, p.message) for p in config.problems] == problems


def test_parsing_continues_after_an_error():
    config = parse('<source>\n  k "a" b\n  @type tail\n</source>\n<match **>\n  @type null\n</match>\n')
    assert len(config.problems) == 1
    assert plugin_type(config.sources()[0]) == "tail"
    assert plugin_type(config.root.children("match")[0]) == "null"


def test_each_stray_end_tag_is_reported():
    config = parse("<a>\n</b>\n</b>\n</a>\n")
    assert [(p.line, p.message) for p in config.problems] == [
        (1, "unmatched end tag '</b>': no <b> is open"),
        (2, "unmatched end tag '</b>': no <b> is open"),
    ]


def test_long_blank_runs_parse_in_linear_time():
    config = parse("key " + " " * 200_000 + "value # comment\n<match a" + " " * 200_000 + "b>\n</match>\n")
    assert config.problems == []
    assert config.root.get("key") == "value"
    assert config.root.children("match")[0].arg == "a" + " " * 200_000 + "b"


def test_unreachable_matches_per_scope():
    config = parse(
        "<match **>\n  @type null\n</match>\n<match a>\n  @type null\n</match>\n"
        "<label @X>\n  <match a.*>\n    @type null\n  </match>\n  <match a.b>\n    @type null\n  </match>\n</label>\n"
        "<match b>\n  @type null\n</match>\n"
    )
    assert [(dead.arg, dead.line, earlier.arg) for dead, earlier in unreachable_matches(config)] == [
        ("a", 3, "**"),
        ("b", 14, "**"),
        ("a.b", 10, "a.*"),
    ]


def test_nested_reserved_prefix_is_allowed():
    assert parse("<match **>\n  <buffer>\n    @custom x\n  </buffer>\n</match>\n").problems == []


def test_validate_reports_fluentd_startup_errors():
    text = """\
<sorce>
  @type tail
</sorce>
<source>
  @type tail
  pos_file /p.pos
</source>
<source>
  @type tail
  path /b
  tag b
  pos_file /p.pos
  <parse>
  </parse>
</source>
<source>
  @type tail
  path /c
  tag c
  format none
  follow_inodes true
</source>
<match **>
</match>
<label>
  <source>
    @type forward
  </source>
</label>
"""
    found = sorted((p.line, p.column, p.message) for p in validate(parse(text)))
    assert found == sorted([
        (0, 0, "unknown directive <sorce> at the top level"),
        (25, 2, "unknown directive <source> inside <label>"),
        (22, 0, "missing '@type' parameter on <match> directive"),
        (12, 2, "'@type' is required in <parse>"),
        (24, 0, "missing label name on <label> directive"),
        (3, 0, "in_tail source has no 'path' parameter"),
        (3, 0, "in_tail source has no 'tag' parameter"),
        (3, 0, "in_tail source has no parser: add a <parse> section"),
        (11, 11, "pos_file '/p.pos' is already used by the in_tail source on line 6 of the configuration; two in_tail sources may not share one pos_file"),
        (20, 2, "in_tail 'follow_inodes true' requires 'pos_file'"),
    ])


def test_bare_include_is_deprecated():
    config = parse("include other.conf\n")
    assert [(p.line, p.column, p.message) for p in deprecated_syntax(config)] == [
        (0, 0, "'include' is deprecated; use '@include'")
    ]


def test_bare_type_as_a_record_field_is_not_reported():
    text = "<filter **>\n  @type record_transformer\n  <record>\n    type access\n  </record>\n</filter>\n"
    assert deprecated_syntax(parse(text)) == []


def test_bare_type_in_a_parse_section_is_reported():
    text = "<source>\n  @type tail\n  <parse>\n    type json\n  </parse>\n</source>\n"
    assert [(p.line, p.column) for p in deprecated_syntax(parse(text))] == [(3, 4)]


def test_bare_type_next_to_at_type_is_not_reported():
    assert deprecated_syntax(parse("<match **>\n  @type file\n  type x\n  <format>\n    @type json\n  </format>\n</match>\n")) == []


@pytest.mark.parametrize(
    "pattern, tag, matches",
    [
        ("**", "anything.at.all", True),
        ("", "x", True),
        ("a.*", "a.b", True),
        ("a.*", "a.b.c", False),
        ("a.*", "a", False),
        ("a.**", "a", True),
        ("a.**", "a.b.c", True),
        ("a.**", "ab", False),
        ("**.x", "x", True),
        ("**.x", "a.b.x", True),
        ("**.x", "ax", False),
        ("a.**.b", "a.b", True),
        ("a.**.b", "a.x.y.b", True),
        ("{a,b}.c", "b.c", True),
        ("{a,b}.c", "ab.c", False),
        ("a.{b,c.**}", "a.c.d", True),
        ("a b.*", "b.x", True),
        ("/app\\.(web|api)/", "app.api", True),
        ("/app\\.(web|api)/", "app.db", False),
        ("a\\*", "a*", True),
        ("a\\*", "ab", False),
        ("a-b", "a-b", True),
        ("a.", "a", True),  # fluentd drops a trailing dot
        ("{a,b*", "b[^\\.]*", True),  # an unclosed brace: fluentd escapes the alternatives' regexes
        ("{a,b*", "bc", False),
        ("{a,b*", "a", True),
        ("/", "", True),
    ],
)
def test_match_semantics(pattern, tag, matches):
    assert MatchPattern(pattern).matches(tag) is matches


@pytest.mark.parametrize(
    "earlier, later, covered",
    [
        ("**", "app.web", True),
        ("", "app.**", True),
        ("app.**", "app.web", True),
        ("app.**", "app.*.logs", True),
        ("app.**", "app", True),
        ("app.*", "app.**", False),
        ("app.*", "app.web", True),
        ("app.*", "app.web.x", False),
        ("*.*", "app.web", True),
        ("{app,db}.**", "db.x.y", True),
        ("app.**", "{app,db}.x", False),
        ("app.** db.**", "{app,db}.x", True),
        ("**.x", "y.**.x", True),
        ("*", "**", False),
        ("x.**", "/x\\..*/", False),
        ("/x\\..*/", "/x\\..*/", True),
        ("/.*/", "x.y", True),
        ("/a.*/", "a.**", False),
        ("a.b", "a.b", True),
        ("a.b", "a.c", False),
        ("**", "{a,b", True),
        ("{a,b", "a", True),
        ("a", "{a,b", False),
        ("/x", "x", False),
    ],
)
def test_covers(earlier, later, covered):
    assert MatchPattern(earlier).covers(MatchPattern(later)) is covered


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab.*{},\\")), max_size=8),
    st.text(alphabet=st.sampled_from(list("ab.*{},\\")), max_size=8),
    st.lists(st.text(alphabet=st.sampled_from(list("ab.")), max_size=6), max_size=8),
)
def test_covers_is_sound(earlier, later, tags):
    first, second = MatchPattern(earlier), MatchPattern(later)
    if first.covers(second):
        for tag in tags:
            if second.matches(tag):
                assert first.matches(tag)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/ \n\t#\"'\\[]{}@abcsourcematch_.*")), max_size=80))
def test_parser_never_raises_on_arbitrary_text(text):
    config = parse(text)
    validate(config)
    deprecated_syntax(config)
    for problem in config.problems:
        assert 0 <= problem.line <= text.count("\n") + text.count("\r")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_parser_never_raises_on_any_unicode(text):
    parse(text)


def test_deep_nesting_does_not_recurse():
    depth = 5000
    text = "<a>\n" * depth + "</a>\n" * depth
    config = parse(text)
    assert config.problems == []
    assert sum(1 for _ in config.root.walk()) == depth + 1


@pytest.mark.parametrize(
    "container, path, at, image_directory",
    [
        (
            {"image": "registry.k8s.io/fluentd-gcp:1.30", "env": [{"name": "FLUENTD_ARGS", "value": "-c /etc/fluentd-config/fluentd.conf"}]},
            "/etc/fluentd-config/fluentd.conf",
            ("env", 0, "value"),
            None,
        ),
        ({"image": "fluent/fluentd:v1.17-1"}, "/fluentd/etc/fluent.conf", None, "/fluentd/etc"),
        (
            {"image": "fluent/fluentd-kubernetes-daemonset:v1-debian-forward", "env": [{"name": "X"}, {"name": "FLUENTD_CONF", "value": "k.conf"}]},
            "/fluentd/etc/k.conf",
            ("env", 1, "value"),
            "/fluentd/etc",
        ),
        ({"image": "example/agent:1", "command": ["fluentd", "--config=/c/f.conf"]}, "/c/f.conf", ("command", 1), None),
        ({"image": "example/agent:1", "command": ["fluentd"], "args": ["-q", "-c", "/c/f.conf"]}, "/c/f.conf", ("args", 2), None),
        ({"image": "fluent/fluentd", "args": ["fluentd", "-cetc/f.conf"], "workingDir": "/srv"}, "/srv/etc/f.conf", ("args", 1), "/fluentd/etc"),
        ({"image": "docker.io/fluent/fluentd@sha256:00", "env": [{"name": "FLUENTD_OPT", "value": "-c '/a b/f.conf'"}]}, "/a b/f.conf", ("env", 0, "value"), "/fluentd/etc"),
    ],
)
def test_agent_config(container, path, at, image_directory):
    config = agent_config(container)
    assert (config.path, config.at, config.image_directory) == (path, at, image_directory)


@pytest.mark.parametrize(
    "container",
    [
        {"image": "nginx:1.27", "args": ["-c", "/etc/nginx.conf"]},
        {"image": "example/fluentd-like:1"},  # a fluentd image whose default file k8slint does not know
        {"image": "example/agent:1", "command": ["fluentd", "-c", "relative.conf"]},
        {"image": ["not", "a", "string"], "command": "fluentd"},
        "not a mapping",
    ],
)
def test_agent_config_unknown(container):
    assert agent_config(container) is None


def test_looks_like_fluentd():
    assert looks_like_fluentd("# comment\n  <source>\n</source>\n")
    assert looks_like_fluentd("@include conf.d/*.conf\n")
    assert not looks_like_fluentd("<VirtualHost *:80>\n</VirtualHost>\n")
    assert not looks_like_fluentd("[INPUT]\n    Name tail\n")
    assert not looks_like_fluentd(42)


def test_a_shell_option_is_not_the_agent_config():
    container = {
        "image": "registry.k8s.io/fluentd-gcp:2.0.2",
        "command": ["/bin/sh", "-c", "/run.sh $FLUENTD_ARGS 2>&1 >>/var/log/fluentd.log"],
        "env": [{"name": "FLUENTD_ARGS", "value": "--no-supervisor"}],
    }
    assert agent_config(container) is None


def test_agent_config_inside_a_shell_script():
    container = {"image": "example/agent:1", "args": ["sh", "-c", "exec fluentd -c /etc/fluent/app.conf -v"]}
    config = agent_config(container)
    assert (config.path, config.at) == ("/etc/fluent/app.conf", ("args", 2))


def test_agent_config_for_an_entrypoint_given_options_only():
    config = agent_config({"image": "example/fluentd:1", "args": ["-q", "--config", "/c/f.conf"]})
    assert (config.path, config.at) == ("/c/f.conf", ("args", 2))


def test_program_default_config():
    config = agent_config({"image": "example/agent:1", "command": ["td-agent"]})
    assert (config.path, config.at) == ("/etc/td-agent/td-agent.conf", None)
    config = agent_config({"image": "example/agent:1", "command": ["fluentd"], "env": [{"name": "FLUENT_CONF", "value": "/x.conf"}]})
    assert config.path == "/x.conf"


def test_param_offsets_map_into_unquoted_values_only():
    config = parse('a x,y\nb "x,y"\n')
    plain, quoted = config.root.params
    assert (plain.quoted, plain.offset(2)) == (False, (0, 4))
    assert (quoted.quoted, quoted.offset(2)) == (True, (1, 2))
