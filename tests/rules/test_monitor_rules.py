"""monitor-selects-nothing and monitor-port-not-found: the Prometheus Operator's selection rules.

Upstream read: prometheus-operator `pkg/prometheus/resource_selector.go` (ServiceMonitors and PodMonitors:
`namespaceSelector` with `any` or `matchNames`, else the monitor's own namespace) and `pkg/prometheus/promcfg.go`
(the generated keep rules on `__meta_kubernetes_service_label_*` / `__meta_kubernetes_pod_label_*`, i.e. the
Service's own labels, and on `__meta_kubernetes_endpoint_port_name` / `__meta_kubernetes_pod_container_port_name`
equal to the endpoint's `port`). `generateServiceMonitorConfig` and `generatePodMonitorConfig`: without `port`, a
`targetPort` string keeps `__meta_kubernetes_pod_container_port_name`, a number
`__meta_kubernetes_pod_container_port_number` (the container port of the scraped Pod, not the Service port).
"""

from tests.helpers import check_fixture, lint

SERVICE_AND_MONITOR = """\
apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec:
  selector: {app: other-label}
  ports: [{name: metrics, port: 9090}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  endpoints: [{port: metric}]
"""


def test_selection_uses_service_labels_not_its_selector():
    report = lint(SERVICE_AND_MONITOR, select=["monitor-selects-nothing", "monitor-port-not-found"])
    (finding,) = report.findings
    assert finding.name == "monitor-port-not-found"
    assert (finding.line, finding.column) == (13, 22)
    assert (
        finding.message
        == 'port "metric" is not a Service port name of the selected Service/web (named ports: "metrics")'
    )
    (related,) = finding.related
    assert related.line == 3


def test_monitor_in_another_group_is_not_a_prometheus_operator_monitor():
    text = SERVICE_AND_MONITOR.replace("monitoring.coreos.com/v1", "example.com/v1").replace("app: web}}", "app: x}}")
    assert lint(text, select=["monitor-selects-nothing"]).findings == []


def test_fixture_positions():
    report = check_fixture("monitor-selects-nothing.yaml")
    assert sorted((f.obj.name, f.line, f.column) for f in report.findings) == [
        ("fire-match-expressions", 47, 3),
        ("fire-podmonitor", 58, 3),
        ("fire-wrong-namespace", 23, 3),
    ]


def test_malformed_match_expression_operator_is_not_a_crash():
    text = SERVICE_AND_MONITOR.replace(
        "selector: {matchLabels: {app: web}}",
        "selector: {matchExpressions: [{key: app, operator: [In], values: [web]}]}",
    )
    report = lint(text, select=["monitor-selects-nothing", "monitor-port-not-found"])
    assert [f.message for f in report.findings if "internal error" in f.message] == []


def test_target_port_and_port_number_positions():
    report = check_fixture("monitor-port-not-found.yaml")
    found = sorted((f.obj.name, f.line, f.column, f.message.split(" is ")[0]) for f in report.findings)
    assert [item for item in found if item[0] in ("api", "db-by-number")] == [
        ("api", 85, 19, 'targetPort "metrics"'),
        ("api", 86, 19, "targetPort 80"),
        ("db-by-number", 114, 19, "portNumber 9090"),
        ("db-by-number", 115, 19, 'targetPort "metrics"'),
    ]
    assert not [f for f in report.findings if f.obj.name == "dont-fire-backends-elsewhere"]


def test_service_target_port_defaults_to_its_port():
    from k8slint.monitors import service_target_ports
    from k8slint.objects import K8sObject

    spec = {"ports": [{"port": 9090}, {"port": 80, "targetPort": "http"}, {"port": 81, "targetPort": 8081}]}
    ports = service_target_ports(K8sObject({"apiVersion": "v1", "kind": "Service", "spec": spec}, "s.yaml", 0))
    assert ports.numbers == {9090, 8081} and ports.names == {"http"}
