from tests.helpers import messages, positions

RULE = "pod-matched-by-controller"



TEXT = """\
apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels: {tier: frontend, track: canary}
spec: {containers: [{name: c, image: "busybox:1.36"}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec:
  serviceName: cache
  selector:
    matchExpressions: [{key: tier, operator: In, values: [frontend, cache]}]
  template: {metadata: {labels: {tier: cache}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {tier: frontend}}
  template: {metadata: {labels: {tier: frontend}}}
"""


def test_names_the_first_controller_and_counts_the_rest():
    assert positions(TEXT, RULE) == [(5, 3)]
    assert messages(TEXT, RULE) == [
        "Pod labels match the selector of StatefulSet/cache, which would adopt this Pod "
        "(and 1 more controller) (see test.yaml:13)"
    ]


def test_negative_requirements_match_a_pod_without_the_label():
    text = TEXT.replace("[{key: tier, operator: In, values: [frontend, cache]}]", "[{key: tier, operator: NotIn, values: [x]}]")
    text = text.replace("labels: {tier: cache}", "labels: {role: cache}").replace(
        "matchLabels: {tier: frontend}", "matchLabels: {tier: backend}"
    )
    assert messages(text, RULE) == [
        "Pod labels match the selector of StatefulSet/cache, which would adopt this Pod (see test.yaml:13)"
    ]
