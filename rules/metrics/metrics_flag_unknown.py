"""
## What it does
Reports component-base metrics flags that the component running them does not know:
- `--disabled-metrics`, `--allow-metric-labels` or `--allow-metric-labels-manifest` on kube-proxy or the
  kubelet, which do not register component-base's metrics options;
- `--disabled-metrics` on kube-apiserver, kube-controller-manager or kube-scheduler before Kubernetes
  1.21, and `--allow-metric-labels-manifest` before 1.29.

The component's release is its image tag (`registry.k8s.io/kube-apiserver:v1.28.4`), the kubeadm
ClusterConfiguration's `kubernetesVersion` for its `extraArgs`, else the configured `kubernetesVersion`.
The releases that added `--allow-metric-labels` and `--show-hidden-metrics-for-version` could not be
established from the Kubernetes sources read, so they are not judged by release;
cloud-controller-manager images carry their provider's release, so they are not judged by version.

## Why is this bad?
The component exits at start-up: pflag rejects a flag the program never registered ("unknown flag:
--disabled-metrics"), and the static Pod or DaemonSet crash-loops. The flags come from
`Options.AddFlags` in component-base `metrics/options.go`, which only the control-plane programs call;
kube-proxy (`cmd/kube-proxy/app/options.go`) declares `--show-hidden-metrics-for-version` by itself and
the kubelet's flag sets (`cmd/kubelet/app/options/options.go`) hold none of these flags.
`--disabled-metrics` arrived in 1.21 (kubernetes/kubernetes#99217, CHANGELOG-1.21) and
`--allow-metric-labels-manifest` in 1.29 (#118299, CHANGELOG-1.29).

## Example
```yaml
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.28.4
      command:
        - kube-apiserver
        - --allow-metric-labels-manifest=/etc/kubernetes/metrics/allow-list.yaml
```

Use instead:
```yaml
      command:
        - kube-apiserver
        - --allow-metric-labels=apiserver_request_total,verb=GET,PUT
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import CLUSTER_CONFIGURATION, config_documents
from k8slint.flags import command_lines
from k8slint.metrics import (
    METRICS_FLAG_SINCE,
    SHOW_HIDDEN_PROGRAMS,
    component_version,
    kubeadm_extra_args,
    kubeadm_version,
    unknown_metrics_flag,
)
from k8slint.model import Context, Problem, Severity
from k8slint.objects import WORKLOAD_KINDS, K8sObject

CODE = "K668"
NAME = "metrics-flag-unknown"
SUMMARY = "a metrics flag that the component's program or release does not accept"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Remove the flag, or upgrade the component to a release that accepts it; kube-proxy and the kubelet "
    "take none of component-base's disabled-metrics and allow-metric-labels flags."
)
KINDS = (CLUSTER_CONFIGURATION, "ConfigMap", *sorted(WORKLOAD_KINDS))


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    version = ctx.settings.kubernetes_version
    for document in config_documents(obj, CLUSTER_CONFIGURATION):
        release, source = kubeadm_version(document.value, version)
        for arg in kubeadm_extra_args(document.value):
            message = unknown_metrics_flag(arg.name, arg.component, release, source)
            if message is not None:
                at = arg.at[:-1] + ("name",) if arg.at[-1] == "value" else arg.at
                yield document.problem(at, message, on_key=arg.at[-1] != "value")
    for path, container, line in command_lines(obj):
        if line.program not in SHOW_HIDDEN_PROGRAMS:
            continue
        release, source = component_version(container, version)
        for flag in line.flags:
            if flag.name not in METRICS_FLAG_SINCE:
                continue
            message = unknown_metrics_flag(flag.name, line.program, release, source)
            if message is not None:
                yield Problem((*path, *flag.at), message)
