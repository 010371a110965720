from tests.helpers import messages, positions

RULE = "otel-receiver-localhost"

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: otel-config}
data:
  config.yaml: |
    receivers:
      otlp:
        protocols:
          grpc:
    exporters:
      debug: {}
    service:
      pipelines:
        traces:
          receivers: [otlp]
          exporters: [debug]
"""



def test_position_is_the_protocol_key_in_the_file():
    assert positions(CONFIGMAP, RULE) == [(9, 11)]
    assert messages(CONFIGMAP, RULE) == [
        'receiver "otlp" sets no grpc endpoint, so it listens on localhost:4317 only '
        "(the default since Collector v0.104.0)"
    ]


def test_newer_collector_still_fires():
    text = CONFIGMAP + """\
---
apiVersion: v1
kind: Pod
metadata: {name: collector}
spec:
  containers:
    - {name: c, image: "otel/opentelemetry-collector-k8s:0.104.0", volumeMounts: [{name: v, mountPath: /c}]}
  volumes: [{name: v, configMap: {name: otel-config}}]
"""
    assert positions(text, RULE) == [(9, 11)]


INLINE = """\
apiVersion: v1
kind: Pod
metadata: {name: collector}
spec:
  containers:
    - name: otelcol
      image: otel/opentelemetry-collector:0.104.0
      args:
        - "--config=yaml:receivers::otlp::protocols::http: {}"
"""


def test_inline_config_is_reported_at_its_argument_from_v0_104_0():
    # open-telemetry/opentelemetry-collector-releases v0.104.0 release notes: the otlpreceiver
    # uses localhost by default instead of 0.0.0.0 from that release.
    assert positions(INLINE, RULE) == [(9, 11)]
    assert messages(INLINE, RULE) == [
        'receiver "otlp" sets no http endpoint, so it listens on localhost:4318 only '
        "(the default since Collector v0.104.0)"
    ]
    assert positions(INLINE.replace("0.104.0", "0.103.1"), RULE) == []
    assert positions(INLINE.replace(":0.104.0", ":latest"), RULE) == [(9, 11)]


def test_an_endpoint_set_by_another_argument_or_a_disabled_gate_is_quiet():
    with_set = INLINE + "        - --set=receivers.otlp.protocols.http.endpoint=0.0.0.0:4318\n"
    assert positions(with_set, RULE) == []
    with_gate = INLINE + "        - --feature-gates=foo,-component.UseLocalHostAsDefaultHost\n"
    assert positions(with_gate, RULE) == []


def test_a_config_k8slint_cannot_read_may_set_the_endpoint():
    # A file in the image, or another confmap provider (env:, https:), may set it.
    for source in ("/etc/otelcol/config.yaml", "env:OTEL_CONFIG", "https://config.example.com/otel.yaml"):
        assert positions(INLINE + f"        - --config={source}\n", RULE) == [], source
