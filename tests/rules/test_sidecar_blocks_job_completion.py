from tests.helpers import messages, positions

RULE = "sidecar-blocks-job-completion"

JOB = """\
apiVersion: batch/v1
kind: Job
metadata: {name: report}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: report, image: "report:1.0"}
        - name: log
          image: busybox:1.28
          args: [/bin/sh, -c, "tail -n+1 -F /var/log/report.log"]
"""



def test_native_sidecar_is_named_from_1_29():
    assert positions(JOB, RULE) == [(10, 17)]
    assert messages(JOB, RULE, config={"kubernetesVersion": "1.29"}) == [
        'container "log" runs tail -F /var/log/report.log and never exits, so the Job never completes; '
        "Kubernetes 1.29 supports native sidecars (initContainers with restartPolicy: Always), "
        "which do not keep a Job running"
    ]


def test_no_native_sidecar_before_1_29():
    assert messages(JOB, RULE, config={"kubernetesVersion": "1.28"}) == [
        'container "log" runs tail -F /var/log/report.log and never exits, so the Job never completes'
    ]


def test_fluent_bit_agent():
    text = JOB.replace(
        'image: busybox:1.28\n          args: [/bin/sh, -c, "tail -n+1 -F /var/log/report.log"]',
        "image: cr.fluentbit.io/fluent/fluent-bit:3.1",
    )
    assert messages(text, RULE, config={"kubernetesVersion": "1.28"}) == [
        'container "log" runs the Fluent Bit logging agent and never exits, so the Job never completes'
    ]
