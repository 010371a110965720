from tests.helpers import messages, positions

RULE = "fluentd-unreachable-match"

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: fluentd-config}
data:
  fluentd.conf: |
    <match app.**>
      @type forward
    </match>
    <match app.web>
      @type stdout
    </match>
"""



def test_position_and_message():
    assert positions(CONFIGMAP, RULE) == [(9, 5)]
    assert messages(CONFIGMAP, RULE) == [
        "<match app.web> is unreachable: the <match app.**> on line 1 of fluentd.conf matches every tag it matches"
    ]


def test_specific_first_is_clean():
    swapped = CONFIGMAP.replace("<match app.**>", "<match TMP>").replace("<match app.web>", "<match app.**>")
    assert positions(swapped.replace("<match TMP>", "<match app.web>"), RULE) == []
