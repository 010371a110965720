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
