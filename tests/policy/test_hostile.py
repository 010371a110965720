"""Malformed policies and objects: messages or failures, never a traceback."""

import itertools
import json
from pathlib import Path

import pytest

from k8slint.policy import vap
from k8slint.policy.document import load_policies
from k8slint.policy.evaluate import ApplySet, Subject, evaluate

pytestmark = pytest.mark.needs_cel
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
REPLACEMENTS = [None, 3, "x", [], {}, [1], {"a": None}, True]


def _paths(value, at=()):
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*at, index))


def _replaced(value, path, replacement):
    if not path:
        return replacement
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], replacement)
    return copy


@pytest.mark.parametrize("name", ["registry-allowlist", "resource-bounds", "critical-workload-has-pdb"])
def test_every_field_replaced_by_every_shape(name):
    (document,) = [d for d in load_text_values(EXAMPLES / f"{name}.yaml")]
    target = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "prod"},
              "spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "a"}},
                                                   "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
    # every path but the root, `kind` and `apiVersion`: a document of another kind or group is not a
    # k8slint policy, and is left alone
    paths = [path for path in _paths(document) if path not in ((), ("kind",), ("apiVersion",))]
    for path, replacement in itertools.product(paths, REPLACEMENTS):
        policies, errors = load_policies(json.dumps(_replaced(document, path, replacement)))
        assert len(policies) + len(errors) == 1, (path, replacement)
        for policy in policies:
            evaluate(policy, Subject.of(target), ApplySet([target]))


def load_text_values(path):
    from k8slint.loader import load_text

    return [d.value for d in load_text(path.read_text()).documents]


@pytest.mark.parametrize("shape", [None, 3, "x", [], {"kind": ["x"]}, {"metadata": []}, {"spec": "x"},
                                   {"kind": "Deployment", "spec": {"template": "x"}},
                                   {"kind": "Pod", "spec": {"containers": "x", "initContainers": [None, 3]}}])
def test_odd_objects(shape):
    policies, _ = load_policies((EXAMPLES / "registry-allowlist.yaml").read_text())
    value = shape if isinstance(shape, dict) else {"kind": "Pod", "spec": shape}
    assert evaluate(policies[0], Subject.of(value), ApplySet([value])) == []


SPECS = [None, "x", {"validations": "x"}, {"validations": [None, {"expression": 3}, {"expression": "true", "reason": 3}]},
         {"matchConstraints": {"resourceRules": [None, {"operations": "CREATE"}, {"operations": ["*"], "resources": 3}]}},
         {"matchConstraints": {"namespaceSelector": "x", "objectSelector": [1], "matchPolicy": 3}},
         {"matchConstraints": {"namespaceSelector": {"matchExpressions": [{"key": "a", "operator": "Bad"}]}}},
         {"matchConditions": [{"name": "x"}, "y"], "variables": [{"name": 1, "expression": "1"}, 3]},
         {"paramKind": {"kind": ["x"], "apiVersion": 1}}, {"failurePolicy": 3}]
BINDINGS = [None, {"policyName": "p", "validationActions": "Deny"}, {"policyName": "p", "paramRef": "x"},
            {"policyName": "p", "paramRef": {"selector": "x", "namespace": 3}}, {"policyName": ["p"]},
            {"policyName": "p", "matchResources": "x", "validationActions": [["Deny"], "Warn"]}]


def test_malformed_admission_policies():
    target = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "n"}, "spec": {"replicas": 3}}
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n", "labels": ["bad"]}}
    for spec, binding in itertools.product(SPECS, BINDINGS):
        policy = {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy", "metadata": {"name": "p"}, "spec": spec}
        bound = {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding", "metadata": {"name": "b"}, "spec": binding}
        for result in vap.evaluate([policy, bound, target, namespace], [target]).values():
            assert all(isinstance(failure.message, str) for failure in result.failures)


def test_apply_set_with_odd_objects():
    odd = [{"apiVersion": "v1", "kind": "Namespace", "metadata": []}, {"apiVersion": "v1", "kind": "Namespace"},
           {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod", "labels": "x"}},
           {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"namespace": "prod"},
            "spec": {"selector": {"matchExpressions": "bad"}}}, {"kind": 3}, None]
    apply_set = ApplySet(odd)
    assert apply_set.namespace("prod") == odd[2]
    assert apply_set.lookup("Namespace", "prod", None) == odd[2]
    assert apply_set.selecting("policy/PodDisruptionBudget", {"app": "x"}, "prod") == []
    policies, _ = load_policies((EXAMPLES / "critical-workload-has-pdb.yaml").read_text())
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "prod"},
                  "spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "x"}}}}}
    assert evaluate(policies[0], Subject.of(deployment), apply_set) == []  # the namespace has no labels
