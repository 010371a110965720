from tests.helpers import messages, positions

RULE = "pod-matched-by-controller"



TEXT = """\
apiVersion: v1
kind: Pod
metadata:
  name: cache-0
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
kind: ReplicaSet
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


def test_a_statefulset_claims_only_pods_its_name_is_the_parent_of():
    # kubernetes pkg/controller/statefulset/stateful_set_utils.go: statefulPodRegex "(.*)-([0-9]+)$"
    for name, adopted in [("cache-0", True), ("cache-12", True), ("cache", False), ("cache-0-1", False),
                          ("cache-x", False), ("my-cache-0", False)]:
        text = TEXT.replace("name: cache-0", f"name: {name}").replace("matchLabels: {tier: frontend}", "matchLabels: {tier: web}")
        assert bool(positions(text, RULE)) is adopted, name


def test_a_deployment_never_adopts_a_bare_pod():
    # Its ReplicaSets select pod-template-hash too: kubernetes pkg/controller/deployment/sync.go getNewReplicaSet.
    text = TEXT.replace("kind: ReplicaSet", "kind: Deployment").replace("name: cache-0", "name: debug")
    assert positions(text, RULE) == []
    assert messages(TEXT.replace("kind: ReplicaSet", "kind: Deployment"), RULE) == [
        "Pod labels match the selector of StatefulSet/cache, which would adopt this Pod (see test.yaml:13)"
    ]
