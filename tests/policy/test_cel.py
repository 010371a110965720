"""The CEL environment: Kubernetes' libraries, errors with positions, the missing-engine message."""

import pytest

from k8slint.policy import cel

pytestmark = pytest.mark.needs_cel


@pytest.mark.parametrize(("expression", "expected"), [
    ("quantity('1Gi').isLessThan(quantity('2Gi'))", True),
    ("quantity('1Gi') == quantity('1024Mi')", True),
    ("quantity('1k').add(5).asInteger()", 1005),
    ("quantity('100m').compareTo(quantity('0.1'))", 0),
    ("isQuantity('12 Mi')", False),
    ("url('https://example.com:8443/x').getPort()", "8443"),
    ("url('https://example.com/?a=1').getQuery()['a'][0]", "1"),
    ("ip('10.0.0.1').family()", 4),
    ("cidr('10.0.0.0/8').containsIP('10.2.3.4')", True),
    ("cidr('10.0.0.0/8').containsCIDR(cidr('10.1.0.0/16'))", True),
    ("ip.isCanonical('::1')", True),
    ("semver('1.2.3').isLessThan(semver('1.10.0'))", True),
    ("[1, 2, 3].isSorted() && [1, 2, 3].sum() == 6 && [4, 2].min() == 2", True),
    ("sets.contains(['a', 'b'], ['a']) && !sets.intersects(['a'], ['c'])", True),
    ("'v1.28.3'.find('[0-9]+') == '1' && 'a1b2'.findAll('[0-9]') == ['1', '2']", True),
    ("'%s has %d'.format(['x', 2])", "x has 2"),
    ("['a', 'b'].join('-')", "a-b"),
    ("object.?spec.?missing.orValue('fallback')", "fallback"),
    ("cel.bind(r, object.spec.replicas, r * 2)", 6),
    ("image('nginx:1.2').repository", "library/nginx"),
    ("image('nginx:1.2').repository() + '/' + image('nginx').tag() + '/' + image('nginx').identifier()", "library/nginx/latest/latest"),
    ("image('nginx').registry() == 'index.docker.io' && !image('nginx').containsDigest() && isImage('nginx')", True),
    ("selects({'matchLabels': {'app': 'a'}}, {'app': 'a'}) && selects('tier in (web)', {'tier': 'web'})", True),
])
def test_kubernetes_library(expression, expected):
    assert cel.compile(expression).evaluate({"object": {"spec": {"replicas": 3}}}) == expected


def test_compile_error_position_is_inside_the_expression():
    with pytest.raises(cel.CelCompileError) as raised:
        cel.compile("object.spec.replicas >= ")
    assert raised.value.line == 1 and raised.value.column == 25
    assert raised.value.message.startswith("syntax error")


def test_second_line_of_a_multiline_expression():
    with pytest.raises(cel.CelCompileError) as raised:
        cel.compile("object.spec.replicas >= 2 &&\n  nosuch(object)")
    assert raised.value.line == 2 and "nosuch" in raised.value.message


def test_runtime_errors_are_raised_not_returned():
    program = cel.compile("object.spec.replicas >= 2")
    with pytest.raises(cel.CelEvaluationError, match="replicas"):
        program.evaluate({"object": {"spec": {}}})
    with pytest.raises(cel.CelEvaluationError, match="cannot convert"):
        cel.compile("quantity('1500m').asInteger() > 0").evaluate({})


def test_cross_object_functions_need_an_apply_set():
    with pytest.raises(cel.CelEvaluationError, match="apply set"):
        cel.compile("size(select('Service')) > 0").evaluate({})


def test_references_skip_string_literals():
    assert cel.references("lookup('authorizer', x) + 'selecting'") == {"lookup", "x"}


def test_missing_engine_message_names_the_extra(monkeypatch):
    monkeypatch.setattr(cel, "_cel", None)
    cel._environment.cache_clear()
    try:
        with pytest.raises(cel.CelUnavailable, match=r"k8slint\[cel\]"):
            cel.compile("true")
    finally:
        monkeypatch.undo()
        cel._environment.cache_clear()


def test_bindings_are_shared_and_agree_with_plain_data():
    data = cel.Bindings({"object": {"spec": {"replicas": 3}}})
    standard = cel.compile("object.spec.replicas * 2")
    with_extra = cel.compile("object.spec.replicas + x", ["x"])
    assert standard.evaluate(data) == standard.evaluate(data) == standard.evaluate(dict(data)) == 6
    assert data.activation() is data.activation()
    assert with_extra.evaluate(cel.Bindings(data, x=1)) == 4
