"""The objects rules see, and the few shapes of Kubernetes that many rules share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from k8slint.model import ObjectRef, Path, Settings

# Kinds that are not Kubernetes API objects but configuration files k8slint understands.
# They are recognised by shape (no apiVersion/kind), see `classify`.
OTEL_COLLECTOR_CONFIG = "OpenTelemetryCollectorConfig"
SYNTHETIC_KINDS = frozenset({OTEL_COLLECTOR_CONFIG})

CLUSTER_SCOPED_KINDS = frozenset(
    {
        "APIService",
        "CertificateSigningRequest",
        "ClusterRole",
        "ClusterRoleBinding",
        "ClusterTrustBundle",
        "ComponentStatus",
        "CSIDriver",
        "CSINode",
        "CustomResourceDefinition",
        "DeviceClass",
        "FlowSchema",
        "IngressClass",
        "IPAddress",
        "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PodSecurityPolicy",
        "PriorityClass",
        "PriorityLevelConfiguration",
        "RuntimeClass",
        "SelfSubjectAccessReview",
        "SelfSubjectReview",
        "SelfSubjectRulesReview",
        "ServiceCIDR",
        "StorageClass",
        "StorageVersion",
        "StorageVersionMigration",
        "SubjectAccessReview",
        "TokenReview",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "VolumeAttachment",
        "VolumeAttributesClass",
    }
)

# API groups served by Kubernetes itself: a custom resource never belongs to one of these.
BUILTIN_GROUPS = frozenset(
    {
        "", "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "apps",
        "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io",
        "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "extensions", "flowcontrol.apiserver.k8s.io",
        "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io", "policy", "rbac.authorization.k8s.io",
        "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
    }
)

# kind -> path of the Pod template spec's parent (the PodTemplateSpec) inside the object.
POD_TEMPLATE_PATHS: dict[str, Path] = {
    "Deployment": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
    "PodTemplate": ("template",),
}
WORKLOAD_KINDS = frozenset({"Pod", *POD_TEMPLATE_PATHS})
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


@dataclass(slots=True, eq=False)
class K8sObject:
    """One object of the input: a document, or an item of a `kind: List`.

    `value` is the plain mapping as Kubernetes decodes it. `base` is where the object sits
    inside its document (`()`, or `("items", 3)` for list items): positions are resolved
    from the document root with `base + path`.
    """

    value: dict
    file: str
    document: int
    base: Path = ()
    source: Any = None  # the loader's Document, for positions
    api_version: str | None = None
    kind: str | None = None
    name: str | None = None
    namespace: str | None = None
    ordinal: int = 0  # position in the whole input, for stable ordering
    derived: dict = field(default_factory=dict)  # per-object results that several rules share (parsed configs)

    def __post_init__(self) -> None:
        value = self.value
        api_version = value.get("apiVersion")
        kind = value.get("kind")
        self.api_version = api_version if isinstance(api_version, str) else None
        self.kind = kind if isinstance(kind, str) else classify(value)
        metadata = value.get("metadata")
        if isinstance(metadata, dict):
            name = metadata.get("name")
            namespace = metadata.get("namespace")
            self.name = name if isinstance(name, str) else None
            self.namespace = namespace if isinstance(namespace, str) and namespace else None

    def __reduce__(self) -> tuple:
        """Sent between processes as its value and place only: the rest is derived again, and the
        YAML node and per-run caches stay behind (rebuilt where needed)."""
        return K8sObject, (self.value, self.file, self.document, self.base)

    @property
    def group(self) -> str:
        """The API group ("" for the core group)."""
        if not self.api_version or "/" not in self.api_version:
            return ""
        return self.api_version.split("/", 1)[0]

    @property
    def version(self) -> str:
        return (self.api_version or "").rsplit("/", 1)[-1]

    @property
    def metadata(self) -> dict:
        metadata = self.value.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    @property
    def labels(self) -> dict:
        labels = self.metadata.get("labels")
        return labels if isinstance(labels, dict) else {}

    @property
    def annotations(self) -> dict:
        annotations = self.metadata.get("annotations")
        return annotations if isinstance(annotations, dict) else {}

    @property
    def is_cluster_scoped(self) -> bool:
        return self.kind in CLUSTER_SCOPED_KINDS

    def effective_namespace(self, settings: Settings) -> str | None:
        """The namespace the object lands in: its own, or the configured default; None when cluster-scoped."""
        if self.is_cluster_scoped:
            return None
        return self.namespace or settings.default_namespace

    def ref(self) -> ObjectRef:
        return ObjectRef(self.api_version, self.kind, self.namespace, self.name, self.document)

    def describe(self) -> str:
        return self.ref().describe()


# API groups of component configuration files (kubelet, kube-proxy, kubeadm, kind, kustomize...):
# they are read from disk by a program, not created through the API, so they have no metadata.name.
CONFIG_FILE_GROUP_SUFFIXES = (".config.k8s.io", "kubeadm.k8s.io", "kind.x-k8s.io")
CONFIG_FILE_KINDS = frozenset({("audit.k8s.io", "Policy"), ("", "Config")})


def is_config_file(obj: K8sObject) -> bool:
    """A configuration file of a component rather than an API object."""
    if obj.kind in SYNTHETIC_KINDS:
        return True
    group = obj.group
    return group.endswith(CONFIG_FILE_GROUP_SUFFIXES) or (group, obj.kind) in CONFIG_FILE_KINDS


def classify(value: dict) -> str | None:
    """The synthetic kind of a configuration document without apiVersion/kind, if k8slint knows it."""
    if "apiVersion" in value or "kind" in value:
        return None
    service = value.get("service")
    if (
        isinstance(service, dict)
        and isinstance(service.get("pipelines"), dict)
        and ("receivers" in value or "exporters" in value)
    ):
        return OTEL_COLLECTOR_CONFIG
    return None


def get(value: Any, path: Path, default: Any = None) -> Any:
    """Follow `path` through nested dicts and lists; `default` when any step is missing or mistyped."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or not -len(value) <= part < len(value):
                return default
        elif not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return value


def parsed_data(obj: K8sObject, cache_key: str, wanted: Callable[[Any], bool], parse: Callable[[str], Any]) -> dict:
    """The values of a ConfigMap's `data` that `wanted` accepts, by key, parsed once per object."""
    parsed = obj.derived.get(cache_key)
    if parsed is None:
        data = obj.value.get("data")
        parsed = {}
        if isinstance(data, dict):
            for key, text in data.items():
                if isinstance(key, str) and wanted(text):
                    parsed[key] = parse(text)
        obj.derived[cache_key] = parsed
    return parsed


def pod_template(obj: K8sObject) -> tuple[Path, dict] | None:
    """(path, template) of the PodTemplateSpec of a workload, where the template has metadata and spec."""
    path = POD_TEMPLATE_PATHS.get(obj.kind or "")
    if path is None:
        return None
    template = get(obj.value, path)
    return (path, template) if isinstance(template, dict) else None


def pod_spec(obj: K8sObject) -> tuple[Path, dict] | None:
    """(path, spec) of the Pod spec of a Pod or of a workload's template."""
    if obj.kind == "Pod":
        spec = obj.value.get("spec")
        return (("spec",), spec) if isinstance(spec, dict) else None
    found = pod_template(obj)
    if found is None:
        return None
    path, template = found
    spec = template.get("spec")
    return ((*path, "spec"), spec) if isinstance(spec, dict) else None


def pod_labels(obj: K8sObject) -> tuple[Path, dict] | None:
    """(path, labels) of the Pods an object makes: a Pod's own labels, or its template's."""
    if obj.kind == "Pod":
        return ("metadata", "labels"), obj.labels
    found = pod_template(obj)
    if found is None:
        return None
    path, template = found
    labels = get(template, ("metadata", "labels"))
    return (*path, "metadata", "labels"), labels if isinstance(labels, dict) else {}


def containers(obj: K8sObject, lists: Iterable[str] = CONTAINER_LISTS) -> Iterator[tuple[Path, dict]]:
    """(path, container) for every container of a Pod or workload template, init containers first."""
    found = pod_spec(obj)
    if found is None:
        return
    path, spec = found
    for list_name in lists:
        items = spec.get(list_name)
        if isinstance(items, list):
            for index, container in enumerate(items):
                if isinstance(container, dict):
                    yield (*path, list_name, index), container


@dataclass(slots=True, eq=False)
class ObjectSet:
    """The whole input set, for rules that look across objects. Indexes are built once, on demand."""

    objects: list[K8sObject] = field(default_factory=list)
    _by_kind: dict[str, list[K8sObject]] | None = None
    _memo: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[K8sObject]:
        return iter(self.objects)

    def __len__(self) -> int:
        return len(self.objects)

    def of_kind(self, *kinds: str) -> list[K8sObject]:
        if self._by_kind is None:
            by_kind: dict[str, list[K8sObject]] = defaultdict(list)
            for obj in self.objects:
                by_kind[obj.kind or ""].append(obj)
            self._by_kind = dict(by_kind)
        if len(kinds) == 1:
            return self._by_kind.get(kinds[0], [])
        return [obj for kind in kinds for obj in self._by_kind.get(kind, [])]

    def find(self, kind: str, name: str, namespace: str | None = None) -> K8sObject | None:
        index = self.memo(
            "objects-by-name",
            lambda: {(o.kind, o.namespace, o.name): o for o in reversed(self.objects)},
        )
        return index.get((kind, namespace, name))

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A value computed once per run and shared by every rule (an index, a table)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]
