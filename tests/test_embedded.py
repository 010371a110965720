from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint.embedded import (
    KUBELET_CONFIGURATION,
    TRACING_CONFIGURATION,
    embedded_configs,
    embedded_of_kind,
    looks_like_config,
    parse_text,
    recognise,
)
from k8slint.model import Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, K8sObject

COLLECTOR = """\
receivers:
  otlp:
    protocols:
      grpc:
exporters:
  logging:
    logLevel: debug
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [logging]
"""

TRACING = """\
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
samplingRatePerMillion: 100
"""

KUBELET = """\
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
tracing:
  endpoint: http://collector:4317
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
"""


def configmap(data) -> K8sObject:
    return K8sObject(
        value={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": data},
        file="cm.yaml",
        document=0,
    )


def test_recognise_by_shape_and_kind():
    assert recognise({"receivers": {}, "service": {"pipelines": {}}}) == OTEL_COLLECTOR_CONFIG
    tracing = {"apiVersion": "apiserver.config.k8s.io/v1", "kind": "TracingConfiguration"}
    assert recognise(tracing) == TRACING_CONFIGURATION
    assert recognise({"kind": "KubeletConfiguration"}) == KUBELET_CONFIGURATION
    assert recognise({"kind": "Pod"}) is None
    assert recognise(["receivers"]) is None


def test_prefilter_skips_unrelated_values():
    assert looks_like_config(COLLECTOR)
    assert looks_like_config(TRACING)
    assert not looks_like_config('{"dashboard": {"panels": []}}')


def test_configmap_documents_are_found_in_every_key():
    obj = configmap({"relay": COLLECTOR, "tracing.yaml": TRACING, "kubelet": KUBELET, "other": "plain: text"})
    parsed = embedded_configs(obj)
    assert [(d.key, d.document, d.kind) for d in parsed.documents] == [
        ("relay", 0, OTEL_COLLECTOR_CONFIG),
        ("tracing.yaml", 0, TRACING_CONFIGURATION),
        ("kubelet", 0, KUBELET_CONFIGURATION),
        ("kubelet", 1, KUBELET_CONFIGURATION),
    ]
    assert [d.key for d in embedded_of_kind(obj, TRACING_CONFIGURATION)] == ["tracing.yaml"]
    assert parsed.documents[1].api_version == "apiserver.config.k8s.io/v1beta1"


def test_result_is_cached_on_the_object():
    obj = configmap({"relay": COLLECTOR})
    first = embedded_configs(obj)
    assert embedded_configs(obj) is first
    assert obj.cache[embedded_configs.__wrapped__] is first


def test_inner_positions_are_zero_based_inside_the_string():
    (document,) = parse_text("relay", COLLECTOR).documents
    assert document.inner(("exporters", "logging", "logLevel")) == (6, 14)
    assert document.inner(("exporters", "logging", "logLevel"), on_key=True) == (6, 4)
    assert document.inner(("service", "pipelines", "traces", "exporters", 0)) == (11, 18)
    # A missing path points at its nearest existing ancestor.
    assert document.inner(("receivers", "otlp", "protocols", "grpc", "endpoint")) == (3, 11)


def test_inner_positions_in_a_later_document():
    documents = parse_text("kubelet", KUBELET).documents
    assert documents[0].inner(("tracing", "endpoint")) == (3, 12)
    assert documents[1].inner(("kind",)) == (6, 6)


def test_problem_points_at_the_data_key_with_an_inner_position():
    (document,) = parse_text("relay", COLLECTOR).documents
    assert document.problem(("exporters", "logging"), "m", severity=Severity.WARNING) == Problem(
        at=("data", "relay"), message="m", severity=Severity.WARNING, inner=(5, 2)
    )


def test_invalid_yaml_in_a_candidate_is_recorded_not_raised():
    parsed = parse_text("relay", "receivers: [otlp\nservice:\n  pipelines: {}\n")
    assert parsed.documents == []
    assert len(parsed.errors) == 1 and parsed.errors[0][0] == "relay"


def test_other_objects_and_odd_data_never_raise():
    assert embedded_configs(configmap(None)).documents == []
    assert embedded_configs(configmap({"a": 1, "b": None, "c": ["receivers pipelines"]})).documents == []
    pod = K8sObject(value={"apiVersion": "v1", "kind": "Pod", "data": {"x": COLLECTOR}}, file="p.yaml", document=0)
    assert embedded_of_kind(pod, OTEL_COLLECTOR_CONFIG) == []
    assert embedded_configs(pod).documents == []


def test_collector_versions_index_by_namespace_and_configmap():
    from k8slint.embedded import all_older_than, collector_versions
    from k8slint.model import Settings
    from k8slint.objects import ApplySet

    def workload(name, namespace, image, volume, mounted=True):
        mounts = [{"name": "v", "mountPath": "/conf"}] if mounted else []
        return K8sObject(
            value={
                "apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
                "spec": {"containers": [{"name": "c", "image": image, "volumeMounts": mounts}], "volumes": [volume]},
            },
            file="w.yaml",
            document=0,
        )

    cm = configmap({"relay": COLLECTOR})
    cm.value["metadata"]["namespace"] = "obs"
    cm.namespace = "obs"
    objects = ApplySet(
        [
            cm,
            workload("a", "obs", "otel/opentelemetry-collector:0.98.0", {"name": "v", "configMap": {"name": "cm"}}),
            workload("b", "obs", "otel/opentelemetry-collector-contrib:latest",
                     {"name": "v", "projected": {"sources": [{"configMap": {"name": "cm"}}]}}),
            workload("c", "other", "otel/opentelemetry-collector:0.50.0", {"name": "v", "configMap": {"name": "cm"}}),
            workload("d", "obs", "nginx:1.27", {"name": "v", "configMap": {"name": "cm"}}),
            # A volume the Collector container does not mount is not read by it.
            workload("e", "obs", "otel/opentelemetry-collector:0.60.0", {"name": "v", "configMap": {"name": "cm"}}, mounted=False),
        ],
        Settings(),
    )
    versions = collector_versions(cm, objects)
    assert versions == [(0, 98, 0), None]
    assert not all_older_than(versions, (0, 111, 0))
    assert all_older_than([(0, 98, 0)], (0, 111, 0))
    assert not all_older_than([], (0, 111, 0))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("receivers:exporters{}[]-| \n\t'\"#&*!pipelines")), max_size=80))
def test_parse_text_never_raises_on_arbitrary_text(text):
    parsed = parse_text("relay", "pipelines receivers\n" + text)
    for document in parsed.documents:
        assert document.inner(("service", "pipelines")) >= (0, 0)
