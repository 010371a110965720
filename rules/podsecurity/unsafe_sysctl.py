"""
## What it does
Reports each `securityContext.sysctls[*].name` that is not in the Pod Security Standards' allow-list for
the configured Kubernetes version (`staging/src/k8s.io/pod-security-admission/policy/check_sysctls.go`):
`kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`,
`net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start`; from v1.27
`net.ipv4.ip_local_reserved_ports`; from v1.29 `net.ipv4.tcp_keepalive_time`,
`net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`; from v1.32
`net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`; from v1.37 `net.ipv4.tcp_slow_start_after_idle`,
`net.ipv4.tcp_notsent_lowat`. Names are compared exactly: the kubelet accepts `net/ipv4/...`, Pod
Security does not, and the message says so. A name allowed only from a later version says from which.
(kube-linter's prefix deny-list flags the safe `net.ipv4.ip_local_port_range` and misses `vm.*` and
`kernel.core_pattern`; this list is PSS's.)

## Why is this bad?
Sysctls outside the list are not namespaced or not isolated between Pods: setting one changes the kernel
of the whole node, for every other Pod on it. A namespace enforcing the baseline level rejects the Pod,
and the kubelet refuses unsafe sysctls it was not told to allow.

## Example
```yaml
securityContext:
  sysctls:
    - name: vm.max_map_count
      value: "262144"
```

Use instead:
```yaml
securityContext:
  sysctls:
    - name: net.ipv4.ip_local_port_range
      value: "1024 65535"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K712"
NAME = "unsafe-sysctl"
SUMMARY = 'the pod sets a sysctl outside the Pod Security allow-list'
SEVERITY = Severity.WARNING
REMEDIATION = 'Set only the sysctls Pod Security allows, named with dots, or move the setting to the node.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
