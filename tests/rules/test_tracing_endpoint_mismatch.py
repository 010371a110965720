from tests.helpers import messages, positions

RULE = "tracing-endpoint-mismatch"



def test_otlp_http_port_message_and_position():
    text = "apiVersion: apiserver.config.k8s.io/v1beta1\nkind: TracingConfiguration\nendpoint: collector:4318\n"
    assert positions(text, RULE) == [(3, 11)]
    assert messages(text, RULE) == [
        'endpoint "collector:4318" uses port 4318 (OTLP over HTTP), but kube-apiserver exports traces with OTLP/gRPC'
    ]


def test_default_and_grpc_ports_are_fine():
    for endpoint in ("collector:4317", "collector", "unix:///run/otel.sock", "[::1]:4317", "dns:///c:55680"):
        text = f"apiVersion: apiserver.config.k8s.io/v1beta1\nkind: TracingConfiguration\nendpoint: \"{endpoint}\"\n"
        assert positions(text, RULE) == [], endpoint


def test_embedded_kubelet_endpoint_position():
    text = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: kubelet-config, namespace: kube-system}
data:
  kubelet: |
    apiVersion: kubelet.config.k8s.io/v1beta1
    kind: KubeletConfiguration
    tracing:
      endpoint: jaeger:9411
"""
    assert positions(text, RULE) == [(9, 17)]
    assert messages(text, RULE) == [
        'endpoint "jaeger:9411" uses port 9411 (Zipkin), but the kubelet exports traces with OTLP/gRPC'
    ]


ETCD_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: etcd}
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.6.4-0
      command: [sh, -c, "exec etcd {flags}"]
"""


def test_etcd_address_through_a_shell_script_and_not_beside_a_config_file():
    flags = "--enable-distributed-tracing --distributed-tracing-address=otel:4318"
    assert messages(ETCD_POD.replace("{flags}", flags), RULE) == [
        'endpoint "otel:4318" uses port 4318 (OTLP over HTTP), but etcd exports traces with OTLP/gRPC'
    ]
    # etcd-io/etcd server/etcdmain/help.go: with --config-file, "other command line flags ... will be ignored"
    assert messages(ETCD_POD.replace("{flags}", "--config-file=/etc/etcd.yaml " + flags), RULE) == []
