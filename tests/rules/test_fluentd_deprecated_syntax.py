from tests.helpers import messages, positions

RULE = "fluentd-deprecated-syntax"

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: fluentd-config}
data:
  fluentd.conf: |
    <match **>
      type google_cloud
    </match>
"""



def test_position_is_the_line_inside_the_configmap():
    assert positions(CONFIGMAP, RULE) == [(7, 7)]
    assert messages(CONFIGMAP, RULE) == ["'type' is a deprecated parameter name (fluentd v0.14+); use '@type'"]


def test_not_a_fluentd_config_is_ignored():
    assert positions(CONFIGMAP.replace("<match **>", "match:").replace("</match>", ""), RULE) == []
