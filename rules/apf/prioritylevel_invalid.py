"""
## What it does
Checks PriorityLevelConfigurations (`flowcontrol.apiserver.k8s.io`) for everything the API server of the
configured `kubernetesVersion` rejects: type `Exempt` on any level but `exempt` (and `Limited` on
`exempt`), a `Queue` limit response without `queuing` or a `Reject` one with it, `queues` outside
1..10,000,000, `handSize` above `queues`, `queueLengthLimit` below 1, more hashing than the shuffle
sharder has (`ceil(log2(queues) * handSize)` above 60 bits), negative or (before 1.30) zero concurrency
shares, `lendablePercent` outside 0..100, a negative `borrowingLimitPercent`, a mandatory `exempt` or
`catch-all` level different from the built-in one, and field names the object's API version does not
have: `assuredConcurrencyShares` up to v1beta2, `nominalConcurrencyShares` from v1beta3,
`lendablePercent` and `borrowingLimitPercent` from 1.26, `spec.exempt` from 1.28. Defaults are applied
first (`queues: 0` means 64). From 1.29 to 1.31 the annotation
`flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares` is rejected on any version but v1beta3
(whose conversion strips it): it exists only for the v1beta3 round trip of a zero
`nominalConcurrencyShares` (validation.go of those releases, test "the roundtrip annotation is
forbidden"); later releases are not checked, as k8slint could not confirm the check is still there.

`status` is not checked beyond its JSON types: the registry strategy's `PrepareForCreate` resets it and
`PrepareForUpdate` keeps the stored one, so duplicate or empty condition types in a manifest never
reach validation.

## Why is this bad?
`kubectl apply` fails (unknown fields fail under strict field validation, kubectl's default). Every
FlowSchema that routes to the missing level is then dangling and ignored, so its traffic falls through
to later schemas.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata:
  name: batch
spec:
  type: Limited
  limited:
    assuredConcurrencyShares: 20
    limitResponse:
      type: Queue
      queuing: {queues: 64, handSize: 12, queueLengthLimit: 50}
```

Use instead:
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata:
  name: batch
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 20
    limitResponse:
      type: Queue
      queuing: {queues: 64, handSize: 8, queueLengthLimit: 50}
```

## References
- kubernetes/kubernetes `pkg/apis/flowcontrol/validation/validation.go`
- kubernetes/kubernetes `pkg/registry/flowcontrol/prioritylevelconfiguration/strategy.go` (`PrepareForCreate`
  resets `status`)
- kubernetes/api `flowcontrol/v1beta3/types.go` (`PriorityLevelPreserveZeroConcurrencySharesKey`)
- kubernetes/apiserver `pkg/util/shufflesharding/shufflesharding.go` (`MaxHashBits`)
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity, format_path
from k8slint.objects import K8sObject

CODE = "K402"
NAME = "prioritylevel-invalid"
SUMMARY = "the API server's validation rejects this PriorityLevelConfiguration"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the field as the message says; the API server rejects the priority level as written."
KINDS = ("PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint import apf

    for path, message in apf.prioritylevel_errors(obj.value, obj.api_version, ctx.settings.kubernetes_version):
        yield Problem(path, f"{format_path(path)}: {message}" if path else message, on_key=message.startswith("unknown field"))
