"""
## What it does
Reports a log sidecar that reads a file no other container of its Pod can write: a `tail` in a
container's command, the `path` of a fluentd `in_tail` source, or the `Path` of a Fluent Bit `tail`
input, in the ConfigMap the agent container reads its configuration from. The file must be on a volume (usually an emptyDir) that another container mounts writable, at
any mountPath, with any `subPath` that contains it. Files on hostPath, PersistentVolumeClaim and other
external storage are not checked: the node or other Pods may write them.

## Why is this bad?
Each container has its own root filesystem. A file outside every volume, or on an emptyDir the
application does not mount, is never written by the application: the sidecar waits forever
(`tail -F` retries silently) and the logs never leave the Pod. Nothing fails, so the mistake shows up
only when someone looks for the logs.

## Example
```yaml
containers:
  - name: count
    image: busybox:1.28
    args: [/bin/sh, -c, 'while true; do date >> /var/log/app/1.log; sleep 1; done']
    volumeMounts: [{name: varlog, mountPath: /var/log/app}]
  - name: count-log
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/1.log']
    volumeMounts: [{name: varlog, mountPath: /var/log/app}]
volumes: [{name: varlog, emptyDir: {}}]
```

Use instead:
```yaml
  - name: count-log
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/app/1.log']
    volumeMounts: [{name: varlog, mountPath: /var/log/app}]
```
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, ApplySet, K8sObject

if TYPE_CHECKING:
    from k8slint.mounts import PodMounts

CODE = "K601"
NAME = "sidecar-log-file-not-shared"
SUMMARY = "a log sidecar reads a file that no other container of the Pod writes"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Put the file on a volume (an emptyDir) that the writing container mounts too, and read it at the path "
    "where the sidecar mounts that volume."
)
KINDS = POD_CARRIERS


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    """`tail` sidecars: the Pod's own volumes say whether another container writes the file."""
    yield from _tail_sidecars(obj)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """Agent configs in ConfigMaps: the workloads of the apply set that mount them say where the files are."""
    for obj in objects.of_kind("ConfigMap"):
        if obj.name is not None:
            for problem in _in_tail_paths(obj, objects):
                yield obj, problem


def _tail_sidecars(obj: K8sObject) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.mounts import pod_mounts
    from k8slint.shell import literal_path, pod_commands

    mounts = pod_mounts(obj)
    if mounts is None:
        return
    for command in pod_commands(obj):
        analysis = command.analysis
        if analysis is None or command.name is None or command.list_name == "ephemeralContainers":
            continue
        working_dir = command.container.get("workingDir")
        written = {literal_path(write.path, working_dir) for write in analysis.writes}
        for tail in analysis.tails:
            for file in tail.files:
                path = literal_path(file, working_dir)
                if path is None or path in written:
                    continue  # a container may tail what it writes itself
                reason = unshared(mounts, command.name, path)
                if reason is not None:
                    yield Problem(command.script_path(), f'container "{command.name}" tails "{file}", {reason}')


def _in_tail_paths(obj: K8sObject, objects: ApplySet) -> Iterator[Problem]:
    from k8slint import fluentbit, fluentd
    from k8slint.logging_agents import agents_by_configmap

    fluentd_configs = fluentd.configmap_configs(obj)
    fluentbit_configs = fluentbit.configmap_configs(obj)
    if not (fluentd_configs or fluentbit_configs):
        return
    namespace = obj.effective_namespace(objects.settings)
    for use in agents_by_configmap(objects).get((namespace, obj.name), ()):
        # (comma-separated paths, where in the text the character at an index of them is)
        paths: list[tuple[str, Callable[[int], tuple[int, int]]]] = []
        if use.agent == "fluentd" and use.key in fluentd_configs:
            for source in fluentd.in_tail_sources(fluentd_configs[use.key]):
                param = source.param("path")
                if param is not None:
                    paths.append((param.value, param.offset))
        elif use.agent == "fluent-bit" and use.key in fluentbit_configs:
            for section in fluentbit_configs[use.key].inputs("tail"):
                entry = section.entry("Path")
                if entry is not None:
                    paths.append((entry.value, lambda index, entry=entry: (entry.line, entry.value_column + index)))
        label = "in_tail path" if use.agent == "fluentd" else "tail input Path"
        for value, offset in paths:
            yield from _unshared_paths(use, label, value, offset)


def _unshared_paths(use, label: str, value: str, offset: Callable[[int], tuple[int, int]]) -> Iterator[Problem]:
    from k8slint.shell import literal_path

    start = 0
    for part in value.split(","):  # both agents read a comma-separated list of paths
        file = part.strip()
        index = start + len(part) - len(part.lstrip())
        start += len(part) + 1
        path = literal_path(file)
        reason = unshared(use.mounts, use.container, path) if path is not None else None
        if reason is not None:
            yield Problem(
                ("data", use.key),
                f'{label} "{file}" read by container "{use.container}" of '
                f"{use.workload.describe()} is {reason.removeprefix('which is ')}",
                inner=offset(index),
            )


def unshared(mounts: PodMounts, container: str, path: str) -> str | None:
    """Why no other container of the Pod can write `path` as `container` sees it; None when one can (or may)."""
    location = mounts.resolve(container, path)
    if location is None:
        return "which is on no volume: no other container can write it"
    if location.mount.sub_path is None or location.kind != "emptyDir":
        return None  # subPathExpr is only known at run time; other storage has writers outside the Pod
    seen = mounts.sightings(location, exclude=container)
    if not seen:
        return f'which is on volume "{location.volume}" where no other container sees it'
    if not any(sighting.location.writable for sighting in seen):
        return f'which is on volume "{location.volume}" that every other container mounts read-only'
    return None
