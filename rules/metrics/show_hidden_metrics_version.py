"""
## What it does
Checks `--show-hidden-metrics-for-version` of kube-apiserver, kube-controller-manager, kube-scheduler,
cloud-controller-manager, kube-proxy and the kubelet, and `showHiddenMetricsForVersion` in a
KubeletConfiguration or KubeProxyConfiguration, and in the `extraArgs` of a kubeadm
ClusterConfiguration (standalone or in a ConfigMap). The value must be omitted or be the previous
minor release of the component: `1.29` for a 1.30 component. The component's release is its image
tag when the container's image carries one (`registry.k8s.io/kube-apiserver:v1.30.2`), the
ClusterConfiguration's `kubernetesVersion`, else the configured `kubernetesVersion`.
- any other value, or a value that is not a string (`1.29` unquoted is a number) (error);
- the previous minor release (warning): it is an escape hatch for one upgrade.

## Why is this bad?
component-base's `validateShowHiddenMetricsVersion` (`metrics/api/v1/validation.go`) rejects any
other value ("must be omitted or have the value '1.29'; only the previous minor version is allowed")
and the component exits at startup. The valid value re-enables metrics deprecated and hidden in the
current release; in the next release those metrics are deleted and the same value becomes invalid, so
a flag left behind after an upgrade takes the component down at the following one.

## Example
```yaml
apiVersion: v1
kind: Pod
metadata: {name: kube-scheduler, namespace: kube-system}
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.30.2
      command: [kube-scheduler, --show-hidden-metrics-for-version=1.28]
```

Use instead:
```yaml
      command: [kube-scheduler]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import CLUSTER_CONFIGURATION, KUBE_PROXY_CONFIGURATION, KUBELET_CONFIGURATION, config_documents
from k8slint.flags import command_lines, expands_at_runtime
from k8slint.metrics import (
    KUBE_PROXY,
    KUBELET,
    SHOW_HIDDEN_PROGRAMS,
    component_version,
    kubeadm_extra_args,
    kubeadm_version,
    show_hidden_problem,
)
from k8slint.model import Context, Problem, Severity
from k8slint.objects import WORKLOAD_KINDS, K8sObject

CODE = "K650"
NAME = "show-hidden-metrics-version"
SUMMARY = "show-hidden-metrics-for-version is not the previous minor release, or is a one-upgrade escape hatch"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Remove show-hidden-metrics-for-version, or set it to the previous minor release only while migrating "
    "off the hidden metrics, and remove it before the next upgrade."
)
KINDS = (KUBELET_CONFIGURATION, KUBE_PROXY_CONFIGURATION, CLUSTER_CONFIGURATION, "ConfigMap", *sorted(WORKLOAD_KINDS))

_CONFIG_COMPONENTS = {KUBELET_CONFIGURATION: KUBELET, KUBE_PROXY_CONFIGURATION: KUBE_PROXY}
_CONFIGURED = "the configured kubernetesVersion"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    version = ctx.settings.kubernetes_version
    for kind, component in _CONFIG_COMPONENTS.items():
        for document in config_documents(obj, kind):
            value = document.value.get("showHiddenMetricsForVersion")
            at = ("showHiddenMetricsForVersion",)
            if value is None:
                continue
            if not isinstance(value, str):
                import json

                yield document.problem(
                    at, f"showHiddenMetricsForVersion must be a string, not {json.dumps(value)}: quote it"
                )
                continue
            found = show_hidden_problem("showHiddenMetricsForVersion", value, version, component, _CONFIGURED)
            if found is not None:
                is_error, message = found
                yield document.problem(at, message, severity=None if is_error else Severity.WARNING)
    for document in config_documents(obj, CLUSTER_CONFIGURATION):
        release, source = kubeadm_version(document.value, version)
        for arg in kubeadm_extra_args(document.value):
            if arg.name == "show-hidden-metrics-for-version":
                found = show_hidden_problem(arg.name, arg.value, release, arg.component, source)
                if found is not None:
                    yield document.problem(arg.at, found[1], severity=None if found[0] else Severity.WARNING)
    for path, container, line in command_lines(obj):
        if line.program not in SHOW_HIDDEN_PROGRAMS:
            continue
        flag = line.last("show-hidden-metrics-for-version")
        if flag is None or flag.value is None or flag.value_at is None or expands_at_runtime(flag.value):
            continue
        release, source = component_version(container, version)
        found = show_hidden_problem("--show-hidden-metrics-for-version", flag.value, release, line.program, source)
        if found is not None:
            is_error, message = found
            yield Problem((*path, *flag.value_at), message, severity=None if is_error else Severity.WARNING)
