"""
## What it does
Reports a kubelet read-only port that is turned on: `readOnlyPort` set to a non-zero port in a
KubeletConfiguration (standalone or in a ConfigMap), or `--read-only-port` set to a non-zero port on
a container that runs the kubelet.

## Why is this bad?
The read-only port (10255 by convention) serves `/metrics`, `/metrics/cadvisor`, `/pods` and `/spec`
over plain HTTP without authentication or authorization: anyone who reaches the node reads every Pod's
spec, including environment variables, and its metrics. It is off by default in KubeletConfiguration
and in kubeadm; scrape the authenticated port 10250 instead, with a token allowed `get` on
`nodes/metrics`.

## Example
```yaml
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 10255
```

Use instead:
```yaml
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import KUBELET_CONFIGURATION, config_documents
from k8slint.flags import expands_at_runtime, program_containers
from k8slint.metrics import KUBELET
from k8slint.model import Context, Problem, Severity
from k8slint.objects import WORKLOAD_KINDS, K8sObject

CODE = "K665"
NAME = "kubelet-read-only-port"
SUMMARY = "the kubelet's unauthenticated read-only port is turned on"
SEVERITY = Severity.WARNING
REMEDIATION = "Set readOnlyPort to 0 (or drop --read-only-port) and scrape the kubelet on 10250 over HTTPS."
KINDS = (KUBELET_CONFIGURATION, "ConfigMap", *sorted(WORKLOAD_KINDS))


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for document in config_documents(obj, KUBELET_CONFIGURATION):
        port = document.value.get("readOnlyPort")
        if isinstance(port, int) and not isinstance(port, bool) and port != 0:
            yield document.problem(("readOnlyPort",), f"readOnlyPort {port} serves kubelet data without authentication")
    for path, _, line in program_containers(obj, KUBELET):
        flag = line.last("read-only-port")
        if flag is None or flag.value is None or flag.value_at is None or expands_at_runtime(flag.value):
            continue
        if flag.value.strip().isdigit() and int(flag.value) != 0:
            yield Problem(
                (*path, *flag.value_at), f"--read-only-port {flag.value} serves kubelet data without authentication"
            )
