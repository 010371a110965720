from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint import otel
from k8slint.otel import (
    DEPRECATED_EXPORTER,
    DEPRECATED_OPTION,
    DUPLICATE_PROCESSOR,
    EMPTY_PIPELINE,
    MALFORMED,
    RECEIVER_LOCALHOST,
    UNDEFINED_COMPONENT,
    OtelFinding,
    analyze,
    collector_version,
    component_type,
)

# The Kubernetes docs' example (system-traces page), decoded.
DOCS_EXAMPLE = {
    "receivers": {"otlp": {"protocols": {"grpc": None}}},
    "exporters": {"logging": {"logLevel": "debug"}},
    "service": {"pipelines": {"traces": {"receivers": ["otlp"], "exporters": ["logging"]}}},
}


def test_component_type():
    assert component_type("otlp/internal") == "otlp"
    assert component_type("debug") == "debug"


def test_docs_example_findings():
    assert analyze(DOCS_EXAMPLE).findings == [
        OtelFinding(
            DEPRECATED_EXPORTER,
            ("exporters", "logging"),
            'exporter "logging" uses the "logging" exporter, deprecated in Collector v0.86.0 and removed in v0.111.0',
            "logging",
        ),
        OtelFinding(
            DEPRECATED_OPTION,
            ("exporters", "logging", "logLevel"),
            'exporter "logging": option "logLevel" is not a valid option (config keys are case-sensitive); '
            "use `verbosity`",
            "logging",
        ),
        OtelFinding(
            RECEIVER_LOCALHOST,
            ("receivers", "otlp", "protocols", "grpc"),
            'receiver "otlp" sets no grpc endpoint, so it listens on localhost:4317 only '
            "(the default since Collector v0.104.0)",
            "otlp",
        ),
    ]


def test_undefined_references_connectors_and_extensions():
    config = {
        "receivers": {"otlp": {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}}}},
        "processors": {"batch": None},
        "exporters": {"debug": None},
        "connectors": {"forward/x": None},
        "extensions": {"health_check": None},
        "service": {
            "extensions": ["health_check", "zpages"],
            "pipelines": {
                "traces": {
                    "receivers": ["otlp"], "processors": ["batch", "memory_limiter"], "exporters": ["forward/x"],
                },
                "traces/out": {"receivers": ["forward/x", "jaeger"], "exporters": ["debug", "otlp"]},
                "logs": {"receivers": ["otlp"], "processors": ["forward/x"], "exporters": ["debug"]},
            },
        },
    }
    found = [(f.path, f.message) for f in analyze(config).of_kind(UNDEFINED_COMPONENT)]
    assert found == [
        (("service", "pipelines", "traces", "processors", 1),
         'pipeline "traces" references processor "memory_limiter" which is not configured'),
        (("service", "pipelines", "traces/out", "receivers", 1),
         'pipeline "traces/out" references receiver "jaeger" which is not configured'),
        (("service", "pipelines", "traces/out", "exporters", 1),
         'pipeline "traces/out" references exporter "otlp" which is not configured'),
        # A connector is a receiver or an exporter, never a processor.
        (("service", "pipelines", "logs", "processors", 0),
         'pipeline "logs" references processor "forward/x" which is not configured'),
        (("service", "extensions", 1), 'service references extension "zpages" which is not configured'),
    ]


def test_docs_preview_with_nested_exporters_leaves_debug_undefined():
    config = {
        "receivers": {"otlp": {"protocols": {"grpc": None}}},
        "exporters": {"exporters": {"debug": {"verbosity": "detailed"}}},
        "service": {"pipelines": {"traces": {"receivers": ["otlp"], "exporters": ["debug"]}}},
    }
    assert [f.component for f in analyze(config).of_kind(UNDEFINED_COMPONENT)] == ["debug"]


def test_pipeline_shapes():
    config = {
        "receivers": {"otlp": None},
        "processors": {"batch": None},
        "exporters": {"debug": None},
        "service": {
            "pipelines": {
                "traces": {"receivers": ["otlp"], "processors": ["batch", "batch"], "exporters": ["debug"]},
                "metrics": {"receivers": [], "exporters": ["debug"]},
                "logs": None,
                "traces/2": {"receivers": "otlp", "exporters": ["debug"]},
            }
        },
    }
    shapes = analyze(config).of_kind(EMPTY_PIPELINE, DUPLICATE_PROCESSOR, MALFORMED)
    found = [(f.kind, f.path, f.message) for f in shapes]
    assert found == [
        (DUPLICATE_PROCESSOR, ("service", "pipelines", "traces", "processors", 1),
         'pipeline "traces" references processor "batch" multiple times'),
        (EMPTY_PIPELINE, ("service", "pipelines", "metrics", "receivers"),
         'pipeline "metrics" must have at least one receiver'),
        (EMPTY_PIPELINE, ("service", "pipelines", "logs"), 'pipeline "logs" must have at least one receiver'),
        (EMPTY_PIPELINE, ("service", "pipelines", "logs"), 'pipeline "logs" must have at least one exporter'),
        (MALFORMED, ("service", "pipelines", "traces/2", "receivers"),
         'pipeline "traces/2": receivers must be a list of component ids'),
    ]


def test_deprecated_options_on_logging_and_debug():
    config = {
        "exporters": {
            "logging": {"loglevel": "debug"},
            "logging/both": {"loglevel": "info", "verbosity": "basic"},
            "debug": {"loglevel": "debug"},
            "debug/ok": {"verbosity": "detailed"},
            "otlp": {"loglevel": "debug"},
        },
        "service": {"pipelines": {}},
    }
    found = [(f.path, f.message) for f in analyze(config).of_kind(DEPRECATED_OPTION)]
    assert found == [
        (("exporters", "logging", "loglevel"),
         'exporter "logging": option "loglevel" is deprecated since Collector v0.63.0 and was removed with the '
         "exporter; use `verbosity`"),
        (("exporters", "logging/both", "loglevel"),
         'exporter "logging/both": option "loglevel" cannot be combined with `verbosity` '
         "('loglevel' and 'verbosity' are incompatible)"),
        (("exporters", "debug", "loglevel"),
         'exporter "debug": option "loglevel" is not a valid option (config keys are case-sensitive); use `verbosity`'),
    ]


def test_localhost_receivers_only_when_endpoint_is_unset():
    config = {
        "receivers": {
            "otlp": {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}, "http": {}}},
            "otlp/pod": {"protocols": {"grpc": {"endpoint": "${env:MY_POD_IP}:4317"}}},
            "jaeger": {"protocols": {"grpc": None}},
        }
    }
    found = [(f.path, f.message) for f in analyze(config).of_kind(RECEIVER_LOCALHOST)]
    assert found == [
        (("receivers", "otlp", "protocols", "http"),
         'receiver "otlp" sets no http endpoint, so it listens on localhost:4318 only '
         "(the default since Collector v0.104.0)"),
    ]


def test_collector_version_from_image():
    assert collector_version("otel/opentelemetry-collector-contrib:0.98.0") == (0, 98, 0)
    assert collector_version("ghcr.io/open-telemetry/opentelemetry-collector-releases/otelcol-k8s:v0.111.1") == (
        0, 111, 1,
    )
    assert collector_version("otel/opentelemetry-collector:latest") is None
    assert collector_version("nginx:0.98.0") is None
    assert collector_version("otel/opentelemetry-collector@sha256:abc") is None
    assert collector_version(None) is None


def test_non_mapping_configs_have_no_findings():
    for config in (None, [], "x", 3, {"service": []}, {"service": {"pipelines": []}}):
        assert analyze(config).findings == []
    assert otel.pipelines({"service": {"pipelines": {"traces": "x"}}}) == []


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8))
_keys = st.one_of(
    st.sampled_from(
        ["receivers", "processors", "exporters", "connectors", "extensions", "service", "pipelines",
         "otlp", "logging", "debug", "protocols", "grpc", "http", "endpoint", "loglevel", "logLevel", "traces"]
    ),
    st.text(max_size=6),
)
_yaml_like = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=5)),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(_yaml_like)
def test_analysis_never_raises_on_yaml_shaped_data(config):
    result = analyze(config)
    for finding in result.findings:
        assert isinstance(finding.path, tuple) and isinstance(finding.message, str)


def test_env_references_are_resolved_at_run_time_so_not_judged():
    config = {
        "receivers": {"nop": None},
        "processors": "${file:/etc/processors.yaml}",
        "exporters": {"nop": None},
        "service": {
            "pipelines": {
                "traces": {"receivers": "${env:RECEIVERS}", "processors": ["batch"], "exporters": ["nop"]},
                "logs": {"receivers": ["${env:RECEIVER}"], "exporters": ["nop", "${env:EXTRA}"]},
            }
        },
    }
    assert analyze(config).findings == []
