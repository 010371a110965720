"""Configuration files embedded in a ConfigMap's `data` values (an OpenTelemetry Collector config, a
TracingConfiguration, a KubeletConfiguration, a KubeProxyConfiguration), parsed once per ConfigMap and shared by every rule,
with positions inside the embedded text for findings.
"""

from __future__ import annotations

from typing import Any, Iterator, Union

from k8slint.model import FieldPath, Problem, Replace, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject, classify, get, per_apply_set, per_object
from k8slint.records import named_tuple

TRACING_CONFIGURATION = "TracingConfiguration"
KUBELET_CONFIGURATION = "KubeletConfiguration"
KUBE_PROXY_CONFIGURATION = "KubeProxyConfiguration"
CLUSTER_CONFIGURATION = "ClusterConfiguration"  # kubeadm's, as its `kubeadm-config` ConfigMap holds it

# Cheap substring tests that every recognised document must pass, so large unrelated values
# (dashboards, scripts, certificates) are never parsed.
_HINTS = (TRACING_CONFIGURATION, KUBELET_CONFIGURATION, KUBE_PROXY_CONFIGURATION, CLUSTER_CONFIGURATION)
_COLLECTOR_SECTION_HINTS = ("receivers:", "processors:", "exporters:", "connectors:", "extensions:")


@named_tuple
class EmbeddedDocument:
    """One recognised document inside the string `data[key]` of a ConfigMap (or `stringData[key]` of a Secret)."""

    key: str
    document: int  # index of the document inside the string
    kind: str
    value: dict
    node: Any  # root node, for positions inside the string
    field: str = "data"  # the object's mapping that holds the string (a Secret's `stringData`)

    embedded = True

    @property
    def api_version(self) -> str | None:
        api_version = self.value.get("apiVersion")
        return api_version if isinstance(api_version, str) else None

    def inner(self, path: FieldPath, on_key: bool = False) -> tuple[int, int]:
        """0-based (line, column) of `path` inside the embedded string (its nearest existing ancestor)."""
        from k8slint.loader import locate

        span, _ = locate(self.node, tuple(path), on_key=on_key)
        return span.line - 1, span.column - 1

    def problem(
        self, path: FieldPath, message: str, on_key: bool = False, severity: Severity | None = None
    ) -> Problem:
        """A Problem on the ConfigMap that points inside the embedded text at `path`."""
        return Problem(
            at=(self.field, self.key), message=message, severity=severity, inner=self.inner(path, on_key)
        )


@named_tuple
class StandaloneDocument:
    """A recognised configuration that is the object itself (a file of its own), for the same rule code."""

    kind: str
    value: dict

    embedded = False

    @property
    def api_version(self) -> str | None:
        api_version = self.value.get("apiVersion")
        return api_version if isinstance(api_version, str) else None

    def problem(
        self, path: FieldPath, message: str, on_key: bool = False, severity: Severity | None = None
    ) -> Problem:
        return Problem(at=tuple(path), message=message, on_key=on_key, severity=severity)


ConfigDocument = Union[StandaloneDocument, EmbeddedDocument]


def replace_scalar(obj: K8sObject, document: ConfigDocument, path: FieldPath, old: str, new: str, on_key: bool = False) -> Replace:
    """A fix's edit of the scalar `old` (a key, with `on_key`) at `path` of a config document: in the
    object itself, or inside the ConfigMap string that embeds it (past an opening quote)."""
    if not document.embedded:
        return Replace(tuple(path), old, new, on_key=on_key)
    line, column = document.inner(path, on_key)
    text = get(obj.value, (document.field, document.key))
    rows = text.split("\n") if isinstance(text, str) else []
    if line < len(rows) and rows[line][column : column + 1] in ("'", '"'):
        column += 1
    return Replace((document.field, document.key), old, new, start=(line, column))


class EmbeddedParse:
    """What a ConfigMap's data holds: the recognised documents and the values that failed to parse."""

    __slots__ = ("documents", "errors")

    def __init__(self) -> None:
        self.documents: list[EmbeddedDocument] = []
        # (data key, 0-based line, 0-based column, message) for candidate values that are not valid YAML.
        self.errors: list[tuple[str, int, int, str]] = []

    def of_kind(self, kind: str) -> list[EmbeddedDocument]:
        return [document for document in self.documents if document.kind == kind]


def looks_like_config(text: str) -> bool:
    """Whether `text` may hold a recognised document; false for most unrelated values, never for one."""
    if any(hint in text for hint in _HINTS):
        return True
    if "scrape_configs" in text:
        return True
    if "pipelines" in text and ("receivers" in text or "exporters" in text):
        return True
    # One part of a collector config split over several keys (see objects.classify).
    return any(section in text for section in _COLLECTOR_SECTION_HINTS)


def recognise(value: Any) -> str | None:
    """The kind k8slint gives an embedded document: a collector config by shape, others by `kind`."""
    if not isinstance(value, dict):
        return None
    kind = value.get("kind")
    if kind in (TRACING_CONFIGURATION, KUBELET_CONFIGURATION, KUBE_PROXY_CONFIGURATION, CLUSTER_CONFIGURATION):
        return kind
    return classify(value)


def parse_text(key: str, text: str) -> EmbeddedParse:
    """Parse one data value and keep the documents k8slint recognises."""
    from k8slint.loader import load_text

    parsed = EmbeddedParse()
    if not looks_like_config(text):
        return parsed
    loaded = load_text(text)
    for document in loaded.documents:
        kind = recognise(document.value)
        if kind is not None:
            parsed.documents.append(EmbeddedDocument(key, document.index, kind, document.value, document.node))
    for problem in loaded.problems:
        if problem.rule == "invalid-yaml":
            parsed.errors.append((key, problem.span.line - 1, problem.span.column - 1, problem.message))
    return parsed


@per_object
def embedded_configs(obj: K8sObject) -> EmbeddedParse:
    """The recognised documents of a ConfigMap's `data`, parsed once."""
    result = EmbeddedParse()
    data = obj.value.get("data") if obj.kind == "ConfigMap" else None
    if isinstance(data, dict):
        for key, text in data.items():
            if isinstance(text, str):
                parsed = parse_text(key, text)
                result.documents.extend(parsed.documents)
                result.errors.extend(parsed.errors)
    return result


def embedded_of_kind(obj: K8sObject, kind: str) -> list[EmbeddedDocument]:
    """The embedded documents of one kind in a ConfigMap ([] for any other object)."""
    if obj.kind != "ConfigMap":
        return []
    return embedded_configs(obj).of_kind(kind)


def config_documents(obj: K8sObject, kind: str) -> list[ConfigDocument]:
    """The documents of `kind` an object holds: itself when it is one, or those embedded in a ConfigMap."""
    if obj.kind == kind:
        return [StandaloneDocument(kind, obj.value)]
    return list(embedded_of_kind(obj, kind))


def configmaps_with_collector_configs(objects: ApplySet) -> Iterator[tuple[K8sObject, list]]:
    """(ConfigMap, the Collector versions that mount it) for each ConfigMap of the apply set holding a collector config."""
    for obj in objects.of_kind("ConfigMap"):
        if embedded_of_kind(obj, OTEL_COLLECTOR_CONFIG):
            yield obj, collector_versions(obj, objects)


def collector_versions(obj: K8sObject, objects: ApplySet) -> list[tuple[int, int, int] | None]:
    """Collector releases (from image tags) of the workloads in the apply set that mount this ConfigMap.

    None stands for a Collector image without a version tag (latest, a digest); [] means no Collector
    of the apply set mounts it.
    """
    return [collector.version for collector in collectors_mounting(obj, objects)]


@named_tuple
class Collector:
    """One Collector container of a workload: its release, the ConfigMaps it mounts and the
    configs its arguments give (`--config=yaml:...`, `--set`)."""

    workload: K8sObject
    container_path: FieldPath
    version: tuple[int, int, int] | None
    configmaps: tuple[str, ...]
    inline: tuple  # of k8slint.otel.InlineConfig
    localhost_gate_disabled: bool
    # A --config flag reads what k8slint cannot see: another provider (env:, http:), or a file
    # outside the ConfigMaps it mounts (in the image, a Secret): any component may be defined there.
    reads_unseen_config: bool


def collectors_mounting(obj: K8sObject, objects: ApplySet) -> list[Collector]:
    """The Collector containers of the apply set that mount the ConfigMap `obj`."""
    return _collector_index(objects).get((obj.effective_namespace(objects.settings), obj.name), [])


def collector_configs_of(collector: Collector, objects: ApplySet) -> list[dict]:
    """Every collector config a Collector container can load: those of the ConfigMaps it mounts,
    and those of its arguments."""
    namespace = collector.workload.effective_namespace(objects.settings)
    by_name = _configmaps_by_name(objects)
    configs = [
        document.value
        for name in collector.configmaps
        for configmap in by_name.get((namespace, name), ())
        for document in embedded_of_kind(configmap, OTEL_COLLECTOR_CONFIG)
    ]
    return configs + [inline.value for inline in collector.inline]


def merged_collector_configs(obj: K8sObject, objects: ApplySet) -> list[dict] | None:
    """The collector configs that may be merged with those `obj` holds when a Collector starts
    (several `--config` flags): for a standalone config file, the standalone configs of the other
    files of the apply set (a file provider reads one document); for a ConfigMap, its other data
    keys, and every config of each Collector mounting it. None when such a Collector also reads a
    config k8slint cannot see."""
    if obj.kind == OTEL_COLLECTOR_CONFIG:
        return [other.value for other in objects.of_kind(OTEL_COLLECTOR_CONFIG) if other.file != obj.file]
    configs = [document.value for document in embedded_of_kind(obj, OTEL_COLLECTOR_CONFIG)]
    for collector in collectors_mounting(obj, objects):
        if collector.reads_unseen_config:
            return None
        configs.extend(collector_configs_of(collector, objects))
    return configs


@per_apply_set
def collectors(objects: ApplySet) -> list[Collector]:
    """Every Collector container of the workloads of the apply set."""
    from k8slint.otel import collector_version, inline_configs, is_collector_image, localhost_gate_disabled
    from k8slint.podsecurity import pod_carriers

    found = []
    for workload, pod in pod_carriers(objects):
        volumes = _configmap_volume_names(pod.spec)
        for path, container in pod.containers:
            image = container.get("image")
            if is_collector_image(image):
                found.append(
                    Collector(
                        workload,
                        path,
                        collector_version(image),
                        _mounted_configmaps(container, volumes),
                        tuple(inline_configs(container)),
                        localhost_gate_disabled(container),
                        _reads_unseen_config(container, volumes),
                    )
                )
    return found


@per_apply_set
def _collector_index(objects: ApplySet) -> dict[tuple, list[Collector]]:
    index: dict[tuple, list[Collector]] = {}
    for collector in collectors(objects):
        namespace = collector.workload.effective_namespace(objects.settings)
        for name in collector.configmaps:
            index.setdefault((namespace, name), []).append(collector)
    return index


@per_apply_set
def _configmaps_by_name(objects: ApplySet) -> dict[tuple, list[K8sObject]]:
    index: dict[tuple, list[K8sObject]] = {}
    for configmap in objects.of_kind("ConfigMap"):
        index.setdefault((configmap.effective_namespace(objects.settings), configmap.name), []).append(configmap)
    return index


def all_older_than(versions: list, release: tuple[int, int, int]) -> bool:
    """Whether the Collectors are known and all older than `release` (False for none or an untagged one)."""
    return bool(versions) and all(version is not None and version < release for version in versions)


def configmap_volume_names(spec: dict) -> list[str]:
    """The ConfigMaps a Pod spec mounts (through configMap and projected volumes)."""
    return [name for names in _configmap_volume_names(spec).values() for name in names]


def _configmap_volume_names(spec: dict) -> dict[str, list[str]]:
    """volume name -> the ConfigMaps it holds (one, or several for a projected volume)."""
    names: dict[str, list[str]] = {}
    volumes = spec.get("volumes")
    for volume in volumes if isinstance(volumes, list) else ():
        if not isinstance(volume, dict):
            continue
        held = names.setdefault(str(volume.get("name")), [])
        source = volume.get("configMap")
        if isinstance(source, dict) and isinstance(source.get("name"), str):
            held.append(source["name"])
        projected = volume.get("projected")
        sources = projected.get("sources") if isinstance(projected, dict) else None
        for item in sources if isinstance(sources, list) else ():
            config_map = item.get("configMap") if isinstance(item, dict) else None
            if isinstance(config_map, dict) and isinstance(config_map.get("name"), str):
                held.append(config_map["name"])
    return names


def _reads_unseen_config(container: dict, volumes: dict[str, list[str]]) -> bool:
    from k8slint.otel import config_files

    mounts = container.get("volumeMounts")
    roots = [
        mount["mountPath"].rstrip("/")
        for mount in (mounts if isinstance(mounts, list) else ())
        if isinstance(mount, dict) and volumes.get(str(mount.get("name"))) and isinstance(mount.get("mountPath"), str)
    ]
    return any(
        path is None or not any(path == root or path.startswith(root + "/") for root in roots)
        for path in config_files(container)
    )


def _mounted_configmaps(container: dict, volumes: dict[str, list[str]]) -> tuple[str, ...]:
    """The ConfigMaps of the Pod's volumes that this container mounts."""
    mounts = container.get("volumeMounts")
    mounted = {str(mount.get("name")) for mount in mounts if isinstance(mount, dict)} if isinstance(mounts, list) else set()
    return tuple(name for volume, held in volumes.items() if volume in mounted for name in held)
