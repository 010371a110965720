"""ValidatingAdmissionPolicy offline: matching, params, conditions, messages, actions -> severities."""

import pytest

from k8slint.policy import vap

pytestmark = pytest.mark.needs_cel


def vap_policy(name="p", **spec):
    spec.setdefault("validations", [{"expression": "object.spec.replicas <= 5"}])
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy",
            "metadata": {"name": name}, "spec": spec}


def binding(policy="p", name="b", **spec):
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding",
            "metadata": {"name": name}, "spec": {"policyName": policy, "validationActions": ["Deny"], **spec}}


def deployment(name="d", namespace="ns", replicas=7, labels=None):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": namespace, "labels": labels or {}}, "spec": {"replicas": replicas}}


DEPLOYMENTS = {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["deployments"]}]}


def run(*objects):
    return {index: [(f.path, f.message, f.severity) for f in result.failures]
            for index, result in vap.evaluate(list(objects), [o for o in objects if o["kind"] == "Deployment"]).items()}


def test_a_failing_validation_is_blamed_on_the_field():
    assert run(vap_policy(matchConstraints=DEPLOYMENTS), binding(), deployment()) == {
        0: [(("spec", "replicas"), "failed expression: object.spec.replicas <= 5", "error")]
    }


def test_without_a_binding_a_policy_is_inactive():
    assert run(vap_policy(matchConstraints=DEPLOYMENTS), deployment()) == {}


@pytest.mark.parametrize(("actions", "severity"), [(["Warn"], "warning"), (["Audit"], "info"), (["Audit", "Deny"], "error")])
def test_validation_actions_map_to_severities(actions, severity):
    result = run(vap_policy(matchConstraints=DEPLOYMENTS), binding(validationActions=actions), deployment())
    assert result[0][0][2] == severity


@pytest.mark.parametrize("rule", [
    {"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["pods"]},
    {"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["UPDATE", "DELETE"], "resources": ["deployments"]},
    {"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["*"], "resources": ["deployments/status"]},
    {"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["*"], "resources": ["deployments"], "scope": "Cluster"},
    {"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["*"], "resources": ["deployments"], "resourceNames": ["x"]},
])
def test_rules_that_do_not_match(rule):
    assert run(vap_policy(matchConstraints={"resourceRules": [rule]}), binding(), deployment()) == {}


def test_wildcards_and_exclusions():
    everything = {"resourceRules": [{"apiGroups": ["*"], "apiVersions": ["*"], "operations": ["*"], "resources": ["*"]}]}
    assert len(run(vap_policy(matchConstraints=everything), binding(), deployment())) == 1
    excluded = {**everything, "excludeResourceRules": [{"apiGroups": ["apps"], "apiVersions": ["*"], "operations": ["*"], "resources": ["deployments"]}]}
    assert run(vap_policy(matchConstraints=excluded), binding(), deployment()) == {}


def test_match_policy_equivalent_accepts_another_version():
    rules = {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1beta2"], "operations": ["CREATE"], "resources": ["deployments"]}]}
    assert len(run(vap_policy(matchConstraints=rules), binding(), deployment())) == 1
    assert run(vap_policy(matchConstraints={**rules, "matchPolicy": "Exact"}), binding(), deployment()) == {}


def test_namespace_and_object_selectors():
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns", "labels": {"env": "test"}}}
    matched = {**DEPLOYMENTS, "namespaceSelector": {"matchLabels": {"env": "test"}}}
    assert len(run(vap_policy(matchConstraints=matched), binding(), deployment(), namespace)) == 1
    other = {**DEPLOYMENTS, "namespaceSelector": {"matchLabels": {"env": "prod"}}}
    assert run(vap_policy(matchConstraints=other), binding(), deployment(), namespace) == {}
    by_label = binding(matchResources={"objectSelector": {"matchLabels": {"team": "a"}}})
    assert run(vap_policy(matchConstraints=DEPLOYMENTS), by_label, deployment(labels={"team": "b"})) == {}


def test_an_absent_namespace_is_reported_as_undecidable():
    matched = {**DEPLOYMENTS, "namespaceSelector": {"matchLabels": {"env": "test"}}}
    (result,) = vap.evaluate([vap_policy(matchConstraints=matched), binding(), deployment()], [deployment()]).values()
    assert result.failures == [] and "cannot be decided" in result.skipped[0]


def test_params_from_the_input_and_parameter_not_found_action():
    policy = vap_policy(
        matchConstraints=DEPLOYMENTS,
        paramKind={"apiVersion": "v1", "kind": "ConfigMap"},
        validations=[{"expression": "object.spec.replicas <= int(params.data.maxReplicas)",
                      "messageExpression": "'at most ' + params.data.maxReplicas + ' replicas'", "reason": "Forbidden"}],
    )
    limits = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "limits", "namespace": "ns"}, "data": {"maxReplicas": "3"}}
    with_params = binding(paramRef={"name": "limits", "parameterNotFoundAction": "Deny"})
    assert run(policy, with_params, deployment(), limits) == {0: [(("spec", "replicas"), "at most 3 replicas", "error")]}
    assert run(policy, with_params, deployment()) == {0: [((), "no params found for policy binding with `Deny` parameterNotFoundAction", "error")]}
    allow = binding(paramRef={"name": "limits", "parameterNotFoundAction": "Allow"})
    assert run(policy, allow, deployment()) == {}


def test_match_conditions_variables_and_failure_policy():
    policy = vap_policy(
        matchConstraints=DEPLOYMENTS,
        matchConditions=[{"name": "not-exempt", "expression": "!('exempt' in object.metadata.labels)"}],
        variables=[{"name": "limit", "expression": "3"}],
        validations=[{"expression": "object.spec.replicas <= variables.limit", "message": "too many replicas"},
                     {"expression": "object.spec.missing == 1"}],
    )
    found = run(policy, binding(), deployment())
    assert found[0][0] == (("spec", "replicas"), "too many replicas", "error")
    assert "resulted in error" in found[0][1][1]
    assert run(policy, binding(), deployment(labels={"exempt": "yes"})) == {}
    assert len(run({**policy, "spec": {**policy["spec"], "failurePolicy": "Ignore"}}, binding(), deployment())[0]) == 1


def test_authorizer_is_out_of_reach_and_said_so():
    policy = vap_policy(matchConstraints=DEPLOYMENTS, validations=[
        {"expression": "authorizer.group('apps').resource('deployments').check('scale').allowed()"}])
    (result,) = vap.evaluate([policy, binding(), deployment()], [deployment()]).values()
    assert result.failures == [] and "needs a cluster" in result.skipped[0]


def test_custom_resources_map_through_their_crd():
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.example.com"},
           "spec": {"group": "example.com", "scope": "Namespaced", "names": {"kind": "Widget", "plural": "widgetz"}}}
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "ns"}, "spec": {"size": 9}}
    rules = {"resourceRules": [{"apiGroups": ["example.com"], "apiVersions": ["*"], "operations": ["CREATE"], "resources": ["widgetz"]}]}
    policy = vap_policy(matchConstraints=rules, validations=[{"expression": "object.spec.size < 5"}])
    results = vap.evaluate([policy, binding(), crd, widget], [widget])
    assert [f.path for f in results[0].failures] == [("spec", "size")]


def test_a_variable_reading_the_authorizer_skips_what_uses_it():
    policy = vap_policy(matchConstraints=DEPLOYMENTS, variables=[
        {"name": "canScale", "expression": "authorizer.group('apps').resource('deployments').check('scale').allowed()"}],
        validations=[{"expression": "variables.canScale || object.spec.replicas <= 5"},
                     {"expression": "object.spec.replicas <= 6"}])
    (result,) = vap.evaluate([policy, binding(), deployment()], [deployment()]).values()
    assert [f.message for f in result.failures] == ["failed expression: object.spec.replicas <= 6"]
    assert "needs a cluster" in result.skipped[0]


def test_param_kind_without_param_ref_follows_the_failure_policy():
    policy = vap_policy(matchConstraints=DEPLOYMENTS, paramKind={"apiVersion": "v1", "kind": "ConfigMap"})
    (failure,) = run(policy, binding(), deployment())[0]
    assert "declares paramKind" in failure[1]
    assert run({**policy, "spec": {**policy["spec"], "failurePolicy": "Ignore"}}, binding(), deployment()) == {}


def test_param_selector_evaluates_once_per_param():
    policy = vap_policy(matchConstraints=DEPLOYMENTS, paramKind={"apiVersion": "v1", "kind": "ConfigMap"},
                        validations=[{"expression": "object.spec.replicas <= int(params.data.max)",
                                      "messageExpression": "params.metadata.name"}])
    def limits(name, maximum):
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "ns", "labels": {"limits": "yes"}},
                "data": {"max": maximum}}
    selected = binding(paramRef={"selector": {"matchLabels": {"limits": "yes"}}, "parameterNotFoundAction": "Deny"})
    found = run(policy, selected, deployment(), limits("low", "2"), limits("high", "9"))
    assert [message for _, message, _ in found[0]] == ["low"]


def test_broken_policies_are_positioned_load_errors_and_left_out():
    text = (
        "apiVersion: admissionregistration.k8s.io/v1\n"
        "kind: ValidatingAdmissionPolicy\n"
        "metadata: {name: broken}\n"
        "spec:\n"
        "  validations:\n"
        "    - expression: \"object.spec.replicas <=\"\n"
        "---\n"
        "apiVersion: admissionregistration.k8s.io/v1\n"
        "kind: ValidatingAdmissionPolicyBinding\n"
        "metadata: {name: b}\n"
        "spec: {policyName: broken, validationActions: [Deny]}\n"
    )
    documents, errors = vap.load_admission_policies(text)
    assert [d["kind"] for d in documents] == ["ValidatingAdmissionPolicyBinding"]
    (error,) = errors
    # the expression starts at column 20 of line 6 (after the quote); the error is at its end
    assert error.message.startswith("CEL: syntax error") and (error.line, error.column) == (6, 20 + len("object.spec.replicas <="))
    assert error.policy == "broken"


def test_request_of_a_custom_resource_uses_its_crd():
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "x"},
           "spec": {"group": "example.com", "scope": "Namespaced", "names": {"kind": "Widget", "plural": "widgetz"}}}
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "ns"}}
    policy = vap_policy(validations=[{"expression": "request.resource.resource == 'nope'",
                                      "messageExpression": "request.operation + ' ' + request.resource.resource + ' ' + request.namespace + '/' + request.name"}])
    (failure,) = vap.evaluate([policy, binding(), crd, widget], [widget])[0].failures
    assert failure.message == "CREATE widgetz ns/w"


@pytest.mark.parametrize(("expression", "unknown"), [
    ("cel.bind(r, object.spec.replicas, r < 5)", "'r'"),  # without the macro, r is an unknown name
    ("math.greatest(object.spec.replicas, 1) < 5", "'math'"),
    ("selects({}, object.metadata.labels)", "selects"),
    ("size(select('Service')) > 0", "select"),
    ("options.x", "options"),
])
def test_admission_policies_compile_in_the_api_server_environment(expression, unknown):
    text = (
        "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\n"
        f"spec:\n  validations:\n    - expression: \"{expression}\"\n"
    )
    _, (error,) = vap.load_admission_policies(text)
    assert unknown in error.message and error.line == 6
