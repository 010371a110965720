from tests.helpers import lint, messages, positions

RULE = "logging-agent-config-missing"

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
    - name: count-agent
      image: registry.k8s.io/fluentd-gcp:1.30
      env:
        - {name: FLUENTD_ARGS, value: -c /etc/fluentd-config/fluentd.conf}
      volumeMounts: [{name: config-volume, mountPath: /etc/fluentd-config}]
  volumes:
    - {name: config-volume, configMap: {name: fluentd-config}}
"""

CONFIGMAP = """\
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fluentd-config}
data:
  fluent.conf: "<source>\\n  @type forward\\n</source>\\n"
"""



def test_missing_key_is_an_error_at_the_env_value():
    text = POD + CONFIGMAP
    assert positions(text, RULE) == [(9, 39)]
    assert messages(text, RULE) == [
        'ConfigMap "fluentd-config" has no key "fluentd.conf" for config file "/etc/fluentd-config/fluentd.conf" '
        'of container "count-agent"'
    ]
    assert positions(text.replace("fluent.conf:", "fluentd.conf:"), RULE) == []


STRICT = {"rules": {RULE: {"strict": True}}}


def test_configmap_outside_the_apply_set_is_reported_only_when_strict():
    """It is often applied separately (the documentation's own example keeps it in a sibling file)."""
    assert lint(POD, select=[RULE]).findings == []
    (strict,) = lint(POD, select=[RULE], config=STRICT).findings
    assert str(strict.severity) == "error"
    assert strict.message == (
        'ConfigMap "fluentd-config", which provides config file "/etc/fluentd-config/fluentd.conf" of container '
        '"count-agent", is not in the apply set'
    )


def test_configmap_in_another_namespace_does_not_count():
    other = CONFIGMAP.replace("fluent.conf:", "fluentd.conf:").replace("{name: fluentd-config}", "{name: fluentd-config, namespace: logging}")
    assert messages(POD + other, RULE, config=STRICT)[0].endswith("is not in the apply set")


FLUENT_BIT = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      containers:
        - name: fluent-bit
          image: cr.fluentbit.io/fluent/fluent-bit:3.1
          volumeMounts: [{name: config, mountPath: /fluent-bit/etc/}]
      volumes:
        - {name: config, configMap: {name: fluent-bit-config}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fluent-bit-config}
data:
  fluent-bit.yaml: "pipeline: {}"
"""


def test_fluent_bit_default_config_hidden_by_a_configmap():
    assert positions(FLUENT_BIT, RULE) == [(12, 26)]
    assert messages(FLUENT_BIT, RULE) == [
        'ConfigMap "fluent-bit-config" has no key "fluent-bit.conf" for config file "/fluent-bit/etc/fluent-bit.conf" '
        'of container "fluent-bit"'
    ]
    assert positions(FLUENT_BIT.replace("fluent-bit.yaml:", "fluent-bit.conf:"), RULE) == []


def test_fluent_bit_explicit_config():
    text = FLUENT_BIT.replace(
        "image: cr.fluentbit.io/fluent/fluent-bit:3.1",
        "image: cr.fluentbit.io/fluent/fluent-bit:3.1\n          args: [/fluent-bit/bin/fluent-bit, -c, /fluent-bit/etc/fluent-bit.yaml]",
    )
    assert positions(text, RULE) == []
