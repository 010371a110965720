"""
## What it does
Reports a hostPath volume that a container mounts when its path is one of the node's system
directories (`/`, `/boot`, `/dev`, `/etc`, `/lib`, `/proc`, `/sys`, `/usr`), or lies under one of them
and some container mounts it writable, or lies under `/etc/kubernetes` (the kubelet's credentials and
the cluster's private keys), read-only or not. The path is normalized first, so `/etc/`, `//etc` and
`/etc/./` count too: kube-linter's `sensitive-host-mounts` (`pkg/templates/hostmounts`) matches whole
paths only and misses them. Read-only mounts of other files below these directories (the CA bundle in
`/etc/ssl/certs`, `/lib/modules`, `/sys/fs/cgroup`) are what node agents and control-plane Pods
commonly read, and are left to `host-path-volume`.

## Why is this bad?
These directories hold the node's configuration and credentials (the kubelet's kubeconfig and the
cluster's PKI under `/etc/kubernetes`), its devices, kernel interfaces and binaries. A container that
mounts them can read secrets of the node or, when the mount is writable, take it over. `host-path-volume`
reports every hostPath volume; this rule singles out the ones that expose the node itself.

## Example
```yaml
spec:
  containers:
    - name: agent
      image: agent:1.2
      volumeMounts:
        - {name: etc, mountPath: /host/etc}
  volumes:
    - name: etc
      hostPath:
        path: /etc/
```

Use instead:
```yaml
spec:
  containers:
    - name: agent
      image: agent:1.2
      volumeMounts:
        - {name: config, mountPath: /etc/agent}
  volumes:
    - name: config
      configMap:
        name: agent-config
```

## Options
- `paths` (list, default `["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"]`): the node
  directories that are sensitive, with everything under them (`/` matches only the root itself).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.mounts import host_path_volumes, is_within, normalize
from k8slint.objects import POD_CARRIERS, K8sObject

CODE = "K730"
NAME = "sensitive-host-mount"
SUMMARY = "a container mounts a system directory of the node"
SEVERITY = Severity.WARNING
REMEDIATION = "Mount only the file or directory the container needs, read-only, or use a configMap, secret or emptyDir volume."
KINDS = POD_CARRIERS
CHECKS_PATCHES = True  # a kustomize patch is checked for the volumes it sets
OPTIONS = {"paths": (list, ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"])}


CREDENTIALS = "/etc/kubernetes"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    sensitive = [normalize(path) for path in ctx.options["paths"] if isinstance(path, str) and path]
    for volume in host_path_volumes(obj):
        writable = any(not mount.read_only for mount in volume.mounts)
        directory = next(
            (d for d in sensitive if volume.host_path == d or (d != "/" and is_within(volume.host_path, d) and (
                writable or is_within(volume.host_path, CREDENTIALS)))),
            None,
        )
        if directory is None:
            continue
        under = "" if directory == volume.host_path else f", under the node's {directory},"
        how = " writable" if writable else ""
        yield Problem(
            (*volume.path, "hostPath", "path"),
            f"{volume.describe()} mounts {volume.host_path} of the node{under}{how} into container(s) {volume.mounted_by()}",
        )
