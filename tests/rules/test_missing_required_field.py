from tests.helpers import messages, positions

RULE = "missing-required-field"



def test_missing_name_points_at_metadata():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n"
    assert positions(text, RULE) == [(3, 1)]
    assert messages(text, RULE) == ['missing required field "metadata.name" (or "metadata.generateName")']


def test_custom_kind_named_like_builtin_needs_no_spec():
    text = "apiVersion: example.com/v1\nkind: Job\nmetadata: {name: x}\n"
    assert positions(text, RULE) == []
