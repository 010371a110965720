"""
## What it does
Checks OpenTelemetry Collector configurations embedded in a ConfigMap (so deployed in the cluster)
for an OTLP receiver protocol (`grpc` or `http`) without an `endpoint`. Since Collector v0.104.0 the
default endpoint is `localhost:4317` / `localhost:4318` instead of `0.0.0.0`. When every Collector
image in the input that mounts the ConfigMap is older than v0.104.0, the rule stays quiet.

## Why is this bad?
A receiver that listens on localhost only accepts spans from its own Pod: kube-apiserver, kubelets
and applications on other Pods or nodes cannot reach it, and their exports fail.

## Example
```yaml
receivers:
  otlp:
    protocols:
      grpc:
```

Use instead:
```yaml
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: ${env:MY_POD_IP}:4317     # or 0.0.0.0:4317
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import all_older_than, configmaps_with_collector_configs, embedded_of_kind
from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject

CODE = "K514"
NAME = "otel-receiver-localhost"
SUMMARY = "in-cluster collector OTLP receiver listens on localhost only"
SEVERITY = Severity.WARNING
REMEDIATION = "Set the protocol's endpoint to the Pod IP (${env:MY_POD_IP}:4317) or 0.0.0.0:4317."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.otel import LOCALHOST_DEFAULT_SINCE, localhost_receivers

    for obj, versions in configmaps_with_collector_configs(objects):
        if all_older_than(versions, LOCALHOST_DEFAULT_SINCE):
            continue
        for document in embedded_of_kind(obj, OTEL_COLLECTOR_CONFIG):
            for finding in localhost_receivers(document.value):
                yield obj, document.problem(finding.path, finding.message, on_key=True)
