from tests.helpers import lint, messages, positions

RULE = "selector-overlap"



TWO_NGINX_REPLICASETS = """\
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend}
spec:
  replicas: 3
  selector:
    matchLabels: {app: nginx}
  template:
    metadata: {labels: {app: nginx}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend-copy}
spec:
  replicas: 3
  selector:
    matchLabels: {app: nginx}
  template:
    metadata: {labels: {app: nginx}}
"""


def test_two_replicasets_selecting_app_nginx_are_reported_on_both():
    assert positions(TWO_NGINX_REPLICASETS, RULE) == [(6, 3), (16, 3)]
    assert messages(TWO_NGINX_REPLICASETS, RULE) == [
        "selector overlaps with ReplicaSet/frontend-copy: both would claim the same Pods (see test.yaml:16)",
        "selector overlaps with ReplicaSet/frontend: both would claim the same Pods (see test.yaml:6)",
    ]


GUESTBOOK = """\
apiVersion: v1
kind: Service
metadata: {name: frontend}
spec:
  selector: {app: guestbook, tier: frontend}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend}
spec:
  replicas: 3
  selector:
    matchLabels: {app: guestbook, tier: frontend, track: stable}
  template:
    metadata: {labels: {app: guestbook, tier: frontend, track: stable}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend-canary}
spec:
  replicas: 1
  selector:
    matchLabels: {app: guestbook, tier: frontend, track: canary}
  template:
    metadata: {labels: {app: guestbook, tier: frontend, track: canary}}
"""


def test_guestbook_canary_produces_no_finding_at_all():
    report = lint(GUESTBOOK, select=["K11"])
    assert report.findings == []


def test_objects_without_namespace_are_in_the_default_namespace():
    text = TWO_NGINX_REPLICASETS.replace("name: frontend-copy}", "name: frontend-copy, namespace: apps}")
    assert positions(text, RULE) == []
    assert len(positions(text, RULE, config={"defaultNamespace": "apps"})) == 2


def test_many_copies_name_the_first_and_count_the_others():
    documents = TWO_NGINX_REPLICASETS.split("---\n")[0]
    text = "---\n".join(documents.replace("name: frontend}", f"name: rs-{n}}}") for n in range(4))
    assert messages(text, RULE)[0] == (
        "selector overlaps with ReplicaSet/rs-1: both would claim the same Pods (and 2 more controllers) (see test.yaml:16)"
    )


def test_deployment_and_its_owned_replicaset_do_not_count():
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-abc
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: 42, controller: true}]
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}}
"""
    assert positions(text, RULE) == []


def test_job_counts_only_with_manual_selector():
    job = """\
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  manualSelector: MANUAL
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {restartPolicy: Never, containers: [{name: j, image: "busybox:1.36"}]}
"""
    single = TWO_NGINX_REPLICASETS.split("---\n")[0]
    assert positions(single + "---\n" + job.replace("MANUAL", "false"), RULE) == []
    assert positions(single + "---\n" + job.replace("MANUAL", "true"), RULE) == [(6, 3), (16, 3)]


def test_replication_controller_without_selector_uses_its_template_labels():
    text = TWO_NGINX_REPLICASETS.split("---\n")[0] + """\
---
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy}
spec:
  template:
    metadata: {labels: {app: nginx, version: old}}
"""
    assert positions(text, RULE) == [(6, 3), (14, 1)]


def _severities(text):
    return [(finding.line, str(finding.severity)) for finding in lint(text, select=[RULE]).findings]


def test_two_deployments_overlap_as_a_warning():
    # Each ReplicaSet a Deployment creates selects its own pod-template-hash
    # (kubernetes pkg/controller/deployment/sync.go getNewReplicaSet): no Pod changes hands.
    text = TWO_NGINX_REPLICASETS.replace("kind: ReplicaSet", "kind: Deployment")
    assert _severities(text) == [(6, "warning"), (16, "warning")]
    assert messages(text, RULE)[0] == (
        "selector overlaps with Deployment/frontend-copy: neither adopts the other's Pods, but HPA, "
        "PodDisruptionBudget and kubectl selections by these selectors mix their Pods (see test.yaml:16)"
    )


def test_a_replicaset_matching_a_deployments_pods_is_an_error_on_both():
    # The ReplicaSet adopts the Deployment's orphaned Pods (kubernetes replica_set.go claimPods).
    text = TWO_NGINX_REPLICASETS.replace("kind: ReplicaSet\nmetadata: {name: frontend}", "kind: Deployment\nmetadata: {name: frontend}")
    assert _severities(text) == [(6, "error"), (16, "error")]


def test_a_configured_level_wins_over_the_pair_severity():
    text = TWO_NGINX_REPLICASETS.replace("kind: ReplicaSet", "kind: StatefulSet")
    assert _severities(text) == [(6, "warning"), (16, "warning")]
    findings = lint(text, select=[RULE], config={"rules": {RULE: {"level": "error"}}}).findings
    assert [str(finding.severity) for finding in findings] == ["error", "error"]


def test_a_second_definition_of_the_same_controller_is_not_an_overlap():
    # Two definitions of one object are one controller: duplicate-object reports them.
    text = TWO_NGINX_REPLICASETS.replace("name: frontend-copy", "name: frontend")
    assert positions(text, RULE) == []
    assert [finding.name for finding in lint(text, select=[RULE, "duplicate-object"]).findings] == [
        "duplicate-object",
        "duplicate-object",
    ]


def test_one_deployment_at_two_api_versions_is_one_controller():
    text = TWO_NGINX_REPLICASETS.replace("kind: ReplicaSet", "kind: Deployment").replace("name: frontend-copy", "name: frontend")
    text = text.replace("apiVersion: apps/v1", "apiVersion: extensions/v1beta1", 1)
    assert positions(text, RULE) == []
