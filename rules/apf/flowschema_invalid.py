"""
## What it does
Checks FlowSchemas (`flowcontrol.apiserver.k8s.io`) for everything the API server's validation rejects:
`matchingPrecedence` outside 1..10000 (and 1 on any schema not named `exempt`), a
`distinguisherMethod.type` other than `ByUser` or `ByNamespace`, a missing
`priorityLevelConfiguration.name`, rules without subjects or without resource and non-resource rules,
subjects whose `kind` does not match the field that is set, service accounts without a namespace, `*`
mixed with other values, unknown verbs, namespaces that are not DNS labels, resource rules with neither
namespaces nor `clusterScope: true`, malformed `nonResourceURLs` (they must start with `/`, and `*` may
only be the whole value or a final `/*`), and mandatory `exempt` or `catch-all` schemas whose spec differs
from the built-in one. Values are defaulted first, as the API server does (`matchingPrecedence: 0` means
1000). Each finding points at the offending field and quotes the API server's message.

`status` is not checked beyond its JSON types: the registry strategy's `PrepareForCreate` resets it and
`PrepareForUpdate` keeps the stored one, so duplicate or empty condition types in a manifest never
reach validation.

## Why is this bad?
`kubectl apply` fails, and when the FlowSchema is part of a larger rollout the remaining objects may be
applied without it, leaving requests classified by whatever schema matched before.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: ci-robots
spec:
  matchingPrecedence: 1
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: ServiceAccount
          serviceAccount: {name: robot}
      resourceRules:
        - verbs: ["get", "*"]
          apiGroups: [""]
          resources: ["pods"]
          namespaces: ["ci"]
```

Use instead:
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: ci-robots
spec:
  matchingPrecedence: 1500
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: ServiceAccount
          serviceAccount: {name: robot, namespace: ci}
      resourceRules:
        - verbs: ["*"]
          apiGroups: [""]
          resources: ["pods"]
          namespaces: ["ci"]
```

## References
- kubernetes/kubernetes `pkg/apis/flowcontrol/validation/validation.go`
- kubernetes/kubernetes `pkg/registry/flowcontrol/flowschema/strategy.go` (`PrepareForCreate` resets `status`)
- https://kubernetes.io/docs/concepts/cluster-administration/flow-control/
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity, format_path
from k8slint.objects import K8sObject

CODE = "K401"
NAME = "flowschema-invalid"
SUMMARY = "the API server's validation rejects this FlowSchema"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the field as the message says; the API server rejects the FlowSchema as written."
KINDS = ("FlowSchema.flowcontrol.apiserver.k8s.io",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint import apf

    for path, message in apf.flowschema_errors(obj.value, obj.api_version):
        yield Problem(path, f"{format_path(path)}: {message}" if path else message)
