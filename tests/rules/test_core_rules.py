"""Fixtures and positions for the rules the core reports while reading, and the metadata rules."""


from tests.helpers import lint, messages, positions




def test_invalid_yaml_keeps_earlier_documents_and_positions_the_error():
    text = "apiVersion: v1\nkind: Service\nmetadata: {name: Bad_Name}\n---\na: [1,\n"
    report = lint(text, select=["invalid-yaml", "invalid-name"])
    assert [(f.name, f.line, f.column) for f in report.findings] == [("invalid-name", 3, 18), ("invalid-yaml", 6, 1)]


def test_duplicate_key_message_names_first_line():
    assert messages("kind: A\nb: 2\nkind: A\n", "duplicate-key") == ['duplicate key "kind" (first defined at line 1)']


def test_label_value_typed_by_yaml_1_1_rules():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    a: on\n    b: 0755\n    c: 2021-01-01\n    d: '1'\n"
    assert messages(text, "invalid-label") == [
        'label "a" has a boolean value true, which Kubernetes rejects; label values must be strings',
        'label "b" has a number value 493, which Kubernetes rejects; label values must be strings',
    ]
    assert positions(text, "invalid-label") == [(6, 8), (7, 8)]


def test_label_value_length_limit_is_63():
    ok = "a" * 63
    text = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    ok: {ok}\n    bad: {ok}b\n"
    assert positions(text, "invalid-label") == [(7, 10)]


def test_duplicate_object_names_the_other_place():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
    assert messages(text, "duplicate-object") == [
        "ConfigMap/a is defined twice (see test.yaml:7)",
        "ConfigMap/a is defined twice (see test.yaml:3)",
    ]


def test_duplicate_object_respects_configured_default_namespace():
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: prod}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
    )
    assert positions(text, "duplicate-object") == []
    assert len(positions(text, "duplicate-object", config={"defaultNamespace": "prod"})) == 2
