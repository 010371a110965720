"""
## What it does
Reports an `appArmorProfile.type` (pod or container) other than `RuntimeDefault` or `Localhost`, and a
`container.apparmor.security.beta.kubernetes.io/<container>` annotation on the Pods' metadata (the
template's, for workloads) other than empty, `runtime/default` or `localhost/*`: the Pod Security
Standards' baseline `appArmorProfile` check
(`staging/src/k8s.io/pod-security-admission/policy/check_appArmorProfile.go`), which reads both the
fields and the deprecated annotations at every policy version.

## Why is this bad?
An unconfined container runs without the AppArmor profile that keeps it from writing to `/proc`,
mounting file systems or reading other containers' files. A namespace enforcing the baseline level
rejects the Pod.

## Example
```yaml
securityContext:
  appArmorProfile:
    type: Unconfined
```

Use instead:
```yaml
securityContext:
  appArmorProfile:
    type: RuntimeDefault
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject
from k8slint.podsecurity import default_level_problems

CODE = "K709"
NAME = "apparmor-profile-disallowed"
SUMMARY = 'the pod or a container disables AppArmor (Pod Security baseline)'
SEVERITY = Severity.WARNING
REMEDIATION = 'Use the RuntimeDefault or a Localhost AppArmor profile, or leave it unset.'

def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    return default_level_problems(objects, ctx, NAME)
