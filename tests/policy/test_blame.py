"""The blame analysis: which field a false CEL expression was reading."""

import pytest

from k8slint.policy.blame import blame

pytestmark = pytest.mark.needs_cel

DATA = {"object": {"spec": {"a": 1, "list": [1, 2], "m": {"x": 1}, "items": [{"n": "ok"}, {"n": "bad"}]}},
        "resource": {"metadata": {"name": "r"}}}
ROOTS = {"object": ("spec", "template"), "resource": ()}


@pytest.mark.parametrize(("expression", "paths"), [
    ("object.spec.a > 5", [("spec", "template", "spec", "a")]),
    ("object.spec.a == 1 ? object.spec.list.size() > 5 : false", [("spec", "template", "spec", "list")]),
    ("object.spec.a == 2 ? true : resource.metadata.name == 'x'", [("metadata", "name")]),
    ("object.spec.list.exists(x, x > 5)", [("spec", "template", "spec", "list")]),
    ("object.spec.m.all(k, k == 'y')", [("spec", "template", "spec", "m", "x")]),
    ("object.spec['list'][1] > 5", [("spec", "template", "spec", "list", 1)]),
    ("object.spec.?a.orValue(0) > 5", [("spec", "template", "spec", "a")]),
    ("object.spec.items.all(i, i.n == 'ok')", [("spec", "template", "spec", "items", 1, "n")]),
    ("object.spec.items.all(i, i.n.size() > 5)", [("spec", "template", "spec", "items", 0, "n"), ("spec", "template", "spec", "items", 1, "n")]),
    ("object.spec.a == 1 && has(object.spec.b)", [("spec", "template", "spec", "b")]),
    ("!has(object.spec.a)", [("spec", "template", "spec", "a")]),
    ("object.spec.a == 2 || object.spec.list.size() == 0", [("spec", "template", "spec", "list")]),
])
def test_blamed_paths(expression, paths):
    assert blame(expression, DATA, ROOTS) == paths


@pytest.mark.parametrize("expression", ["1 > 2", "variables.x == 1", "size([]) > 0"])
def test_nothing_to_blame(expression):
    assert blame(expression, {**DATA, "variables": {"x": 2}}, ROOTS) == []
