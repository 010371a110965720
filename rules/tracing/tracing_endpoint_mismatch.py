"""
## What it does
Checks tracing endpoints whose port belongs to another protocol: 4318 (OTLP over HTTP), 9411
(Zipkin), 16686 (the Jaeger UI), 14268 and 14250 (Jaeger's own collector protocols). It reads the
`endpoint` of a kube-apiserver `TracingConfiguration` and of a kubelet `tracing` block (standalone
or embedded in a ConfigMap) and etcd's `--distributed-tracing-address` flag (and its
`--experimental-` form), also when a shell script starts etcd; not beside `--config-file`, with
which etcd ignores its other flags.

## Why is this bad?
kube-apiserver, the kubelet and etcd export spans with the OTLP **gRPC** exporter only (4317 by
convention). Pointed at an HTTP, Zipkin or Jaeger port, the export fails on every batch and no trace
arrives, while the component keeps running.

## Example
```yaml
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
endpoint: otel-collector.observability:4318
```

Use instead:
```yaml
apiVersion: apiserver.config.k8s.io/v1beta1
kind: TracingConfiguration
endpoint: otel-collector.observability:4317
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import KUBELET_CONFIGURATION, TRACING_CONFIGURATION, config_documents
from k8slint.flags import ETCD, program_containers
from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject
from k8slint.tracing import endpoint_errors, endpoint_port

CODE = "K503"
NAME = "tracing-endpoint-mismatch"
SUMMARY = "tracing endpoint names a port of a protocol other than OTLP/gRPC"
SEVERITY = Severity.WARNING
REMEDIATION = "Point the endpoint at the collector's OTLP gRPC receiver (port 4317 by default)."
KINDS = (TRACING_CONFIGURATION, KUBELET_CONFIGURATION, "ConfigMap", *POD_CARRIERS)

# Ports that belong to a tracing protocol the OTLP/gRPC exporter cannot speak.
FOREIGN_PORTS = {
    4318: "OTLP over HTTP",
    9411: "Zipkin",
    16686: "the Jaeger UI",
    14268: "Jaeger's Thrift HTTP collector",
    14250: "Jaeger's gRPC collector (not OTLP)",
}
ETCD_ADDRESS_FLAGS = ("distributed-tracing-address", "experimental-distributed-tracing-address")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for document in config_documents(obj, TRACING_CONFIGURATION):
        message = _mismatch(document.value.get("endpoint"), "kube-apiserver")
        if message:
            yield document.problem(("endpoint",), message)
    for document in config_documents(obj, KUBELET_CONFIGURATION):
        block = document.value.get("tracing")
        if isinstance(block, dict):
            message = _mismatch(block.get("endpoint"), "the kubelet")
            if message:
                yield document.problem(("tracing", "endpoint"), message)
    for path, _, line in program_containers(obj, ETCD):
        if line.last("config-file") is not None:
            continue  # etcd then ignores its other flags (etcd-tracing-flags says so)
        for name in ETCD_ADDRESS_FLAGS:
            flag = line.last(name)
            if flag is None or flag.value is None or flag.value_at is None:
                continue
            message = _mismatch(flag.value, "etcd")
            if message:
                yield Problem((*path, *flag.value_at), message)


def _mismatch(endpoint, component: str) -> str | None:
    if not isinstance(endpoint, str) or endpoint_errors(endpoint):
        return None
    port = endpoint_port(endpoint)
    protocol = FOREIGN_PORTS.get(port)
    if protocol is None:
        return None
    return f'endpoint "{endpoint}" uses port {port} ({protocol}), but {component} exports traces with OTLP/gRPC'
