"""Built-in kinds: their API group and resource name, for policy scopes and VAP resource rules.

Resource names are the API server's (kubectl api-resources); a custom resource's come from its
CustomResourceDefinition when one is among the inputs, else from a guess: Kubernetes' own
(apimachinery/pkg/api/meta/restmapper.go UnsafeGuessKindToResource: lowercase, "endpoints" unchanged,
"es" after s, "ies" for a final y, else "s") except that a vowel before the final y keeps it
("gateways", not "gatewaies"), as the CRDs in the wild name their plurals.
"""

from __future__ import annotations

from collections.abc import Iterable

from k8slint.objects import CLUSTER_SCOPED_KINDS, POD_TEMPLATE_PATHS

# kind -> (group, resource)
BUILTIN: dict[str, tuple[str, str]] = {
    "Binding": ("", "bindings"), "ComponentStatus": ("", "componentstatuses"), "ConfigMap": ("", "configmaps"),
    "Endpoints": ("", "endpoints"), "Event": ("", "events"), "LimitRange": ("", "limitranges"),
    "Namespace": ("", "namespaces"), "Node": ("", "nodes"), "PersistentVolume": ("", "persistentvolumes"),
    "PersistentVolumeClaim": ("", "persistentvolumeclaims"), "Pod": ("", "pods"), "PodTemplate": ("", "podtemplates"),
    "ReplicationController": ("", "replicationcontrollers"), "ResourceQuota": ("", "resourcequotas"),
    "Secret": ("", "secrets"), "Service": ("", "services"), "ServiceAccount": ("", "serviceaccounts"),
    "MutatingWebhookConfiguration": ("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
    "ValidatingWebhookConfiguration": ("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
    "ValidatingAdmissionPolicy": ("admissionregistration.k8s.io", "validatingadmissionpolicies"),
    "ValidatingAdmissionPolicyBinding": ("admissionregistration.k8s.io", "validatingadmissionpolicybindings"),
    "MutatingAdmissionPolicy": ("admissionregistration.k8s.io", "mutatingadmissionpolicies"),
    "MutatingAdmissionPolicyBinding": ("admissionregistration.k8s.io", "mutatingadmissionpolicybindings"),
    "CustomResourceDefinition": ("apiextensions.k8s.io", "customresourcedefinitions"),
    "APIService": ("apiregistration.k8s.io", "apiservices"),
    "ControllerRevision": ("apps", "controllerrevisions"), "DaemonSet": ("apps", "daemonsets"),
    "Deployment": ("apps", "deployments"), "ReplicaSet": ("apps", "replicasets"),
    "StatefulSet": ("apps", "statefulsets"),
    "HorizontalPodAutoscaler": ("autoscaling", "horizontalpodautoscalers"),
    "CronJob": ("batch", "cronjobs"), "Job": ("batch", "jobs"),
    "CertificateSigningRequest": ("certificates.k8s.io", "certificatesigningrequests"),
    "ClusterTrustBundle": ("certificates.k8s.io", "clustertrustbundles"),
    "Lease": ("coordination.k8s.io", "leases"),
    "EndpointSlice": ("discovery.k8s.io", "endpointslices"),
    "FlowSchema": ("flowcontrol.apiserver.k8s.io", "flowschemas"),
    "PriorityLevelConfiguration": ("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations"),
    "Ingress": ("networking.k8s.io", "ingresses"), "IngressClass": ("networking.k8s.io", "ingressclasses"),
    "NetworkPolicy": ("networking.k8s.io", "networkpolicies"), "IPAddress": ("networking.k8s.io", "ipaddresses"),
    "ServiceCIDR": ("networking.k8s.io", "servicecidrs"),
    "RuntimeClass": ("node.k8s.io", "runtimeclasses"),
    "PodDisruptionBudget": ("policy", "poddisruptionbudgets"),
    "ClusterRole": ("rbac.authorization.k8s.io", "clusterroles"),
    "ClusterRoleBinding": ("rbac.authorization.k8s.io", "clusterrolebindings"),
    "Role": ("rbac.authorization.k8s.io", "roles"), "RoleBinding": ("rbac.authorization.k8s.io", "rolebindings"),
    "DeviceClass": ("resource.k8s.io", "deviceclasses"), "ResourceClaim": ("resource.k8s.io", "resourceclaims"),
    "ResourceClaimTemplate": ("resource.k8s.io", "resourceclaimtemplates"),
    "ResourceSlice": ("resource.k8s.io", "resourceslices"),
    "PriorityClass": ("scheduling.k8s.io", "priorityclasses"),
    "CSIDriver": ("storage.k8s.io", "csidrivers"), "CSINode": ("storage.k8s.io", "csinodes"),
    "CSIStorageCapacity": ("storage.k8s.io", "csistoragecapacities"),
    "StorageClass": ("storage.k8s.io", "storageclasses"), "VolumeAttachment": ("storage.k8s.io", "volumeattachments"),
    "VolumeAttributesClass": ("storage.k8s.io", "volumeattributesclasses"),
}

# Named kind groups usable in a policy's match.kinds.
WORKLOADS = frozenset({"Pod", *POD_TEMPLATE_PATHS})
GROUPS: dict[str, frozenset[str]] = {
    "@workloads": WORKLOADS,
    "@controllers": frozenset(POD_TEMPLATE_PATHS) - {"PodTemplate"},
}


def group_of(api_version: str | None) -> str:
    return api_version.rpartition("/")[0] if isinstance(api_version, str) and "/" in api_version else ""


def version_of(api_version: str | None) -> str:
    return api_version.rpartition("/")[2] if isinstance(api_version, str) else ""


def guess_resource(kind: str) -> str:
    lowered = kind.lower()
    if lowered.endswith("endpoints"):
        return lowered
    if lowered.endswith("s"):
        return lowered + "es"
    if lowered.endswith("y") and lowered[-2:-1] not in ("a", "e", "i", "o", "u"):
        return lowered[:-1] + "ies"
    return lowered + "s"


def is_namespaced(kind: str, group: str, crds: dict[tuple[str, str], tuple[str, bool]] | None = None) -> bool:
    if crds and (group, kind) in crds:
        return crds[(group, kind)][1]
    return kind not in CLUSTER_SCOPED_KINDS


def custom_resources(objects: Iterable[dict]) -> dict[tuple[str, str], tuple[str, bool]]:
    """(group, kind) -> (plural, namespaced) of every CustomResourceDefinition among `objects`."""
    found: dict[tuple[str, str], tuple[str, bool]] = {}
    for obj in objects:
        if obj.get("kind") != "CustomResourceDefinition" or not isinstance(obj.get("spec"), dict):
            continue
        spec = obj["spec"]
        names = spec.get("names") if isinstance(spec.get("names"), dict) else {}
        if isinstance(spec.get("group"), str) and isinstance(names.get("kind"), str):
            plural = names.get("plural") if isinstance(names.get("plural"), str) else guess_resource(names["kind"])
            found[(spec["group"], names["kind"])] = (plural, spec.get("scope") != "Cluster")
    return found


def resource_of(kind: str, group: str, crds: dict[tuple[str, str], tuple[str, bool]] | None = None) -> str:
    if crds and (group, kind) in crds:
        return crds[(group, kind)][0]
    builtin = BUILTIN.get(kind)
    if builtin is not None and builtin[0] == group:
        return builtin[1]
    return guess_resource(kind)
