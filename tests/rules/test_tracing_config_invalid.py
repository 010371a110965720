from tests.helpers import lint, messages, positions

RULE = "tracing-config-invalid"
KUBELET = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"

DOCS_APISERVER_EXAMPLE = """\
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
# default value
#endpoint: localhost:4317
samplingRatePerMillion: 100
"""



def test_docs_example_is_clean_in_every_release_that_serves_it():
    for version in ("1.27", "1.33", "1.37"):
        assert positions(DOCS_APISERVER_EXAMPLE, RULE, {"kubernetesVersion": version}) == []


def test_api_version_served_by_release():
    v1 = DOCS_APISERVER_EXAMPLE.replace("v1beta1", "v1")
    assert messages(v1, RULE, {"kubernetesVersion": "1.33"}) == [
        'apiVersion "apiserver.config.k8s.io/v1" is served only since Kubernetes 1.34, not in 1.33'
    ]
    assert positions(v1, RULE, {"kubernetesVersion": "1.33"}) == [(1, 13)]
    assert messages(v1, RULE, {"kubernetesVersion": "1.34"}) == []
    assert messages(DOCS_APISERVER_EXAMPLE, RULE, {"kubernetesVersion": "1.26"}) == [
        'apiVersion "apiserver.config.k8s.io/v1beta1" is served only since Kubernetes 1.27, not in 1.26'
    ]


def test_endpoint_message_and_position():
    text = "apiVersion: apiserver.config.k8s.io/v1beta1\nkind: TracingConfiguration\nendpoint: collector:abc\n"
    assert messages(text, RULE) == [
        'endpoint: invalid value "dns://collector:abc": parse "dns://collector:abc": invalid port ":abc" after host'
    ]
    assert positions(text, RULE) == [(3, 11)]


def test_unknown_field_is_an_error_from_1_32_and_a_warning_before():
    text = DOCS_APISERVER_EXAMPLE + "samplingRate: 5\n"
    strict = lint(text, select=[RULE], config={"kubernetesVersion": "1.32"}).findings
    assert [(f.line, f.column, str(f.severity), f.message) for f in strict] == [
        (6, 1, "error", 'unknown field "samplingRate" (kube-apiserver decodes this file strictly)')
    ]
    lenient = lint(text, select=[RULE], config={"kubernetesVersion": "1.31"}).findings
    assert [(str(f.severity), f.message) for f in lenient] == [
        ("warning", 'unknown field "samplingRate" is ignored by kube-apiserver before Kubernetes 1.32')
    ]


def test_kubelet_unknown_tracing_field_is_a_warning():
    text = """\
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
tracing:
  samplingRatePerMilion: 100
"""
    findings = lint(text, select=[RULE]).findings
    assert [(f.line, f.column, str(f.severity), f.message) for f in findings] == [
        (4, 3, "warning",
         'unknown field "tracing.samplingRatePerMilion" is ignored (the kubelet decodes its configuration leniently)')
    ]


def test_kubelet_tracing_before_1_25_does_not_exist():
    text = KUBELET + "tracing: {samplingRatePerMillion: 1}\n"
    assert messages(text, RULE, {"kubernetesVersion": "1.24"}) == [
        'field "tracing" does not exist in KubeletConfiguration before Kubernetes 1.25 (configured: 1.24); '
        "the kubelet ignores it"
    ]


def test_kubelet_sampling_rate_message():
    text = KUBELET + "tracing:\n  samplingRatePerMillion: -1\n"
    assert messages(text, RULE) == ["tracing.samplingRatePerMillion: invalid value -1: sampling rate must be positive"]
    assert positions(text, RULE) == [(4, 27)]


def test_embedded_position_is_the_real_line_and_column():
    text = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: apiserver-tracing
data:
  tracing.yaml: |
    apiVersion: apiserver.config.k8s.io/v1beta1
    kind: TracingConfiguration
    endpoint: https://collector:4317
"""
    assert positions(text, RULE) == [(9, 15)]
    assert messages(text, RULE) == [
        'endpoint: invalid value "https://collector:4317": unsupported scheme: https.  Options are none, dns, '
        "unix, or unix-abstract.  See https://github.com/grpc/grpc/blob/master/doc/naming.md"
    ]


def test_malformed_shapes_never_crash():
    for text in (
        "apiVersion: apiserver.config.k8s.io/v1beta1\nkind: TracingConfiguration\nendpoint: [a]\n",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ntracing: yes\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: 'kind: TracingConfiguration'\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: |\n"
        "    kind: KubeletConfiguration\n    tracing: [\n",
    ):
        report = lint(text, select=[RULE])
        assert not [f for f in report.findings if f.message.startswith("internal error")]
    assert messages(
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ntracing: yes\n", RULE
    ) == ["tracing must be a mapping with endpoint and samplingRatePerMillion"]
