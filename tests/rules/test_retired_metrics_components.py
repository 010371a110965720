"""heapster-retired, kubelet-read-only-port, metrics-server-insecure-tls and metrics-feature-gate.

Upstream read: kubernetes/website `feature-gates/disable-accelerator-usage-metrics.md` (alpha 1.19, beta
1.20-1.24, stable 1.25-1.27, removed) and `feature-gates/component-slis.md` (alpha 1.26, beta 1.27-1.31, stable
and locked 1.32-1.34, removed); kubernetes `pkg/features/kube_features.go` (`DisableAcceleratorUsageMetrics: {Default:
true, PreRelease: featuregate.GA, LockToDefault: true}`); component-base `featuregate/feature_gate.go` (unknown and
locked gates are errors); the kubelet's `KubeletConfiguration.readOnlyPort` (0 disables); metrics-server's
`--kubelet-insecure-tls` (a boolean pflag: only `--kubelet-insecure-tls=false` turns it off). The other metrics
gates: kubernetes `pkg/features/versioned_kube_features.go` (`PodAndContainerStatsFromCRI`: 1.23 alpha, nothing
later; `KubeletPSI`: 1.33 alpha, 1.34 beta) and `staging/src/k8s.io/component-base/metrics/features/kube_features.go`
(`InformerMetrics`: 1.35 alpha; `ComponentSLIs` kept "until v1.35" and absent from the file after it).
"""

import pytest

from k8slint.metrics import (
    COMPONENT_SLIS,
    DISABLE_ACCELERATOR_USAGE_METRICS,
    INFORMER_METRICS,
    KUBELET_PSI,
    POD_AND_CONTAINER_STATS_FROM_CRI,
    image_name,
)
from tests.helpers import messages, positions


@pytest.mark.parametrize(
    "gate, version, stage",
    [
        (DISABLE_ACCELERATOR_USAGE_METRICS, (1, 18), "unknown"),
        (DISABLE_ACCELERATOR_USAGE_METRICS, (1, 24), "beta"),
        (DISABLE_ACCELERATOR_USAGE_METRICS, (1, 27), "ga"),
        (DISABLE_ACCELERATOR_USAGE_METRICS, (1, 28), "removed"),
        (COMPONENT_SLIS, (1, 26), "alpha"),
        (COMPONENT_SLIS, (1, 31), "beta"),
        (COMPONENT_SLIS, (1, 34), "ga"),
        (COMPONENT_SLIS, (1, 35), "removed"),
        (POD_AND_CONTAINER_STATS_FROM_CRI, (1, 22), "unknown"),
        (POD_AND_CONTAINER_STATS_FROM_CRI, (1, 37), "alpha"),
        (KUBELET_PSI, (1, 32), "unknown"),
        (KUBELET_PSI, (1, 33), "alpha"),
        (KUBELET_PSI, (1, 37), "beta"),
        (INFORMER_METRICS, (1, 34), "unknown"),
        (INFORMER_METRICS, (1, 35), "alpha"),
    ],
)
def test_gate_stages(gate, version, stage):
    assert gate.stage(version) == stage


def test_gate_checked_against_the_image_release_of_each_component():
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: kubelet}
spec:
  containers:
    - name: kubelet
      image: registry.k8s.io/kubelet:v1.27.4
      command: [kubelet, --feature-gates=DisableAcceleratorUsageMetrics=false]
"""
    assert messages(text, "metrics-feature-gate", {"kubernetesVersion": "1.20"}) == [
        "cannot set feature gate DisableAcceleratorUsageMetrics to false, feature is locked to true (GA since 1.25)"
    ]


@pytest.mark.parametrize(
    "image, name",
    [
        ("k8s.gcr.io/heapster-amd64:v1.5.4", "heapster-amd64"),
        ("registry.k8s.io/metrics-server/metrics-server:v0.7.2", "metrics-server"),
        ("bitnami/metrics-server", "metrics-server"),
        ("localhost:5000/Heapster:1@sha256:" + "0" * 64, "heapster"),
    ],
)
def test_image_name(image, name):
    assert image_name(image) == name


def test_insecure_tls_followed_by_a_positional_is_still_on():
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: ms}
spec:
  containers:
    - name: metrics-server
      image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
      command: [/metrics-server, --kubelet-insecure-tls, "false"]
"""
    assert positions(text, "metrics-server-insecure-tls") == [(8, 34)]


def test_read_only_port_zero_or_absent_is_quiet():
    text = """\
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: {port}
"""
    assert positions(text.format(port=0), "kubelet-read-only-port") == []
    assert positions(text.format(port=10255), "kubelet-read-only-port") == [(3, 15)]


def test_alpha_and_beta_metrics_gates_are_errors_only_before_they_exist():
    for version in ((1, 34), (1, 37)):
        assert KUBELET_PSI.setting_problem(False, version) is None
        assert POD_AND_CONTAINER_STATS_FROM_CRI.setting_problem(True, version) is None
    assert KUBELET_PSI.setting_problem(True, (1, 32)) == (
        True,
        "unrecognized feature gate: KubeletPSI (Kubernetes 1.32; the gate was added in 1.33)",
    )
