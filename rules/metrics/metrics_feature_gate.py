"""
## What it does
Checks the metrics feature gates `DisableAcceleratorUsageMetrics` (kubelet; GA and locked in 1.25,
removed in 1.28), `ComponentSLIs` (every component; GA and locked in 1.32, removed in 1.35),
`PodAndContainerStatsFromCRI` (kubelet stats from the CRI runtime; alpha since 1.23), `KubeletPSI`
(Pressure Stall Information metrics; alpha in 1.33, beta in 1.34) and `InformerMetrics` (client-go
informer metrics; alpha in 1.35) in
`--feature-gates` of Kubernetes component containers and of a kubeadm ClusterConfiguration's
`extraArgs`, and in the `featureGates` of a KubeletConfiguration or KubeProxyConfiguration (standalone
or in a ConfigMap), against the component's release (its image tag, the ClusterConfiguration's
`kubernetesVersion`, else the configured `kubernetesVersion`):
- set to `false` where the gate is locked to true, or named in a release that does not know it
  (before it was added or after its removal) (error);
- set to `true` where it is locked: no effect, and an error once the gate is removed (warning);
- a malformed entry (`ComponentSLIs=yes`) (error).

## Why is this bad?
The component refuses to start: component-base's feature gate parsing rejects unknown gates
("unrecognized feature gate") and changes to locked ones ("cannot set feature gate ... to false,
feature is locked to true"). Gates left behind after graduation break the upgrade that removes them,
and a gate set ahead of the release that adds it (`KubeletPSI` on a 1.32 kubelet) breaks the start.
The releases are read from kubernetes/kubernetes `pkg/features/versioned_kube_features.go` and
`staging/src/k8s.io/component-base/metrics/features/kube_features.go`; later stages of the alpha and
beta gates are not assumed.

## Example
```yaml
# kubernetesVersion: 1.28
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
featureGates:
  DisableAcceleratorUsageMetrics: true
```

Use instead:
```yaml
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import CLUSTER_CONFIGURATION, KUBE_PROXY_CONFIGURATION, KUBELET_CONFIGURATION, config_documents
from k8slint.flags import command_lines, expands_at_runtime
from k8slint.metrics import METRICS_GATES, SHOW_HIDDEN_PROGRAMS, component_version, kubeadm_extra_args, kubeadm_version
from k8slint.model import Context, Problem, Severity
from k8slint.objects import WORKLOAD_KINDS, K8sObject
from k8slint.tracing import GateSetting, parse_feature_gates_flag, parse_feature_gates_map

CODE = "K667"
NAME = "metrics-feature-gate"
SUMMARY = "a metrics feature gate is set where it is locked, removed or not yet known"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Drop a metrics feature gate once it is GA or removed, and set one only on components of a release "
    "that has it."
)
KINDS = (KUBELET_CONFIGURATION, KUBE_PROXY_CONFIGURATION, CLUSTER_CONFIGURATION, "ConfigMap", *sorted(WORKLOAD_KINDS))


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    version = ctx.settings.kubernetes_version
    for kind in (KUBELET_CONFIGURATION, KUBE_PROXY_CONFIGURATION):
        for document in config_documents(obj, kind):
            for setting in parse_feature_gates_map(document.value.get("featureGates")):
                found = _problem(setting, version)
                if found is not None:
                    yield document.problem(("featureGates", setting.name), found[0], severity=found[1])
    for document in config_documents(obj, CLUSTER_CONFIGURATION):
        release, _ = kubeadm_version(document.value, version)
        for arg in kubeadm_extra_args(document.value):
            if arg.name != "feature-gates" or expands_at_runtime(arg.value):
                continue
            for setting in parse_feature_gates_flag(arg.value):
                found = _problem(setting, release)
                if found is not None:
                    yield document.problem(arg.at, found[0], severity=found[1])
    for path, container, line in command_lines(obj):
        if line.program not in SHOW_HIDDEN_PROGRAMS:
            continue
        release, _ = component_version(container, version)
        for flag in line.all("feature-gates"):
            if flag.value is None or flag.value_at is None or expands_at_runtime(flag.value):
                continue
            for setting in parse_feature_gates_flag(flag.value):
                found = _problem(setting, release)
                if found is not None:
                    yield Problem((*path, *flag.value_at), found[0], severity=found[1])


def _problem(setting: GateSetting, version: tuple) -> tuple[str, Severity | None] | None:
    gate = METRICS_GATES.get(setting.name)
    if gate is None:
        return None
    if setting.error is not None:
        return setting.error, None
    found = gate.setting_problem(setting.value, version)
    if found is None:
        return None
    is_error, message = found
    return message, None if is_error else Severity.WARNING
