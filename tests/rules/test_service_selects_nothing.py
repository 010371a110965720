from tests.helpers import messages, positions

RULE = "service-selects-nothing"



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
  selector:
    matchLabels: {app: guestbook, tier: frontend, track: stable}
  template:
    metadata: {labels: {app: guestbook, tier: frontend, track: stable}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend-canary}
spec:
  selector:
    matchLabels: {app: guestbook, tier: frontend, track: canary}
  template:
    metadata: {labels: {app: guestbook, tier: frontend, track: canary}}
"""


def test_guestbook_canary_service_selects_both_tracks():
    assert positions(GUESTBOOK, RULE) == []


def test_typo_is_reported_at_the_selector():
    text = GUESTBOOK.replace("selector: {app: guestbook, tier: frontend}", "selector: {app: guestbook, tier: fronted}")
    assert positions(text, RULE) == [(5, 3)]
    assert messages(text, RULE) == ['selector "app=guestbook,tier=fronted" matches no Pod or Pod template in namespace "default"']


def test_no_workload_in_the_namespace_means_no_finding():
    service_only = GUESTBOOK.split("---\n")[0]
    assert positions(service_only, RULE) == []


def test_bare_pods_and_cronjob_templates_count():
    text = GUESTBOOK.split("---\n")[0] + """\
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: guestbook, tier: frontend}}
        spec: {restartPolicy: Never, containers: [{name: j, image: "busybox:1.36"}]}
"""
    assert positions(text, RULE) == []


STATEFULSET = """\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
spec:
  serviceName: redis
  replicas: 3
  selector: {matchLabels: {app: redis}}
  template: {metadata: {labels: {app: redis}}}
---
apiVersion: v1
kind: Service
metadata: {name: redis-0}
spec:
  selector: {app: redis, statefulset.kubernetes.io/pod-name: POD}
  ports: [{port: 6379}]
"""


def test_per_replica_services_select_the_labels_the_statefulset_controller_adds():
    assert positions(STATEFULSET.replace("POD", "redis-0"), RULE) == []
    assert positions(STATEFULSET.replace("POD", "redis-7"), RULE) == []  # replicas may be scaled up
    assert positions(STATEFULSET.replace("POD", "cache-0"), RULE) == [(14, 3)]
    assert positions(STATEFULSET.replace("POD", "redis-x"), RULE) == [(14, 3)]
    pod_index = STATEFULSET.replace("statefulset.kubernetes.io/pod-name: POD", 'apps.kubernetes.io/pod-index: "2"')
    assert positions(pod_index, RULE) == []


def test_unpredictable_controller_labels_are_assumed_to_match_only_on_their_kind():
    text = GUESTBOOK.replace("selector: {app: guestbook, tier: frontend}", "selector: {app: guestbook, pod-template-hash: 5d4f}")
    assert positions(text, RULE) == []
    text = text.replace("pod-template-hash", "controller-revision-hash")  # set on StatefulSet and DaemonSet Pods
    assert positions(text, RULE) == [(5, 3)]


def test_job_name_label():
    text = """\
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    metadata: {labels: {app: db}}
    spec: {restartPolicy: Never, containers: [{name: j, image: "busybox:1.36"}]}
---
apiVersion: v1
kind: Service
metadata: {name: migrate}
spec:
  selector: {job-name: NAME}
  ports: [{port: 80}]
"""
    assert positions(text.replace("NAME", "migrate"), RULE) == []
    assert positions(text.replace("NAME", "other"), RULE) == [(13, 3)]


# A null value in a map[string]string is stored as "" (sigs.k8s.io/json, internal/golang/encoding/json/decode.go
# literalStore: "otherwise, ignore null for primitives/string"), in a Service selector and in Pod labels alike.
NULL_VALUES = """\
apiVersion: v1
kind: Service
metadata: {name: control-plane}
spec:
  selector:
    node-role:
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: control-plane}
spec:
  selector:
    matchLabels: {node-role: ""}
  template:
    metadata:
      labels:
        node-role:
"""


def test_null_selector_and_label_values_are_the_empty_string():
    assert messages(NULL_VALUES, RULE) == []
    assert messages(NULL_VALUES.replace("        node-role:\n", "        node-role: worker\n"), RULE) != []
