"""The API versions and schemas family: schema-invalid, unknown-kind, crd-invalid, deprecated-api-version."""

from __future__ import annotations

import json


from k8slint.model import Severity
from tests.helpers import check_fixture, lint, lint_files, messages, positions


def test_deprecated_api_version_in_a_release_that_serves_it_is_still_schema_checked():
    check_fixture("deprecated-api-version-1.29.yaml", rule="schema-invalid")


DEPLOYMENT_TYPO = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replica: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerport: 80
"""


def test_unknown_fields_point_at_the_key_and_suggest_the_close_field():
    assert positions(DEPLOYMENT_TYPO, "schema-invalid") == [(5, 3), (16, 15)]
    assert messages(DEPLOYMENT_TYPO, "schema-invalid") == [
        'unknown field "replica", did you mean "replicas"?',
        'unknown field "containerport", did you mean "containerPort"?',
    ]


def test_field_path_of_a_finding():
    report = lint(DEPLOYMENT_TYPO, select=["schema-invalid"])
    assert [f.field for f in report.findings] == [
        "spec.replica",
        "spec.template.spec.containers[0].ports[0].containerport",
    ]


def test_wrong_type_points_at_the_value():
    text = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - port: \"80\"\n"
    assert positions(text, "schema-invalid") == [(6, 13)]
    assert messages(text, "schema-invalid") == ['expected integer, got string "80"']


def test_top_level_fields_missing_required_field_reports_are_not_repeated():
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
    assert [(f.name, f.line, f.column) for f in lint(text).findings] == [("missing-required-field", 1, 1)]


def test_a_superseded_schema_error_is_reported_when_the_specific_rule_is_off():
    """Overlaps are declared (SUPERSEDED_BY): with missing-required-field ignored, the schema says it."""
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
    assert messages(text, "schema-invalid") == ['missing required field "spec"']
    alone = lint(text, config={"rules": {"missing-required-field": {"exclude": ["app notin (x)"]}}}).findings
    assert [f.name for f in alone] == ["schema-invalid"]  # excluded for this object: not superseded for it


def test_a_required_spec_that_missing_required_field_does_not_cover_is_reported():
    text = "apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: csr}\n"
    assert messages(text, "schema-invalid") == ['missing required field "spec"']


def test_kubernetes_version_selects_the_schema():
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n"
        "    - {name: proxy, image: envoy, restartPolicy: Always}\n  containers:\n    - {name: web, image: nginx}\n"
    )
    assert positions(text, "schema-invalid", config={"kubernetesVersion": "1.28"}) == []
    assert positions(text, "schema-invalid", config={"kubernetesVersion": "1.27"}) == [(6, 35)]


def test_schema_dir_validates_custom_resources_in_kubeconform_layout(tmp_path):
    schema = {
        "type": "object",
        "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}}, "additionalProperties": False}},
    }
    (tmp_path / "widget-example-v1.json").write_text(json.dumps(schema))
    manifest = tmp_path / "widget.yaml"
    manifest.write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  sise: 1\n")
    report = lint_files([manifest], select=["schema-invalid", "unknown-kind"], config={"schemaDirs": [str(tmp_path)]})
    assert [(f.line, f.column, f.name, f.message) for f in report.findings] == [
        (5, 3, "schema-invalid", 'unknown field "sise", did you mean "size"?'),
    ]
    without = lint_files([manifest], select=["schema-invalid", "unknown-kind"])
    assert [f.name for f in without.findings] == ["unknown-kind"]


def test_unknown_kind_is_info_once_per_kind_and_file(tmp_path):
    text = "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: a}\n---\n" * 3
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(text)
    second.write_text(text)
    report = lint_files([first, second], select=["unknown-kind"])
    assert sorted((f.file.rsplit("/", 1)[-1], f.line, f.severity) for f in report.findings) == [
        ("a.yaml", 2, Severity.INFO),
        ("b.yaml", 2, Severity.INFO),
    ]


def test_crd_invalid_message_and_position():
    text = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a.example.com}\n"
        "spec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: A, plural: as}\n  versions:\n"
        "    - name: v1\n      served: true\n      storage: false\n"
        "      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n"
    )
    assert positions(text, "crd-invalid") == [(8, 3)]
    assert messages(text, "crd-invalid") == ["no version is marked storage: true; exactly one must be"]


def test_deprecated_api_version_is_a_warning_then_an_error():
    text = "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
    served = lint(text, select=["deprecated-api-version"], config={"kubernetesVersion": "1.25"}).findings
    removed = lint(text, select=["deprecated-api-version"], config={"kubernetesVersion": "1.26"}).findings
    assert [(f.line, f.column, f.severity) for f in served] == [(1, 13, Severity.WARNING)]
    assert [(f.line, f.column, f.severity) for f in removed] == [(1, 13, Severity.ERROR)]
    assert removed[0].message == (
        'apiVersion "autoscaling/v2beta2" of HorizontalPodAutoscaler is no longer served since Kubernetes 1.26'
        ' (deprecated in 1.23); use "autoscaling/v2"'
    )


def test_configured_level_wins_over_the_per_finding_severity():
    text = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n"
    report = lint(text, select=["deprecated-api-version"], config={"rules": {"deprecated-api-version": {"level": "info"}}})
    assert [f.severity for f in report.findings] == [Severity.INFO]


def test_malformed_input_is_reported_not_raised():
    text = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\n"
        "spec: {group: [1], names: 3, versions: [null, 7, {name: v1, schema: {openAPIV3Schema: [1]}}]}\n"
        "---\napiVersion: 7\nkind: [Deployment]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: []\nspec: 3\n"
    )
    report = lint(text, select=["K3"])
    assert not [f for f in report.findings if f.message.startswith("internal error")]
    assert "openAPIV3Schema must be an object" in [f.message for f in report.findings]


def test_an_alpha_version_removed_without_deprecation_has_no_deprecated_in():
    text = "apiVersion: admissionregistration.k8s.io/v1alpha1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\n"
    assert messages(text, "deprecated-api-version") == [
        'apiVersion "admissionregistration.k8s.io/v1alpha1" of ValidatingAdmissionPolicy is no longer served since'
        ' Kubernetes 1.32; use "admissionregistration.k8s.io/v1"'
    ]


def test_label_values_that_invalid_label_reports_are_not_repeated():
    text = (
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\n  labels: {tier: 1}\nspec:\n"
        "  serviceName: s\n  selector: {matchLabels: {app: s}}\n  template:\n    metadata:\n"
        "      labels: {app: s}\n      annotations: {replicas: 3}\n    spec:\n      containers: [{name: c, image: i}]\n"
        "  volumeClaimTemplates:\n    - metadata:\n        name: data\n        labels: {size: 10}\n"
    )
    assert [(f.line, f.column) for f in lint(text).findings if f.name == "schema-invalid"] == [(18, 24)]
    assert positions(text, "schema-invalid") == [(5, 18), (12, 31), (18, 24)]  # invalid-label off: the schema says it
    assert sorted(f.name for f in lint(text).findings if f.line in (5, 12)) == ["invalid-label", "invalid-label"]


def test_missing_controller_selector_is_reported_once_by_missing_selector():
    from tests.helpers import lint

    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n"
    )
    assert [f.name for f in lint(text, select=["schema-invalid", "missing-selector"]).findings] == ["missing-selector"]


def test_flowschema_types_are_left_to_flowschema_invalid_but_unknown_fields_are_reported():
    from tests.helpers import lint

    text = (
        "apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata: {name: fs}\n"
        "spec:\n  rules: {a: 1}\n  priorityLevelConfigration: {name: x}\n"
    )
    findings = [(f.name, f.line) for f in lint(text, select=["schema-invalid", "flowschema-invalid"]).findings]
    assert ("schema-invalid", 6) in findings
    assert [name for name, line in findings if line == 5] == ["flowschema-invalid"]


# --- status, which the registry strategies reset on create ------------------------------------------------------

POD_WITH_STATUS = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: web, image: "nginx:1.27"}]
status:
  phase: {phase}
  conditions:
    - type: Ready
  containerStatuses:
    - name: web
      bogus: 1
"""


def test_builtin_status_is_decoded_but_its_required_lists_are_not_enforced():
    # pkg/registry/core/pod/strategy.go PrepareForCreate: pod.Status = api.PodStatus{Phase: api.PodPending, ...};
    # PodCondition "status" and ContainerStatus "image"... are required in the OpenAPI only.
    assert messages(POD_WITH_STATUS.replace("{phase}", "Running"), "schema-invalid") == ['unknown field "bogus"']
    assert messages(POD_WITH_STATUS.replace("{phase}", "[Running]"), "schema-invalid") == [
        "expected string, got array",
        'unknown field "bogus"',
    ]


CRD_WITH_STATUS = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
    - name: v1
      served: true
      storage: true
      {subresources}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer}}}
            status:
              type: object
              required: [ready]
              properties:
                ready: {type: boolean}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: 3}
status:
  ready: "yes"
  extra: 1
"""


def test_custom_resource_status_with_the_status_subresource_only_reports_unknown_fields():
    # apiextensions-apiserver pkg/registry/customresource/strategy.go PrepareForCreate: "create cannot set status"
    with_subresource = CRD_WITH_STATUS.replace("{subresources}", "subresources: {status: {}}")
    assert messages(with_subresource, "schema-invalid") == ['unknown field "extra"']
    without = CRD_WITH_STATUS.replace("{subresources}", "")
    assert messages(without, "schema-invalid") == ['expected boolean, got string "yes"', 'unknown field "extra"']
