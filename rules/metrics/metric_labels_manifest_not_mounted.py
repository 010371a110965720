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

from k8slint.metrics import METRICS_OPTIONS_PROGRAMS
from k8slint.model import Context, Problem, Severity
from k8slint.mounts import unmounted_flag_files
from k8slint.objects import WORKLOAD_KINDS, K8sObject

CODE = "K652"
NAME = "metric-labels-manifest-not-mounted"
SUMMARY = "the --allow-metric-labels-manifest file is not mounted into the component's container"
SEVERITY = Severity.ERROR
REMEDIATION = "Mount the manifest (or its directory) into the container with a volume and volumeMount."
KINDS = tuple(sorted(WORKLOAD_KINDS))


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for at, file, reason in unmounted_flag_files(obj, METRICS_OPTIONS_PROGRAMS, "allow-metric-labels-manifest"):
        yield Problem(at, f'allow-metric-labels manifest "{file}" {reason}')
