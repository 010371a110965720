from tests.helpers import messages, positions

RULE = "invalid-selector"

VALUE_RULE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)



DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector:
    matchLabels:
      "Bad_": web
      version: 1.10
    matchExpressions:
      - {key: tier, operator: Equals, values: [a]}
  template:
    metadata:
      labels: {app: web}
"""


def test_positions_and_messages():
    assert positions(DEPLOYMENT, RULE) == [(7, 7), (8, 16), (10, 31)]
    assert messages(DEPLOYMENT, RULE) == [
        "invalid label key \"Bad_\": name part must consist of alphanumeric characters, '-', '_' or '.', "
        "and must start and end with an alphanumeric character",
        'label value of "version" must be a string, not a number',
        'unsupported operator "Equals": must be one of In, NotIn, Exists, DoesNotExist',
    ]


def test_operator_spelling_hint():
    text = DEPLOYMENT.replace("operator: Equals, values: [a]", "operator: doesnotexist")
    assert messages(text, RULE)[-1] == (
        'unsupported operator "doesnotexist": must be one of In, NotIn, Exists, DoesNotExist '
        "(operators are case-sensitive: did you mean 'DoesNotExist'?)"
    )


def test_topology_spread_and_cronjob_selectors():
    text = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      selector: {matchLabels: {job: "a b"}}
      template:
        spec:
          restartPolicy: Never
          topologySpreadConstraints:
            - maxSkew: 1
              topologyKey: zone
              whenUnsatisfiable: ScheduleAnyway
              labelSelector: {matchExpressions: [{key: job, operator: In}]}
          containers: [{name: j, image: "busybox:1.36"}]
"""
    assert positions(text, RULE) == [(8, 37), (16, 50)]
    assert messages(text, RULE) == [
        f'invalid label value "a b": {VALUE_RULE}',
        "values must be specified when operator is 'In'",
    ]


def test_webhook_and_cluster_role_selectors():
    text = """\
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: hooks}
webhooks:
  - name: a.example.com
    objectSelector: {matchLabels: {"example.com/": x}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: aggregate}
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: {rbac.example.com/aggregate-to-view: "true"}
    - matchExpressions: [{key: x, operator: Exists, values: [z]}]
rules: []
"""
    assert messages(text, RULE) == [
        'invalid label key "example.com/": name part must be non-empty',
        "values may not be specified when operator is 'Exists'",
    ]


def test_valid_and_empty_selectors_are_fine():
    text = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec:
  podSelector: {}
  policyTypes: [Ingress]
"""
    assert positions(text, RULE) == []


def test_yaml_booleans_in_values_are_not_strings():
    text = """\
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb}
spec:
  maxUnavailable: 1
  selector:
    matchExpressions: [{key: enabled, operator: In, values: [yes, "no"]}]
"""
    assert positions(text, RULE) == [(7, 62)]
    assert messages(text, RULE) == ["value must be a string, not a boolean"]
