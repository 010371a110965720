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
