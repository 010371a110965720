"""
## What it does
Checks that the file kube-apiserver's `--tracing-config-file` names is inside one of the container's
`volumeMounts`: a path under no `mountPath` lies in the image's own filesystem, where the file does
not exist. For a ConfigMap volume with `items`, the file must also be one of the projected paths.
kube-apiserver is recognised when `command` runs it directly or through a shell script
(`sh -c "exec kube-apiserver ..."`); a path the shell expands (`$DIR/tracing.yaml`) is not judged.

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

from k8slint.flags import KUBE_APISERVER
from k8slint.model import Context, Problem, Severity
from k8slint.mounts import unmounted_flag_files
from k8slint.objects import POD_CARRIERS, K8sObject

CODE = "K505"
NAME = "tracing-config-not-mounted"
SUMMARY = "kube-apiserver tracing config file is not mounted into its container"
SEVERITY = Severity.ERROR
REMEDIATION = "Mount the file (or its directory) into the kube-apiserver container with a volume and volumeMount."
KINDS = POD_CARRIERS
_PROGRAMS = frozenset({KUBE_APISERVER})


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for at, file, reason in unmounted_flag_files(obj, _PROGRAMS, "tracing-config-file"):
        yield Problem(at, f'tracing config file "{file}" {reason}')
