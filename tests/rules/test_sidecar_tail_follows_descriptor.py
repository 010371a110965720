from tests.helpers import messages, positions

RULE = "sidecar-tail-follows-descriptor"

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
    - name: count-log-1
      image: busybox:1.28
      args: [/bin/sh, -c, "tail -n+1 -f /var/log/1.log"]
"""



def test_points_at_the_script_and_names_the_file():
    assert positions(POD, RULE) == [(8, 27)]
    assert messages(POD, RULE) == [
        'container "count-log-1" follows "/var/log/1.log" with tail -f, by file descriptor: '
        "after rotation it keeps reading the old file"
    ]


def test_follow_by_name_is_clean():
    assert positions(POD.replace("-f /var", "-F /var"), RULE) == []


def test_unparseable_script_is_skipped():
    assert positions(POD.replace('"tail -n+1 -f /var/log/1.log"', "\"tail -f '/var/log/1.log\""), RULE) == []
