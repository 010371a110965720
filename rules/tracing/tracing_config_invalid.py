"""
## What it does
Checks the tracing configuration of kube-apiserver (a `TracingConfiguration` file) and of the kubelet
(the `tracing` block of a `KubeletConfiguration`), standalone or embedded in a ConfigMap, the way
the components decode and validate it:
- `samplingRatePerMillion` must be an integer from 0 to 1000000;
- `endpoint` must pass `ValidateTracingConfiguration`: a value without `//` is read as `dns://...`,
  only the `dns`, `unix` and `unix-abstract` schemes are accepted (so `http://` and `https://` fail),
  and a port must be a number;
- unknown fields are rejected: kube-apiserver decodes the file strictly since Kubernetes 1.32 (before,
  and in the kubelet, which decodes leniently, they are silently ignored: reported as warnings);
- the `apiVersion` must be served by the configured `kubernetesVersion`
  (`apiserver.config.k8s.io/v1alpha1` since 1.22, `v1beta1` since 1.27, `v1` since 1.34).

## Why is this bad?
kube-apiserver refuses to start with an invalid tracing configuration file, and the kubelet refuses
to start with an invalid `tracing` block. A misspelled field that is ignored leaves tracing at its
defaults without any message.

## Example
```yaml
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
endpoint: http://otel-collector.observability:4317
samplingRate: 100
```

Use instead:
```yaml
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
endpoint: otel-collector.observability:4317
samplingRatePerMillion: 100
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import KUBELET_CONFIGURATION, TRACING_CONFIGURATION, ConfigDocument, config_documents
from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject
from k8slint.tracing import (
    KUBELET_TRACING,
    KUBELET_TRACING_FIELD_SINCE,
    STANDALONE_FIELDS,
    TRACING_FIELDS,
    endpoint_errors,
    effective_gates,
    parse_feature_gates_map,
    sampling_rate,
    sampling_rate_errors,
    strict_decoding,
    tracing_version_error,
    unknown_fields,
)

CODE = "K501"
NAME = "tracing-config-invalid"
SUMMARY = "tracing configuration that kube-apiserver or the kubelet rejects or misreads"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Use a served apiVersion, only the fields endpoint and samplingRatePerMillion, an integer rate from 0 to "
    "1000000, and a host:port endpoint (dns:, unix: or unix-abstract: schemes only)."
)
KINDS = (TRACING_CONFIGURATION, KUBELET_CONFIGURATION, "ConfigMap")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    version = ctx.settings.kubernetes_version
    for document in config_documents(obj, TRACING_CONFIGURATION):
        yield from _tracing_configuration(document, version)
    for document in config_documents(obj, KUBELET_CONFIGURATION):
        yield from _kubelet_tracing(document, version)


def _tracing_configuration(document: ConfigDocument, version: tuple) -> Iterator[Problem]:
    value = document.value
    error = tracing_version_error(value.get("apiVersion"), version)
    if error is not None:
        yield document.problem(("apiVersion",), error)
    strict = strict_decoding(version)
    for key in unknown_fields(value, STANDALONE_FIELDS):
        if strict:
            yield document.problem((key,), f'unknown field "{key}" (kube-apiserver decodes this file strictly)', True)
        else:
            yield document.problem(
                (key,),
                f'unknown field "{key}" is ignored by kube-apiserver before Kubernetes 1.32',
                True,
                Severity.WARNING,
            )
    yield from _field_errors(document, (), value, validate=True)


def _kubelet_tracing(document: ConfigDocument, version: tuple) -> Iterator[Problem]:
    value = document.value
    if "tracing" not in value or value["tracing"] is None:
        return
    block = value["tracing"]
    if tuple(version) < KUBELET_TRACING_FIELD_SINCE:
        yield document.problem(
            ("tracing",),
            f'field "tracing" does not exist in KubeletConfiguration before Kubernetes 1.25 (configured: '
            f"{version[0]}.{version[1]}); the kubelet ignores it",
            True,
            Severity.WARNING,
        )
        return
    if not isinstance(block, dict):
        yield document.problem(("tracing",), "tracing must be a mapping with endpoint and samplingRatePerMillion")
        return
    for key in unknown_fields(block, TRACING_FIELDS):
        yield document.problem(
            ("tracing", key),
            f'unknown field "tracing.{key}" is ignored (the kubelet decodes its configuration leniently)',
            True,
            Severity.WARNING,
        )
    # The kubelet validates the block only when the gate is on; otherwise it refuses the block as a whole.
    gates = effective_gates(parse_feature_gates_map(value.get("featureGates")))
    yield from _field_errors(document, ("tracing",), block, validate=KUBELET_TRACING.enabled(gates, version))


def _field_errors(document: ConfigDocument, base: tuple, block: dict, validate: bool) -> Iterator[Problem]:
    prefix = "".join(f"{part}." for part in base)
    rate = block.get("samplingRatePerMillion")
    _, decode_error = sampling_rate(rate)
    if decode_error is not None or validate:
        for message in sampling_rate_errors(rate):
            yield document.problem((*base, "samplingRatePerMillion"), f"{prefix}samplingRatePerMillion: {message}")
    endpoint = block.get("endpoint")
    if endpoint is not None and (validate or not isinstance(endpoint, str)):
        for message in endpoint_errors(endpoint):
            yield document.problem((*base, "endpoint"), f"{prefix}endpoint: {message}")
