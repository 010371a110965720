"""
## What it does
Checks the `APIServerTracing` and `KubeletTracing` feature gates against the configured
`kubernetesVersion`:
- a KubeletConfiguration (standalone or in a ConfigMap) with a `tracing` block while `KubeletTracing`
  is off: by default in 1.25 and 1.26 (alpha), or set to `false` (error);
- a kube-apiserver container with `--tracing-config-file` while `APIServerTracing` is off: by default
  in 1.22 to 1.26 (alpha), or disabled with `--feature-gates` (error);
- either gate set to `false` where it is locked to true (1.34 and later), or named in a release that
  does not know it (before it was added, or after its removal: APIServerTracing in 1.37) (error);
- either gate set to `true` where it is locked: it has no effect and breaks on removal (warning);
- a malformed entry for either gate (`APIServerTracing=yes`, `KubeletTracing: "true"`) (error).

kube-apiserver is recognised when `command` runs it directly or through a shell script
(`sh -c "exec kube-apiserver ..."`).

## Why is this bad?
The kubelet refuses to start with "tracing should not be configured if KubeletTracing feature flag is
disabled", kube-apiserver with "APIServerTracing feature is not enabled, but tracing config file was
provided". Setting a locked gate to false, or naming a removed gate, is also a startup error
("cannot set feature gate ... to false, feature is locked to true", "unrecognized feature gate").

## Example
```yaml
# kubernetesVersion: 1.34
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
featureGates:
  KubeletTracing: true
tracing:
  samplingRatePerMillion: 100
```

Use instead:
```yaml
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
tracing:
  samplingRatePerMillion: 100
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import KUBELET_CONFIGURATION, config_documents
from k8slint.flags import KUBE_APISERVER, program_containers
from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject
from k8slint.tracing import (
    APISERVER_TRACING,
    KUBELET_TRACING,
    TRACING_GATES,
    effective_gates,
    parse_feature_gates_flag,
    parse_feature_gates_map,
)

CODE = "K504"
NAME = "tracing-feature-gate"
SUMMARY = "tracing feature gate is off where tracing is configured, or set where it is locked or removed"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Enable the gate where it is alpha or was turned off, and drop it from feature gates once it is GA "
    "(1.34) or removed."
)
KINDS = (KUBELET_CONFIGURATION, "ConfigMap", *POD_CARRIERS)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    version = ctx.settings.kubernetes_version
    for document in config_documents(obj, KUBELET_CONFIGURATION):
        yield from _kubelet(document, version)
    for path, _, line in program_containers(obj, KUBE_APISERVER):
        yield from _apiserver(path, line, version)


def _kubelet(document, version: tuple) -> Iterator[Problem]:
    value = document.value
    settings = parse_feature_gates_map(value.get("featureGates"))
    for setting in settings:
        gate = TRACING_GATES.get(setting.name)
        if gate is None:
            continue
        at = ("featureGates", setting.name)
        if setting.error is not None:
            yield document.problem(at, setting.error)
            continue
        found = gate.setting_problem(setting.value, version)
        if found is not None:
            is_error, message = found
            yield document.problem(at, message, severity=None if is_error else Severity.WARNING)
    if value.get("tracing") is None or KUBELET_TRACING.stage(version) == "unknown":
        return  # without the field (before 1.25) tracing-config-invalid reports it
    gates = effective_gates(settings)
    if not KUBELET_TRACING.enabled(gates, version):
        reason = "set to false" if gates.get(KUBELET_TRACING.name) is False else "alpha and off by default"
        yield document.problem(
            ("tracing",),
            f"tracing is configured but the KubeletTracing feature gate is {reason} in Kubernetes "
            f"{version[0]}.{version[1]}: the kubelet refuses to start",
            on_key=True,
        )


def _apiserver(path: tuple, line, version: tuple) -> Iterator[Problem]:
    settings = []
    unknown_gates = False
    for flag in line.all("feature-gates"):
        if flag.value is None or flag.value_at is None:
            continue
        if flag.runtime:
            unknown_gates = True
            continue
        for setting in parse_feature_gates_flag(flag.value):
            settings.append(setting)
            gate = TRACING_GATES.get(setting.name)
            if gate is None:
                continue
            if setting.error is not None:
                yield Problem((*path, *flag.value_at), setting.error)
                continue
            found = gate.setting_problem(setting.value, version)
            if found is not None:
                is_error, message = found
                yield Problem((*path, *flag.value_at), message, severity=None if is_error else Severity.WARNING)
    config_file = line.last("tracing-config-file")
    if config_file is None or not config_file.value:
        return
    release = f"{version[0]}.{version[1]}"
    if APISERVER_TRACING.stage(version) == "unknown":
        yield Problem(
            (*path, *config_file.at),
            f"kube-apiserver has no --tracing-config-file flag before Kubernetes 1.22 (configured: {release})",
        )
        return
    gates = effective_gates(settings)
    if not APISERVER_TRACING.enabled(gates, version) and not unknown_gates:
        reason = "set to false" if gates.get(APISERVER_TRACING.name) is False else "alpha and off by default"
        yield Problem(
            (*path, *config_file.at),
            f"--tracing-config-file is set but the APIServerTracing feature gate is {reason} in Kubernetes "
            f"{release}: kube-apiserver refuses to start",
        )
