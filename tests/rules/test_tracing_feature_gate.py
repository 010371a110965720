from k8slint.model import Severity
from tests.helpers import lint, messages, positions

RULE = "tracing-feature-gate"

DOCS_KUBELET_EXAMPLE = """\
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
featureGates:
  KubeletTracing: true
tracing:
  # default value
  #endpoint: localhost:4317
  samplingRatePerMillion: 100
"""

APISERVER = """\
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.26.0
      command:
        - kube-apiserver
        {gates}
        - --tracing-config-file=/etc/kubernetes/tracing.yaml
"""


def _findings(text, version):
    report = lint(text, select=[RULE], config={"kubernetesVersion": version})
    return [(f.line, f.column, f.severity, f.message) for f in report.findings]



def test_docs_kubelet_example_is_clean_from_1_25_to_1_33():
    for version in ("1.25", "1.26", "1.27", "1.33"):
        assert _findings(DOCS_KUBELET_EXAMPLE, version) == []


def test_docs_kubelet_example_warns_once_the_gate_is_locked():
    for version in ("1.34", "1.36", "1.37"):
        assert _findings(DOCS_KUBELET_EXAMPLE, version) == [
            (4, 19, Severity.WARNING,
             "feature gate KubeletTracing is GA and locked to true since 1.34; setting it has no effect")
        ]


def test_kubelet_gate_off_by_default_in_alpha():
    text = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
    text += "tracing:\n  samplingRatePerMillion: 1\n"
    assert _findings(text, "1.26") == [
        (3, 1, Severity.ERROR,
         "tracing is configured but the KubeletTracing feature gate is alpha and off by default in Kubernetes 1.26: "
         "the kubelet refuses to start")
    ]
    assert _findings(text, "1.27") == []


def test_kubelet_gate_false_where_locked_is_an_error():
    text = DOCS_KUBELET_EXAMPLE.replace("KubeletTracing: true", "KubeletTracing: false")
    assert _findings(text, "1.34") == [
        (4, 19, Severity.ERROR,
         "cannot set feature gate KubeletTracing to false, feature is locked to true (GA since 1.34)")
    ]


def test_apiserver_gate_off_by_default_in_alpha():
    text = APISERVER.replace("        {gates}\n", "")
    assert positions(text, RULE, {"kubernetesVersion": "1.26"}) == [(10, 11)]
    assert messages(text, RULE, {"kubernetesVersion": "1.26"}) == [
        "--tracing-config-file is set but the APIServerTracing feature gate is alpha and off by default in "
        "Kubernetes 1.26: kube-apiserver refuses to start"
    ]
    assert positions(APISERVER.replace("{gates}", "- --feature-gates=APIServerTracing=true"), RULE,
                     {"kubernetesVersion": "1.26"}) == []


def test_apiserver_gate_removed_in_1_37():
    text = APISERVER.replace("{gates}", "- --feature-gates=APIServerTracing=true")
    assert _findings(text, "1.37") == [
        (10, 11, Severity.ERROR,
         "unrecognized feature gate: APIServerTracing (Kubernetes 1.37; the gate was removed in 1.37)")
    ]
    assert [f[2] for f in _findings(text, "1.34")] == [Severity.WARNING]


def test_apiserver_flag_before_1_22():
    text = APISERVER.replace("        {gates}\n", "")
    assert messages(text, RULE, {"kubernetesVersion": "1.21"}) == [
        "kube-apiserver has no --tracing-config-file flag before Kubernetes 1.22 (configured: 1.21)"
    ]


def test_embedded_kubelet_configuration_position():
    text = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: kubelet-config, namespace: kube-system}
data:
  kubelet: |
    apiVersion: kubelet.config.k8s.io/v1beta1
    kind: KubeletConfiguration
    featureGates:
      KubeletTracing: true
"""
    assert positions(text, RULE, {"kubernetesVersion": "1.35"}) == [(9, 23)]


def test_gates_from_env_references_are_not_judged():
    text = APISERVER.replace("{gates}", '- "--feature-gates=$(FEATURE_GATES)"')
    assert positions(text, RULE, {"kubernetesVersion": "1.26"}) == []
