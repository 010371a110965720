from tests.helpers import messages, positions

RULE = "missing-selector"



def test_missing_selector_points_at_spec():
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: web}}
"""
    assert positions(text, RULE) == [(4, 1)]
    assert messages(text, RULE) == ["Deployment has no spec.selector; apps/v1 requires one and does not default it"]


def test_empty_selector_message_names_the_kind():
    text = """\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {}}
  template: {metadata: {labels: {app: db}}}
"""
    assert positions(text, RULE) == [(6, 13)]
    assert messages(text, RULE) == [
        "spec.selector is empty, which the API server rejects (empty selector is invalid for statefulset)"
    ]


def test_other_kinds_and_versions_are_not_checked():
    text = """\
apiVersion: apps/v1beta2
kind: Deployment
metadata: {name: old}
spec: {template: {metadata: {labels: {app: web}}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: j, image: "busybox:1.36"}]}}}
"""
    assert positions(text, RULE) == []
