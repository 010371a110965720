"""
## What it does
Reports metrics-server containers (by image, or by the program their command runs) started with
`--kubelet-insecure-tls`.

## Why is this bad?
The flag turns off verification of the kubelets' serving certificates: metrics-server then sends its
credentials to, and takes the resource metrics that drive Horizontal Pod Autoscaling and
`kubectl top` from, whatever answers on a node's address. It is a shortcut for clusters whose kubelets
have self-signed certificates; the fix is kubelet serving certificates signed by the cluster CA
(`serverTLSBootstrap: true` and approving the CSRs) or `--kubelet-certificate-authority`.

## Example
```yaml
      containers:
        - name: metrics-server
          image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
          args: [--cert-dir=/tmp, --secure-port=10250, --kubelet-insecure-tls]
```

Use instead:
```yaml
          args: [--cert-dir=/tmp, --secure-port=10250]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.flags import command_lines
from k8slint.metrics import image_name
from k8slint.model import Context, Problem, Severity
from k8slint.objects import WORKLOAD_KINDS, K8sObject
from k8slint.tracing import go_parse_bool

CODE = "K666"
NAME = "metrics-server-insecure-tls"
SUMMARY = "metrics-server does not verify the kubelets' certificates (--kubelet-insecure-tls)"
SEVERITY = Severity.WARNING
REMEDIATION = (
    "Give kubelets serving certificates signed by the cluster CA (serverTLSBootstrap) and drop --kubelet-insecure-tls."
)
KINDS = tuple(sorted(WORKLOAD_KINDS))
_PROGRAM = "metrics-server"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container, line in command_lines(obj):
        if line.program != _PROGRAM and not image_name(container.get("image")).startswith(_PROGRAM):
            continue
        flag = line.last("kubelet-insecure-tls")
        if flag is None:
            continue
        # A boolean flag: `--kubelet-insecure-tls=false` turns it off; a following non-flag argument is
        # not its value for pflag, so only an `=value` form can say false.
        if flag.value_at == flag.at and flag.value is not None and go_parse_bool(flag.value) is False:
            continue
        yield Problem((*path, *flag.at), "--kubelet-insecure-tls disables verification of the kubelets' certificates")
