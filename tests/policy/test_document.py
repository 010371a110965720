"""Reading Policy documents: broken policies give one positioned message, the others keep working."""

import textwrap

import pytest

from k8slint.policy import cel
from k8slint.policy.document import load_policies

GOOD = """\
apiVersion: k8slint.io/v1alpha1
kind: Policy
metadata: {name: team-label}
spec:
  severity: warning
  summary: objects carry a team label
  assert:
    - schema: {type: object, required: [metadata]}
"""


def policy(spec: str) -> str:
    return "apiVersion: k8slint.io/v1alpha1\nkind: Policy\nmetadata: {name: broken}\nspec:\n" + textwrap.indent(
        textwrap.dedent(spec), "  "
    )


def only_error(text: str):
    _, errors = load_policies(text)
    assert len(errors) == 1, errors
    return errors[0]


def test_a_valid_policy_without_cel_needs_no_engine(monkeypatch):
    monkeypatch.setattr(cel, "_cel", None)
    cel._environment.cache_clear()
    policies, errors = load_policies(GOOD)
    cel._environment.cache_clear()
    assert errors == [] and policies[0].name == "team-label" and not policies[0].uses_cel


def test_cel_without_the_engine_is_one_message_naming_the_extra(monkeypatch):
    monkeypatch.setattr(cel, "_cel", None)
    cel._environment.cache_clear()
    error = only_error(policy("severity: error\nsummary: s\nassert:\n  - expr: object.spec.replicas >= 2\n"))
    cel._environment.cache_clear()
    assert "k8slint[cel]" in error.message and (error.line, error.column) == (8, 13)


@pytest.mark.needs_cel
def test_cel_syntax_error_at_its_line_and_column_in_the_yaml():
    error = only_error(policy("severity: error\nsummary: s\nassert:\n  - expr: object.spec.replicas >=\n"))
    assert error.message.startswith("CEL: syntax error")
    # `object.spec.replicas >=` starts at column 13 of line 8; the error is after its last character.
    assert (error.line, error.column) == (8, 13 + len("object.spec.replicas >="))


@pytest.mark.needs_cel
def test_cel_error_inside_a_block_scalar():
    error = only_error(policy("""\
        severity: error
        summary: s
        assert:
          - expr: |
              has(object.spec) &&
                object.spec.replicas >= nosuch
        """))
    # line 10 is "          object.spec.replicas >= nosuch": column 35 is the first character of `nosuch`
    assert "nosuch" in error.message and (error.line, error.column) == (10, 35)


@pytest.mark.needs_cel
def test_a_non_bool_expression_is_rejected():
    assert "must return bool" in only_error(policy("severity: error\nsummary: s\nassert:\n  - expr: \"'text'\"\n")).message


def test_bad_schema_points_into_the_schema():
    error = only_error(policy("severity: error\nsummary: s\nassert:\n  - schema: {type: objekt}\n"))
    assert error.message.startswith("invalid JSON Schema") and error.line == 8


def test_bad_quantity_bound():
    error = only_error(policy("severity: error\nsummary: s\nassert:\n  - schema: {properties: {m: {x-quantity-maximum: 8 GB}}}\n"))
    assert "not a quantity" in error.message and error.line == 8


@pytest.mark.parametrize(("spec", "message", "line"), [
    ("severity: error\nsummary: s\nmatch: {kinds: [Deploymnet]}\nassert: [{schema: {}}]\n",
     'unknown kind "Deploymnet" (write group/Kind for a custom resource)', 7),
    ("severity: error\nsummary: s\nmatch: {kinds: ['@nope']}\nassert: [{schema: {}}]\n", 'unknown kind group "@nope"', 7),
    ("severity: fatal\nsummary: s\nassert: [{schema: {}}]\n", "severity must be one of error, warning, info", 5),
    ("severity: error\nsummary: [a]\nassert: [{schema: {}}]\n", "summary must be a string, not a list", 6),
    ("severity: error\nsummary: s\nassert: {schema: {}}\n", "assert must be a list, not a mapping", 7),
    ("severity: error\nsummary: s\nassrt: []\nassert: [{schema: {}}]\n", 'unknown key "assrt"', 7),
    ("severity: error\nsummary: s\nassert: [{schema: {}, expr: 'true'}]\n", "exactly one of expr, schema, forbid", 7),
    ("severity: error\nsummary: s\noptions: {count: {type: int, default: x}}\nassert: [{schema: {}}]\n",
     'default of option "count" must be int', 7),
    ("severity: error\nsummary: s\nmatch: {selector: 'a in (b'}\nassert: [{schema: {}}]\n", "invalid selector", 7),
    ("severity: error\nsummary: s\nassert: [{schema: {}, each: 'ports[*'}]\n", "invalid path", 7),
    ("severity: error\nsummary: s\ncode: K101\nassert: [{schema: {}}]\n", "code must be X001 to X999", 7),
])
def test_wrong_values_are_positioned(spec, message, line):
    error = only_error(policy(spec))
    assert message in error.message and error.line == line and error.policy == "broken"


def test_one_broken_policy_does_not_stop_the_others():
    text = GOOD + "---\n" + policy("severity: nope\nsummary: s\nassert: [{schema: {}}]\n")
    policies, errors = load_policies(text)
    assert [p.name for p in policies] == ["team-label"] and len(errors) == 1 and errors[0].line == 14


def test_invalid_yaml_is_a_positioned_error():
    policies, errors = load_policies("kind: Policy\nspec: [\n")
    assert not policies and errors and errors[0].line >= 2


def test_kind_groups_and_custom_kinds():
    policies, errors = load_policies(policy("""\
        severity: info
        summary: s
        match: {kinds: ["@workloads", example.com/Widget, "networking.k8s.io/*"]}
        assert: [{schema: {}}]
        """))
    assert not errors
    scope = policies[0].kinds
    assert any(k.matches("CronJob", "batch") for k in scope) and any(k.matches("Widget", "example.com") for k in scope)
    assert any(k.matches("Ingress", "networking.k8s.io") for k in scope) and not any(k.matches("Service", "") for k in scope)


def test_other_groups_policy_kinds_are_not_ours():
    kyverno = "apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: {name: k}\nspec: {rules: []}\n"
    assert load_policies(kyverno) == ([], [])
    error = only_error(GOOD.replace("k8slint.io/v1alpha1", "k8slint.io/v1"))
    assert "apiVersion must be" in error.message and error.line == 1
