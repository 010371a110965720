"""Label selectors: the Go tables of k8s.io/apimachinery pkg/labels/selector_test.go, ported, plus our own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint.selectors import (
    DOES_NOT_EXIST,
    DOUBLE_EQUALS,
    EQUALS,
    EVERYTHING,
    EXISTS,
    GREATER_THAN,
    IN,
    LESS_THAN,
    NOT_EQUALS,
    NOT_IN,
    NOTHING,
    Requirement,
    Selector,
    SelectorError,
    from_label_selector,
    label_selector_errors,
    label_selector_issues,
    parse,
    parse_int64,
)
from k8slint.validation import label_value, qualified_name

VALUE_RULE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
NAME_RULE = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character"
)


def error_of(text: str) -> tuple[str, int]:
    with pytest.raises(SelectorError) as caught:
        parse(text)
    return caught.value.message, caught.value.column


# --- Go: TestSelectorParse --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"]
)
def test_go_good_strings_round_trip_without_spaces(text):
    assert str(parse(text)) == text.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("x=a||y=b", "found '=', expected ',' or the end (requirements are separated by commas)", 7),
        ("x==a==b", "found '==', expected ',' or the end (requirements are separated by commas)", 5),
        ("!x=a", "found '=', expected ',' or the end (requirements are separated by commas)", 3),
        ("x<a", 'value "a" of "x<" is not a 64-bit integer', 3),
    ],
)
def test_go_bad_strings(text, message, column):
    assert error_of(text) == (message, column)


def test_go_deterministic_parse():
    assert str(parse("x=a,a=x")) == str(parse("a=x,x=a")) == "a=x,x=a"
    assert parse("x=a,a=x") == parse("a=x,x=a")


# --- Go: TestSelectorMatches, TestEverything --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("", {"x": "y"}),
        ("x=y", {"x": "y"}),
        ("x=y,z=w", {"x": "y", "z": "w"}),
        ("x!=y,z!=w", {"x": "z", "z": "a"}),
        ("notin=in", {"notin": "in"}),
        ("x", {"x": "z"}),
        ("!x", {"y": "z"}),
        ("x>1", {"x": "2"}),
        ("x<1", {"x": "0"}),
        ("foo=bar", {"foo": "bar", "baz": "blah"}),
        ("baz=blah", {"foo": "bar", "baz": "blah"}),
        ("foo=bar,baz=blah", {"foo": "bar", "baz": "blah"}),
    ],
)
def test_go_expect_match(text, labels):
    assert parse(text).matches(labels)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("x=z", {}),
        ("x=y", {"x": "z"}),
        ("x=y,z=w", {"x": "w", "z": "w"}),
        ("x!=y,z!=w", {"x": "z", "z": "w"}),
        ("x", {"y": "z"}),
        ("!x", {"x": "z"}),
        ("x>1", {"x": "0"}),
        ("x<1", {"x": "2"}),
        ("foo=blah", {"foo": "bar", "baz": "blah"}),
        ("baz=bar", {"foo": "bar", "baz": "blah"}),
        ("foo=bar,foobar=bar,baz=blah", {"foo": "bar", "baz": "blah"}),
    ],
)
def test_go_expect_no_match(text, labels):
    assert not parse(text).matches(labels)


def test_go_everything_and_nothing():
    assert EVERYTHING.matches({"x": "y"}) and EVERYTHING.empty
    assert not NOTHING.matches({"x": "y"}) and not NOTHING.matches({}) and not NOTHING.empty
    assert str(NOTHING) == "" and str(EVERYTHING) == ""
    assert NOTHING != EVERYTHING
    assert parse("").empty and parse(" \t\r\n ").empty


# --- Go: TestRequirementConstructor (through both entry points) ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x in (foo)", "x in (foo)"),
        ("x notin (foo)", "x notin (foo)"),
        ("x", "x"),
        ("!x", "!x"),
        ("1foo in (bar)", "1foo in (bar)"),
        ("1234 in (bar)", "1234 in (bar)"),
        ("y>1", "y>1"),
        ("z<6", "z<6"),
        ("foo>bar", ('value "bar" of "foo>" is not a 64-bit integer', 5)),
        ("barz<blah", ('value "blah" of "barz<" is not a 64-bit integer', 6)),
        ("a" * 254, (f'invalid label key "{"a" * 254}": name part must be no more than 63 characters', 1)),
    ],
)
def test_go_requirement_constructor(text, expected):
    if isinstance(expected, str):
        assert str(parse(text)) == expected
    else:
        assert error_of(text) == expected


def test_go_requirement_constructor_structured_empty_sets():
    with pytest.raises(SelectorError) as caught:
        from_label_selector({"matchExpressions": [{"key": "x", "operator": "In"}]})
    assert caught.value.path == ("matchExpressions", 0, "values")
    with pytest.raises(SelectorError):
        from_label_selector({"matchExpressions": [{"key": "x", "operator": "NotIn", "values": []}]})


# --- Go: TestToString ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requirements", "expected"),
    [
        (
            [Requirement("x", IN, ("abc", "def")), Requirement("y", NOT_IN, ("jkl",)), Requirement("z", EXISTS)],
            "x in (abc,def),y notin (jkl),z",
        ),
        (
            [Requirement("x", NOT_IN, ("abc", "def")), Requirement("y", NOT_EQUALS, ("jkl",)),
             Requirement("z", DOES_NOT_EXIST)],
            "x notin (abc,def),y!=jkl,!z",
        ),
        (
            [Requirement("x", NOT_IN, ("abc",)), Requirement("y", IN, ("jkl", "mno")), Requirement("z", NOT_IN, ("",))],
            "x notin (abc),y in (jkl,mno),z notin ()",
        ),
        (
            [Requirement("x", EQUALS, ("abc",)), Requirement("y", DOUBLE_EQUALS, ("jkl",)),
             Requirement("z", NOT_EQUALS, ("a",)), Requirement("z", EXISTS)],
            "x=abc,y==jkl,z!=a,z",
        ),
        (
            [Requirement("x", GREATER_THAN, ("2",)), Requirement("y", LESS_THAN, ("8",)), Requirement("z", EXISTS)],
            "x>2,y<8,z",
        ),
    ],
)
def test_go_to_string(requirements, expected):
    assert str(Selector(requirements)) == expected
    assert str(parse(expected)) == expected


# --- Go: TestRequirementSelectorMatching --------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "requirements", "match"),
    [
        ({"x": "foo", "y": "baz"}, [Requirement("x", IN, ("foo",)), Requirement("y", NOT_IN, ("alpha",))], True),
        ({"x": "foo", "y": "baz"}, [Requirement("x", IN, ("foo",)), Requirement("y", IN, ("alpha",))], False),
        ({"y": ""}, [Requirement("x", NOT_IN, ("",)), Requirement("y", EXISTS)], True),
        ({"y": ""}, [Requirement("x", DOES_NOT_EXIST), Requirement("y", EXISTS)], True),
        ({"y": ""}, [Requirement("x", NOT_IN, ("",)), Requirement("y", DOES_NOT_EXIST)], False),
        ({"y": "baz"}, [Requirement("x", IN, ("",))], False),
        ({"z": "2"}, [Requirement("z", GREATER_THAN, ("1",))], True),
        ({"z": "v2"}, [Requirement("z", GREATER_THAN, ("1",))], False),
        # the zero Requirement of Go (no key, no operator) matches nothing
        ({"x": "foo", "y": "baz"}, [Requirement("", "")], False),
    ],
)
def test_go_requirement_selector_matching(labels, requirements, match):
    assert Selector(requirements).matches(labels) is match


# --- Go: TestSetSelectorParser ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "requirements"),
    [
        ("", []),
        ("\rx", [("x", EXISTS, ())]),
        ("this-is-a-dns.domain.com/key-with-dash", [("this-is-a-dns.domain.com/key-with-dash", EXISTS, ())]),
        (
            "this-is-another-dns.domain.com/key-with-dash in (so,what)",
            [("this-is-another-dns.domain.com/key-with-dash", IN, ("so", "what"))],
        ),
        ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", [("0.1.2.domain/99", NOT_IN, ("10.10.100.1", "tick.tack.clock"))]),
        ("foo  in\t (abc)", [("foo", IN, ("abc",))]),
        ("x notin\n (abc)", [("x", NOT_IN, ("abc",))]),
        ("x  notin\t\t\t(abc,def)", [("x", NOT_IN, ("abc", "def"))]),
        ("x in (abc,def)", [("x", IN, ("abc", "def"))]),
        ("x in (abc,)", [("x", IN, ("", "abc"))]),
        ("x in ()", [("x", IN, ("",))]),
        # Added to TestSetSelectorParser with kubernetes/kubernetes#133419 ("Fix label selector parsing for
        # consecutive commas"), which made parseIdentifiersList read ",," one comma at a time.
        ("x in (a,,)", [("x", IN, ("", "a"))]),
        ("x in (a,,,)", [("x", IN, ("", "a"))]),
        ("x in (a,,,,,,)", [("x", IN, ("", "a"))]),
        ("x in (a,,a,,a,,a,,)", [("x", IN, ("", "a"))]),
        (
            "x notin (abc,,def),bar,z in (),w",
            [("bar", EXISTS, ()), ("w", EXISTS, ()), ("x", NOT_IN, ("", "abc", "def")), ("z", IN, ("",))],
        ),
        ("x,y in (a)", [("x", EXISTS, ()), ("y", IN, ("a",))]),
        ("x=a", [("x", EQUALS, ("a",))]),
        ("x>1", [("x", GREATER_THAN, ("1",))]),
        ("x<7", [("x", LESS_THAN, ("7",))]),
        ("x=a,y!=b", [("x", EQUALS, ("a",)), ("y", NOT_EQUALS, ("b",))]),
        ("x=a,y!=b,z in (h,i,j)", [("x", EQUALS, ("a",)), ("y", NOT_EQUALS, ("b",)), ("z", IN, ("h", "i", "j"))]),
        ("x notin ( )", [("x", NOT_IN, ("",))]),
        ("x notin (, a)", [("x", NOT_IN, ("", "a"))]),
        ("a ", [("a", EXISTS, ())]),
        ("a in (x,y,notin, z,in)", [("a", IN, ("in", "notin", "x", "y", "z"))]),
    ],
)
def test_go_set_selector_parser_valid(text, requirements):
    assert parse(text).requirements == tuple(Requirement(*requirement) for requirement in requirements)


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("x=a||y=b", "found '=', expected ',' or the end (requirements are separated by commas)", 7),
        ("x,,y", "found ',', expected a requirement after ','", 3),
        (",x,y", "found ',', expected a requirement ('key', '!key', 'key=value', 'key in (a,b)') or the end", 1),
        ("x nott in (y)", "found 'nott', expected an operator (=, ==, !=, in, notin, >, <), ',' or the end", 3),
        ("a in (xyz),", "found the end of the selector, expected a requirement after ','", 12),
        ("a in (xyz)b notin ()", "found 'b', expected ',' or the end (requirements are separated by commas)", 11),
        ("a in (xyz abc)", "found 'abc', expected ',' or ')' (values in a set are separated by commas)", 11),
        ("a notin(", "found the end of the selector, expected a value, ',' or ')'", 9),
        ("a (", "found '(', expected an operator (=, ==, !=, in, notin, >, <), ',' or the end", 3),
        ("(", "found '(', expected a requirement ('key', '!key', 'key=value', 'key in (a,b)') or the end", 1),
    ],
)
def test_go_set_selector_parser_invalid(text, message, column):
    assert error_of(text) == (message, column)


# --- Our own: tokens and whitespace -----------------------------------------------------------


def test_only_space_tab_cr_lf_are_whitespace():
    assert str(parse(" \t x \r\n in \n ( a ,\tb ) , \r y ")) == "x in (a,b),y"
    # Other Unicode or ASCII spaces are identifier characters for Go's lexer: they end up in the key.
    for space in ("\v", "\f", "\u00a0", "\u2003"):
        message, column = error_of(f"x{space}=a")
        assert (message, column) == (f'invalid label key "x{space}": {NAME_RULE}', 1)


def test_special_characters_split_identifiers_without_spaces():
    assert str(parse("a=b,c!=d,e==f,g>1,h<2,i in(j),k notin(l)")) == "a=b,c!=d,e==f,g>1,h<2,i in (j),k notin (l)"


def test_non_special_punctuation_is_part_of_an_identifier():
    # "||" and "~" are single identifiers in Go's lexer, so they fail as values, not as syntax.
    assert error_of("x=||") == (f'invalid label value "||": {VALUE_RULE}', 3)
    assert error_of("~") == (f'invalid label key "~": {NAME_RULE}', 1)


def test_two_character_operators_win():
    assert parse("x!=a").requirements == (Requirement("x", NOT_EQUALS, ("a",)),)
    assert parse("x==a").requirements == (Requirement("x", DOUBLE_EQUALS, ("a",)),)
    assert error_of("x===a") == ("found '=', expected a value, ',' or the end", 4)
    assert error_of("!=x") == (
        "found '!=', expected a requirement ('key', '!key', 'key=value', 'key in (a,b)') or the end", 1
    )


def test_keywords_are_keys_and_values():
    assert str(parse("in in (in, notin)")) == "in in (in,notin)"
    assert str(parse("notin notin (notin)")) == "notin notin (notin)"
    assert str(parse("!in,notin=in,in==notin")) == "!in,in==notin,notin=in"
    assert error_of("x in in") == ("found 'in', expected '(' to open the set of values", 6)


def test_bang_with_space_and_errors():
    assert parse("! x").requirements == (Requirement("x", DOES_NOT_EXIST),)
    assert error_of("!!x") == ("found '!', expected a label key", 2)
    assert error_of("!") == ("found the end of the selector, expected a label key", 2)
    assert error_of("x!y") == ("found '!', expected an operator (=, ==, !=, in, notin, >, <), ',' or the end", 2)
    assert error_of("!x in (a)") == ("found 'in', expected ',' or the end (requirements are separated by commas)", 4)


def test_nul_ends_the_input_at_a_token_start_and_separates_after_a_token():
    assert error_of("a\0b") == ("found 'b', expected an operator (=, ==, !=, in, notin, >, <), ',' or the end", 3)
    assert str(parse("a \0 garbage (")) == "a"
    assert str(parse("\0x=(")) == ""
    assert str(parse("a\0,b")) == "a,b"
    assert str(parse("x=\0y")) == "x=y"
    assert str(parse("a\0\0junk")) == "a"


# --- Our own: values and sets -----------------------------------------------------------------


def test_empty_value_sets_and_empty_entries():
    assert str(parse("x in ()")) == "x in ()"
    assert str(parse("x in ( )")) == "x in ()"
    assert str(parse("x in (,)")) == "x in ()"
    assert str(parse("x in (,a)")) == "x in (,a)"
    assert str(parse("x in (a,,b)")) == "x in (,a,b)"
    assert str(parse("x in (a,,,b)")) == "x in (,a,b)"
    assert parse("x in ()").matches({"x": ""})
    assert not parse("x in ()").matches({"x": "a"})
    assert not parse("x in ()").matches({})


# Empty entries anywhere in a set (staging/src/k8s.io/apimachinery/pkg/labels/selector.go,
# parseIdentifiersList since kubernetes/kubernetes#133419): the set holds "", which String() prints first.
@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("x in (a,,)", "x in (,a)"),
        ("x in (a,,,,,,)", "x in (,a)"),
        ("x in (a,,a,,a,,a,,)", "x in (,a)"),
        ("x notin (a,,)", "x notin (,a)"),
        ("x in (a,,b,,)", "x in (,a,b)"),
        ("x in (,,)", "x in ()"),
        ("x in (,,,)", "x in ()"),
        ("x in (a,)", "x in (,a)"),
        ("x in (a,,,)", "x in (,a)"),
        ("x in (a , , )", "x in (,a)"),
        ("x in (,,a)", "x in (,a)"),
        ("x notin (,,)", "x notin ()"),
        ("x in (b,,a,,),y", "x in (,a,b),y"),
    ],
)
def test_empty_entries_anywhere_in_a_set_add_the_empty_value_printed_first(text, canonical):
    selector = parse(text)
    assert str(selector) == canonical
    assert parse(canonical) == selector


def test_a_set_with_empty_entries_matches_the_empty_label_value():
    assert parse("x in (a,,)").matches({"x": ""})
    assert parse("x in (a,,)").matches({"x": "a"})
    assert not parse("x in (a,,)").matches({"x": "b"})
    assert not parse("x in (a,,)").matches({})
    assert parse("x in (,,)").matches({"x": ""})
    assert not parse("x in (,,)").matches({"x": "a"})
    assert not parse("x notin (a,,)").matches({"x": ""})
    assert parse("x notin (a,,)").matches({"x": "b"})
    assert parse("x notin (a,,)").matches({})


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("x in (a,,", "found the end of the selector, expected a value, ',' or ')'", 10),
        ("x in (a,,b c)", "found 'c', expected ',' or ')' (values in a set are separated by commas)", 12),
        ("x in (,,=)", "found '=', expected a value, ',' or ')'", 9),
    ],
)
def test_empty_entries_do_not_excuse_other_set_errors(text, message, column):
    assert error_of(text) == (message, column)


def test_values_are_sorted_and_deduplicated_and_requirements_sorted_by_key():
    assert str(parse("z in (c,b,a,b), a notin (y,x,y), m")) == "a notin (x,y),m,z in (a,b,c)"
    assert str(parse("b=1,a=2,b!=3")) == "a=2,b=1,b!=3"  # equal keys keep their written order
    assert str(parse("b!=3,a=2,b=1")) == "a=2,b!=3,b=1"


def test_exact_value_may_be_empty_and_then_matches_the_empty_label():
    assert parse("x=").matches({"x": ""})
    assert not parse("x=").matches({})
    assert parse("x!=").matches({})
    assert str(parse("x==")) == "x=="


def test_exact_value_errors():
    assert error_of("x=(") == ("found '(', expected a value, ',' or the end", 3)
    assert error_of("x=a b") == ("found 'b', expected ',' or the end (requirements are separated by commas)", 5)
    assert error_of("x in a") == ("found 'a', expected '(' to open the set of values", 6)
    assert error_of("x in (a") == ("found the end of the selector, expected ',' or ')' (values in a set are separated by commas)", 8)
    assert error_of("x in (a,=") == ("found '=', expected a value, ',' or ')'", 9)
    assert error_of("x=y)") == ("found ')', expected ',' or the end (requirements are separated by commas)", 4)
    assert error_of("x,") == ("found the end of the selector, expected a requirement after ','", 3)
    assert error_of("x,,y") == ("found ',', expected a requirement after ','", 3)


# --- Our own: validation limits -----------------------------------------------------------------


def test_value_length_limit_63():
    assert parse("x=" + "v" * 63).requirements[0].values == ("v" * 63,)
    message, column = error_of("x=" + "v" * 64)
    assert message == f'invalid label value "{"v" * 64}": must be no more than 63 characters' and column == 3
    assert error_of("x in (ok, " + "v" * 64 + ")") == (
        f'invalid label value "{"v" * 64}": must be no more than 63 characters', 11
    )


def test_key_name_part_limit_63():
    assert str(parse("k" * 63)) == "k" * 63
    assert error_of("k" * 64) == (f'invalid label key "{"k" * 64}": name part must be no more than 63 characters', 1)
    assert str(parse("example.com/" + "k" * 63)) == "example.com/" + "k" * 63
    key = "example.com/" + "k" * 64
    assert error_of(f"x=1, {key}=v") == (f'invalid label key "{key}": name part must be no more than 63 characters', 6)


def test_key_prefix_limit_253():
    prefix_253 = ".".join(["a" * 63] * 3 + ["b" * 61])
    assert len(prefix_253) == 253
    assert parse(f"{prefix_253}/name").requirements == (Requirement(f"{prefix_253}/name", EXISTS),)
    prefix_254 = prefix_253 + "b"
    message, column = error_of(f"{prefix_254}/name")
    assert message == f'invalid label key "{prefix_254}/name": prefix part must be no more than 253 characters'
    assert column == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("/x", "prefix part must be non-empty"),
        ("x/", "name part must be non-empty"),
        (
            "Example.com/x",
            "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character",
        ),
        ("-x", NAME_RULE),
        (
            "a/b/c",
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
            "with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        ),
    ],
)
def test_key_syntax(text, problem):
    assert error_of(text) == (f'invalid label key "{text}": {problem}', 1)


def test_value_syntax():
    assert error_of("x=-a") == (f'invalid label value "-a": {VALUE_RULE}', 3)
    assert error_of("x notin (a, b_)") == (f'invalid label value "b_": {VALUE_RULE}', 13)
    assert str(parse("x=A.b-c_D")) == "x=A.b-c_D"


def test_the_first_error_in_reading_order_is_reported():
    # Go validates a key as soon as it is read, before looking further.
    assert error_of("Bad_=x, y z") == (f'invalid label key "Bad_": {NAME_RULE}', 1)
    assert error_of("x=ok, y z, Bad_") == (
        "found 'z', expected an operator (=, ==, !=, in, notin, >, <), ',' or the end", 9
    )


# --- Our own: > and < --------------------------------------------------------------------------


def test_greater_and_less_take_an_int64():
    assert str(parse("x>9223372036854775807")) == "x>9223372036854775807"
    assert str(parse("x<0")) == "x<0"
    assert str(parse("x>007")) == "x>007"
    assert error_of("x>9223372036854775808") == ('value "9223372036854775808" of "x>" is not a 64-bit integer', 3)
    assert error_of("x>") == ('value "" of "x>" is not a 64-bit integer', 3)
    assert error_of("x>1_0") == ('value "1_0" of "x>" is not a 64-bit integer', 3)
    assert error_of("x>1.5") == ('value "1.5" of "x>" is not a 64-bit integer', 3)
    # ParseInt accepts a sign, but a label value cannot start with one.
    assert error_of("x>-1") == (f'invalid label value "-1": {VALUE_RULE}', 3)
    assert error_of("x<+1") == (f'invalid label value "+1": {VALUE_RULE}', 3)


@pytest.mark.parametrize(
    ("value", "greater_than_5"),
    [
        ("6", True),
        ("5", False),
        ("0006", True),
        ("+6", True),
        ("-6", False),
        ("9223372036854775807", True),
        ("9223372036854775808", False),  # out of int64: ParseInt fails, no match
        ("6.0", False),
        (" 6", False),
        ("6 ", False),
        ("1_000", False),
        ("\u0666", False),  # ARABIC-INDIC DIGIT SIX: Python's int() reads it, Go's ParseInt does not
        ("", False),
        ("six", False),
    ],
)
def test_greater_than_parses_label_values_like_go(value, greater_than_5):
    assert parse("x>5").matches({"x": value}) is greater_than_5


def test_less_than_at_int64_bounds():
    assert parse("x<1").matches({"x": "-9223372036854775808"})
    assert not parse("x<1").matches({"x": "-9223372036854775809"})
    assert not parse("x<1").matches({})
    assert not parse("x>1").matches({})


def test_parse_int64():
    assert parse_int64("-9223372036854775808") == -(2**63)
    assert parse_int64("9223372036854775807") == 2**63 - 1
    assert parse_int64("9223372036854775808") is None
    assert parse_int64("") is None and parse_int64("+") is None and parse_int64(5) is None


# --- Our own: matching ------------------------------------------------------------------------


def test_negative_requirements_match_when_the_key_is_absent():
    assert parse("x!=a").matches({})
    assert parse("x notin (a,b)").matches({"y": "a"})
    assert not parse("x notin (a,b)").matches({"x": "b"})
    assert parse("x notin (a,b)").matches({"x": "c"})
    assert parse("!x").matches({}) and not parse("!x").matches({"x": ""})


def test_matching_tolerates_non_string_label_values():
    assert not parse("x=1").matches({"x": 1})
    assert not parse("x>0").matches({"x": 1})
    assert parse("x notin (1)").matches({"x": [1]})


def test_selector_equality_and_hash():
    assert parse("a in (y,x)") == parse("a in (x,y,x)")
    assert hash(parse("a=1,b")) == hash(parse("b , a=1"))
    assert parse("a=1") != parse("a==1")
    assert repr(parse("a=1")) == "Selector('a=1')" and repr(NOTHING) == "Selector(NOTHING)"


def test_parse_rejects_non_strings():
    with pytest.raises(SelectorError) as caught:
        parse(None)  # type: ignore[arg-type]
    assert caught.value.message == "a selector must be a string, not NoneType" and caught.value.column == 1


def test_error_str_is_the_message_and_the_column_is_an_attribute():
    with pytest.raises(SelectorError) as caught:
        parse("x in (a")
    assert str(caught.value) == caught.value.message
    assert caught.value.column == 8 and caught.value.path == ()


# --- Structured selectors ---------------------------------------------------------------------


def test_null_selector_matches_nothing_and_empty_matches_everything():
    assert from_label_selector(None) is NOTHING
    assert from_label_selector({}) is EVERYTHING
    assert from_label_selector({"matchLabels": {}, "matchExpressions": []}) is EVERYTHING
    assert from_label_selector({"matchLabels": None}) is EVERYTHING


def test_structured_selector_canonical_form_and_matching():
    selector = from_label_selector(
        {
            "matchLabels": {"tier": "frontend", "app": "guestbook"},
            "matchExpressions": [
                {"key": "track", "operator": "In", "values": ["stable", "canary"]},
                {"key": "legacy", "operator": "DoesNotExist"},
                {"key": "env", "operator": "NotIn", "values": ["dev"]},
                {"key": "zone", "operator": "Exists", "values": []},
            ],
        }
    )
    assert str(selector) == "app=guestbook,env notin (dev),!legacy,tier=frontend,track in (canary,stable),zone"
    assert selector.matches({"app": "guestbook", "tier": "frontend", "track": "canary", "zone": "a"})
    assert not selector.matches({"app": "guestbook", "tier": "frontend", "track": "canary"})
    assert not selector.matches({"app": "guestbook", "tier": "frontend", "track": "x", "zone": "a"})


def test_structured_values_are_sorted_but_not_deduplicated_like_go():
    # LabelSelectorAsSelector keeps the list; String() sorts a copy; only the string parser dedupes.
    selector = from_label_selector({"matchExpressions": [{"key": "x", "operator": "In", "values": ["b", "a", "a"]}]})
    assert str(selector) == "x in (a,a,b)"
    assert str(parse(str(selector))) == "x in (a,b)"


def test_structured_null_string_is_empty_like_the_api_decoder():
    assert str(from_label_selector({"matchLabels": {"a": None}})) == "a="


@pytest.mark.parametrize(
    ("obj", "path", "message"),
    [
        ({"matchLabels": {"app": "a b"}}, ("matchLabels", "app"), f'invalid label value "a b": {VALUE_RULE}'),
        ({"matchLabels": {"bad key": "x"}}, ("matchLabels", "bad key"), f'invalid label key "bad key": {NAME_RULE}'),
        ({"matchLabels": {"version": 2}}, ("matchLabels", "version"), 'label value of "version" must be a string, not a number'),
        ({"matchLabels": ["app"]}, ("matchLabels",), "matchLabels must be a mapping, not a list"),
        ({"matchExpressions": {"key": "a"}}, ("matchExpressions",), "matchExpressions must be a list, not a mapping"),
        ({"matchExpressions": ["a"]}, ("matchExpressions", 0), "a match expression must be a mapping, not a str"),
        (
            {"matchExpressions": [{"key": "a", "operator": "Exists"}, {"key": "a", "operator": "in", "values": ["x"]}]},
            ("matchExpressions", 1, "operator"),
            'unsupported operator "in": must be one of In, NotIn, Exists, DoesNotExist '
            "(operators are case-sensitive: did you mean 'In'?)",
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
            ("matchExpressions", 0, "values"),
            "values may not be specified when operator is 'Exists'",
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "NotIn", "values": None}]},
            ("matchExpressions", 0, "values"),
            "values must be specified when operator is 'NotIn'",
        ),
        (
            {"matchExpressions": [{"operator": "Exists"}]},
            ("matchExpressions", 0, "key"),
            "key is required",
        ),
        (
            {"matchExpressions": [{"key": "a"}]},
            ("matchExpressions", 0, "operator"),
            "operator is required (In, NotIn, Exists or DoesNotExist)",
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "In", "values": ["ok", True]}]},
            ("matchExpressions", 0, "values", 1),
            "value must be a string, not a boolean",
        ),
        ("app=web", (), "a label selector must be a mapping, not a str"),
    ],
)
def test_structured_errors_have_a_path(obj, path, message):
    with pytest.raises(SelectorError) as caught:
        from_label_selector(obj)
    assert (caught.value.path, caught.value.message) == (path, message)
    assert caught.value.column is None
    assert (path, message) in label_selector_errors(obj)


def test_label_selector_errors_lists_every_problem():
    obj = {
        "matchLabels": {"good": "ok", "Bad_": "x", "v": "-"},
        "matchExpressions": [
            {"key": "k" * 64, "operator": "Gt", "values": ["1"]},
            {"key": "fine", "operator": "In", "values": ["a", "b c", "d"]},
        ],
    }
    errors = label_selector_errors(obj)
    assert [path for path, _ in errors] == [
        ("matchLabels", "Bad_"),
        ("matchLabels", "v"),
        ("matchExpressions", 0, "operator"),
        ("matchExpressions", 0, "key"),
        ("matchExpressions", 1, "values", 1),
    ]
    assert errors[2][1] == 'unsupported operator "Gt": must be one of In, NotIn, Exists, DoesNotExist'
    assert errors[3][1] == f'invalid label key "{"k" * 64}": name part must be no more than 63 characters'
    issues = label_selector_issues(obj)
    assert [issue.on_key for issue in issues] == [True, False, False, False, False]


def test_valid_selectors_have_no_errors():
    assert label_selector_errors(None) == []
    assert label_selector_errors({}) == []
    assert label_selector_errors({"matchLabels": {"app": "", "example.com/x": "y"}}) == []


# --- Properties ----------------------------------------------------------------------------------

_names = st.from_regex(r"[a-z0-9]([a-z0-9._-]{0,10}[a-z0-9])?", fullmatch=True)
_prefixes = st.from_regex(r"[a-z0-9]{1,5}(\.[a-z0-9]{1,5}){0,2}", fullmatch=True)
_keys = st.one_of(_names, st.builds(lambda prefix, name: f"{prefix}/{name}", _prefixes, _names))
_values = st.one_of(st.just(""), _names)
_requirements = st.one_of(
    st.builds(lambda k: Requirement(k, EXISTS), _keys),
    st.builds(lambda k: Requirement(k, DOES_NOT_EXIST), _keys),
    st.builds(
        lambda k, op, v: Requirement(k, op, (v,)), _keys, st.sampled_from([EQUALS, DOUBLE_EQUALS, NOT_EQUALS]), _values
    ),
    st.builds(
        lambda k, op, n: Requirement(k, op, (str(n),)),
        _keys,
        st.sampled_from([GREATER_THAN, LESS_THAN]),
        st.integers(0, 2**63 - 1),
    ),
    st.builds(
        lambda k, op, vs: Requirement(k, op, tuple(sorted(set(vs)))),
        _keys,
        st.sampled_from([IN, NOT_IN]),
        st.lists(_values, min_size=1, max_size=4),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_requirements, max_size=6))
def test_canonical_form_is_a_fixed_point(requirements):
    selector = Selector(requirements)
    text = str(selector)
    assert parse(text) == selector
    assert str(parse(text)) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab=!(),<> \tin1", max_size=20))
def test_parse_never_raises_anything_but_selector_error(text):
    try:
        parse(text)
    except SelectorError as error:
        assert 1 <= error.column <= len(text) + 1


_any_keys = st.one_of(
    _keys,
    st.text(alphabet="aZ9-_./", max_size=8),
    st.builds(lambda n: "k" * n, st.integers(60, 66)),
    st.builds(lambda n: "p" * n + "/k", st.integers(250, 256)),
    st.builds(lambda n: ".".join(["a" * 63] * 3) + "." + "b" * n + "/k", st.integers(59, 63)),
)
_any_values = st.one_of(
    _values,
    st.text(alphabet="aZ9-_. ", max_size=6),
    st.builds(lambda n: "v" * n, st.integers(62, 65)),
    st.none(),
    st.integers(),
)
_structured = st.fixed_dictionaries(
    {},
    optional={
        "matchLabels": st.one_of(st.none(), st.dictionaries(_any_keys, _any_values, max_size=3)),
        "matchExpressions": st.lists(
            st.fixed_dictionaries(
                {"key": _any_keys, "operator": st.sampled_from(["In", "NotIn", "Exists", "DoesNotExist", "in", "Gt"])},
                optional={"values": st.one_of(st.none(), st.lists(_any_values, max_size=3))},
            ),
            max_size=3,
        ),
    },
)


@settings(max_examples=500, deadline=None)
@given(_structured)
def test_structured_fast_path_agrees_with_full_validation(obj):
    issues = label_selector_issues(obj)
    try:
        selector = from_label_selector(obj)
    except SelectorError as error:
        assert issues and (error.path, error.message) == (issues[0].path, issues[0].message)
    else:
        assert not issues
        # the canonical form parses back to the same requirements, values de-duplicated
        assert parse(str(selector)).requirements == tuple(
            requirement._replace(values=tuple(sorted(set(requirement.values))))
            for requirement in selector.requirements
        )


def test_go_string_of_a_structured_selector_with_repeated_empty_values_parses_back():
    selector = from_label_selector({"matchExpressions": [{"key": "x", "operator": "In", "values": ["", "", ""]}]})
    assert str(selector) == "x in (,,)"
    assert str(parse("x in (,,)")) == "x in ()"
    assert str(from_label_selector({"matchExpressions": [{"key": "x", "operator": "In", "values": ["", ""]}]})) == "x in (,)"
    assert str(parse("x in (,)")) == "x in ()"


# --- Differential test against a transliteration of Go's hand-written lexer and parser ----------
#
# GoSelectorParser follows k8s.io/apimachinery pkg/labels/selector.go (Lexer, Parser,
# parseRequirement, parseIdentifiersList, parseExactValue, NewRequirement, String) statement by
# statement, so the Lark grammar can be checked against it on many generated inputs. It is the
# revision after kubernetes/kubernetes#133419, whose parseIdentifiersList no longer consumes the second
# comma of ",," (so "x in (a,,)" and "x in (,,)" parse).


class GoParseError(Exception):
    pass


class GoSelectorParser:
    SPECIAL = "=!(),><"
    WHITESPACE = " \t\r\n"
    KEYWORDS = {")": "CPAR", ",": "COMMA", "!": "DNE", "==": "DEQ", "=": "EQ", ">": "GT", "in": "IN", "<": "LT",
                "!=": "NEQ", "notin": "NOTIN", "(": "OPAR"}

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.items, self.position = text, 0, [], 0

    # Lexer: read() returns 0 (here "") at the end without moving; a NUL byte also reads as 0.
    def read(self) -> str:
        if self.pos < len(self.text):
            self.pos += 1
            return self.text[self.pos - 1]
        return ""

    def unread(self) -> None:
        self.pos -= 1

    def lex(self) -> tuple[str, str]:
        ch = self.read()
        while ch in self.WHITESPACE and ch:
            ch = self.read()
        if ch in ("", "\0"):
            return "EOS", ""
        self.unread()
        if ch in self.SPECIAL:
            last, buffer = None, ""
            while True:
                ch = self.read()
                if ch in ("", "\0"):
                    break
                if ch in self.SPECIAL:
                    buffer += ch
                    if buffer in self.KEYWORDS:
                        last = (self.KEYWORDS[buffer], buffer)
                    elif last is not None:
                        self.unread()
                        break
                else:
                    self.unread()
                    break
            assert last is not None  # every special character is a token by itself
            return last
        buffer = ""
        while True:
            ch = self.read()
            if ch in ("", "\0"):
                break
            if ch in self.SPECIAL or ch in self.WHITESPACE:
                self.unread()
                break
            buffer += ch
        return (self.KEYWORDS[buffer], buffer) if buffer in self.KEYWORDS else ("ID", buffer)

    # Parser
    def peek(self, values: bool = True) -> str:
        token = self.items[self.position][0]
        return "ID" if values and token in ("IN", "NOTIN") else token

    def take(self, values: bool = True) -> tuple[str, str]:
        token, literal = self.items[self.position]
        self.position += 1
        return ("ID" if values and token in ("IN", "NOTIN") else token), literal

    def parse(self) -> str:
        while True:
            item = self.lex()
            self.items.append(item)
            if item[0] == "EOS":
                break
        requirements = []
        while True:
            token = self.peek()
            if token in ("ID", "DNE"):
                requirements.append(self.requirement())
                token, _ = self.take()
                if token == "EOS":
                    break
                if token != "COMMA" or self.peek() not in ("ID", "DNE"):
                    raise GoParseError
            elif token == "EOS":
                break
            else:
                raise GoParseError
        requirements.sort(key=lambda requirement: requirement[0])  # stable, like Go's up to 12
        return ",".join(self.requirement_string(*requirement) for requirement in requirements)

    def requirement(self) -> tuple[str, str, list[str]]:
        operator = ""
        token, key = self.take()
        if token == "DNE":
            operator = "!"
            token, key = self.take()
        if token != "ID" or qualified_name(key):
            raise GoParseError
        if self.peek() in ("EOS", "COMMA") and operator != "!":
            operator = "exists"
        if operator in ("exists", "!"):
            return key, operator, []
        token, _ = self.take(values=False)
        operator = {"IN": "in", "EQ": "=", "DEQ": "==", "GT": ">", "LT": "<", "NOTIN": "notin", "NEQ": "!="}.get(token)
        if operator is None:
            raise GoParseError
        values = self.value_set() if operator in ("in", "notin") else self.exact_value()
        if operator in (">", "<") and any(parse_int64(value) is None for value in values):
            raise GoParseError
        if any(label_value(value) for value in values):
            raise GoParseError
        return key, operator, sorted(values)

    def value_set(self) -> set[str]:
        if self.take()[0] != "OPAR":
            raise GoParseError
        token = self.peek()
        if token == "CPAR":
            self.take()
            return {""}
        if token != "ID" and token != "COMMA":
            raise GoParseError
        found: set[str] = set()
        while True:
            token, literal = self.take()
            if token == "ID":
                found.add(literal)
                following = self.peek()
                if following == "COMMA":
                    continue
                if following == "CPAR":
                    break
                raise GoParseError
            if token != "COMMA":
                raise GoParseError
            if not found:
                found.add("")
            following = self.peek()
            if following == "CPAR":
                found.add("")
                break
            if following == "COMMA":  # since kubernetes/kubernetes#133419 the next comma is left to the loop
                found.add("")
        if self.take()[0] != "CPAR":
            raise GoParseError
        return found

    def exact_value(self) -> set[str]:
        if self.peek() in ("EOS", "COMMA"):
            return {""}
        token, literal = self.take()
        if token != "ID":
            raise GoParseError
        return {literal}

    @staticmethod
    def requirement_string(key: str, operator: str, values: list[str]) -> str:
        if operator == "exists":
            return key
        if operator == "!":
            return "!" + key
        if operator in ("in", "notin"):
            return f"{key} {operator} ({','.join(values)})"
        return f"{key}{operator}{','.join(values)}"


_PIECES = ["a", "b", "x1", "in", "notin", "A_", "k/v", "é", "5", "99999999999999999999", "-1", "",
           "=", "==", "!=", "!", "(", ")", ",", ",", ">", "<", " ", "\t", "\n", "\0", "~", "||"]


@pytest.mark.parametrize(
    "text",
    ["x in (a,,)", "x in (a,,,)", "x in (,,)", "x in (,)", "x in (a,,b,,)", "x notin (a,,,,,,)", "x in (,,a,,)",
     "x in (a,,a,,a,,a,,)", "x in (,,,,)", "x in (a,,", "x in (,,=)", "in in (in)", "!in", "a\0b", "a \0 b(", "a\0,b",
     "=\0x", "x=\0\0", "x==\0=y", "!=x", "x!==y", "x=!y", "x>1,x<5,x", "x notin ( , )", "a,b in (x),!c"],
)
def test_agrees_with_go_on_tricky_inputs(text):
    _assert_same_as_go(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_agrees_with_go_on_generated_inputs(text):
    _assert_same_as_go(text)


_SET_ENTRIES = ["", "", "", "a", "b", "in", " ", "a b", "=", ")", "("]


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(["x", "in", "!x", "x=a"]),
    st.sampled_from([" in ", " notin ", "in", " = "]),
    st.lists(st.sampled_from(_SET_ENTRIES), max_size=8),
    st.sampled_from(["", ",y", ",z notin (,)", ",", ")", " "]),
)
def test_agrees_with_go_on_sets_with_empty_entries(key, operator, entries, tail):
    _assert_same_as_go(f"{key}{operator}({','.join(entries)}){tail}")


def _assert_same_as_go(text: str) -> None:
    try:
        expected = GoSelectorParser(text).parse()
    except GoParseError:
        expected = None
    try:
        got = str(parse(text))
    except SelectorError:
        got = None
    assert got == expected, f"{text!r}: k8slint {got!r}, Go {expected!r}"


# --- Go's sort.Sort for requirements sharing a key -----------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), min_size=13, max_size=300),
    st.sampled_from(["as drawn", "sorted", "reversed"]),
)
def test_go_sort_orders_by_key_and_keeps_every_requirement(keys, arrangement):
    if arrangement == "sorted":
        keys = sorted(keys)
    elif arrangement == "reversed":
        keys = sorted(keys, reverse=True)
    requirements = [Requirement(key, EQUALS, (str(position),)) for position, key in enumerate(keys)]
    ordered = Selector(requirements).requirements
    assert [requirement.key for requirement in ordered] == sorted(keys)
    assert sorted(ordered, key=lambda requirement: int(requirement.values[0])) == requirements


def test_up_to_twelve_requirements_with_a_shared_key_keep_their_order_like_go_insertion_sort():
    requirements = [Requirement("b" if n % 2 else "a", EQUALS, (str(n),)) for n in range(12)]
    assert Selector(requirements).requirements == tuple(sorted(requirements, key=lambda r: r.key))


def test_equal_keys_already_in_order_stay_in_order_beyond_twelve():
    # Go's pdqsort finds the run already sorted (partialInsertionSort) and leaves it untouched.
    requirements = [Requirement("k", NOT_EQUALS, (f"v{n:02}",)) for n in range(30)]
    assert Selector(requirements).requirements == tuple(requirements)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from("abc"), min_size=2, max_size=60))
def test_go_heap_sort_fallback_orders_by_key(keys):
    from k8slint.selectors import _GoSort

    requirements = [Requirement(key, EXISTS) for key in keys]
    _GoSort(requirements).heap_sort(0, len(requirements))
    assert [requirement.key for requirement in requirements] == sorted(keys)
