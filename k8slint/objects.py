"""The objects rules see, and the few shapes of Kubernetes that many rules share."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any, Callable, Iterable, Iterator, TypeVar

from k8slint.model import FieldPath, ObjectRef, Settings
from k8slint.records import field, record

T = TypeVar("T")

# Kinds that are not Kubernetes API objects but configuration files k8slint understands.
# They are recognised by shape (no apiVersion/kind), see `classify`.
OTEL_COLLECTOR_CONFIG = "OpenTelemetryCollectorConfig"
PROMETHEUS_CONFIG = "PrometheusConfig"
SYNTHETIC_KINDS = frozenset({OTEL_COLLECTOR_CONFIG, PROMETHEUS_CONFIG})
# Top-level keys of configurations that share Prometheus' `scrape_configs` but are other programs'
# (Promtail, Grafana Agent static mode): their documents are not Prometheus configurations.
_NOT_PROMETHEUS_KEYS = frozenset({"clients", "positions", "server", "client", "target_config", "limits_config"})

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
POD_TEMPLATE_PATHS: dict[str, FieldPath] = {
    "Deployment": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
    "PodTemplate": ("template",),
}

# kind -> API groups where a spec is required. Only built-in kinds: a custom resource may
# reuse a name like "Job" with another shape.
SPEC_REQUIRED_KINDS = {
    "CronJob": ("batch",),
    "CustomResourceDefinition": ("apiextensions.k8s.io",),
    "DaemonSet": ("apps", "extensions"),
    "Deployment": ("apps", "extensions"),
    "FlowSchema": ("flowcontrol.apiserver.k8s.io",),
    "HorizontalPodAutoscaler": ("autoscaling",),
    "Ingress": ("networking.k8s.io", "extensions"),
    "Job": ("batch",),
    "PersistentVolume": ("",),
    "PersistentVolumeClaim": ("",),
    "Pod": ("",),
    "PriorityLevelConfiguration": ("flowcontrol.apiserver.k8s.io",),
    "ReplicaSet": ("apps", "extensions"),
    "ReplicationController": ("",),
    "Service": ("",),
    "StatefulSet": ("apps",),
}
WORKLOAD_KINDS = frozenset({"Pod", *POD_TEMPLATE_PATHS})
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
# In a rule's KINDS: the kinds whose pod template the user mapped in `podTemplates:` (Argo Rollout,
# KEDA ScaledJob, ...). `POD_CARRIERS` is every object that makes Pods, built-in or configured.
CONFIGURED_POD_TEMPLATES = "<podTemplates>"
POD_CARRIERS = (*sorted(WORKLOAD_KINDS), CONFIGURED_POD_TEMPLATES)


@record(slots=True, eq=False)
class K8sObject:
    """One object of the input: a document, or an item of a `kind: List`.

    `value` is the plain mapping as Kubernetes decodes it. `base` is where the object sits
    inside its document (`()`, or `("items", 3)` for list items): positions are resolved
    from the document root with `base + path`.
    """

    value: dict
    file: str
    document: int
    base: FieldPath = ()
    source: Any = None  # the loader's Document, for positions
    api_version: str | None = None
    kind: str | None = None
    name: str | None = None
    namespace: str | None = None
    ordinal: int = 0  # position in the whole input, for stable ordering
    partial: bool = False  # a kustomize patch: only the fields it changes are there
    cache: dict | None = None  # results of `per_object` analyses, keyed by function (made on first use)
    template_path: FieldPath | None = None  # where its PodTemplateSpec is (built-in kinds, or `podTemplates:`)
    group: str = ""  # the API group ("" for the core group), from apiVersion: asked for by every rule

    def __post_init__(self) -> None:
        value = self.value
        api_version = value.get("apiVersion")
        kind = value.get("kind")
        self.api_version = api_version if isinstance(api_version, str) else None
        self.group = api_version.split("/", 1)[0] if self.api_version and "/" in api_version else ""
        self.kind = kind if isinstance(kind, str) else classify(value)
        metadata = value.get("metadata")
        if isinstance(metadata, dict):
            name = metadata.get("name")
            namespace = metadata.get("namespace")
            self.name = name if isinstance(name, str) else None
            self.namespace = namespace if isinstance(namespace, str) and namespace else None
        if self.template_path is None:
            self.template_path = POD_TEMPLATE_PATHS.get(self.kind or "")

    def __reduce__(self) -> tuple:
        """Sent between processes as its value and place only: the rest is derived again, and the
        YAML node and the analysis cache stay behind (rebuilt where needed)."""
        return _rebuilt, (self.value, self.file, self.document, self.base, self.template_path, self.partial)

    def use_pod_templates(self, settings: Settings) -> None:
        """Take the PodTemplateSpec path of this kind from the run's `podTemplates:` mapping."""
        for group, kind, path in settings.pod_templates:
            if kind == self.kind and (group is None or group == self.group):
                self.template_path = path
                return

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


def _rebuilt(
    value: dict, file: str, document: int, base: FieldPath, template_path: FieldPath | None, partial: bool
) -> K8sObject:
    return K8sObject(value, file, document, base, template_path=template_path, partial=partial)


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
    # One part of a config split over several files, which the Collector merges (one --config flag
    # each): nothing but collector sections, at least one of them defining components.
    if value.keys() <= _COLLECTOR_KEYS and any(isinstance(value.get(name), dict) and value[name] for name in _COMPONENT_SECTIONS):
        return OTEL_COLLECTOR_CONFIG
    scrape_configs = value.get("scrape_configs")
    if (
        isinstance(scrape_configs, list)
        and any(isinstance(item, dict) and "job_name" in item for item in scrape_configs)
        and not _NOT_PROMETHEUS_KEYS.intersection(value)
        and not any(isinstance(item, dict) and "pipeline_stages" in item for item in scrape_configs)
    ):
        return PROMETHEUS_CONFIG
    return None


_COMPONENT_SECTIONS = ("receivers", "processors", "exporters", "connectors", "extensions")
_COLLECTOR_KEYS = frozenset({*_COMPONENT_SECTIONS, "service"})


def get(value: Any, path: FieldPath, default: Any = None) -> Any:
    """Follow `path` through nested dicts and lists; `default` when any step is missing or mistyped."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or not -len(value) <= part < len(value):
                return default
        elif not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return value


def parsed_data(obj: K8sObject, wanted: Callable[[Any], bool], parse: Callable[[str], T]) -> dict[str, T]:
    """The values of a ConfigMap's `data` that `wanted` accepts, parsed, by key (callers cache it
    with `per_object`)."""
    data = obj.value.get("data")
    parsed: dict[str, T] = {}
    if isinstance(data, dict):
        for key, text in data.items():
            if isinstance(key, str) and wanted(text):
                parsed[key] = parse(text)
    return parsed


def pod_template(obj: K8sObject) -> tuple[FieldPath, dict] | None:
    """(path, template) of the PodTemplateSpec of a workload (a built-in kind, or one mapped in
    `podTemplates:`), where the template has metadata and spec."""
    path = obj.template_path
    if path is None:
        return None
    template = get(obj.value, path)
    return (path, template) if isinstance(template, dict) else None


def pod_spec(obj: K8sObject) -> tuple[FieldPath, dict] | None:
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


def pod_labels(obj: K8sObject) -> tuple[FieldPath, dict] | None:
    """(path, labels) of the Pods an object makes: a Pod's own labels, or its template's."""
    if obj.kind == "Pod":
        return ("metadata", "labels"), obj.labels
    found = pod_template(obj)
    if found is None:
        return None
    path, template = found
    labels = get(template, ("metadata", "labels"))
    return (*path, "metadata", "labels"), labels if isinstance(labels, dict) else {}


def containers(obj: K8sObject, lists: Iterable[str] = CONTAINER_LISTS) -> Iterator[tuple[FieldPath, dict]]:
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


def is_native_sidecar(path: FieldPath, container: dict) -> bool:
    """An init container with `restartPolicy: Always`: it starts before the others and keeps running."""
    return len(path) >= 2 and path[-2] == "initContainers" and container.get("restartPolicy") == "Always"


def running_containers(obj: K8sObject) -> Iterator[tuple[FieldPath, dict]]:
    """(path, container) of the long-running containers, the ones that may have probes: native sidecars
    first, then `containers`."""
    for path, container in containers(obj, ("initContainers", "containers")):
        if path[-2] == "containers" or is_native_sidecar(path, container):
            yield path, container


def container_field(path: FieldPath, container: dict, field_path: FieldPath) -> FieldPath:
    """Where a per-container finding about `field_path` points: the field when it is written, else the
    container's `name:` (the line a person recognises the container by), else the container."""
    if get(container, field_path, _MISSING) is not _MISSING:
        return (*path, *field_path)
    return (*path, "name") if "name" in container else path


_MISSING = object()


def shared_path(path: FieldPath) -> FieldPath:
    """The one stored copy of a path. Analyses that keep a path for every object of a set (where its Pod
    spec, labels or containers are) keep few distinct ones, each made anew by every call of `containers`."""
    return _PATHS.setdefault(path, path)


_PATHS: dict[FieldPath, FieldPath] = {}


def per_object(analysis: Callable[[K8sObject], T]) -> Callable[[K8sObject], T]:
    """Cache a derived value of one object (its mounts, its parsed commands) for the rest of the run,
    so that every rule asking for it shares one computation. Keyed by the function itself."""

    @functools.wraps(analysis)
    def cached(obj: K8sObject) -> T:
        cache = obj.cache
        if cache is None:
            cache = obj.cache = {}
        try:
            return cache[analysis]
        except KeyError:
            value = cache[analysis] = analysis(obj)
            return value

    return cached


def per_apply_set(analysis: Callable[["ApplySet"], T]) -> Callable[["ApplySet"], T]:
    """Cache an analysis of a whole apply set (an index of its controllers, its logging agents) for the
    rest of the run, shared by every whole-set rule that asks for it. Keyed by the function itself."""

    @functools.wraps(analysis)
    def cached(objects: ApplySet) -> T:
        try:
            return objects.cache[analysis]
        except KeyError:
            value = objects.cache[analysis] = analysis(objects)
            return value

    return cached


@record(slots=True, eq=False)
class ApplySet:
    """A group of objects that are applied together: what a whole-set rule (`check_set`) compares.

    Objects in different apply sets are never duplicates of each other and never satisfy each
    other's references. `settings` are the run's, so that analyses of the set are functions of it
    alone (`per_apply_set`). Indexes are built once, on demand.
    """

    objects: list[K8sObject]
    settings: Settings
    name: str = ""
    cache: dict = field(default_factory=dict)  # results of `per_apply_set` analyses, keyed by function
    _by_kind: dict[str, list[K8sObject]] | None = None

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
        return _by_identity(self).get((kind, namespace, name))

    def holds(self, kinds: frozenset[tuple[str | None, str]]) -> bool:
        """Whether an object of one of these (group, kind) is here; group None matches any group."""
        for group, kind in kinds:
            for obj in self.of_kind(kind):
                if group is None or obj.group == group:
                    return True
        return False


@per_apply_set
def _by_identity(objects: ApplySet) -> dict[tuple, K8sObject]:
    return {(o.kind, o.namespace, o.name): o for o in reversed(objects.objects)}
