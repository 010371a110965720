"""The loader: values typed as Kubernetes' YAML decoder types them, positions, and inner positions."""

import math

import pytest

from k8slint.loader import inner_position, load_text, locate


def value(text):
    return load_text(f"v: {text}\n").documents[0].value["v"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes", True), ("Yes", True), ("YES", True), ("y", True), ("Y", True), ("on", True), ("ON", True),
        ("true", True), ("True", True), ("no", False), ("n", False), ("off", False), ("Off", False),
        ("false", False), ("FALSE", False), ("~", None), ("null", None), ("Null", None), ("", None),
        ("1.10", 1.1), ("0755", 493), ("0x1F", 31), ("0o17", 15), ("0b101", 5), ("-0b11", -3), ("+12", 12),
        ("1_000", 1000), ("08", 8.0), ("1e3", 1000.0), (".5", 0.5), ("-.inf", -math.inf), (".Inf", math.inf),
        ("18446744073709551615", 18446744073709551615), ("18446744073709551616", 1.8446744073709552e19),
        ("2021-01-01", "2021-01-01"), ("2021-01-01T10:00:00Z", "2021-01-01T10:00:00Z"),
        ("yES", "yES"), ("tRUE", "tRUE"), ("0x", "0x"), ("1.2.3", "1.2.3"), ("'yes'", "yes"), ('"1.10"', "1.10"),
        ("!!str 12", "12"), ("!!int '12'", 12), ("!!float 1", 1.0), ("!!bool yes", True), ("!!null ''", None),
        ("=", "="), ("<<", "<<"), ("0.", 0.0),
        # Beyond float64, strconv.ParseFloat fails and go-yaml keeps the text; Python's int() would
        # refuse more than 4,300 digits.
        ("1e999", "1e999"), ("-1e400", "-1e400"), ("9" * 5000, "9" * 5000), ("0" * 5000 + "12", 10),
        ("-" + "0" * 5000 + "7", -7), ("0x" + "0" * 5000 + "1f", 31),
    ],
)
def test_plain_scalars_resolve_like_go_yaml_v2(text, expected):
    assert value(text) == expected and type(value(text)) is type(expected)


def test_nan():
    assert math.isnan(value(".nan")) and math.isnan(value(".NaN"))


def test_non_string_keys_become_json_keys():
    document = load_text("1: a\ntrue: b\nnull: c\n1.5: d\ny: e\n").documents[0].value
    assert document == {"1": "a", "true": "b", "null": "c", "1.5": "d"} | {"true": "e"}


def test_merge_keys_merge_without_overriding():
    document = load_text("base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\n").documents[0].value
    assert document["m"] == {"b": 3, "a": 1}


def test_documents_before_a_syntax_error_are_kept():
    loaded = load_text("a: 1\n---\nb: [\n")
    assert [d.value for d in loaded.documents] == [{"a": 1}]
    assert [(p.rule, p.span.line, p.span.column, p.document) for p in loaded.problems] == [("invalid-yaml", 4, 1, 1)]


def test_locate_points_at_keys_for_block_collections_and_at_values_for_scalars():
    document = load_text("a:\n  b:\n    - x\n    - z: 1\n").documents[0]
    assert locate(document.node, ("a", "b"))[0].line == 2
    span, complete = locate(document.node, ("a", "b", 1, "z"))
    assert (span.line, span.column, complete) == (4, 10, True)
    span, complete = locate(document.node, ("a", "missing", "deeper"))
    assert (span.line, span.column, complete) == (1, 1, False)
    span, _ = locate(document.node, ("a", "b", 1, "z"), on_key=True)
    assert (span.line, span.column) == (4, 7)


def inner(text, path, at):
    document = load_text(text).documents[0]
    return inner_position(document.node, path, text.splitlines(), at)


@pytest.mark.parametrize(
    "text, at, expected",
    [
        ("d:\n  k: |\n    one\n    two\n", (1, 2), (3, 6)),
        ("d:\n  k: |2\n      indented\n", (0, 2), (2, 6)),
        ('d:\n  k: "a\\nbc"\n', (1, 1), (1, 10)),
        ('d:\n  k: "\\\n    <s>\\n\\\n    \\  tail\\n"\n', (1, 2), (3, 7)),
        ("d:\n  k: 'it''s\n    here'\n", (0, 6), (2, 5)),
        ("d:\n  k: >\n    one\n    two\n\n    three\n", (1, 0), (5, 4)),
        ("d:\n  k: plain text\n", (0, 6), (1, 11)),
    ],
)
def test_inner_positions_map_back_to_the_file(text, at, expected):
    assert inner(text, ("d", "k"), at) == expected


def test_inner_position_outside_the_value_is_none():
    assert inner("d:\n  k: ab\n", ("d", "k"), (3, 0)) is None


def test_json_surrogate_escapes_are_joined_only_where_they_are_escapes():
    # An escaped backslash before "ud83d" is text, not an escape; a lone surrogate is U+FFFD, as in encoding/json.
    text = '{"a": "\\\\ud83d \\ud83d\\ude80 \\udc00", "b": 1}'
    loaded = load_text(text)
    assert loaded.problems == []
    assert loaded.documents[0].value == {"a": "\\ud83d \U0001F680 \ufffd", "b": 1}
    assert locate(loaded.documents[0].node, ("b",))[0].column == text.index("1}") + 1


def test_surrogate_escapes_in_yaml_are_refused_as_go_yaml_refuses_them():
    assert [p.rule for p in load_text('a: "\\ud83d\\ude80"\n').problems] == ["invalid-yaml"]


@pytest.mark.parametrize("depth", [99, 100, 101, 400])
def test_nesting_beyond_the_plain_tree_recursion_is_converted_all_the_same(depth):
    text = "".join("  " * level + f"k{level}:\n" for level in range(depth)) + "  " * depth + "leaf: [1, {x: yes}]\n"
    value = load_text(text).documents[0].value
    for level in range(depth):
        value = value[f"k{level}"]
    assert value == {"leaf": [1, {"x": True}]}


@pytest.mark.parametrize(
    "text, value, rules",
    [
        ("a: 1\nb: {c: 2, c: 3}\n", {"a": 1, "b": {"c": 3}}, ["duplicate-key"]),
        ("<<: {a: 1, b: 2}\nb: 3\n", {"b": 3, "a": 1}, []),
        ("'<<': 1\n!!str 2: x\n", {"<<": 1, "2": "x"}, []),
        ("a: !!int '7'\nb: !custom x\n", {"a": 7, "b": "x"}, ["unsupported-yaml"]),
        ("? [k]\n: v\nok: 1\n", {"ok": 1}, ["unsupported-yaml"]),
    ],
)
def test_documents_that_are_not_plain_trees_convert_and_report_as_before(text, value, rules):
    loaded = load_text(text)
    assert loaded.documents[0].value == value
    assert [problem.rule for problem in loaded.problems] == rules


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n---\nb:\n  - c: d\n---\n[1, 2\n",
        "\ufeffa: 1\r\n---\r\n\ufeff# one\r\n\r\nb:\r\n  - c: d\r\n",
        "--- !!map\na: 1\n--- &x\nb: [{c: d}]\n--- []\n---\n",
        "a: 1\n---\n\u2028b:\n  - {c: d}\n",
        "%TAG !e! tag:e.com,2000:\n--- !e!m\na: 1\n--- !e!m\nb:\n  - c: d\n",
        "- x\n---\n---\nb:\n  - c: d\n",
    ],
)
def test_released_nodes_come_back_as_the_first_parse_placed_them(text):
    kept, released = load_text(text), load_text(text, keep_nodes=False)
    assert all(document._node is None for document in released.documents)
    for first, again in reversed(list(zip(kept.documents, released.documents))):
        for path in ((), ("a",), ("b", 0, "c")):
            assert locate(again.node, path) == locate(first.node, path)


def test_an_aliased_collection_is_one_value_wherever_it_is_named():
    value = load_text("cmd: a && b\na: &x {b: [1]}\nc: *x\nd: [*x]\n").documents[0].value
    assert value["a"] is value["c"] is value["d"][0]


@pytest.mark.parametrize("extra", ["", "note: !!str x\n"])  # a plain tree, and a document the converter reads
def test_equal_mappings_of_strings_in_a_document_are_one_value(extra):
    text = "metadata:\n  labels: {app: web}\nspec:\n  selector: {app: web}\n  other: {app: web, size: 1}\n" + extra
    value = load_text(text).documents[0].value
    assert value["metadata"]["labels"] is value["spec"]["selector"] == {"app": "web"}
    assert value["spec"]["other"] == {"app": "web", "size": 1}


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: {c: [d, e]}\n---\nf: g\n",  # plain trees
        "a: !!str 1\nb: &x {c: d}\ne: *x\n<<: {f: g}\n",  # the general converter: tags, aliases, merge keys
    ],
)
def test_reading_leaves_no_cycles_behind(text):
    """The command line runs without the cyclic collector, so memory that a cycle holds is held to the
    end of the run: a reading child that kept its files' values that way grew tenfold on 100k documents."""
    import gc

    load_text(text)  # imports and caches, once
    gc.collect()
    gc.disable()
    try:
        documents = load_text(text).documents
        assert documents[0].value is not None
        del documents
        assert gc.collect() == 0
    finally:
        gc.enable()
