from tests.helpers import check_fixture, messages, positions

RULE = "sidecar-log-file-not-shared"

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
    - name: count
      image: busybox:1.28
      args: [/bin/sh, -c, "while true; do date >> /var/log/app/1.log; sleep 1; done"]
      volumeMounts: [{name: varlog, mountPath: /var/log/app}]
    - name: count-log
      image: busybox:1.28
      args: [/bin/sh, -c, "tail -n+1 -F /var/log/1.log"]
      volumeMounts: [{name: varlog, mountPath: /var/log/app}]
  volumes: [{name: varlog, emptyDir: {}}]
"""



def test_position_and_message():
    assert positions(POD, RULE) == [(12, 27)]
    assert messages(POD, RULE) == [
        'container "count-log" tails "/var/log/1.log", which is on no volume: no other container can write it'
    ]


def test_reading_through_the_mount_is_clean():
    assert positions(POD.replace("-F /var/log/1.log", "-F /var/log/app/1.log"), RULE) == []


def test_in_tail_finding_points_inside_the_configmap():
    report = check_fixture(
        "sidecar-log-file-not-shared.yaml", extra_files=("sidecar-log-file-not-shared-configmap.yaml",)
    )
    (finding,) = [f for f in report.findings if f.obj.kind == "ConfigMap"]
    assert (finding.line, finding.column) == (18, 27)  # the second of the comma-separated paths
    assert finding.message == (
        'in_tail path "/tmp/app/2.log" read by container "count-agent" of Pod/agent is on no volume: '
        "no other container can write it"
    )


FLUENT_BIT = """\
apiVersion: v1
kind: Pod
metadata: {name: fluent-bit-agent}
spec:
  containers:
    - name: count
      image: busybox:1.28
      args: [/bin/sh, -c, "while true; do date >> /var/log/1.log; sleep 1; done"]
      volumeMounts: [{name: varlog, mountPath: /var/log}]
    - name: agent
      image: cr.fluentbit.io/fluent/fluent-bit:3.1
      volumeMounts:
        - {name: varlog, mountPath: /var/log}
        - {name: data, mountPath: /data}
        - {name: config, mountPath: /fluent-bit/etc/fluent-bit.conf, subPath: fluent-bit.conf}
  volumes:
    - {name: varlog, emptyDir: {}}
    - {name: data, emptyDir: {}}
    - {name: config, configMap: {name: agent-fluent-bit-config}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: agent-fluent-bit-config}
data:
  fluent-bit.conf: |
    [INPUT]
        Name   tail
        Path   /var/log/1.log
        DB     /var/log/flb.db
    [INPUT]
        Name   tail
        Path   /var/log/*.log,/data/1.log
    [OUTPUT]
        Name   stdout
        Match  *
"""


def test_fluent_bit_tail_path_points_inside_the_configmap():
    assert positions(FLUENT_BIT, RULE) == [(32, 31)]
    assert messages(FLUENT_BIT, RULE) == [
        'tail input Path "/data/1.log" read by container "agent" of Pod/fluent-bit-agent is on volume "data" '
        "where no other container sees it"
    ]
    assert positions(FLUENT_BIT.replace(",/data/1.log", ""), RULE) == []
