import pytest

from k8slint.model import Severity
from tests.helpers import lint

RULE = "etcd-tracing-flags"

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: etcd, namespace: kube-system}
spec:
  containers:
    - name: etcd
      image: {image}
      command:
        - etcd
        - --experimental-enable-distributed-tracing=true
"""


def _findings(image):
    return _findings_of(POD.replace("{image}", image))



def test_severity_follows_the_image_tag():
    assert _findings("registry.k8s.io/etcd:3.5.21-0") == []
    assert _findings("registry.k8s.io/etcd:3.6.4-0") == [
        (10, 11, Severity.WARNING,
         "--experimental-enable-distributed-tracing is deprecated in etcd 3.6.4 and removed in 3.7; "
         "use --enable-distributed-tracing")
    ]
    assert _findings("registry.k8s.io/etcd:v3.7.1") == [
        (10, 11, Severity.ERROR,
         "flag provided but not defined: -experimental-enable-distributed-tracing (etcd 3.7.1 knows only "
         "--enable-distributed-tracing)")
    ]
    assert _findings("my-registry/etcd-custom") == [
        (10, 11, Severity.WARNING,
         "--experimental-enable-distributed-tracing is deprecated since etcd 3.6 and removed in 3.7; "
         "use --enable-distributed-tracing")
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", 'invalid value "abc" for flag -distributed-tracing-sampling-rate: parse error'),
        ("-1", "--distributed-tracing-sampling-rate=-1: tracing sampling rate must be positive"),
        ("0x10", None),
        ("1_000", None),
    ],
)
def test_sampling_rate_values(value, message):
    text = POD.replace("{image}", "registry.k8s.io/etcd:3.6.4-0").replace(
        "- --experimental-enable-distributed-tracing=true",
        f"- --enable-distributed-tracing\n        - --distributed-tracing-sampling-rate={value}",
    )
    found = [f.message for f in lint(text, select=[RULE]).findings]
    assert found == ([message] if message else [])


def test_invalid_enable_value():
    text = POD.replace("{image}", "registry.k8s.io/etcd:3.6.4-0").replace(
        "--experimental-enable-distributed-tracing=true", "--enable-distributed-tracing=yes"
    )
    assert [f.message for f in lint(text, select=[RULE]).findings] == [
        'invalid boolean value "yes" for -enable-distributed-tracing: parse error'
    ]


def test_values_from_env_references_are_not_judged():
    text = POD.replace("{image}", "registry.k8s.io/etcd:3.6.4-0").replace(
        "- --experimental-enable-distributed-tracing=true",
        '- "--enable-distributed-tracing=$(TRACING)"\n        - "--distributed-tracing-sampling-rate=$(RATE)"',
    )
    assert lint(text, select=[RULE]).findings == []


def test_etcd_started_by_a_shell_script_is_checked():
    text = POD.replace("{image}", "registry.k8s.io/etcd:3.6.4-0").replace(
        "        - etcd\n        - --experimental-enable-distributed-tracing=true\n",
        "        - /bin/sh\n        - -c\n        - exec etcd --experimental-enable-distributed-tracing=true\n",
    )
    assert _findings_of(text) == [
        (11, 11, Severity.WARNING,
         "--experimental-enable-distributed-tracing is deprecated in etcd 3.6.4 and removed in 3.7; "
         "use --enable-distributed-tracing")
    ]


# etcd-io/etcd server/etcdmain/help.go, --config-file: "Note that if a configuration file is provided, other
# command line flags and environment variables will be ignored."
def test_tracing_flags_beside_a_config_file_are_ignored():
    text = POD.replace("{image}", "registry.k8s.io/etcd:3.6.4-0").replace(
        "        - --experimental-enable-distributed-tracing=true\n",
        "        - --config-file=/etc/etcd/etcd.yaml\n        - --enable-distributed-tracing\n"
        "        - --distributed-tracing-address=otel:4317\n",
    )
    assert _findings_of(text) == [
        (11, 11, Severity.WARNING,
         "--enable-distributed-tracing is ignored: etcd is started with --config-file and takes its settings "
         "from that file only (key enable-distributed-tracing)"),
        (12, 11, Severity.WARNING,
         "--distributed-tracing-address is ignored: etcd is started with --config-file and takes its settings "
         "from that file only (key distributed-tracing-address)"),
    ]


def test_a_flag_the_release_does_not_define_stops_etcd_even_with_a_config_file():
    text = POD.replace("{image}", "registry.k8s.io/etcd:3.5.15-0").replace(
        "        - --experimental-enable-distributed-tracing=true\n",
        "        - --config-file=/etc/etcd/etcd.yaml\n        - --enable-distributed-tracing\n",
    )
    assert _findings_of(text) == [
        (11, 11, Severity.ERROR,
         "flag provided but not defined: -enable-distributed-tracing (etcd 3.5.15 knows only "
         "--experimental-enable-distributed-tracing)")
    ]


def _findings_of(text):
    return [(f.line, f.column, f.severity, f.message) for f in lint(text, select=[RULE]).findings]
