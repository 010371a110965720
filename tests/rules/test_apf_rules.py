"""The API Priority and Fairness rules (K4xx): fixtures, positions, messages and settings."""

import pytest

from tests.helpers import check_fixture, lint, messages, positions



def test_shadowed_fixture_across_files():
    report = check_fixture("flowschema-shadowed.yaml", extra_files=("flowschema-shadowed-other-file.yaml",))
    (cross_file,) = [f for f in report.findings if "dont-fire-audit-namespace" in f.message]
    (place,) = cross_file.related
    assert (place.file.endswith("flowschema-shadowed-other-file.yaml"), place.line) == (True, 15)


SCHEMA = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: interactive
spec:
  matchingPrecedence: {precedence}
  priorityLevelConfiguration:
    name: workload-high
  rules:
    - subjects:
        - kind: Group
          group: {{name: "system:authenticated"}}
      nonResourceRules:
        - verbs: ["*"]
          nonResourceURLs: ["*"]
"""


def test_flowschema_invalid_position_and_message():
    text = SCHEMA.format(precedence=-5)
    assert positions(text, "flowschema-invalid") == [(6, 23)]
    assert messages(text, "flowschema-invalid") == [
        "spec.matchingPrecedence: Invalid value: -5: must be a positive value"
    ]


def test_prioritylevel_invalid_unknown_field_points_at_key():
    text = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1beta2
kind: PriorityLevelConfiguration
metadata: {name: batch}
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 10
    limitResponse: {type: Reject}
"""
    config = {"kubernetesVersion": "1.26"}
    assert positions(text, "prioritylevel-invalid", config) == [(7, 5)]
    assert messages(text, "prioritylevel-invalid", config) == [
        'spec.limited.nominalConcurrencyShares: unknown field "spec.limited.nominalConcurrencyShares" in '
        "flowcontrol.apiserver.k8s.io/v1beta2: this version names it assuredConcurrencyShares"
    ]


def test_prioritylevel_invalid_zero_shares_depend_on_version():
    text = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: jail}
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 0
    limitResponse: {type: Reject}
"""
    assert messages(text, "prioritylevel-invalid", {"kubernetesVersion": "1.30"}) == []
    assert messages(text, "prioritylevel-invalid", {"kubernetesVersion": "1.29"}) == [
        "spec.limited.nominalConcurrencyShares: Invalid value: 0: must be positive"
    ]


def test_shadowed_after_global_default_and_builtins_setting():
    text = SCHEMA.format(precedence=9950)
    assert positions(text, "flowschema-shadowed") == [(6, 23)]
    assert messages(text, "flowschema-shadowed") == [
        'never matches: every request it can match is matched first by FlowSchema "global-default" '
        "(built-in, precedence 9900)"
    ]
    # Without the suggested schemas only the mandatory catch-all (10000) follows it.
    assert messages(text, "flowschema-shadowed", {"apf": {"includeBuiltins": False}}) == []


def test_shadowed_by_mandatory_catch_all_when_name_sorts_after_it():
    text = SCHEMA.format(precedence=10000)
    config = {"apf": {"includeBuiltins": False}}
    assert messages(text, "flowschema-shadowed", config) == [
        'never matches: every request it can match is matched first by FlowSchema "catch-all" '
        "(built-in, precedence 10000)"
    ]
    ahead = text.replace("name: interactive", "name: aaa-interactive")
    assert messages(ahead, "flowschema-shadowed", config) == []


def test_overrides_builtin_needs_builtins():
    text = SCHEMA.format(precedence=450)
    found = messages(text, "flowschema-overrides-builtin")
    assert len(found) == 1
    assert found[0].startswith(
        'is evaluated before, and takes requests of, built-in FlowSchemas "system-nodes" (precedence 500, '
        'Group "system:nodes"), "kube-controller-manager" (precedence 800, User "system:kube-controller-manager")'
    )
    assert '"service-accounts" (precedence 9000, Group "system:serviceaccounts")' in found[0]
    assert messages(text, "flowschema-overrides-builtin", {"apf": {"includeBuiltins": False}}) == []


def test_precedence_tie_message():
    text = SCHEMA.format(precedence=9900)
    assert messages(text, "flowschema-precedence-tie") == [
        'has the same matchingPrecedence 9900 as FlowSchema "global-default" (built-in, precedence 9900) and '
        'both can match some requests: "global-default" is tried first only because its name sorts first'
    ]


def test_dangling_message_names_version():
    text = SCHEMA.format(precedence=5000).replace("name: workload-high", "name: workload-medium")
    assert positions(text, "flowschema-dangling-priority-level") == [(8, 11)]
    assert messages(text, "flowschema-dangling-priority-level", {"kubernetesVersion": "1.31"}) == [
        'priority level "workload-medium" is neither in the input nor built into Kubernetes 1.31: '
        "the API server marks the FlowSchema dangling and never matches it"
    ]


# The Kubernetes documentation's example (a v1alpha1 object in the docs of its time).
HEALTH_FOR_STRANGERS = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1alpha1
kind: FlowSchema
metadata:
  name: health-for-strangers
spec:
  matchingPrecedence: 1000
  priorityLevelConfiguration:
    name: exempt
  rules:
    - nonResourceRules:
      - nonResourceURLs:
          - "/healthz"
          - "/livez"
          - "/readyz"
        verbs:
          - "*"
      subjects:
        - kind: Group
          group:
            name: system:unauthenticated
"""


def test_health_for_strangers_gets_an_info_finding():
    report = lint(HEALTH_FOR_STRANGERS, select=["K4"])
    assert [(f.name, f.severity.name, f.line, f.column) for f in report.findings] == [
        ("flowschema-exempt-too-broad", "INFO", 18, 11)
    ]
    assert report.findings[0].message == (
        'sends health checks from Group "system:unauthenticated" to the exempt priority level: those requests '
        "are never queued or rejected, so a flood of them is not limited either"
    )


def test_health_for_strangers_gets_deprecated_api_version():
    from k8slint import registry

    if registry.lookup("deprecated-api-version") is None:
        pytest.skip("deprecated-api-version is not registered yet")
    report = lint(HEALTH_FOR_STRANGERS, select=["deprecated-api-version"])
    assert [f.line for f in report.findings] == [1]


def test_exempt_too_broad_with_resources_is_a_warning():
    text = HEALTH_FOR_STRANGERS.replace('"/healthz"', '"/metrics"')
    report = lint(text, select=["flowschema-exempt-too-broad"])
    assert [(f.severity.name, f.line) for f in report.findings] == [("WARNING", 18)]


def test_weak_isolation_options():
    text = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: tenants}
spec:
  type: Limited
  limited:
    limitResponse:
      type: Queue
      queuing: {queues: 64, handSize: 8}
"""
    assert messages(text, "prioritylevel-weak-isolation") == []  # 4.89e-4 for 4 heavy flows
    sixteen = {"rules": {"prioritylevel-weak-isolation": {"elephants": 16}}}
    assert messages(text, "prioritylevel-weak-isolation", sixteen) == [
        "with 64 queues and handSize 8, 16 heavy flows squish a light flow with probability 0.359, "
        "above the threshold 0.01"
    ]
    lenient = {"rules": {"prioritylevel-weak-isolation": {"elephants": 16, "threshold": 0.5}}}
    assert messages(text, "prioritylevel-weak-isolation", lenient) == []


def test_mistyped_objects_never_raise():
    junk = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: junk}
spec:
  matchingPrecedence: [1]
  priorityLevelConfiguration: exempt
  distinguisherMethod: ByUser
  rules:
    - subjects: {kind: Group}
      resourceRules: [3, null, {verbs: get, namespaces: 7}]
      nonResourceRules: [{verbs: [1], nonResourceURLs: "/"}]
    - 5
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: junk}
spec:
  type: Limited
  limited: [1]
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: junk2}
spec:
  type: Limited
  limited:
    limitResponse: {type: Queue, queuing: {queues: "many", handSize: true}}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: junk3}
spec: 12
"""
    report = lint(junk, select=["K4"])
    assert not [f for f in report.findings if f.message.startswith("internal error")]
    assert {f.name for f in report.findings} >= {"flowschema-invalid", "prioritylevel-invalid"}
