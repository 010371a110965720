"""k8slint.deprecations: the table of deprecated and removed built-in apiVersions."""

from __future__ import annotations

import pytest

from k8slint import deprecations, schemas
from k8slint.deprecations import DeprecatedApi


def test_examples_from_the_migration_guide():
    cases = {
        ("extensions/v1beta1", "Deployment"): ((1, 8), (1, 16), "apps/v1"),
        ("extensions/v1beta1", "Ingress"): ((1, 14), (1, 22), "networking.k8s.io/v1"),
        ("networking.k8s.io/v1beta1", "IngressClass"): ((1, 19), (1, 22), "networking.k8s.io/v1"),
        ("policy/v1beta1", "PodSecurityPolicy"): ((1, 21), (1, 25), None),
        ("policy/v1beta1", "PodDisruptionBudget"): ((1, 21), (1, 25), "policy/v1"),
        ("batch/v1beta1", "CronJob"): ((1, 21), (1, 25), "batch/v1"),
        ("autoscaling/v2beta1", "HorizontalPodAutoscaler"): ((1, 22), (1, 25), "autoscaling/v2"),
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler"): ((1, 23), (1, 26), "autoscaling/v2"),
        ("storage.k8s.io/v1beta1", "CSIStorageCapacity"): ((1, 24), (1, 27), "storage.k8s.io/v1"),
        ("flowcontrol.apiserver.k8s.io/v1alpha1", "FlowSchema"): ((1, 20), (1, 21), "flowcontrol.apiserver.k8s.io/v1"),
        ("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration"): ((1, 23), (1, 26), "flowcontrol.apiserver.k8s.io/v1"),
        ("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema"): ((1, 26), (1, 29), "flowcontrol.apiserver.k8s.io/v1"),
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema"): ((1, 29), (1, 32), "flowcontrol.apiserver.k8s.io/v1"),
        ("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"): ((1, 17), (1, 22), "rbac.authorization.k8s.io/v1"),
        ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"): ((1, 16), (1, 22), "apiextensions.k8s.io/v1"),
    }
    for (api_version, kind), (deprecated, removed, replacement) in cases.items():
        entry = deprecations.lookup(api_version, kind)
        assert entry == DeprecatedApi(kind, api_version, deprecated, removed, replacement), (api_version, kind)


def test_entries_are_unique_and_ordered():
    keys = [(entry.api_version, entry.kind) for entry in deprecations.deprecated_apis()]
    assert len(keys) == len(set(keys))
    for entry in deprecations.deprecated_apis():
        assert entry.removed_in is None or entry.deprecated_in <= entry.removed_in, entry
        assert entry.replacement != entry.api_version


@pytest.mark.parametrize("entry", deprecations.deprecated_apis(), ids=lambda e: f"{e.api_version}/{e.kind}")
def test_shipped_schemas_agree_with_the_table(entry):
    """Every release with schemas serves the entry's apiVersion before its removal and not after."""
    for version in schemas.schema_versions():
        served = schemas.find_validator(entry.api_version, entry.kind, version) is not None
        if entry.removed_in is not None and version >= entry.removed_in:
            assert not served, (entry, version)
        elif entry.api_version.rsplit("/", 1)[-1].startswith("v1beta") and version >= entry.deprecated_in:
            assert served, (entry, version)
    replacement = deprecations.current_replacement(entry)
    if replacement is not None:
        newest = schemas.schema_versions()[-1]
        assert schemas.find_validator(replacement, entry.kind, newest) is not None, entry


def test_replacements_that_were_removed_too_are_followed():
    psp = deprecations.lookup("extensions/v1beta1", "PodSecurityPolicy")
    assert psp.replacement == "policy/v1beta1"
    assert deprecations.current_replacement(psp) is None
    old_deployment = deprecations.lookup("apps/v1beta1", "Deployment")
    assert deprecations.current_replacement(old_deployment) == "apps/v1"


def test_deprecation_for_a_release():
    assert deprecations.deprecation_for("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", (1, 28)) is None
    during = deprecations.deprecation_for("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", (1, 29))
    assert during is not None and not during.is_removed((1, 29))
    assert during.is_removed((1, 32))


def test_unknown_and_malformed_lookups():
    assert deprecations.lookup("apps/v1", "Deployment") is None
    assert deprecations.lookup(None, "Deployment") is None
    assert deprecations.lookup("extensions/v1beta1", None) is None
    assert deprecations.lookup("extensions.example.com/v1beta1", "Deployment") is None
