from tests.helpers import lint, messages, positions

RULE = "unsubstituted-variable"

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: ${APP}-service
  labels:
    app: "${APP}"
    ${TEAM_KEY}: x
spec:
  selector: {app: web}
"""


def test_one_finding_per_object_at_its_first_placeholder():
    assert positions(SERVICE, RULE) == [(4, 9)]
    assert messages(SERVICE, RULE) == [
        'metadata.name "${APP}-service" holds the unsubstituted variable "${APP}" (and 2 more fields)'
    ]


def test_names_and_labels_with_placeholders_do_not_cascade():
    report = lint(SERVICE, select=[RULE, "invalid-name", "invalid-label"])
    assert [finding.name for finding in report.findings] == [RULE]


def test_invalid_name_and_label_report_them_when_the_rule_is_off():
    report = lint(SERVICE, select=["invalid-name", "invalid-label"])
    assert [(finding.name, finding.line) for finding in report.findings] == [
        ("invalid-name", 4),
        ("invalid-label", 6),
        ("invalid-label", 7),
    ]


def test_label_placeholders_are_named_by_key():
    text = SERVICE.replace("name: ${APP}-service", "name: web")
    assert messages(text, RULE) == [
        'label "app" value "${APP}" in metadata.labels holds the unsubstituted variable "${APP}" (and 1 more field)'
    ]
    assert positions(text, RULE) == [(6, 10)]


def test_dollar_signs_that_are_not_variables_are_not_placeholders():
    for name in ("web$", "a$1", "$$", "cost-$-1"):
        assert positions(SERVICE.replace("${APP}-service", name).replace('"${APP}"', "web").replace("${TEAM_KEY}", "t"), RULE) == [], name


def test_chainsaw_expressions_are_not_substitution_placeholders():
    text = SERVICE.replace("${APP}-service", "\"(join('-', [$namespace, 'svc']))\"").replace('"${APP}"', "web").replace("${TEAM_KEY}", "t")
    assert positions(text, RULE) == []


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector:
    matchLabels: {app: "${APP}"}
    matchExpressions: [{key: tier, operator: In, values: ["$TIER"]}]
  template:
    metadata: {labels: {app: "${APP}", tier: "$TIER"}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: "$(APP)"}
"""


def test_selectors_with_placeholders_do_not_cascade_into_invalid_selector():
    report = lint(DEPLOYMENT, select=[RULE, "invalid-selector", "invalid-label"])
    assert [(finding.name, finding.line, finding.column) for finding in report.findings] == [
        (RULE, 9, 30),
        (RULE, 15, 19),
    ]
    assert messages(DEPLOYMENT, RULE) == [
        'label "app" value "${APP}" in spec.template.metadata.labels holds the unsubstituted variable "${APP}" '
        "(and 3 more fields)",
        'spec.selector.app "$(APP)" holds the unsubstituted variable "$(APP)"',
    ]
    without = lint(DEPLOYMENT, select=["invalid-selector"])
    assert [(finding.line, finding.column) for finding in without.findings] == [(6, 24), (7, 59), (15, 19)]
