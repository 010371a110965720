"""k8slint.schemas: the compiled validator, with jsonschema as the reference behaviour."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8slint import schemas
from k8slint.loader import load_text
from k8slint.schemas import SchemaError

LATEST = (1, 37)
WEBSITE_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kubernetes__website"

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "web"}},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "containers": [
                    {
                        "name": "web",
                        "image": "nginx:1.27",
                        "ports": [{"containerPort": 80, "protocol": "TCP"}],
                        "env": [{"name": "MODE", "value": "prod"}],
                        "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}},
                    }
                ],
                "terminationGracePeriodSeconds": 30,
            },
        },
    },
}


def reference(value, api_version="apps/v1", kind="Deployment", version=LATEST):
    schema = schemas.builtin_json_schema(api_version, kind, version)
    return jsonschema.Draft202012Validator(schema)


def errors(value, api_version="apps/v1", kind="Deployment", version=LATEST, crds=None):
    return schemas.validate(value, api_version, kind, version, crds)


# ---- versions -----------------------------------------------------------------------------------


def test_every_shipped_version_from_1_25_is_found():
    versions = schemas.schema_versions()
    assert versions[0] == (1, 25)
    assert versions == tuple((1, minor) for minor in range(25, versions[-1][1] + 1))


def test_version_selection_takes_the_newest_not_newer_and_clamps():
    newest = schemas.schema_versions()[-1]
    assert schemas.schema_version_for((1, 30)) == (1, 30)
    assert schemas.schema_version_for((1, 20)) == (1, 25)
    assert schemas.schema_version_for((1, 99)) == newest


def test_a_kind_exists_only_in_the_versions_that_serve_it():
    assert schemas.find_validator("autoscaling/v2beta2", "HorizontalPodAutoscaler", (1, 25)) is not None
    assert schemas.find_validator("autoscaling/v2beta2", "HorizontalPodAutoscaler", (1, 26)) is None
    assert schemas.find_validator("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", (1, 31)) is not None
    assert schemas.find_validator("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", (1, 32)) is None


def test_a_group_sharing_a_first_label_with_a_builtin_is_not_the_builtin():
    assert schemas.find_validator("apps.example.com/v1", "Deployment", LATEST) is None
    assert schemas.find_validator("apps/v1", "deployment", LATEST) is None


# ---- the compiled validator ---------------------------------------------------------------------


def test_valid_deployment_has_no_errors():
    assert errors(DEPLOYMENT) == []
    assert reference(DEPLOYMENT).is_valid(DEPLOYMENT)


def test_typos_are_unknown_fields_at_the_key_with_a_suggestion():
    value = copy.deepcopy(DEPLOYMENT)
    value["spec"]["replica"] = value["spec"].pop("replicas")
    port = value["spec"]["template"]["spec"]["containers"][0]["ports"][0]
    port["containerport"] = port.pop("containerPort")
    assert errors(value) == [
        SchemaError(("spec", "template", "spec", "containers", 0, "ports", 0, "containerport"),
                    'unknown field "containerport", did you mean "containerPort"?', on_key=True),
        SchemaError(("spec", "replica"), 'unknown field "replica", did you mean "replicas"?', on_key=True),
    ]


def test_a_far_unknown_field_has_no_suggestion():
    value = copy.deepcopy(DEPLOYMENT)
    value["spec"]["zzz"] = 1
    assert errors(value) == [SchemaError(("spec", "zzz"), 'unknown field "zzz"', on_key=True)]


def test_wrong_types_are_reported_at_the_value_once():
    value = copy.deepcopy(DEPLOYMENT)
    value["spec"]["replicas"] = "3"
    value["spec"]["template"]["spec"]["containers"] = {"name": "web"}
    assert errors(value) == [
        SchemaError(("spec", "replicas"), 'expected integer, got string "3"'),
        SchemaError(("spec", "template", "spec", "containers"), "expected array, got object"),
    ]


def test_integral_floats_are_integers_as_after_sigs_k8s_io_yaml():
    value = copy.deepcopy(DEPLOYMENT)
    value["spec"]["replicas"] = 3.0
    assert errors(value) == []
    value["spec"]["replicas"] = 3.5
    assert errors(value) == [SchemaError(("spec", "replicas"), "expected integer, got number 3.5")]


def test_int_or_string_accepts_both_and_null_but_not_floats():
    strategy = ("spec", "strategy", "rollingUpdate")
    for accepted in ("25%", 1, None):
        value = copy.deepcopy(DEPLOYMENT)
        value["spec"]["strategy"]["rollingUpdate"]["maxSurge"] = accepted
        assert errors(value) == [], accepted
        assert reference(value).is_valid(value), accepted
    value["spec"]["strategy"]["rollingUpdate"]["maxSurge"] = 0.5
    assert errors(value) == [SchemaError((*strategy, "maxSurge"), "expected integer or string, got number 0.5")]


def test_quantities_follow_the_quantity_grammar():
    for good in ("1", "0.5", "500m", "1.5Gi", "1e3", "+1", ".5", 2, 0.25):
        value = copy.deepcopy(DEPLOYMENT)
        value["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"] = good
        assert errors(value) == [], good
    for bad in ("1GB", "1.5 Gi", "one", "1Ki3", ""):
        value = copy.deepcopy(DEPLOYMENT)
        value["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"] = bad
        found = errors(value)
        assert len(found) == 1 and found[0].message.startswith(f"invalid quantity {json.dumps(bad)}"), bad
        assert not reference(value).is_valid(value), bad


def test_int32_fields_reject_overflow():
    value = copy.deepcopy(DEPLOYMENT)
    value["spec"]["replicas"] = 1 << 31
    assert errors(value) == [SchemaError(("spec", "replicas"), "2147483648 is out of range [-2147483648, 2147483647]")]


def test_secret_data_must_be_base64():
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"ok": "aGk=\n", "bad": "<ca>"}}
    assert errors(secret, "v1", "Secret") == [SchemaError(("data", "bad"), "invalid base64 data")]


def test_a_misspelled_required_field_is_one_error():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {"containers": [{"name": "c", "image": "i", "ports": [{"containerport": 80}]}]}}
    assert [e.message for e in errors(pod, "v1", "Pod")] == ['unknown field "containerport", did you mean "containerPort"?']


def test_fields_one_level_off_are_one_error():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
        "containers": [{"name": "c", "image": "i"}],
        "affinity": {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 1, "labelSelector": {}, "topologyKey": "zone"}]}}}}
    assert errors(pod, "v1", "Pod") == [SchemaError(
        ("spec", "affinity", "podAffinity", "preferredDuringSchedulingIgnoredDuringExecution", 0, "labelSelector"),
        '"labelSelector", "topologyKey" must be inside "podAffinityTerm", which is missing', on_key=True)]
    webhook = {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
               "metadata": {"name": "w"}, "webhooks": [{"name": "a.example.com", "sideEffects": "None",
                                                         "clientConfig": {"url": "https://x"}}]}
    assert [e.message for e in errors(webhook, "admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration")] == [
        'missing required field "admissionReviewVersions"']


def test_bad_input_never_raises():
    for value in (None, [], "text", 3, {"spec": None}, {"spec": [1, {"x": float("nan")}]}, {1: 2}):
        assert isinstance(errors(value), list)
    assert errors(DEPLOYMENT, api_version="", kind="Deployment") == []
    assert errors(DEPLOYMENT, api_version="apps/v1", kind=None) == []


def test_import_does_no_heavy_work():
    code = "import sys, k8slint.schemas; assert 'jsonschema' not in sys.modules; assert not k8slint.schemas._bundles"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- the definitions cache ----------------------------------------------------------------------


def _definitions_file(version=LATEST):
    return str(Path(schemas._schema_folder()) / f"v{version[0]}.{version[1]}.0-local-strict" / "_definitions.json")


def _decoded(definitions):
    return {name: definitions.get(name) for name in json.loads(Path(_definitions_file()).read_text())["$defs"]}


def test_definitions_are_cached_without_descriptions_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("K8SLINT_CACHE_DIR", str(tmp_path))
    first, gvks = schemas._definitions(_definitions_file())
    (entry,) = (tmp_path / "schemas").iterdir()
    cached, cached_gvks = schemas._definitions(_definitions_file())
    assert isinstance(cached, schemas._Definitions) and not isinstance(first, schemas._Definitions)
    assert _decoded(cached) == first and cached_gvks == gvks
    assert gvks[("apps", "v1", "Deployment")] == "io.k8s.api.apps.v1.Deployment"
    raw = json.loads(Path(_definitions_file()).read_text())["$defs"]
    assert raw.keys() == first.keys()
    assert "description" in raw["io.k8s.api.core.v1.Pod"] and "description" not in first["io.k8s.api.core.v1.Pod"]
    # A field named "description" is a field, not documentation.
    assert "description" in first["io.k8s.api.scheduling.v1.PriorityClass"]["properties"]
    assert entry.stat().st_size < Path(_definitions_file()).stat().st_size / 2
    assert cached.get("no.such.Definition") is None and "no.such.Definition" not in cached
    with pytest.raises(KeyError):
        cached["no.such.Definition"]


def test_a_damaged_or_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    monkeypatch.setenv("K8SLINT_CACHE_DIR", str(tmp_path))
    expected, gvks = schemas._definitions(_definitions_file())
    (entry,) = (tmp_path / "schemas").iterdir()
    entry.write_bytes(b"\x00not marshal")
    assert schemas._definitions(_definitions_file()) == (expected, gvks)
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("K8SLINT_CACHE_DIR", str(blocked))
    assert schemas._definitions(_definitions_file()) == (expected, gvks)
    assert schemas._definitions(str(tmp_path / "missing.json")) == ({}, {})


def test_a_priority_class_description_is_a_known_field():
    value = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"},
             "value": 1000, "description": "for the shop"}
    assert errors(value, "scheduling.k8s.io/v1", "PriorityClass") == []


# ---- jsonschema is the reference ----------------------------------------------------------------

_JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(-10, 10, allow_nan=False),
    st.text(alphabet="abcXYZ019%-.", max_size=6),
)


def _leaf_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, (*path, index))


_PATHS = [path for path in _leaf_paths(DEPLOYMENT) if len(path) > 1 and path[0] == "spec"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_PATHS),
    st.one_of(_JSON_SCALARS, st.lists(_JSON_SCALARS, max_size=2), st.dictionaries(st.sampled_from(["name", "x", "port"]), _JSON_SCALARS, max_size=2)),
    st.booleans(),
)
def test_compiled_validator_agrees_with_jsonschema(path, replacement, as_new_key):
    value = copy.deepcopy(DEPLOYMENT)
    parent = value
    for part in path[:-1]:
        parent = parent[part]
    if as_new_key and isinstance(parent, dict):
        parent[f"{path[-1]}x"] = replacement
    else:
        parent[path[-1]] = replacement
    mine = errors(value)
    assert (not mine) == reference(value).is_valid(value), (path, replacement, mine)


@pytest.mark.skipif(not WEBSITE_EXAMPLES.is_dir(), reason="the shared corpus is not beside the repository")
def test_agrees_with_jsonschema_on_the_kubernetes_website_examples():
    validators: dict = {}
    compared = 0
    for path in sorted(WEBSITE_EXAMPLES.rglob("*.yaml")):
        for document in load_text(path.read_text(encoding="utf-8", errors="replace")).documents:
            value = document.value
            if not isinstance(value, dict) or not isinstance(value.get("apiVersion"), str) or not isinstance(value.get("kind"), str):
                continue
            key = (value["apiVersion"], value["kind"])
            if key not in validators:
                schema = schemas.builtin_json_schema(*key, LATEST)
                validators[key] = jsonschema.Draft202012Validator(schema) if schema else None
            if validators[key] is None:
                continue
            mine = [e for e in errors(value, *key) if e.message != "invalid base64 data"]  # format "byte": ours only
            assert (not mine) == validators[key].is_valid(value), (path, mine)
            compared += 1
    assert compared > 300


# ---- custom resources ---------------------------------------------------------------------------

CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.com"},
    "spec": {
        "group": "example.com",
        "names": {"kind": "Widget", "plural": "widgets"},
        "scope": "Namespaced",
        "versions": [
            {"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                "type": "object",
                "properties": {"spec": {"type": "object", "required": ["size"], "properties": {
                    "size": {"type": "integer", "minimum": 1, "maximum": 10, "exclusiveMaximum": True},
                    "color": {"type": "string", "enum": ["red", "blue"]},
                    "port": {"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]},
                    "note": {"type": "string", "nullable": True},
                    "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 5},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
                    "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                    "template": {"type": "object", "x-kubernetes-embedded-resource": True,
                                 "x-kubernetes-preserve-unknown-fields": True},
                }}},
            }}},
            {"name": "v2", "served": False, "storage": False, "schema": {"openAPIV3Schema": {"type": "object"}}},
        ],
    },
}


def widget(spec, version="v1"):
    return {"apiVersion": f"example.com/{version}", "kind": "Widget", "metadata": {"name": "w"}, "spec": spec}


def crd_errors(spec, version="v1"):
    custom = schemas.CustomSchemas([CRD])
    return schemas.validate(widget(spec, version), f"example.com/{version}", "Widget", LATEST, custom)


def test_a_valid_custom_resource():
    spec = {"size": 3, "color": "red", "port": "http", "note": None, "name": "abc", "tags": ["a"],
            "extra": {"any": {"thing": [1]}}, "template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}}}
    assert crd_errors(spec) == []


def test_custom_resource_errors():
    spec = {"size": 10, "color": "green", "port": 1.5, "note": 3, "name": "ABCDEF", "tags": ["a", "b", "c"],
            "colour": "red", "template": {"metadata": {"nmae": "x"}}}
    found = {(e.path, e.message) for e in crd_errors(spec)}
    assert found == {
        (("spec", "size"), "must be less than 10"),
        (("spec", "color"), 'unsupported value "green", supported values: "red", "blue"'),
        (("spec", "port"), "expected integer or string, got number 1.5"),
        (("spec", "note"), "expected string, got integer 3"),
        (("spec", "name"), '"ABCDEF" does not match the pattern \'^[a-z]+$\''),
        (("spec", "name"), "must be at most 5 characters long"),
        (("spec", "tags"), "must have at most 2 items"),
        (("spec", "colour"), 'unknown field "colour", did you mean "color"?'),
        (("spec", "template"), 'missing required field "apiVersion"'),
        (("spec", "template"), 'missing required field "kind"'),
        (("spec", "template", "metadata", "nmae"), 'unknown field "nmae", did you mean "name"?'),
    }


def test_null_for_a_field_that_is_not_nullable_is_pruned_not_an_error():
    assert crd_errors({"size": 1, "color": None}) == []
    assert crd_errors({"size": 1, "tags": [None]}) == [SchemaError(("spec", "tags", 0), "expected string, got null")]


def test_unserved_versions_have_no_validator():
    custom = schemas.CustomSchemas([CRD])
    assert custom.find("example.com/v1", "Widget") is not None
    assert custom.find("example.com/v2", "Widget") is None


def test_malformed_crds_give_no_validator_and_do_not_raise():
    broken = [None, {"spec": None}, {"spec": {"group": 1}}, {"spec": {"group": "g", "names": {"kind": "K"}, "versions": [None, {"name": 1}]}}]
    custom = schemas.CustomSchemas(broken)
    assert custom.find("g/v1", "K") is None
    for crd in broken:
        assert isinstance(schemas.crd_problems(crd), list)


def test_crd_problems_versions():
    crd = copy.deepcopy(CRD)
    crd["spec"]["versions"][1]["storage"] = True
    assert schemas.crd_problems(crd) == [
        SchemaError(("spec", "versions", 1, "storage"), "more than one version is marked storage: true; exactly one must be")]
    crd["spec"]["versions"][0]["served"] = False
    crd["spec"]["versions"][0]["storage"] = False
    crd["spec"]["versions"][1]["storage"] = False
    assert [e.message for e in schemas.crd_problems(crd)] == [
        "no version is marked storage: true; exactly one must be", "no version is served"]


def test_valid_crd_has_no_problems():
    assert schemas.crd_problems(CRD) == []


def test_structural_rules():
    base = ("spec", "versions", 0, "schema", "openAPIV3Schema")
    schema = {"type": "object", "properties": {
        "a": {"properties": {"b": {"type": "string"}}},
        "c": {"type": "object", "properties": {"d": {"type": "string"}}, "additionalProperties": {"type": "string"}},
        "e": {"type": "string", "allOf": [{"type": "string"}]},
        "f": {"$ref": "#/definitions/x", "type": "object"},
        "g": {"x-kubernetes-int-or-string": True, "type": "string"},
        "metadata": {"type": "object", "properties": {"labels": {"type": "object"}}},
    }}
    found = {(e.path[len(base):], e.on_key) for e in schemas.structural_problems(schema, base)}
    assert found == {
        (("properties", "a"), False),
        (("properties", "c", "additionalProperties"), True),
        (("properties", "e", "allOf", 0, "type"), True),
        (("properties", "f", "$ref"), True),
        (("properties", "g", "type"), True),
        (("properties", "metadata"), False),
    }


# ---- user schemas -------------------------------------------------------------------------------


def test_kubeconform_file_names():
    assert schemas.kubeconform_file_name("v1", "Service") == "service-v1.json"
    assert schemas.kubeconform_file_name("cert-manager.io/v1", "ClusterIssuer") == "clusterissuer-cert-manager-v1.json"
    assert schemas.kubeconform_file_name("monitoring.coreos.com/v1", "ServiceMonitor") == "servicemonitor-monitoring-v1.json"


def test_schema_dirs_are_searched_in_order(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (second / "thing-example-v1.json").write_text(json.dumps({"type": "object", "properties": {"x": {"type": "integer"}}}))
    (first / "thing-example-v1.json").write_text("{not json")
    custom = schemas.CustomSchemas(schema_dirs=[str(first), str(second)])
    value = {"apiVersion": "example.com/v1", "kind": "Thing", "x": "1"}
    assert schemas.validate(value, "example.com/v1", "Thing", LATEST, custom) == [
        SchemaError(("x",), 'expected integer, got string "1"')]


# ---- shipped configuration schemas --------------------------------------------------------------


def test_kubelet_configuration_schema_leaves_tracing_open():
    value = {"apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration",
             "tracing": {"anything": 1}, "evictionHard": {"memory.available": "100Mi"}, "maxPods": "110"}
    assert errors(value, "kubelet.config.k8s.io/v1beta1", "KubeletConfiguration") == [
        SchemaError(("maxPods",), 'expected integer, got string "110"')]


def test_collector_config_checks_the_top_level_structure_only():
    config = {"receivers": {"otlp": {"protocols": {"whatever": True}}}, "service": {
        "pipelines": {"traces": {"receivers": ["otlp"], "processor": []}}}, "exporter": {}}
    assert errors(config, None, "OpenTelemetryCollectorConfig") == [
        SchemaError(("service", "pipelines", "traces", "processor"), 'unknown field "processor", did you mean "processors"?', on_key=True),
        SchemaError(("exporter",), 'unknown field "exporter", did you mean "exporters"?', on_key=True),
    ]


# ---- custom resources against jsonschema --------------------------------------------------------


def _as_json_schema(schema: dict, in_properties: bool = False) -> dict:
    """A CRD schema as plain JSON Schema, written independently of the compiler, with the API server's
    meaning: nullable, pruned nulls, int-or-string, closed objects unless unknown fields are preserved."""
    out = {key: value for key, value in schema.items() if not key.startswith("x-kubernetes-") and key not in (
        "nullable", "properties", "additionalProperties", "items", "anyOf", "allOf", "oneOf", "not",
        "exclusiveMinimum", "exclusiveMaximum", "minimum", "maximum", "format")}
    types = schema.get("type")
    if schema.get("x-kubernetes-int-or-string"):
        types = ["integer", "string"]
    if types is not None:
        out["type"] = [types] if isinstance(types, str) else list(types)
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if bound in schema:
            out[exclusive if schema.get(exclusive) is True else bound] = schema[bound]
    if "properties" in schema:
        out["properties"] = {name: _as_json_schema(child, True) for name, child in schema["properties"].items()}
    if isinstance(schema.get("additionalProperties"), dict):
        out["additionalProperties"] = _as_json_schema(schema["additionalProperties"], True)
    elif types is not None and "object" in types and not schema.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    if "items" in schema:
        out["items"] = _as_json_schema(schema["items"])
    for junctor in ("anyOf", "allOf", "oneOf"):
        if junctor in schema:
            out[junctor] = [_as_json_schema(branch) for branch in schema[junctor]]
    if schema.get("x-kubernetes-embedded-resource"):
        out.setdefault("properties", {}).update({"apiVersion": {"type": "string"}, "kind": {"type": "string"}})
        out["required"] = sorted({*out.get("required", ()), "apiVersion", "kind"})
    if types is not None and (schema.get("nullable") or in_properties):
        # null is accepted when nullable, and pruned (so never invalid) for any other field
        return {"anyOf": [{"type": "null"}, out]}
    return out


def _crd_reference():
    root = _as_json_schema(CRD["spec"]["versions"][0]["schema"]["openAPIV3Schema"])
    root["properties"].update({"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {}})
    return jsonschema.Draft202012Validator(root)


_WIDGET = {"size": 3, "color": "red", "port": 8080, "note": "n", "name": "abc", "tags": ["a"],
           "extra": {"k": 1}, "template": {"apiVersion": "v1", "kind": "Pod"}}
_WIDGET_PATHS = [path for path in _leaf_paths(_WIDGET) if path]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_WIDGET_PATHS),
    st.one_of(_JSON_SCALARS, st.integers(), st.lists(_JSON_SCALARS, max_size=3),
              st.dictionaries(st.sampled_from(["apiVersion", "kind", "x"]), _JSON_SCALARS, max_size=2)),
    st.booleans(),
)
def test_custom_resource_validation_agrees_with_jsonschema(path, replacement, as_new_key):
    spec = copy.deepcopy(_WIDGET)
    parent = spec
    for part in path[:-1]:
        parent = parent[part]
    if as_new_key and isinstance(parent, dict):
        parent[f"{path[-1]}x"] = replacement
    else:
        parent[path[-1]] = replacement
    mine = crd_errors(spec)
    assert (not mine) == _crd_reference().is_valid(widget(spec)), (path, replacement, mine)


def test_a_required_field_with_a_default_is_never_missing():
    crd = copy.deepcopy(CRD)
    spec_schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    spec_schema["properties"]["mode"] = {"type": "string", "default": "managed"}
    spec_schema["required"] = ["size", "mode"]
    custom = schemas.CustomSchemas([crd])
    assert schemas.validate(widget({}), "example.com/v1", "Widget", LATEST, custom) == [
        SchemaError(("spec",), 'missing required field "size"', missing="size")]


# ---- enums of built-in fields -------------------------------------------------------------------


def test_every_builtin_enum_names_a_string_field_of_a_shipped_release():
    newest = schemas._bundle(schemas.schema_versions()[-1]).compiler.definitions
    for name, fields in schemas.BUILTIN_ENUMS.items():
        for field, values in fields.items():
            schema = newest[name]["properties"][field.removesuffix("[]")]
            if field.endswith("[]"):
                schema = schema["items"]
            assert "string" in schema["type"], (name, field)
            assert values, (name, field)


def test_builtin_enum_values_are_checked_case_sensitively():
    value = copy.deepcopy(DEPLOYMENT)
    container = value["spec"]["template"]["spec"]["containers"][0]
    container["imagePullPolicy"] = "always"
    container["ports"][0]["protocol"] = "tcp"
    assert set(errors(value)) == {
        SchemaError(("spec", "template", "spec", "containers", 0, "imagePullPolicy"),
                    'unsupported value "always", supported values: "Always", "IfNotPresent", "Never"'),
        SchemaError(("spec", "template", "spec", "containers", 0, "ports", 0, "protocol"),
                    'unsupported value "tcp", supported values: "TCP", "UDP", "SCTP"'),
    }
    assert not reference(value).is_valid(value)


def test_an_empty_value_that_the_server_defaults_is_accepted():
    value = copy.deepcopy(DEPLOYMENT)
    value["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = ""
    value["spec"]["strategy"]["type"] = None
    assert errors(value) == []


def test_enum_values_follow_the_release():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
        "containers": [{"name": "c", "image": "i"}],
        "tolerations": [{"key": "level", "operator": "Gt", "value": "900", "effect": "NoSchedule"}]}}
    assert errors(pod, "v1", "Pod", (1, 35)) == []
    assert [e.message for e in errors(pod, "v1", "Pod", (1, 34))] == [
        'unsupported value "Gt", supported values: "Exists", "Equal"']


def test_schema_dir_references_into_a_definitions_file_beside_the_schema(tmp_path):
    (tmp_path / "_definitions.json").write_text(json.dumps({"definitions": {
        "io.example.Spec": {"type": "object", "properties": {"size": {"type": "integer"}}, "additionalProperties": False},
    }}))
    (tmp_path / "thing-example-v1.json").write_text(json.dumps({
        "type": "object", "properties": {"spec": {"$ref": "_definitions.json#/definitions/io.example.Spec"}},
    }))
    custom = schemas.CustomSchemas(schema_dirs=[str(tmp_path)])
    value = {"apiVersion": "example.com/v1", "kind": "Thing", "spec": {"size": "2", "sise": 1}}
    assert schemas.validate(value, "example.com/v1", "Thing", LATEST, custom) == [
        SchemaError(("spec", "size"), 'expected integer, got string "2"'),
        SchemaError(("spec", "sise"), 'unknown field "sise", did you mean "size"?', on_key=True),
    ]
