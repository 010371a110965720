"""metrics-rbac-missing and k8slint.rbac, against Kubernetes' RBAC rule matching.

Upstream read: kubernetes `pkg/apis/rbac/v1/evaluation_helpers.go` (`VerbMatches`, `APIGroupMatches`,
`ResourceMatches` with `*`, `*/subresource` and `resource/*`; `NonResourceURLMatches` with `*` and a trailing `*`
as a prefix) and `plugin/pkg/auth/authorizer/rbac/rbac.go` (non-resource URLs only through ClusterRoleBindings);
the kubelet's `server/auth.go` (`GET /metrics` and `/metrics/*` authorized as `get` on `nodes/metrics`).
Operator objects: prometheus-operator `pkg/apis/monitoring/v1/prometheus_types.go` and
`pkg/prometheus/resource_selector.go` (a null `serviceMonitorSelector` selects no ServiceMonitor, `{}` every
one; a null `serviceMonitorNamespaceSelector` means the Prometheus' namespace), `pkg/prometheus/statefulset.go`
(the Pod's `serviceAccountName` is `spec.serviceAccountName`); opentelemetry-operator `internal/naming/main.go`
(`ServiceAccount`: `<name>-collector`, used when `spec.serviceAccount` is unset).
"""

import pytest

from k8slint.rbac import Request, rule_allows
from tests.helpers import FIXTURES, lint_files

DOCS_CLUSTER_ROLE_RULE = {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}


@pytest.mark.parametrize(
    "rule, request_, allowed",
    [
        (DOCS_CLUSTER_ROLE_RULE, Request("get", url="/metrics"), True),
        (DOCS_CLUSTER_ROLE_RULE, Request("get", url="/metrics/slis"), False),
        ({"nonResourceURLs": ["/metrics*"], "verbs": ["get"]}, Request("get", url="/metrics/slis"), True),
        ({"nonResourceURLs": ["*"], "verbs": ["*"]}, Request("get", url="/metrics"), True),
        (DOCS_CLUSTER_ROLE_RULE, Request("get", resource="nodes/metrics"), False),
        (
            {"apiGroups": [""], "resources": ["nodes/metrics"], "verbs": ["get"]},
            Request("get", resource="nodes/metrics"),
            True,
        ),
        (
            {"apiGroups": [""], "resources": ["nodes/*"], "verbs": ["get"]},
            Request("get", resource="nodes/metrics"),
            True,
        ),
        (
            {"apiGroups": [""], "resources": ["nodes"], "verbs": ["get"]},
            Request("get", resource="nodes/metrics"),
            False,
        ),
        ({"apiGroups": ["apps"], "resources": ["*"], "verbs": ["*"]}, Request("get", resource="nodes/metrics"), False),
    ],
)
def test_rule_matching(rule, request_, allowed):
    assert rule_allows(rule, request_) is allowed


def test_docs_cluster_role_bound_by_role_binding_does_not_grant_the_url(tmp_path):
    text = (FIXTURES / "metrics-rbac-missing.yaml").read_text()
    first = text.split("\n---\n# The same")[0]
    as_role_binding = first.replace(
        "kind: ClusterRoleBinding\nmetadata: {name: prometheus}",
        "kind: RoleBinding\nmetadata: {name: prometheus, namespace: monitoring}",
    )
    path = tmp_path / "rbac.yaml"
    for content, expected in ((first, []), (as_role_binding, [(46, 27)])):
        path.write_text(content)
        report = lint_files([path], select=["metrics-rbac-missing"])
        assert [(f.line, f.column) for f in report.findings] == expected


def test_malformed_binding_subject_is_not_a_crash(tmp_path):
    text = (
        (FIXTURES / "metrics-rbac-missing.yaml")
        .read_text()
        .replace("namespace: metrics}]", "namespace: {name: metrics}}]")
    )
    path = tmp_path / "rbac.yaml"
    path.write_text(text)
    report = lint_files([path], select=["metrics-rbac-missing"])
    assert [f.message for f in report.findings if "internal error" in f.message] == []


def test_collector_prometheus_receiver_scraping_kubelets(tmp_path):
    text = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: otel}
rules: [{apiGroups: [""], resources: [nodes, pods], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: otel}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: otel}
subjects: [{kind: ServiceAccount, name: otel, namespace: observability}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: otel-agent, namespace: observability}
data:
  relay: |
    receivers:
      prometheus:
        config:
          scrape_configs:
            - job_name: kubelet
              scheme: https
              kubernetes_sd_configs: [{role: node}]
    exporters: {debug: {}}
    service:
      pipelines:
        metrics: {receivers: [prometheus], exporters: [debug]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: otel-agent, namespace: observability}
spec:
  selector: {matchLabels: {app: otel}}
  template:
    metadata: {labels: {app: otel}}
    spec:
      serviceAccountName: otel
      containers: [{name: otel, image: "otel/opentelemetry-collector-contrib:0.110.0"}]
      volumes: [{name: config, configMap: {name: otel-agent}}]
"""
    path = tmp_path / "otel.yaml"
    path.write_text(text)
    report = lint_files([path], select=["metrics-rbac-missing"])
    assert [(f.line, f.message) for f in report.findings] == [
        (
            37,
            'ServiceAccount "observability/otel" is bound to no role granting "get" on "nodes/metrics", '
            'which job "kubelet" needs to scrape the kubelets',
        )
    ]


def test_operator_objects_are_checked_as_the_workloads_they_run():
    from tests.helpers import check_fixture

    report = check_fixture("metrics-rbac-missing.yaml", "metrics-rbac-missing")
    by_owner = {}
    for finding in report.findings:
        by_owner.setdefault(finding.obj.name, []).append((finding.line, finding.column, finding.message))
    assert sorted(by_owner) == ["fire-operated", "fire-scraper", "otel"]
    assert [message.split(", which ")[1] for _, _, message in sorted(by_owner["fire-operated"])] == [
        'job "serviceMonitor/operated/kubelet" needs to scrape the kubelets',
        'job "kubernetes-apiservers" needs to scrape kube-apiserver',
    ]
    # No spec.serviceAccount: the operator's `<name>-collector` account, reported on the `spec` key.
    ((line, column, message),) = by_owner["otel"]
    assert (line, column) == (196, 1)
    assert message.startswith('ServiceAccount "observability/otel-collector" is bound to no role granting "get"')


def test_static_kubelet_targets_are_component_scrapes():
    from k8slint.prometheus import component_scrapes

    # opentelemetry-kube-stack's preset: each DaemonSet Pod scrapes its own node's kubelet.
    config = {
        "scrape_configs": [
            {
                "job_name": "kubelet",
                "scheme": "https",
                "static_configs": [{"targets": ["${env:OTEL_K8S_NODE_IP}:10250"]}],
            },
            {"job_name": "node-exporter", "static_configs": [{"targets": ["${env:OTEL_K8S_NODE_IP}:9100"]}]},
        ]
    }
    assert [(s.job, s.resource) for s in component_scrapes(config)] == [("kubelet", "nodes/metrics")]
