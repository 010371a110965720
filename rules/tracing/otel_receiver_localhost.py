"""
## What it does
Checks the OpenTelemetry Collector configurations that run in the cluster for an OTLP receiver
protocol (`grpc` or `http`) without an `endpoint`: configs embedded in a ConfigMap, and inline
configs in a Collector container's arguments (`--config=yaml:...`, `--set=...`). Since Collector
v0.104.0 the default endpoint is `localhost:4317` / `localhost:4318` instead of `0.0.0.0`
(open-telemetry/opentelemetry-collector-releases, release notes of v0.104.0: "The `otlpreceiver`
now uses `localhost` by default instead of `0.0.0.0`"; the `component.UseLocalHostAsDefaultHost`
feature gate went to beta in that release, and the OpenTelemetry Operator's `upgrade0_104_0`
warns about it).

The Collector version is read from the image tag of each Collector container whose Pod mounts the
ConfigMap. The rule stays quiet when every such Collector does not listen on localhost for that
protocol: its image is older than v0.104.0, its arguments disable the feature gate
(`--feature-gates=-component.UseLocalHostAsDefaultHost`), or another config it loads (another key
or ConfigMap it mounts, `--config=yaml:...`, `--set=receivers.otlp.protocols.grpc.endpoint=...`)
sets the endpoint, since the Collector merges them all, or it reads a config k8slint cannot see
(a `--config` with another provider, or a file outside the ConfigMaps it mounts). Another data key of the same ConfigMap that
sets it counts too. A ConfigMap that no Collector of the apply set mounts is checked with an
unknown version. Standalone config files are not checked: they may run on a host or as a sidecar,
where localhost is what is wanted.

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

from k8slint.embedded import Collector, collector_configs_of, collectors, collectors_mounting, embedded_of_kind
from k8slint.model import Context, Problem, Severity
from k8slint.objects import OTEL_COLLECTOR_CONFIG, ApplySet, K8sObject

CODE = "K514"
NAME = "otel-receiver-localhost"
SUMMARY = "in-cluster collector OTLP receiver listens on localhost only"
SEVERITY = Severity.WARNING
REMEDIATION = "Set the protocol's endpoint to the Pod IP (${env:MY_POD_IP}:4317) or 0.0.0.0:4317."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint.otel import localhost_receivers, sets_endpoint

    for obj in objects.of_kind("ConfigMap"):
        documents = embedded_of_kind(obj, OTEL_COLLECTOR_CONFIG)
        if not documents:
            continue
        mounting = collectors_mounting(obj, objects)
        for document in documents:
            siblings = [other.value for other in documents if other is not document]
            for finding in localhost_receivers(document.value):
                receiver, protocol = finding.path[1], finding.path[3]
                if sets_endpoint(siblings, receiver, protocol):
                    continue
                if mounting and not any(_on_localhost(collector, objects, receiver, protocol) for collector in mounting):
                    continue
                yield obj, document.problem(finding.path, finding.message, on_key=True)
    for collector in collectors(objects):
        for inline in collector.inline:
            for finding in localhost_receivers(inline.value):
                if _on_localhost(collector, objects, finding.path[1], finding.path[3]):
                    yield collector.workload, Problem(
                        (*collector.container_path, inline.field, inline.index), finding.message
                    )


def _on_localhost(collector: Collector, objects: ApplySet, receiver: str, protocol: str) -> bool:
    """Whether this Collector container listens on localhost for the receiver's protocol."""
    from k8slint.otel import LOCALHOST_DEFAULT_SINCE, sets_endpoint

    if collector.version is not None and collector.version < LOCALHOST_DEFAULT_SINCE:
        return False
    if collector.localhost_gate_disabled or collector.reads_unseen_config:
        return False
    return not sets_endpoint(collector_configs_of(collector, objects), receiver, protocol)
