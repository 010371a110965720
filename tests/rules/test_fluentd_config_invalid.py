from tests.helpers import messages, positions

RULE = "fluentd-config-invalid"

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: fluentd-config}
data:
  fluentd.conf: |
    <source>
      @type tail
      path /var/log/1.log
      <parse>
        @type none
      </parse>
    </source>
    <match **>
      @type stdout
"""



def test_positions_inside_the_block_scalar():
    assert positions(CONFIGMAP, RULE) == [(6, 5), (13, 5)]
    assert messages(CONFIGMAP, RULE) == [
        "in_tail source has no 'tag' parameter",
        "<match> is never closed: expected '</match>' before the end of the file",
    ]
