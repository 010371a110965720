"""Which container of a Pod sees which file of its volumes: a container path resolves to the deepest
`volumeMount` containing it (nested mounts shadow their parents), then to a path inside the volume with
`subPath` honoured; two containers share a file when both resolve it to the same place of the same
storage (one volume, or two volumes naming the same hostPath or PersistentVolumeClaim).
"""

from __future__ import annotations

import posixpath
from typing import Any, Iterator

from k8slint.flags import command_lines, expands_at_runtime
from k8slint.model import FieldPath
from k8slint.objects import K8sObject, per_object, pod_spec
from k8slint.records import record

# The volume source fields of core/v1 VolumeSource; the one present names the volume's kind.
VOLUME_SOURCES = (
    "emptyDir", "hostPath", "configMap", "secret", "persistentVolumeClaim", "projected", "downwardAPI",
    "ephemeral", "csi", "image", "nfs", "iscsi", "fc", "cephfs", "rbd", "glusterfs", "azureDisk", "azureFile",
    "awsElasticBlockStore", "gcePersistentDisk", "gitRepo", "cinder", "flexVolume", "flocker", "portworxVolume",
    "quobyte", "scaleIO", "storageos", "photonPersistentDisk", "vsphereVolume",
)
# Kinds the kubelet always mounts read-only: a container cannot write into them.
READ_ONLY_KINDS = frozenset({"configMap", "secret", "projected", "downwardAPI", "image"})
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


@record(frozen=True, slots=True)
class Mount:
    """One `volumeMounts` entry. `sub_path` is "" without subPath and None for a `subPathExpr` (known at run time)."""

    container: str
    path: FieldPath  # of the volumeMount, relative to the Pod spec
    volume: str
    mount_path: str
    sub_path: str | None
    read_only: bool


@record(frozen=True, slots=True)
class Location:
    """Where a container path lands: `inner` is the path inside the volume ("" is its root)."""

    mount: Mount
    volume: str
    inner: str
    kind: str | None  # the volume's source kind; None when the volume is not declared

    @property
    def writable(self) -> bool:
        return not self.mount.read_only and self.kind not in READ_ONLY_KINDS


@record(frozen=True, slots=True)
class ConfigMapFile:
    """A file of a ConfigMap volume: `key` is None when the path names the volume's directory itself."""

    configmap: str
    key: str | None
    optional: bool


@record(frozen=True, slots=True)
class Sighting:
    """A container that sees a file, and the path under which it sees it."""

    container: str
    path: str
    location: Location


class PodMounts:
    """The mounts of one Pod spec, indexed by container name."""

    def __init__(self, spec: Any) -> None:
        self.volumes: dict[str, dict] = {}
        self.mounts: dict[str, list[Mount]] = {}
        self.containers: dict[str, tuple[str, int]] = {}  # name -> (list name, index)
        if not isinstance(spec, dict):
            return
        volumes = spec.get("volumes")
        if isinstance(volumes, list):
            for volume in volumes:
                if isinstance(volume, dict) and isinstance(volume.get("name"), str):
                    self.volumes.setdefault(volume["name"], volume)
        for list_name in _CONTAINER_LISTS:
            items = spec.get(list_name)
            if not isinstance(items, list):
                continue
            for index, container in enumerate(items):
                if not isinstance(container, dict) or not isinstance(container.get("name"), str):
                    continue
                name = container["name"]
                self.containers.setdefault(name, (list_name, index))
                self.mounts.setdefault(name, []).extend(_mounts_of(name, (list_name, index), container))

    def volume_kind(self, volume: str) -> str | None:
        source = self.volumes.get(volume)
        if source is None:
            return None
        return next((kind for kind in VOLUME_SOURCES if kind in source), "emptyDir")

    def resolve(self, container: str, path: str) -> Location | None:
        """The volume and the path inside it that `path` names in `container`; None when on the image's filesystem."""
        if not isinstance(path, str) or not path:
            return None
        target = normalize(path)
        best: Mount | None = None
        for mount in self.mounts.get(container, ()):
            if is_within(target, mount.mount_path) and (
                best is None or len(mount.mount_path) >= len(best.mount_path)
            ):
                best = mount  # a later mount at the same path wins, as it is mounted over the earlier one
        if best is None:
            return None
        rest = relative_to(target, best.mount_path)
        if best.sub_path is None:
            inner = rest
        else:
            inner = posixpath.join(best.sub_path, rest) if rest else best.sub_path
        return Location(best, best.volume, inner.strip("/"), self.volume_kind(best.volume))

    def sightings(self, location: Location, exclude: str | None = None) -> list[Sighting]:
        """Every container (but `exclude`) that sees the file at `location`, with its path there."""
        found: list[Sighting] = []
        key, inner = self.storage(location)
        for name, mounts in self.mounts.items():
            if name == exclude:
                continue
            for mount in mounts:
                mount_key, base = self._storage_root(mount.volume)
                if mount_key != key:
                    continue
                if mount.sub_path is None:
                    # subPathExpr is expanded at run time; it may well name the file's directory.
                    seen = posixpath.join(mount.mount_path, posixpath.basename(inner))
                    found.append(Sighting(name, seen, Location(mount, mount.volume, inner, location.kind)))
                    break
                mounted = _join(base, mount.sub_path)
                if not is_within("/" + inner, "/" + mounted):
                    continue
                rest = relative_to("/" + inner, "/" + mounted)
                seen = posixpath.join(mount.mount_path, rest) if rest else mount.mount_path
                back = self.resolve(name, seen)
                if back is None or self.storage(back) != (key, inner):
                    continue  # shadowed in that container by a deeper mount
                found.append(Sighting(name, seen, back))
                break
        return found

    def shared_with(self, container: str, path: str, writable: bool = False) -> list[Sighting]:
        """The other containers that see `path` of `container` (only where they may write it, with `writable`)."""
        location = self.resolve(container, path)
        if location is None:
            return []
        return [s for s in self.sightings(location, exclude=container) if not writable or s.location.writable]

    def storage(self, location: Location) -> tuple[tuple, str]:
        """(storage, path inside it) of a location: equal for the same file seen through any volume."""
        key, base = self._storage_root(location.volume)
        return key, _join(base, location.inner)

    def _storage_root(self, volume: str) -> tuple[tuple, str]:
        """What a volume's files live on, and where in it the volume starts (hostPaths share the host's tree)."""
        source = self.volumes.get(volume)
        kind = self.volume_kind(volume)
        body = source.get(kind) if isinstance(source, dict) and kind else None
        if kind == "hostPath" and isinstance(body, dict) and isinstance(body.get("path"), str):
            return ("hostPath",), normalize(body["path"]).strip("/")
        if kind == "persistentVolumeClaim" and isinstance(body, dict) and isinstance(body.get("claimName"), str):
            return ("persistentVolumeClaim", body["claimName"]), ""
        return ("volume", volume), ""

    def configmap_file(self, location: Location) -> ConfigMapFile | None:
        """The ConfigMap and key a location in a configMap (or projected) volume shows; None for other kinds.

        With `items`, only the listed keys appear, each at its `path`; without, every key appears under
        its own name. A path that no item projects gives `key=""`: no ConfigMap provides that file.
        """
        source = self.volumes.get(location.volume)
        if not isinstance(source, dict):
            return None
        if location.kind == "configMap":
            return _configmap_file(source.get("configMap"), location.inner)
        if location.kind == "projected":
            sources = source.get("projected", {}).get("sources") if isinstance(source.get("projected"), dict) else None
            if not isinstance(sources, list):
                return None
            for projection in sources:
                if isinstance(projection, dict) and isinstance(projection.get("configMap"), dict):
                    found = _configmap_file(projection["configMap"], location.inner)
                    if found is not None and found.key != "":
                        return found
            return None
        return None


@per_object
def pod_mounts(obj: K8sObject) -> PodMounts | None:
    """The mounts of a Pod or workload template, built once per object; None for other kinds."""
    found = pod_spec(obj)
    return PodMounts(found[1]) if found is not None else None


def normalize(path: str) -> str:
    """An absolute, normalized path; the runtime resolves a relative mountPath against the root."""
    normalized = posixpath.normpath("/" + path)
    return "/" + normalized.lstrip("/")


def is_within(path: str, directory: str) -> bool:
    return path == directory or directory == "/" or path.startswith(directory.rstrip("/") + "/")


def relative_to(path: str, directory: str) -> str:
    if path == directory:
        return ""
    return path[len(directory.rstrip("/")) + 1:]


def _join(base: str, inner: str) -> str:
    return "/".join(part for part in (base.strip("/"), inner.strip("/")) if part)


def _mounts_of(name: str, where: tuple[str, int], container: dict) -> list[Mount]:
    mounts: list[Mount] = []
    entries = container.get("volumeMounts")
    if not isinstance(entries, list):
        return mounts
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        volume, mount_path = entry.get("name"), entry.get("mountPath")
        if not isinstance(volume, str) or not isinstance(mount_path, str) or not mount_path:
            continue
        sub_path: str | None = ""
        if isinstance(entry.get("subPathExpr"), str) and entry["subPathExpr"]:
            sub_path = None
        elif isinstance(entry.get("subPath"), str) and entry["subPath"]:
            sub_path = posixpath.normpath(entry["subPath"]).strip("/")
            sub_path = "" if sub_path == "." else sub_path
        mounts.append(
            Mount(
                container=name,
                path=(*where, "volumeMounts", index),
                volume=volume,
                mount_path=normalize(mount_path),
                sub_path=sub_path,
                read_only=entry.get("readOnly") is True,
            )
        )
    return mounts


def _configmap_file(source: Any, inner: str) -> ConfigMapFile | None:
    if not isinstance(source, dict) or not isinstance(source.get("name"), str):
        return None
    name, optional = source["name"], source.get("optional") is True
    if not inner:
        return ConfigMapFile(name, None, optional)
    items = source.get("items")
    if isinstance(items, list) and items:
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("path"), str) and isinstance(item.get("key"), str):
                if posixpath.normpath(item["path"]).strip("/") == inner:
                    return ConfigMapFile(name, item["key"], optional)
        return ConfigMapFile(name, "", optional)
    return ConfigMapFile(name, inner if "/" not in inner else "", optional)


def file_not_mounted(mounts: PodMounts, container: str, path: str, working_dir: Any) -> str | None:
    """Why the file a container's command line names does not exist in it, as the end of a sentence.

    None when a volume provides it, and when k8slint cannot tell: a relative path without an absolute
    `workingDir` (relative to the image's working directory).
    """
    if not path.startswith("/"):
        if not isinstance(working_dir, str) or not working_dir.startswith("/"):
            return None
        path = posixpath.join(working_dir, path)
    location = mounts.resolve(container, path)
    if location is None:
        return f'is not inside any volumeMounts mountPath of container "{container}"'
    projected = mounts.configmap_file(location)
    if projected is not None and projected.key == "":
        return f'is not among the items that configMap "{projected.configmap}" projects into volume "{location.volume}"'
    return None


def unmounted_flag_files(obj: K8sObject, programs: frozenset[str], flag_name: str) -> Iterator[tuple[FieldPath, str, str]]:
    """(path of the flag's value, the file, why it is missing) for each container of `obj` running one of
    `programs` whose last `--flag_name` names a file no volume provides (see `file_not_mounted`)."""
    mounts = pod_mounts(obj)
    if mounts is None:
        return
    for path, container, line in command_lines(obj):
        if line.program not in programs:
            continue
        flag = line.last(flag_name)
        name = container.get("name")
        if flag is None or not flag.value or flag.value_at is None or not isinstance(name, str):
            continue
        if flag.runtime or expands_at_runtime(flag.value):
            continue  # the path depends on a variable the kubelet or a shell substitutes
        reason = file_not_mounted(mounts, name, flag.value, container.get("workingDir"))
        if reason is not None:
            yield (*path, *flag.value_at), flag.value, reason


@record(frozen=True, slots=True)
class HostPathVolume:
    """A hostPath volume of a pod spec, and the containers' mounts of it."""

    path: FieldPath  # of the volume, from the object's root
    name: str
    host_path: str  # normalized: `/etc/` and `//etc` are `/etc`
    mounts: tuple[Mount, ...]  # Mount.path is relative to the pod spec

    def describe(self) -> str:
        return f'volume "{self.name}"'

    def mounted_by(self) -> str:
        names = sorted({mount.container for mount in self.mounts})
        return ", ".join(f'"{name}"' for name in names)


def host_path_volumes(obj: K8sObject) -> list[HostPathVolume]:
    """The hostPath volumes of a Pod or workload template that some container mounts, with their mounts."""
    found = pod_spec(obj)
    mounts = pod_mounts(obj)
    if found is None or mounts is None:
        return []
    spec_path, spec = found
    volumes = spec.get("volumes")
    result: list[HostPathVolume] = []
    for index, volume in enumerate(volumes if isinstance(volumes, list) else ()):
        source = volume.get("hostPath") if isinstance(volume, dict) else None
        name = volume.get("name") if isinstance(volume, dict) else None
        if not isinstance(source, dict) or not isinstance(source.get("path"), str) or not isinstance(name, str):
            continue
        using = tuple(m for container in mounts.mounts.values() for m in container if m.volume == name)
        if using:
            result.append(HostPathVolume((*spec_path, "volumes", index), name, normalize(source["path"]), using))
    return result
