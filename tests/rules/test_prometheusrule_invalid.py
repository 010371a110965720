"""prometheusrule-invalid: rulefmt's checks, and PromQL through the optional promql-parser package.

Upstream read: prometheus/prometheus `model/rulefmt/rulefmt.go` (`RuleGroups.Validate`: "Groupname must not be
empty", `groupname: "%s" is repeated in the same file`; `Rule.Validate`: "only one of 'record' and 'alert' must
be set", "one of 'record' or 'alert' must be set", "field 'expr' must be set in rule", "could not parse
expression: %w", "invalid field '%s' in recording rule"), and `promql/parser` for the expressions.
"""

import pytest

from tests.helpers import check_fixture, messages, positions

RULE = "prometheusrule-invalid"

TEMPLATE = """\
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {{name: r}}
spec:
  groups:
    - name: g
      rules:
        - alert: A
          expr: '{expr}'
"""


@pytest.fixture
def promql():
    return pytest.importorskip("promql_parser", reason="promql-parser (the `promql` extra) is not installed")


@pytest.mark.parametrize(
    "expr",
    [
        'sum(rate(http_requests_total{job="api"}[5m])) by (job) > 0',
        "histogram_quantile(0.99, sum by (le) (rate(a_bucket[5m])))",
        "absent(up) or vector(0)",
        "x @ start()",
        "rate(x[5m] offset 5m) + max_over_time(rate(x[1m])[5m:1m])",
        "holt_winters(x[5m], 0.5, 0.5)",  # 2.x only: function names are a version question
        "some_future_function(x)",
        "x{a=~`\\d+`}",  # a raw string: no escapes in Prometheus, the port unescapes it
    ],
)
def test_valid_promql_is_quiet(promql, expr):
    assert positions(TEMPLATE.format(expr=expr), RULE) == []


@pytest.mark.parametrize(
    "expr, message",
    [
        ("rate(x[5m]", "could not parse expression: unclosed left parenthesis"),
        ("sum(x) by (job", "could not parse expression: unclosed left parenthesis"),
        ('x{a=~"(?!b)"}', "could not parse expression: illegal regex for (?!b)"),
    ],
)
def test_invalid_promql(promql, expr, message):
    text = TEMPLATE.format(expr=expr)
    assert positions(text, RULE) == [(9, 17)]
    assert messages(text, RULE) == [message]


def test_rule_file_beside_prometheus_config_exact_inner_position():
    report = check_fixture("prometheusrule-invalid.yaml")
    (finding,) = [f for f in report.findings if f.obj.kind == "ConfigMap"]
    assert (finding.obj.name, finding.line, finding.column) == ("prometheus-server", 53, 18)
    assert finding.message == 'not a valid duration string: "5mins"'
