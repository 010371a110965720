from tests.helpers import messages, positions

RULE = "otel-empty-pipeline"



def test_missing_exporters_points_at_the_pipeline():
    text = """\
receivers: {otlp: {protocols: {grpc: {endpoint: "0.0.0.0:4317"}}}}
exporters: {debug: {}}
service:
  pipelines:
    traces:
      receivers: [otlp]
"""
    assert positions(text, RULE) == [(5, 5)]
    assert messages(text, RULE) == ['pipeline "traces" must have at least one exporter']


def test_duplicate_processor_in_embedded_config_position():
    text = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: collector}
data:
  relay: |
    receivers: {otlp: {protocols: {grpc: {endpoint: "0.0.0.0:4317"}}}}
    processors: {batch: {}}
    exporters: {debug: {}}
    service:
      pipelines:
        traces:
          receivers: [otlp]
          processors: [batch, batch]
          exporters: [debug]
"""
    assert positions(text, RULE) == [(13, 31)]
    assert messages(text, RULE) == ['pipeline "traces" references processor "batch" multiple times']
