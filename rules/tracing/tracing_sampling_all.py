"""
## What it does
Checks for a kube-apiserver `TracingConfiguration` or a kubelet `tracing` block (standalone or
embedded in a ConfigMap) with `samplingRatePerMillion: 1000000`, which records a span for every
request.

## Why is this bad?
The Kubernetes documentation warns that tracing every request adds network and CPU overhead to the
component and load on the collector and backend. Sampling everything suits a test cluster, not a
production control plane.

## Example
```yaml
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
samplingRatePerMillion: 1000000
```

Use instead:
```yaml
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
samplingRatePerMillion: 100    # 1 in 10000 requests
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import KUBELET_CONFIGURATION, TRACING_CONFIGURATION, config_documents
from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject
from k8slint.tracing import MAX_SAMPLING_RATE_PER_MILLION, sampling_rate

CODE = "K502"
NAME = "tracing-sampling-all"
SUMMARY = "tracing samples every request"
SEVERITY = Severity.WARNING
REMEDIATION = "Use a lower samplingRatePerMillion (for example 100) outside test clusters."
KINDS = (TRACING_CONFIGURATION, KUBELET_CONFIGURATION, "ConfigMap")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for document in config_documents(obj, TRACING_CONFIGURATION):
        yield from _check_block(document, (), document.value, "kube-apiserver")
    for document in config_documents(obj, KUBELET_CONFIGURATION):
        block = document.value.get("tracing")
        if isinstance(block, dict):
            yield from _check_block(document, ("tracing",), block, "the kubelet")


def _check_block(document, base: tuple, block: dict, component: str) -> Iterator[Problem]:
    rate, _ = sampling_rate(block.get("samplingRatePerMillion"))
    if rate == MAX_SAMPLING_RATE_PER_MILLION:
        yield document.problem(
            (*base, "samplingRatePerMillion"),
            f"samplingRatePerMillion is 1000000: {component} records a span for every request",
        )
