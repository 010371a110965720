"""Evaluating policies: exact failure paths from schema, each, field and the CEL blame analysis."""

import pytest

from k8slint.policy.document import load_policies
from k8slint.policy.evaluate import ApplySet, Subject, evaluate

pytestmark = pytest.mark.needs_cel

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "prod", "labels": {"tier": "web"}},
    "spec": {
        "replicas": 1,
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "volumes": [{"name": "a", "emptyDir": {}}, {"name": "b", "hostPath": {"path": "/"}}],
                "initContainers": [{"name": "sidecar", "image": "proxy", "restartPolicy": "Always"}],
                "containers": [
                    {"name": "ok", "image": "registry.example.com/web:1", "ports": [{"containerPort": 80}]},
                    {"name": "bad", "image": "nginx:latest", "ports": [{"containerPort": 8080, "hostPort": 8080}]},
                ],
            },
        },
    },
}


def one_policy(spec: str):
    policies, errors = load_policies(
        "apiVersion: k8slint.io/v1alpha1\nkind: Policy\nmetadata: {name: p}\nspec:\n  severity: error\n  summary: s\n"
        + spec
    )
    assert not errors, errors
    return policies[0]


def failures(spec: str, value=DEPLOYMENT, objects=()):
    return [(f.path, f.message) for f in evaluate(one_policy(spec), Subject.of(value), objects)]


def test_blame_of_a_comparison_is_the_field_it_reads():
    assert failures("  assert: [{expr: 'object.spec.replicas >= 2'}]\n") == [
        (("spec", "replicas"), "failed expression: object.spec.replicas >= 2")
    ]


def test_blame_of_all_is_the_failing_element():
    found = failures("  assert: [{expr: 'object.spec.template.spec.volumes.all(v, !has(v.hostPath))'}]\n")
    assert [path for path, _ in found] == [("spec", "template", "spec", "volumes", 1, "hostPath")]


def test_blame_splits_conjuncts_and_takes_the_last_disjunct():
    found = failures(
        "  assert: [{expr: \"object.spec.replicas > 1 && object.metadata.name == 'web' && "
        "(!has(object.spec.template) || object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/')))\"}]\n"
    )
    assert [path for path, _ in found] == [
        ("spec", "replicas"),
        ("spec", "template", "spec", "containers", 1, "image"),
    ]


def test_blame_of_has_is_the_missing_field():
    assert [p for p, _ in failures("  assert: [{expr: 'has(object.spec.strategy)'}]\n")] == [("spec", "strategy")]


def test_explicit_field_and_message_expression():
    found = failures(
        "  target: container\n  assert:\n    - expr: \"object.image.contains('/')\"\n      field: image\n"
        "      messageExpression: \"'container ' + object.name + ' uses a short image name'\"\n"
    )
    assert found == [
        (("spec", "template", "spec", "initContainers", 0, "image"), "container sidecar uses a short image name"),
        (("spec", "template", "spec", "containers", 1, "image"), "container bad uses a short image name"),
    ]


def test_each_reports_the_failing_item():
    found = failures(
        "  target: container\n  containers: [regular]\n  assert:\n"
        "    - each: 'ports[*]'\n      expr: '!has(object.hostPort)'\n      message: host ports are not allowed\n"
    )
    assert found == [(("spec", "template", "spec", "containers", 1, "ports", 0, "hostPort"), "host ports are not allowed")]


def test_each_with_having_filter_and_index():
    found = failures(
        "  target: podSpec\n  assert:\n    - each: 'volumes[?hostPath]'\n      expr: 'index < 0'\n      field: hostPath\n"
    )
    assert [p for p, _ in found] == [("spec", "template", "spec", "volumes", 1, "hostPath")]


def test_schema_assertion_instance_paths():
    found = failures(
        "  target: container\n  containers: [regular, sidecar]\n  assert:\n"
        "    - schema: {type: object, required: [resources]}\n"
    )
    assert found == [
        (("spec", "template", "spec", "initContainers", 0), 'missing required property "resources"'),
        (("spec", "template", "spec", "containers", 0), 'missing required property "resources"'),
        (("spec", "template", "spec", "containers", 1), 'missing required property "resources"'),
    ]


def test_forbid():
    found = failures("  target: podSpec\n  assert:\n    - forbid: {required: [hostNetwork]}\n",
                     {**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "template": {"spec": {"hostNetwork": True, "containers": []}}}})
    assert found == [(("spec", "template", "spec"), "matches a forbidden schema")]


def test_scope_by_kind_namespace_selector_and_when():
    assert failures("  match: {kinds: [StatefulSet]}\n  assert: [{expr: 'false'}]\n") == []
    assert failures("  match: {namespaces: ['dev-*']}\n  assert: [{expr: 'false'}]\n") == []
    assert failures("  match: {selector: 'tier=db'}\n  assert: [{expr: 'false'}]\n") == []
    assert failures("  match: {exclude: ['tier=web']}\n  assert: [{expr: 'false'}]\n") == []
    assert failures("  match: {when: 'object.spec.replicas > 3'}\n  assert: [{expr: 'false'}]\n") == []
    assert len(failures("  match: {kinds: ['@workloads'], namespaces: ['prod']}\n  assert: [{expr: 'false'}]\n")) == 1


def test_namespace_selector_needs_the_namespace():
    spec = "  match: {namespaceSelector: 'env=prod'}\n  assert: [{expr: 'false'}]\n"
    assert failures(spec) == []
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod", "labels": {"env": "prod"}}}
    assert len(failures(spec, objects=[namespace])) == 1


def test_options_are_merged_with_overrides():
    policy = one_policy("  options: {minimum: {type: int, default: 1}}\n  assert: [{expr: 'object.spec.replicas >= options.minimum'}]\n")
    assert evaluate(policy, Subject.of(DEPLOYMENT)) == []
    assert [f.path for f in evaluate(policy, Subject.of(DEPLOYMENT), options={"minimum": 2})] == [("spec", "replicas")]


def test_runtime_error_is_a_policy_error_not_a_pass():
    (failure,) = evaluate(one_policy("  assert: [{expr: 'object.spec.paused'}]\n"), Subject.of(DEPLOYMENT))
    assert failure.error and "failed to evaluate" in failure.message


def test_cross_object_lookup():
    policy = one_policy(
        "  match: {kinds: [Deployment]}\n  assert:\n"
        "    - expr: \"lookup('ServiceAccount', object.spec.template.spec.?serviceAccountName.orValue('default')) != null\"\n"
        "      message: the service account is missing\n"
    )
    assert policy.cross_object
    account = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "prod"}}
    assert evaluate(policy, Subject.of(DEPLOYMENT), ApplySet([account])) == []
    other = {**account, "metadata": {"name": "default", "namespace": "dev"}}
    assert [f.message for f in evaluate(policy, Subject.of(DEPLOYMENT), ApplySet([other]))] == ["the service account is missing"]


def test_null_fields_are_unset_as_the_api_server_decodes_them():
    value = {**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "template": {"spec": {"volumes": None, "containers": []}}}}
    assert failures("  assert: [{expr: '!has(object.spec.template.spec.volumes) || object.spec.template.spec.volumes.all(v, !has(v.hostPath))'}]\n", value) == []


def test_without_nulls_copies_only_what_changes():
    from k8slint.policy.evaluate import without_nulls

    clean = {"a": [{"b": 1}], "c": {"d": "x"}}
    assert without_nulls(clean) is clean
    dirty = {"a": [{"b": None, "e": 2}], "c": clean["c"]}
    assert without_nulls(dirty) == {"a": [{"e": 2}], "c": {"d": "x"}} and without_nulls(dirty)["c"] is clean["c"]


def test_quantities_written_as_numbers():
    value = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
             "spec": {"containers": [{"name": "c", "resources": {"requests": {"memory": 2}, "limits": {"memory": 1}}}]}}
    found = failures("  target: container\n  assert:\n    - expr: quantity(object.resources.requests.memory).compareTo(quantity(object.resources.limits.memory)) <= 0\n", value)
    assert [path for path, _ in found] == [("spec", "containers", 0, "resources", "limits", "memory")]


def test_schema_policies_evaluate_without_the_engine(monkeypatch):
    from k8slint.policy import cel

    policy = one_policy("  target: container\n  assert: [{schema: {required: [resources]}}]\n")
    monkeypatch.setattr(cel, "_cel", None)
    cel._environment.cache_clear()
    try:
        found = [f.path for f in evaluate(policy, Subject.of(DEPLOYMENT))]
    finally:
        monkeypatch.undo()
        cel._environment.cache_clear()
    assert found == [("spec", "template", "spec", "initContainers", 0), ("spec", "template", "spec", "containers", 0),
                     ("spec", "template", "spec", "containers", 1)]


def test_pod_templates_of_custom_carriers():
    from k8slint.policy.evaluate import pod_templates

    extra = pod_templates({"argoproj.io/Rollout": "spec.template",
                           "jobset.x-k8s.io/JobSet": "spec.replicatedJobs[*].template.spec.template"})
    policy = one_policy("  match: {kinds: ['@workloads']}\n  target: container\n"
                        "  assert: [{expr: \"object.image.contains('/')\", field: image}]\n")
    jobset = {"apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet", "metadata": {"name": "j"},
              "spec": {"replicatedJobs": [
                  {"name": "a", "template": {"spec": {"template": {"spec": {"containers": [{"name": "x", "image": "r/x"}]}}}}},
                  {"name": "b", "template": {"spec": {"template": {"spec": {"containers": [{"name": "y", "image": "y"}]}}}}}]}}
    assert [f.path for f in evaluate(policy, Subject.of(jobset), extra_templates=extra)] == [
        ("spec", "replicatedJobs", 1, "template", "spec", "template", "spec", "containers", 0, "image")]
    rollout = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "r"},
               "spec": {"template": {"spec": {"initContainers": [{"name": "i", "image": "i"}]}}}}
    assert [f.path for f in evaluate(policy, Subject.of(rollout), extra_templates=extra)] == [
        ("spec", "template", "spec", "initContainers", 0, "image")]
    # without the configuration the custom kinds are out of scope, and have no pod template
    assert evaluate(policy, Subject.of(rollout)) == []
    named = one_policy("  match: {kinds: [argoproj.io/Rollout]}\n  target: podTemplate\n  assert: [{expr: 'false'}]\n")
    assert [f.path for f in evaluate(named, Subject.of(rollout))] == []
    assert [f.path for f in evaluate(named, Subject.of(rollout), extra_templates=extra)] == [("spec", "template")]


def test_pod_template_target_of_builtin_carriers():
    policy = one_policy("  target: podTemplate\n  assert: [{schema: {required: [metadata]}}]\n")
    cronjob = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
               "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": []}}}}}}
    assert [f.path for f in evaluate(policy, Subject.of(cronjob))] == [("spec", "jobTemplate", "spec", "template")]
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}}
    assert evaluate(policy, Subject.of(pod)) == []
