import pytest

from k8slint import tracing
from k8slint.tracing import (
    APISERVER_TRACING,
    KUBELET_TRACING,
    FieldError,
    GateSetting,
    GoURLError,
    effective_gates,
    endpoint_errors,
    endpoint_port,
    go_quote,
    go_url_parse,
    parse_feature_gates_flag,
    parse_feature_gates_map,
    sampling_rate_errors,
    served_tracing_versions,
    tracing_block_errors,
    tracing_version_error,
    unknown_fields,
)

UNSUPPORTED = (
    "unsupported scheme: {}.  Options are none, dns, unix, or unix-abstract.  "
    "See https://github.com/grpc/grpc/blob/master/doc/naming.md"
)


@pytest.mark.parametrize(
    "endpoint",
    [
        "localhost:4317",
        "svc.ns.svc:4317",
        "[::1]:4317",
        "collector",
        "dns:///collector:4317",
        "dns://8.8.8.8/collector:4317",
        "unix:///var/run/otel.sock",
        "unix-abstract://otel",
        "",
        "10.0.0.1:4317",
        "[fe80::1%25eth0]:4317",
        "user@collector:4317",
        "collector:",
        "collector:4317/path?query#frag",
    ],
)
def test_endpoints_kubernetes_accepts(endpoint):
    assert endpoint_errors(endpoint) == []


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://collector:4318", 'invalid value "http://collector:4318": ' + UNSUPPORTED.format("http")),
        ("https://collector", 'invalid value "https://collector": ' + UNSUPPORTED.format("https")),
        ("grpc://collector:4317", 'invalid value "grpc://collector:4317": ' + UNSUPPORTED.format("grpc")),
        ("HTTP://collector", 'invalid value "HTTP://collector": ' + UNSUPPORTED.format("http")),
        ("//collector:4317", 'invalid value "//collector:4317": ' + UNSUPPORTED.format("")),
        # "//" anywhere disables the dns:// prefix, so "localhost" is read as a scheme.
        ("localhost:4317//x", 'invalid value "localhost:4317//x": ' + UNSUPPORTED.format("localhost")),
        (
            "collector:abc",
            'invalid value "dns://collector:abc": parse "dns://collector:abc": invalid port ":abc" after host',
        ),
        # No "//": the prefix makes "unix-abstract" a host and "name" a port.
        (
            "unix-abstract:name",
            'invalid value "dns://unix-abstract:name": parse "dns://unix-abstract:name": '
            'invalid port ":name" after host',
        ),
        ("[::1", 'invalid value "dns://[::1": parse "dns://[::1": missing \']\' in host'),
        ("[::1]x", 'invalid value "dns://[::1]x": parse "dns://[::1]x": invalid port "x" after host'),
        ("a b:1", 'invalid value "dns://a b:1": parse "dns://a b:1": invalid character " " in host name'),
        ("%41:1", 'invalid value "dns://%41:1": parse "dns://%41:1": invalid URL escape "%41"'),
        ("x:1/%zz", 'invalid value "dns://x:1/%zz": parse "dns://x:1/%zz": invalid URL escape "%zz"'),
        ("x:1#%z", 'invalid value "dns://x:1#%z": parse "dns://x:1#%z": invalid URL escape "%z"'),
        ("a\tb:1", 'invalid value "dns://a\\tb:1": parse "dns://a\\tb:1": net/url: invalid control character in URL'),
        ("u{}@x:1", 'invalid value "dns://u{}@x:1": parse "dns://u{}@x:1": net/url: invalid userinfo'),
        ("://x", 'invalid value "://x": parse "://x": missing protocol scheme'),
    ],
)
def test_endpoints_kubernetes_rejects_with_its_message(endpoint, message):
    assert endpoint_errors(endpoint) == [message]


def test_endpoint_of_wrong_type_is_a_decode_error():
    assert endpoint_errors(4317) == ["must be a string, not a number"]
    assert endpoint_errors(None) == []


def test_go_url_parse_splits_like_go():
    url = go_url_parse("dns://user:pw@host:53/path/x?q=1#frag")
    assert (url.scheme, url.user, url.host, url.path, url.raw_query, url.fragment) == (
        "dns", "user:pw", "host:53", "/path/x", "q=1", "frag",
    )
    assert go_url_parse("mailto:someone").opaque == "someone"
    assert go_url_parse("*").path == "*"
    with pytest.raises(GoURLError, match="first path segment in URL cannot contain colon"):
        go_url_parse("1a:b")


def test_go_quote_matches_strconv_quote():
    assert go_quote('a"b\\c') == '"a\\"b\\\\c"'
    assert go_quote("\n\x01\x7f") == '"\\n\\x01\\x7f"'
    assert go_quote("é") == '"é"'
    assert go_quote("\u200b") == '"\\u200b"'


@pytest.mark.parametrize(
    ("endpoint", "port"),
    [
        ("localhost:4318", 4318),
        ("[::1]:9411", 9411),
        ("dns:///jaeger-query:16686", 16686),
        ("dns://1.1.1.1/collector:4317", 4317),
        ("collector", 443),
        ("unix:///run/otel.sock", None),
        (None, 4317),
        ("http://x:4318", None),
        ("dns:collector:4318", 4318),  # grpc-go reads the opaque part of a registered scheme
        ("passthrough:///collector:9411", 9411),
        ("unix-abstract:otel", None),
        ("", None),
    ],
)
def test_endpoint_port(endpoint, port):
    assert endpoint_port(endpoint) == port


@pytest.mark.parametrize(
    ("value", "errors"),
    [
        (None, []),
        (0, []),
        (100, []),
        (1_000_000, []),
        (100.0, []),  # sigs.k8s.io/yaml prints an integral float as digits: it decodes into int32
        (-1, ["invalid value -1: sampling rate must be positive"]),
        (1_000_001, ["invalid value 1000001: sampling rate per million must be less than or equal to one million"]),
        (0.5, ["must be an integer, not 0.5"]),
        ("100", ['must be an integer, not the string "100"']),
        (True, ["must be an integer, not the boolean true"]),
        (1 << 31, ["2147483648 does not fit in a 32-bit integer"]),
        ([1], ["must be an integer, not a list"]),
    ],
)
def test_sampling_rate(value, errors):
    assert sampling_rate_errors(value) == errors


def test_tracing_block_errors_names_each_field():
    assert tracing_block_errors({"endpoint": "http://x", "samplingRatePerMillion": -5}) == [
        FieldError("samplingRatePerMillion", "invalid value -5: sampling rate must be positive"),
        FieldError("endpoint", 'invalid value "http://x": ' + UNSUPPORTED.format("http")),
    ]
    assert tracing_block_errors({"samplingRatePerMillion": 100}) == []


def test_served_versions_by_release():
    assert served_tracing_versions((1, 21)) == []
    assert served_tracing_versions((1, 26)) == ["apiserver.config.k8s.io/v1alpha1"]
    assert served_tracing_versions((1, 34)) == [
        "apiserver.config.k8s.io/v1alpha1",
        "apiserver.config.k8s.io/v1beta1",
        "apiserver.config.k8s.io/v1",
    ]


def test_tracing_version_error():
    assert tracing_version_error("apiserver.config.k8s.io/v1beta1", (1, 27)) is None
    assert tracing_version_error("apiserver.config.k8s.io/v1", (1, 33)) == (
        'apiVersion "apiserver.config.k8s.io/v1" is served only since Kubernetes 1.34, not in 1.33'
    )
    assert tracing_version_error("apiserver.k8s.io/v1", (1, 26)) == (
        'apiVersion "apiserver.k8s.io/v1" is not a TracingConfiguration version '
        '(served in 1.26: "apiserver.config.k8s.io/v1alpha1")'
    )
    assert tracing_version_error(None, (1, 30)) == "apiVersion is missing; the file cannot be decoded"


def test_unknown_fields_are_case_sensitive():
    value = {"apiVersion": "v", "kind": "k", "Endpoint": "x", "samplingRatePerMillion": 1, "metadata": {}}
    assert unknown_fields(value, tracing.STANDALONE_FIELDS) == ["Endpoint", "metadata"]
    assert tracing.strict_decoding((1, 31)) is False
    assert tracing.strict_decoding((1, 32)) is True


@pytest.mark.parametrize(
    ("version", "stage", "default"),
    [((1, 21), "unknown", False), ((1, 22), "alpha", False), ((1, 26), "alpha", False),
     ((1, 27), "beta", True), ((1, 34), "ga", True), ((1, 37), "removed", True)],
)
def test_apiserver_tracing_gate_history(version, stage, default):
    assert APISERVER_TRACING.stage(version) == stage
    assert APISERVER_TRACING.default(version) is default


def test_kubelet_tracing_gate_history():
    assert KUBELET_TRACING.stage((1, 24)) == "unknown"
    assert KUBELET_TRACING.stage((1, 25)) == "alpha"
    assert KUBELET_TRACING.stage((1, 27)) == "beta"
    assert KUBELET_TRACING.stage((1, 37)) == "ga"
    assert KUBELET_TRACING.stage((1, 38)) == "removed"


def test_gate_enabled_respects_settings_until_locked():
    assert KUBELET_TRACING.enabled({}, (1, 26)) is False
    assert KUBELET_TRACING.enabled({"KubeletTracing": True}, (1, 26)) is True
    assert KUBELET_TRACING.enabled({"KubeletTracing": False}, (1, 30)) is False
    assert KUBELET_TRACING.enabled({"KubeletTracing": False}, (1, 34)) is True
    assert APISERVER_TRACING.enabled({}, (1, 21)) is False


def test_gate_setting_problems():
    assert APISERVER_TRACING.setting_problem(True, (1, 30)) is None
    assert APISERVER_TRACING.setting_problem(True, (1, 34)) == (
        False, "feature gate APIServerTracing is GA and locked to true since 1.34; setting it has no effect"
    )
    assert KUBELET_TRACING.setting_problem(False, (1, 35)) == (
        True, "cannot set feature gate KubeletTracing to false, feature is locked to true (GA since 1.34)"
    )
    assert APISERVER_TRACING.setting_problem(True, (1, 37)) == (
        True, "unrecognized feature gate: APIServerTracing (Kubernetes 1.37; the gate was removed in 1.37)"
    )
    assert KUBELET_TRACING.setting_problem(True, (1, 38)) == (
        True, "unrecognized feature gate: KubeletTracing (Kubernetes 1.38; the gate was removed in 1.38)"
    )
    assert KUBELET_TRACING.setting_problem(True, (1, 24)) == (
        True, "unrecognized feature gate: KubeletTracing (Kubernetes 1.24; the gate was added in 1.25)"
    )


def test_parse_feature_gates_flag_like_featuregate_set():
    assert parse_feature_gates_flag("APIServerTracing=true, Other = F ,,Third=1") == [
        GateSetting("APIServerTracing", True),
        GateSetting("Other", False),
        GateSetting("Third", True),
    ]
    assert parse_feature_gates_flag("A=yes,B") == [
        GateSetting("A", None, 'invalid value of A=yes, err: strconv.ParseBool: parsing "yes": invalid syntax'),
        GateSetting("B", None, "missing bool value for B"),
    ]
    assert parse_feature_gates_flag("") == []


def test_effective_gates_later_entries_win():
    settings = parse_feature_gates_flag("APIServerTracing=true") + parse_feature_gates_flag("APIServerTracing=false")
    assert effective_gates(settings) == {"APIServerTracing": False}


def test_parse_feature_gates_map():
    assert parse_feature_gates_map({"KubeletTracing": True, "Other": "yes", "Third": None}) == [
        GateSetting("KubeletTracing", True),
        GateSetting("Other", None, 'feature gate Other must be true or false, not "yes"'),
        GateSetting("Third", None, "feature gate Third must be true or false, not null"),
    ]
    assert parse_feature_gates_map(["KubeletTracing"]) == []
