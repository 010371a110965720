from tests.helpers import messages, positions

RULE = "streaming-sidecar-duplicates-logs"

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
    - name: count
      image: busybox:1.28
      args: [/bin/sh, -c, "while true; do date >> /var/log/1.log; sleep 1; done"]
      volumeMounts: [{name: varlog, mountPath: /var/log}]
    - name: count-log-1
      image: busybox:1.28
      args: [/bin/sh, -c, "tail -n+1 -F /var/log/1.log"]
      volumeMounts: [{name: varlog, mountPath: /var/log}]
  volumes: [{name: varlog, emptyDir: {}}]
"""



def test_position_and_message():
    assert positions(POD, RULE) == [(12, 27)]
    assert messages(POD, RULE) == [
        'container "count-log-1" streams "/var/log/1.log", the only log file container "count" writes, '
        "so the node stores that log twice"
    ]


def test_a_second_file_makes_the_sidecar_worthwhile():
    two_files = POD.replace("date >> /var/log/1.log;", "date >> /var/log/1.log; date >> /var/log/2.log;")
    assert positions(two_files, RULE) == []
