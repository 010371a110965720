from tests.helpers import messages, positions

RULE = "selector-template-mismatch"



def test_position_and_message():
    text = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector:
    matchLabels: {app: agent}
    matchExpressions: [{key: track, operator: In, values: [stable, canary]}]
  template:
    metadata:
      labels: {app: agent, track: beta}
"""
    assert positions(text, RULE) == [(10, 7)]
    assert messages(text, RULE) == [
        'selector "app=agent,track in (canary,stable)" does not match the Pod template labels '
        '(app=agent,track=beta): "track in (canary,stable)" fails (see test.yaml:5)'
    ]


def test_not_in_and_does_not_exist_hold_when_the_label_is_absent():
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector:
    matchLabels: {app: web}
    matchExpressions:
      - {key: track, operator: NotIn, values: [canary]}
      - {key: legacy, operator: DoesNotExist}
  template:
    metadata:
      labels: {app: web}
"""
    assert positions(text, RULE) == []


def test_cronjob_selectors_are_left_to_job_selector_rejected():
    # pkg/apis/batch/validation/validation.go ValidateJobTemplateSpec refuses any jobTemplate selector
    # ("`selector` will be auto-generated") and manualSelector: true, and does not compare it with the labels.
    text = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      manualSelector: true
      selector: {matchLabels: {job: nightly}}
      template:
        metadata:
          labels: {job: daily}
        spec: {restartPolicy: Never, containers: [{name: j, image: "busybox:1.36"}]}
"""
    assert positions(text, RULE) == []
    assert positions(text, "job-selector-rejected") == [(8, 23), (9, 17)]
