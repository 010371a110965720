from tests.helpers import messages, positions

RULE = "otel-undefined-component"

EMBEDDED = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: collector}
data:
  relay: |
    receivers:
      otlp:
        protocols:
          grpc:
            endpoint: 0.0.0.0:4317
    exporters:
      debug: {}
    service:
      extensions: [health_check]
      pipelines:
        traces:
          receivers: [otlp]
          exporters: [debug, otlp]
"""



def test_embedded_positions_are_real_lines_and_columns():
    assert positions(EMBEDDED, RULE) == [(14, 20), (18, 30)]
    assert messages(EMBEDDED, RULE) == [
        'service references extension "health_check" which is not configured',
        'pipeline "traces" references exporter "otlp" which is not configured',
    ]


def test_connector_may_be_receiver_and_exporter():
    text = """\
receivers: {otlp: {protocols: {grpc: {endpoint: "0.0.0.0:4317"}}}}
exporters: {debug: {}}
connectors: {count: {}}
service:
  pipelines:
    traces: {receivers: [otlp], exporters: [count]}
    metrics: {receivers: [count], exporters: [debug]}
"""
    assert positions(text, RULE) == []
