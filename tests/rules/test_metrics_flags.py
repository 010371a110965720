"""Component metrics flags, checked against component-base's validation.

Upstream read: kubernetes/component-base `metrics/api/v1/validation.go` (`validateShowHiddenMetricsVersion`:
"must be omitted or have the value '%v'; only the previous minor version is allowed";
`validateDisabledMetrics` with `^[a-zA-Z_:][a-zA-Z0-9_:]*$`; `validateAllowListMapping`, keys matched with
`FindString(k) != k` against `metricName,labelName`), `metrics/options.go` (`ValidateShowHiddenMetricsVersion`
from `version.Get()`), and spf13/pflag `string_to_string.go` (`Set`: no `=` is an error, one `=` is one pair
with quotes trimmed, more are read as one `encoding/csv` record).

Which programs take which flags: component-base `metrics/options.go` (`Options.AddFlags` registers
`--show-hidden-metrics-for-version`, `--disabled-metrics`, `--allow-metric-labels`,
`--allow-metric-labels-manifest`), called by the control-plane programs only; kube-proxy
(`cmd/kube-proxy/app/options.go`) registers `--show-hidden-metrics-for-version` itself and nothing else of
these, and the kubelet's `KubeletFlags.AddFlags` and `AddKubeletConfigFlags` (`cmd/kubelet/app/options/options.go`)
none of them. Releases: kubernetes/kubernetes `CHANGELOG/CHANGELOG-1.21.md` (v1.21.0-beta.1, #99217,
`--disabled-metrics`) and `CHANGELOG/CHANGELOG-1.29.md` (#118299, `--allow-metric-labels-manifest`).
"""

import pytest

from k8slint.metrics import (
    allow_metric_labels,
    allow_metric_labels_errors,
    disabled_metrics_errors,
    image_version,
    read_csv_record,
    CSVError,
    show_hidden_problem,
    unknown_metrics_flag,
)
from tests.helpers import check_fixture, messages, positions


def test_show_hidden_only_previous_minor_is_accepted():
    assert show_hidden_problem("--show-hidden-metrics-for-version", "", (1, 30), "kube-apiserver", "x") is None
    is_error, message = show_hidden_problem("--show-hidden-metrics-for-version", "1.28", (1, 30), "kube-apiserver", "x")
    assert is_error and "must be omitted or have the value '1.29'" in message
    is_error, _ = show_hidden_problem("--show-hidden-metrics-for-version", "1.29", (1, 30), "kube-apiserver", "x")
    assert not is_error
    # The comparison is on the text: "v1.29" and "1.29.0" are rejected upstream too.
    assert show_hidden_problem("--show-hidden-metrics-for-version", "v1.29", (1, 30), "kubelet", "x")[0]
    assert show_hidden_problem("--show-hidden-metrics-for-version", "1.29.0", (1, 30), "kubelet", "x")[0]


@pytest.mark.parametrize(
    "image, version",
    [
        ("registry.k8s.io/kube-apiserver:v1.30.2", (1, 30)),
        ("registry.k8s.io/kube-proxy:v1.29.0-rc.1", (1, 29)),
        ("k8s.gcr.io/kube-scheduler:v1.18.20@sha256:" + "0" * 64, (1, 18)),
        ("registry.k8s.io/kube-proxy:latest", None),
        ("registry.k8s.io/kube-proxy@sha256:" + "0" * 64, None),
    ],
)
def test_component_version_from_image_tag(image, version):
    assert image_version(image) == version


def test_csv_record_as_go_reads_it():
    assert read_csv_record('a,"b,c",d') == ["a", "b,c", "d"]
    assert read_csv_record('"say ""hi""",x') == ['say "hi"', "x"]
    assert read_csv_record("") == [""]
    with pytest.raises(CSVError):
        read_csv_record('a"b')
    with pytest.raises(CSVError):
        read_csv_record('"a')


def test_disabled_metrics():
    assert disabled_metrics_errors("apiserver_request_total,etcd:requests") == []
    assert disabled_metrics_errors("") == []
    assert disabled_metrics_errors("apiserver_request_total,") != []  # an empty name does not match
    assert 'got "1st_metric"' in disabled_metrics_errors("1st_metric")[0]


def test_allow_metric_labels_follows_pflag_string_to_string():
    entries, error = allow_metric_labels("m,l=a,b,c")
    assert error is None and entries[0].key == "m,l" and entries[0].values == "a,b,c"
    entries, error = allow_metric_labels('"m1,l1=a,b","m2,l2=c"')
    assert error is None and [e.key for e in entries] == ["m1,l1", "m2,l2"]
    # The Kubernetes docs' multi-metric example, unquoted, is split as CSV and fails in pflag.
    assert allow_metric_labels_errors("m1,l1=a,b,m2,l2=c")
    assert allow_metric_labels_errors("m1:l1=a")  # `:` is not the separator
    assert allow_metric_labels_errors("m1,l1=") == []


def test_embedded_kube_proxy_configuration_exact_inner_position():
    report = check_fixture("show-hidden-metrics-version.yaml")
    (finding,) = [f for f in report.findings if f.obj.kind == "ConfigMap" and f.obj.name == "kube-proxy"]
    assert (finding.line, finding.column) == (81, 34)
    assert finding.message.startswith("showHiddenMetricsForVersion \"1.27\" must be omitted or have the value '1.30'")


def test_kubelet_flag_uses_configured_version_without_image():
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: kubelet}
spec:
  containers:
  - name: kubelet
    image: example/kubelet
    command: [kubelet, --show-hidden-metrics-for-version=1.35]
"""
    assert positions(text, "show-hidden-metrics-version", {"kubernetesVersion": "1.36"}) == [(8, 24)]
    assert messages(text, "show-hidden-metrics-version", {"kubernetesVersion": "1.37"})[0].startswith(
        '--show-hidden-metrics-for-version "1.35" must be omitted'
    )


def test_kubeadm_cluster_configuration_in_its_configmap_exact_inner_position():
    report = check_fixture("show-hidden-metrics-version.yaml")
    (finding,) = [f for f in report.findings if f.obj.name == "kubeadm-config"]
    assert (finding.line, finding.column) == (105, 18)
    assert str(finding.severity) == "warning"


def test_kubeadm_extra_args_in_its_configmap_exact_inner_position():
    report = check_fixture("metrics-flag-invalid.yaml")
    (finding,) = [f for f in report.findings if f.obj.name == "kubeadm-config"]
    assert (finding.line, finding.column) == (62, 30)
    assert finding.message.startswith('--allow-metric-labels key "workqueue_depth:name" must have the format')


def test_docs_multi_metric_example_is_rejected_by_pflag():
    # concepts/cluster-administration/system-metrics: more than one `=` makes pflag read the value as one
    # CSV record, whose first field "number_count_metric" has no `=`.
    docs = (
        "number_count_metric,odd_number='1,3,5', number_count_metric,even_number='2,4,6', "
        "date_gauge_metric,weekend='Saturday,Sunday'"
    )
    assert allow_metric_labels_errors(docs) == [
        f'--allow-metric-labels "{docs}" cannot be parsed: number_count_metric must be formatted as key=value'
    ]
    assert allow_metric_labels_errors("number_count_metric,odd_number='1,3,5'") == []


def test_unknown_metrics_flags_by_program_and_release():
    tag = "its image tag"
    assert unknown_metrics_flag("disabled-metrics", "kube-apiserver", (1, 21), tag) is None
    assert "since Kubernetes 1.21" in unknown_metrics_flag("disabled-metrics", "kube-apiserver", (1, 20), tag)
    assert unknown_metrics_flag("allow-metric-labels-manifest", "kube-scheduler", (1, 29), tag) is None
    assert "1.28 (from its image tag)" in unknown_metrics_flag(
        "allow-metric-labels-manifest", "kube-scheduler", (1, 28), tag
    )
    # The release that added --allow-metric-labels is not established: never judged by version.
    assert unknown_metrics_flag("allow-metric-labels", "kube-apiserver", (1, 16), tag) is None
    # kube-proxy and the kubelet do not register component-base's metrics options, in any release.
    for program in ("kube-proxy", "kubelet"):
        assert unknown_metrics_flag("allow-metric-labels", program, (1, 37), tag)
        assert unknown_metrics_flag("show-hidden-metrics-for-version", program, (1, 37), tag) is None
    assert unknown_metrics_flag("disabled-metrics", "cloud-controller-manager", (1, 19), tag) is None


def test_unknown_metrics_flag_in_kubeadm_configmap_exact_inner_position():
    report = check_fixture("metrics-flag-unknown.yaml")
    (finding,) = [f for f in report.findings if f.obj.name == "kubeadm-config"]
    assert (finding.line, finding.column) == (99, 17)
    assert finding.message.startswith("--disabled-metrics is accepted since Kubernetes 1.21; kube-scheduler 1.20")
