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


def test_inline_configs_from_config_and_set_flags():
    # otelcol/flags.go: --set=a.b=v is read as the inline config "yaml:a::b: v"; confmap nests "::" keys.
    from k8slint.otel import inline_configs

    container = {
        "args": [
            "--config=/conf/relay.yaml",
            "--config=yaml:exporters::debug::verbosity: detailed",
            "--set=processors.batch.timeout=2s",
            "-set",
            "receivers::otlp::protocols::grpc::endpoint=0.0.0.0:4317",
            "--config=env:OTEL_CONFIG",
        ]
    }
    assert [(inline.field, inline.index, inline.value) for inline in inline_configs(container)] == [
        ("args", 1, {"exporters": {"debug": {"verbosity": "detailed"}}}),
        ("args", 2, {"processors": {"batch": {"timeout": "2s"}}}),
        ("args", 4, {"receivers": {"otlp": {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}}}}}),
    ]


SPLIT = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: pipelines}
data:
  relay.yaml: |
    receivers: {otlp: {protocols: {grpc: {endpoint: "0.0.0.0:4317"}}}}
    service:
      pipelines:
        traces: {receivers: [otlp], exporters: [debug]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: exporters}
data:
  exporters.yaml: |
    exporters: {debug: {}}
"""

COLLECTOR = """\
---
apiVersion: v1
kind: Pod
metadata: {name: collector}
spec:
  containers:
    - name: otelcol
      image: "otel/opentelemetry-collector:0.115.0"
      volumeMounts: [{name: a, mountPath: /conf/a}, {name: b, mountPath: /conf/b}]
  volumes:
    - {name: a, configMap: {name: pipelines}}
    - {name: b, configMap: {name: exporters}}
"""


def test_configmaps_are_merged_only_when_one_collector_mounts_both():
    assert messages(SPLIT, RULE) == ['pipeline "traces" references exporter "debug" which is not configured']
    assert positions(SPLIT, RULE) == [(9, 49)]
    assert messages(SPLIT + COLLECTOR, RULE) == []
    other_namespace = COLLECTOR.replace("name: collector}", "name: collector, namespace: other}")
    assert len(messages(SPLIT + other_namespace, RULE)) == 1


def test_a_collector_reading_a_config_k8slint_cannot_see_leaves_its_configmaps_alone():
    collector = COLLECTOR.replace(
        'image: "otel/opentelemetry-collector:0.115.0"',
        'image: "otel/opentelemetry-collector:0.115.0"\n      args: ["--config=/conf/a/relay.yaml", "--config=/conf/b/exporters.yaml"]',
    )
    assert messages(SPLIT.replace("exporters: {debug: {}}", "exporters: {otlp: {}}") + collector, RULE) == [
        'pipeline "traces" references exporter "debug" which is not configured'
    ]
    unseen = collector.replace("--config=/conf/b/exporters.yaml", "--config=env:EXPORTERS")
    assert messages(SPLIT.replace("exporters: {debug: {}}", "exporters: {otlp: {}}") + unseen, RULE) == []
