"""Field paths and patterns, kind-to-resource mapping, and the fixture runner."""

import pytest

from k8slint.policy import kinds
from k8slint.policy.fixtures import expected_markers, fixture_options, run_fixture
from k8slint.policy.paths import ALL, PathError, expand, parse_field, parse_pattern


@pytest.mark.parametrize(("text", "parts"), [
    ("image", ("image",)),
    ("resources.limits.memory", ("resources", "limits", "memory")),
    ("containers[1].image", ("containers", 1, "image")),
    ('metadata.labels["app.kubernetes.io/name"]', ("metadata", "labels", "app.kubernetes.io/name")),
])
def test_fields(text, parts):
    assert parse_field(text) == parts


@pytest.mark.parametrize(("text", "column"), [("a..b", 3), (".a", 1), ("a.", 3), ("a[x]", 2), ("a b", 2)])
def test_bad_fields_name_the_column(text, column):
    with pytest.raises(PathError) as raised:
        parse_field(text)
    assert raised.value.column == column


def test_wildcards_only_in_patterns():
    with pytest.raises(PathError, match="only allowed in each"):
        parse_field("ports[*]")
    assert parse_pattern("rules[*].http.paths[*]") == ("rules", ALL, "http", "paths", ALL)


def test_expand_keeps_paths():
    value = {"rules": [{"http": {"paths": [{"p": 1}, {"p": 2}]}}, {"host": "x"}, {"http": {"paths": [{"p": 3}]}}]}
    assert [path for path, _ in expand(parse_pattern("rules[*].http.paths[*]"), value)] == [
        ("rules", 0, "http", "paths", 0), ("rules", 0, "http", "paths", 1), ("rules", 2, "http", "paths", 0)]
    assert [path for path, _ in expand(parse_pattern("rules[?host]"), value)] == [("rules", 1)]
    assert [item for _, item in expand(parse_pattern("labels[*]"), {"labels": {"a": "1", "b": "2"}})] == ["1", "2"]
    assert list(expand(parse_pattern("missing[*]"), value)) == []


@pytest.mark.parametrize(("kind", "group", "resource"), [
    ("Deployment", "apps", "deployments"), ("Endpoints", "", "endpoints"), ("Ingress", "networking.k8s.io", "ingresses"),
    ("NetworkPolicy", "networking.k8s.io", "networkpolicies"), ("Widget", "example.com", "widgets"),
    ("Gateway", "gateway.networking.k8s.io", "gateways"), ("Policy", "example.com", "policies"),
    ("Status", "example.com", "statuses"),
])
def test_resources(kind, group, resource):
    assert kinds.resource_of(kind, group) == resource


def test_custom_resources_from_crds():
    crd = {"kind": "CustomResourceDefinition", "spec": {"group": "example.com", "scope": "Cluster",
                                                        "names": {"kind": "Octopus", "plural": "octopi"}}}
    crds = kinds.custom_resources([crd, {"kind": "ConfigMap"}])
    assert kinds.resource_of("Octopus", "example.com", crds) == "octopi"
    assert not kinds.is_namespaced("Octopus", "example.com", crds) and kinds.is_namespaced("Widget", "example.com", crds)


def test_markers_and_options():
    text = "# fixture-options: {registries: [a, b]}\nkind: Pod  # expect: p1, p2\nx: 1 # expect: p1 # trailing\n"
    assert expected_markers(text) == {(2, "p1"): 1, (2, "p2"): 1, (3, "p1"): 1}
    assert fixture_options(text) == {"registries": ["a", "b"]}
    assert fixture_options("kind: Pod\n") == {}


def test_fixture_mismatches_show_both_sides():
    from k8slint.policy.document import load_policies

    policies, _ = load_policies(
        "apiVersion: k8slint.io/v1alpha1\nkind: Policy\nmetadata: {name: needs-labels}\n"
        "spec: {severity: info, summary: s, assert: [{schema: {required: [metadata]}}]}\n"
    )
    result = run_fixture("apiVersion: v1\nkind: ConfigMap  # expect: needs-labels\n---\napiVersion: v1\nkind: Secret\n", policies)
    assert not result.passed
    assert result.expected == {(2, "needs-labels"): 1}
    assert result.actual == {(1, "needs-labels"): 1, (4, "needs-labels"): 1}
