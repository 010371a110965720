"""
## What it does
Checks that the file `--allow-metric-labels-manifest` names (kube-apiserver, kube-controller-manager,
kube-scheduler, cloud-controller-manager) is inside one of the container's `volumeMounts`, and, for a
ConfigMap volume with `items`, among the projected paths. Relative paths are judged against an
absolute `workingDir` only.

## Why is this bad?
component-base reads the manifest at startup (`validateAllowListMappingManifest` in
`metrics/api/v1/validation.go`: "failed to read allow list manifest") and the component exits. A path
under no mountPath lies in the image's own filesystem, where the file does not exist.

## Example
```yaml
      command:
        - kube-apiserver
        - --allow-metric-labels-manifest=/etc/kubernetes/metrics/allow-list.yaml
      volumeMounts:
        - {name: k8s-certs, mountPath: /etc/kubernetes/pki, readOnly: true}
```

Use instead:
```yaml
      volumeMounts:
        - {name: k8s-certs, mountPath: /etc/kubernetes/pki, readOnly: true}
        - {name: metrics-allow-list, mountPath: /etc/kubernetes/metrics, readOnly: true}
  volumes:
    - {name: metrics-allow-list, configMap: {name: metrics-allow-list}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.flags import command_lines, expands_at_runtime
from k8slint.metrics import METRICS_OPTIONS_PROGRAMS
from k8slint.model import Context, Problem, Severity
from k8slint.mounts import file_not_mounted, pod_mounts
from k8slint.objects import WORKLOAD_KINDS, K8sObject

CODE = "K652"
NAME = "metric-labels-manifest-not-mounted"
SUMMARY = "the --allow-metric-labels-manifest file is not mounted into the component's container"
SEVERITY = Severity.ERROR
REMEDIATION = "Mount the manifest (or its directory) into the container with a volume and volumeMount."
KINDS = tuple(sorted(WORKLOAD_KINDS))


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    mounts = pod_mounts(obj)
    if mounts is None:
        return
    for path, container, line in command_lines(obj):
        if line.program not in METRICS_OPTIONS_PROGRAMS:
            continue
        flag = line.last("allow-metric-labels-manifest")
        name = container.get("name")
        if flag is None or not flag.value or flag.value_at is None or not isinstance(name, str):
            continue
        if expands_at_runtime(flag.value):
            continue
        reason = file_not_mounted(mounts, name, flag.value, container.get("workingDir"))
        if reason is not None:
            yield Problem((*path, *flag.value_at), f'allow-metric-labels manifest "{flag.value}" {reason}')
