"""
## What it does
Checks that the file kube-apiserver's `--tracing-config-file` names is inside one of the container's
`volumeMounts`: a path under no `mountPath` lies in the image's own filesystem, where the file does
not exist. For a ConfigMap volume with `items`, the file must also be one of the projected paths.

## Why is this bad?
kube-apiserver checks the flag at startup and exits with "tracing-config-file ... does not exist".
The file usually sits on the control-plane node (`/etc/kubernetes/...`) and reaches the static Pod
only through a hostPath volume and its mount; adding the flag to a kubeadm manifest without the
mount takes the API server down.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command:
        - kube-apiserver
        - --tracing-config-file=/etc/kubernetes/apitracing-config.yaml
      volumeMounts:
        - {name: k8s-certs, mountPath: /etc/kubernetes/pki, readOnly: true}
  volumes:
    - {name: k8s-certs, hostPath: {path: /etc/kubernetes/pki, type: DirectoryOrCreate}}
```

Use instead:
```yaml
      volumeMounts:
        - {name: k8s-certs, mountPath: /etc/kubernetes/pki, readOnly: true}
        - {name: tracing-config, mountPath: /etc/kubernetes/apitracing-config.yaml, readOnly: true}
  volumes:
    - {name: k8s-certs, hostPath: {path: /etc/kubernetes/pki, type: DirectoryOrCreate}}
    - {name: tracing-config, hostPath: {path: /etc/kubernetes/apitracing-config.yaml, type: File}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.flags import KUBE_APISERVER, expands_at_runtime, program_containers
from k8slint.model import Context, Problem, Severity
from k8slint.mounts import file_not_mounted, pod_mounts
from k8slint.objects import WORKLOAD_KINDS, K8sObject

CODE = "K505"
NAME = "tracing-config-not-mounted"
SUMMARY = "kube-apiserver tracing config file is not mounted into its container"
SEVERITY = Severity.ERROR
REMEDIATION = "Mount the file (or its directory) into the kube-apiserver container with a volume and volumeMount."
KINDS = tuple(sorted(WORKLOAD_KINDS))


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    mounts = pod_mounts(obj)
    if mounts is None:
        return
    for path, container, line in program_containers(obj, KUBE_APISERVER):
        flag = line.last("tracing-config-file")
        name = container.get("name")
        if flag is None or not flag.value or flag.value_at is None or not isinstance(name, str):
            continue
        if expands_at_runtime(flag.value):
            continue  # the path depends on an env var the kubelet substitutes
        reason = file_not_mounted(mounts, name, flag.value, container.get("workingDir"))
        if reason is not None:
            yield Problem((*path, *flag.value_at), f'tracing config file "{flag.value}" {reason}')
