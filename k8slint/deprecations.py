"""Deprecated and removed apiVersions of every built-in API group, per kind: the release that
deprecated each one, the release that stopped serving it, and the apiVersion to migrate to.

Sources: the Kubernetes "Deprecated API Migration Guide", the `k8s:prerelease-lifecycle-gen` tags
behind kube-apiserver's deprecation warnings (a beta is deprecated three releases after it appears
and removed three releases later), and the schemas of every release from 1.25 on, which show when a
version stopped being served. Alpha versions that were dropped without a deprecation period are
deprecated and removed in the same release.
"""

from __future__ import annotations

from functools import cache

from k8slint.records import record

Version = tuple  # (major, minor)


@record(frozen=True, slots=True)
class DeprecatedApi:
    kind: str
    api_version: str
    deprecated_in: Version
    removed_in: Version | None  # None: deprecated, not yet scheduled for removal
    replacement: str | None  # None: no successor (PodSecurityPolicy); otherwise the apiVersion to use

    def is_removed(self, kubernetes_version: Version) -> bool:
        return self.removed_in is not None and tuple(kubernetes_version) >= self.removed_in

    def is_deprecated(self, kubernetes_version: Version) -> bool:
        return tuple(kubernetes_version) >= self.deprecated_in


def _entries(api_version: str, kinds: str, deprecated: Version, removed: Version | None,
             replacement: str | None) -> list[DeprecatedApi]:
    return [DeprecatedApi(kind, api_version, deprecated, removed, replacement) for kind in kinds.split()]


def _table() -> tuple[DeprecatedApi, ...]:
    rows: list[DeprecatedApi] = []
    add = rows.extend
    # Removed in 1.16
    add(_entries("extensions/v1beta1", "Deployment DaemonSet ReplicaSet", (1, 8), (1, 16), "apps/v1"))
    add(_entries("apps/v1beta1", "Deployment StatefulSet ReplicaSet ControllerRevision", (1, 8), (1, 16), "apps/v1"))
    add(_entries("apps/v1beta2", "Deployment StatefulSet DaemonSet ReplicaSet ControllerRevision", (1, 9), (1, 16),
                 "apps/v1"))
    add(_entries("extensions/v1beta1", "NetworkPolicy", (1, 9), (1, 16), "networking.k8s.io/v1"))
    add(_entries("extensions/v1beta1", "PodSecurityPolicy", (1, 11), (1, 16), "policy/v1beta1"))
    # Removed in 1.17 (alpha)
    add(_entries("scheduling.k8s.io/v1alpha1", "PriorityClass", (1, 14), (1, 17), "scheduling.k8s.io/v1"))
    # Removed in 1.21 (alpha)
    add(_entries("flowcontrol.apiserver.k8s.io/v1alpha1", "FlowSchema PriorityLevelConfiguration", (1, 20), (1, 21),
                 "flowcontrol.apiserver.k8s.io/v1"))
    # Removed in 1.22
    add(_entries("extensions/v1beta1", "Ingress", (1, 14), (1, 22), "networking.k8s.io/v1"))
    add(_entries("networking.k8s.io/v1beta1", "Ingress IngressClass", (1, 19), (1, 22), "networking.k8s.io/v1"))
    add(_entries("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
                 (1, 16), (1, 22), "admissionregistration.k8s.io/v1"))
    add(_entries("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", (1, 16), (1, 22),
                 "apiextensions.k8s.io/v1"))
    add(_entries("apiregistration.k8s.io/v1beta1", "APIService", (1, 19), (1, 22), "apiregistration.k8s.io/v1"))
    add(_entries("authentication.k8s.io/v1beta1", "TokenReview", (1, 19), (1, 22), "authentication.k8s.io/v1"))
    add(_entries("authorization.k8s.io/v1beta1",
                 "SubjectAccessReview LocalSubjectAccessReview SelfSubjectAccessReview SelfSubjectRulesReview",
                 (1, 19), (1, 22), "authorization.k8s.io/v1"))
    add(_entries("certificates.k8s.io/v1beta1", "CertificateSigningRequest", (1, 19), (1, 22),
                 "certificates.k8s.io/v1"))
    add(_entries("coordination.k8s.io/v1beta1", "Lease", (1, 19), (1, 22), "coordination.k8s.io/v1"))
    add(_entries("rbac.authorization.k8s.io/v1alpha1", "ClusterRole ClusterRoleBinding Role RoleBinding",
                 (1, 17), (1, 22), "rbac.authorization.k8s.io/v1"))
    add(_entries("rbac.authorization.k8s.io/v1beta1", "ClusterRole ClusterRoleBinding Role RoleBinding",
                 (1, 17), (1, 22), "rbac.authorization.k8s.io/v1"))
    add(_entries("scheduling.k8s.io/v1beta1", "PriorityClass", (1, 14), (1, 22), "scheduling.k8s.io/v1"))
    add(_entries("storage.k8s.io/v1beta1", "CSINode", (1, 17), (1, 22), "storage.k8s.io/v1"))
    add(_entries("storage.k8s.io/v1beta1", "CSIDriver StorageClass VolumeAttachment", (1, 19), (1, 22),
                 "storage.k8s.io/v1"))
    # Removed in 1.25
    add(_entries("batch/v1beta1", "CronJob", (1, 21), (1, 25), "batch/v1"))
    add(_entries("discovery.k8s.io/v1beta1", "EndpointSlice", (1, 21), (1, 25), "discovery.k8s.io/v1"))
    add(_entries("events.k8s.io/v1beta1", "Event", (1, 22), (1, 25), "events.k8s.io/v1"))
    add(_entries("autoscaling/v2beta1", "HorizontalPodAutoscaler", (1, 22), (1, 25), "autoscaling/v2"))
    add(_entries("policy/v1beta1", "PodDisruptionBudget", (1, 21), (1, 25), "policy/v1"))
    add(_entries("policy/v1beta1", "PodSecurityPolicy", (1, 21), (1, 25), None))
    add(_entries("node.k8s.io/v1beta1", "RuntimeClass", (1, 22), (1, 25), "node.k8s.io/v1"))
    # Removed in 1.26
    add(_entries("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema PriorityLevelConfiguration", (1, 23), (1, 26),
                 "flowcontrol.apiserver.k8s.io/v1"))
    add(_entries("autoscaling/v2beta2", "HorizontalPodAutoscaler", (1, 23), (1, 26), "autoscaling/v2"))
    # Removed in 1.27
    add(_entries("storage.k8s.io/v1beta1", "CSIStorageCapacity", (1, 24), (1, 27), "storage.k8s.io/v1"))
    # Removed in 1.29
    add(_entries("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema PriorityLevelConfiguration", (1, 26), (1, 29),
                 "flowcontrol.apiserver.k8s.io/v1"))
    # Removed in 1.29 (alpha)
    add(_entries("networking.k8s.io/v1alpha1", "ClusterCIDR", (1, 29), (1, 29), None))
    # Removed in 1.31 (alpha)
    add(_entries("networking.k8s.io/v1alpha1", "IPAddress ServiceCIDR", (1, 31), (1, 31), "networking.k8s.io/v1"))
    add(_entries("resource.k8s.io/v1alpha2", "ResourceClaim ResourceClaimTemplate ResourceSlice", (1, 31), (1, 31),
                 "resource.k8s.io/v1"))
    add(_entries("resource.k8s.io/v1alpha2",
                 "ResourceClass PodSchedulingContext ResourceClaimParameters ResourceClassParameters",
                 (1, 31), (1, 31), None))
    # Removed in 1.32
    add(_entries("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema PriorityLevelConfiguration", (1, 29), (1, 32),
                 "flowcontrol.apiserver.k8s.io/v1"))
    add(_entries("admissionregistration.k8s.io/v1alpha1", "ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding",
                 (1, 32), (1, 32), "admissionregistration.k8s.io/v1"))
    add(_entries("authentication.k8s.io/v1alpha1", "SelfSubjectReview", (1, 32), (1, 32), "authentication.k8s.io/v1"))
    # Removed in 1.33
    add(_entries("authentication.k8s.io/v1beta1", "SelfSubjectReview", (1, 30), (1, 33), "authentication.k8s.io/v1"))
    # Removed in 1.34
    add(_entries("admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding",
                 (1, 31), (1, 34), "admissionregistration.k8s.io/v1"))
    # Removed in 1.34 (alpha)
    add(_entries("resource.k8s.io/v1alpha3", "DeviceClass ResourceClaim ResourceClaimTemplate ResourceSlice",
                 (1, 34), (1, 34), "resource.k8s.io/v1"))
    # Removed in 1.35 (alpha)
    add(_entries("storage.k8s.io/v1alpha1", "VolumeAttributesClass", (1, 35), (1, 35), "storage.k8s.io/v1"))
    add(_entries("storagemigration.k8s.io/v1alpha1", "StorageVersionMigration", (1, 35), (1, 35),
                 "storagemigration.k8s.io/v1"))
    # Removed in 1.37
    add(_entries("certificates.k8s.io/v1alpha1", "ClusterTrustBundle", (1, 37), (1, 37), "certificates.k8s.io/v1"))
    add(_entries("networking.k8s.io/v1beta1", "IPAddress ServiceCIDR", (1, 34), (1, 37), "networking.k8s.io/v1"))
    add(_entries("storage.k8s.io/v1beta1", "VolumeAttributesClass", (1, 34), (1, 37), "storage.k8s.io/v1"))
    return tuple(rows)


# The migrations that change the apiVersion only: the Deprecated API Migration Guide
# (kubernetes/website content/en/docs/reference/using-api/deprecation-guide.md) says "No notable
# changes" for them, so the same fields mean the same under the replacement. Every other migration
# renames, moves or re-defaults fields (Ingress backends, the webhooks' failurePolicy default, an empty
# PodDisruptionBudget selector that selects every Pod in policy/v1, the apps/v1 selector, the
# flowcontrol concurrency shares, HPA v2beta1 metric targets, CRD schemas...) and has no automatic fix.
_SAME_FIELDS = {
    ("rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1"): "ClusterRole ClusterRoleBinding Role RoleBinding",
    ("scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1"): "PriorityClass",
    ("coordination.k8s.io/v1beta1", "coordination.k8s.io/v1"): "Lease",
    ("apiregistration.k8s.io/v1beta1", "apiregistration.k8s.io/v1"): "APIService",
    ("authentication.k8s.io/v1beta1", "authentication.k8s.io/v1"): "TokenReview",
    ("networking.k8s.io/v1beta1", "networking.k8s.io/v1"): "IngressClass",
    ("storage.k8s.io/v1beta1", "storage.k8s.io/v1"): "CSIDriver CSINode StorageClass VolumeAttachment CSIStorageCapacity",
    ("node.k8s.io/v1beta1", "node.k8s.io/v1"): "RuntimeClass",
    ("batch/v1beta1", "batch/v1"): "CronJob",
    ("autoscaling/v2beta2", "autoscaling/v2"): "HorizontalPodAutoscaler",
}


def same_fields(entry: DeprecatedApi, replacement: str) -> bool:
    """Whether moving `entry` to `replacement` is a rename of the apiVersion only (the guide's "No notable changes")."""
    kinds = _SAME_FIELDS.get((entry.api_version, replacement))
    return kinds is not None and entry.kind in kinds.split()


@cache
def deprecated_apis() -> tuple[DeprecatedApi, ...]:
    """Every entry of the table, oldest removal first."""
    return _table()


@cache
def _index() -> dict[tuple[str, str], DeprecatedApi]:
    return {(entry.api_version, entry.kind): entry for entry in deprecated_apis()}


def lookup(api_version: str | None, kind: str | None) -> DeprecatedApi | None:
    """The table's entry for an apiVersion and kind, if that pair is deprecated or removed."""
    if not api_version or not kind:
        return None
    return _index().get((api_version, kind))


def deprecation_for(api_version: str | None, kind: str | None, kubernetes_version: Version) -> DeprecatedApi | None:
    """The entry when `kubernetes_version` deprecates or no longer serves this apiVersion and kind."""
    entry = lookup(api_version, kind)
    if entry is None or not entry.is_deprecated(kubernetes_version):
        return None
    return entry


def current_replacement(entry: DeprecatedApi) -> str | None:
    """The replacement to migrate to today: follows replacements that were themselves removed."""
    replacement = entry.replacement
    seen = {entry.api_version}
    while replacement is not None and replacement not in seen:
        seen.add(replacement)
        successor = lookup(replacement, entry.kind)
        if successor is None or successor.removed_in is None:
            return replacement
        replacement = successor.replacement
    return replacement if replacement not in seen else None
