"""
## What it does
Reports a hostPath volume that a container mounts when it is a container runtime's socket
(`docker.sock`, `containerd.sock`, `crio.sock`, `cri-dockerd.sock`, `podman.sock`) or a directory that
holds one (`/run`, `/var/run`, `/run/containerd`, `/var/run/containerd`, `/run/crio`, `/var/run/crio`,
`/run/docker`, `/var/run/docker`). kube-linter's `docker-sock` (`pkg/builtinchecks/yamls/docker-sock.yaml`,
path regex `docker.sock$`) knows only Docker's socket, and only the file itself.

## Why is this bad?
Whoever can talk to the container runtime can start a privileged container on the node, read every
other container's filesystem and environment, and so take over the node and the secrets of all its
Pods. Mounting the socket's directory grants the same.

## Example
```yaml
spec:
  containers:
    - name: builder
      image: docker:27
      volumeMounts:
        - {name: runtime, mountPath: /var/run/docker.sock}
  volumes:
    - name: runtime
      hostPath:
        path: /var/run/docker.sock
```

Use instead:
```yaml
spec:
  containers:
    - name: builder
      image: gcr.io/kaniko-project/executor:v1.23.2   # builds images without a runtime socket
```
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.mounts import host_path_volumes
from k8slint.objects import POD_CARRIERS, K8sObject

CODE = "K731"
NAME = "container-runtime-socket-mount"
SUMMARY = "a container mounts the container runtime's socket"
SEVERITY = Severity.WARNING
REMEDIATION = "Do not mount the container runtime's socket; build images with a daemonless builder and read container data through the Kubernetes API."
KINDS = POD_CARRIERS
CHECKS_PATCHES = True  # a kustomize patch is checked for the volumes it sets

SOCKETS = frozenset({"docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "podman.sock"})
SOCKET_DIRECTORIES = frozenset(
    {"/run", "/var/run", "/run/containerd", "/var/run/containerd", "/run/crio", "/var/run/crio", "/run/docker", "/var/run/docker"}
)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for volume in host_path_volumes(obj):
        if posixpath.basename(volume.host_path) in SOCKETS:
            what = "the container runtime's socket"
        elif volume.host_path in SOCKET_DIRECTORIES:
            what = "a directory holding the container runtime's socket"
        else:
            continue
        yield Problem(
            (*volume.path, "hostPath", "path"),
            f"{volume.describe()} mounts {volume.host_path}, {what}, into container(s) {volume.mounted_by()}",
        )
