"""Configuration files embedded in a ConfigMap's `data` values (an OpenTelemetry Collector config, a
TracingConfiguration, a KubeletConfiguration, a KubeProxyConfiguration), parsed once per ConfigMap and shared by every rule,
with positions inside the embedded text for findings.
"""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple, Union

from k8slint.model import FieldPath, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject, classify, containers, per_apply_set, per_object, pod_spec

TRACING_CONFIGURATION = "TracingConfiguration"
KUBELET_CONFIGURATION = "KubeletConfiguration"
KUBE_PROXY_CONFIGURATION = "KubeProxyConfiguration"
CLUSTER_CONFIGURATION = "ClusterConfiguration"  # kubeadm's, as its `kubeadm-config` ConfigMap holds it

# Cheap substring tests that every recognised document must pass, so large unrelated values
# (dashboards, scripts, certificates) are never parsed.
_HINTS = (TRACING_CONFIGURATION, KUBELET_CONFIGURATION, KUBE_PROXY_CONFIGURATION, CLUSTER_CONFIGURATION)


class EmbeddedDocument(NamedTuple):
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


class StandaloneDocument(NamedTuple):
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
    return "pipelines" in text and ("receivers" in text or "exporters" in text)


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
    return _collector_index(objects).get((obj.effective_namespace(objects.settings), obj.name), [])


@per_apply_set
def _collector_index(objects: ApplySet) -> dict[tuple, list]:
    from k8slint.otel import collector_version, is_collector_image

    index: dict[tuple, list] = {}
    for workload in objects:
        found = pod_spec(workload)
        if found is None:
            continue
        versions = [
            collector_version(container.get("image"))
            for _, container in containers(workload)
            if is_collector_image(container.get("image"))
        ]
        if not versions:
            continue
        namespace = workload.effective_namespace(objects.settings)
        for name in configmap_volume_names(found[1]):
            index.setdefault((namespace, name), []).extend(versions)
    return index


def all_older_than(versions: list, release: tuple[int, int, int]) -> bool:
    """Whether the Collectors are known and all older than `release` (False for none or an untagged one)."""
    return bool(versions) and all(version is not None and version < release for version in versions)


def configmap_volume_names(spec: dict) -> list[str]:
    names = []
    volumes = spec.get("volumes")
    for volume in volumes if isinstance(volumes, list) else ():
        if not isinstance(volume, dict):
            continue
        source = volume.get("configMap")
        if isinstance(source, dict) and isinstance(source.get("name"), str):
            names.append(source["name"])
        projected = volume.get("projected")
        sources = projected.get("sources") if isinstance(projected, dict) else None
        for item in sources if isinstance(sources, list) else ():
            config_map = item.get("configMap") if isinstance(item, dict) else None
            if isinstance(config_map, dict) and isinstance(config_map.get("name"), str):
                names.append(config_map["name"])
    return names
