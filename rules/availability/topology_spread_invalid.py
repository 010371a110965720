"""
## What it does
Reports `topologySpreadConstraints` entries the API server rejects (`validateTopologySpreadConstraints` in
`pkg/apis/core/validation/validation.go`): `maxSkew` not greater than zero, a missing or invalid
`topologyKey`, a `whenUnsatisfiable` other than `DoNotSchedule` or `ScheduleAnyway`, a `minDomains` that is
not greater than zero or is set without `whenUnsatisfiable: DoNotSchedule`, and two entries with the same
`topologyKey` and `whenUnsatisfiable`. An entry without `labelSelector` is accepted but counts no Pods, so
it spreads nothing: that is reported as a warning.

Peer: kube-score `pod-topology-spread-constraints`.

## Why is this bad?
`kubectl apply` fails for the rejected forms; a constraint without a selector is silently ignored by the
scheduler, and the replicas may all land in one zone.

## Example
```yaml
topologySpreadConstraints:
  - maxSkew: 0
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
```

Use instead:
```yaml
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, pod_spec
from k8slint.validation import qualified_name

CODE = "K824"
NAME = "topology-spread-invalid"
SUMMARY = "a topology spread constraint the API server rejects, or one without a labelSelector"
SEVERITY = Severity.ERROR
REMEDIATION = "Give each constraint `maxSkew` of 1 or more, a `topologyKey`, `whenUnsatisfiable: DoNotSchedule` or `ScheduleAnyway`, and a `labelSelector` matching the Pods."
KINDS = POD_CARRIERS

_ACTIONS = ("DoNotSchedule", "ScheduleAnyway")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = pod_spec(obj)
    constraints = found[1].get("topologySpreadConstraints") if found is not None else None
    if not isinstance(constraints, list):
        return
    seen: set[tuple] = set()
    for index, constraint in enumerate(constraints):
        if not isinstance(constraint, dict):
            continue
        at = (*found[0], "topologySpreadConstraints", index)
        skew, key, action = constraint.get("maxSkew"), constraint.get("topologyKey"), constraint.get("whenUnsatisfiable")
        if isinstance(skew, int) and not isinstance(skew, bool) and skew <= 0:
            yield Problem((*at, "maxSkew"), f"maxSkew {skew} must be greater than zero")
        if key in (None, ""):
            yield Problem(at if key is None else (*at, "topologyKey"), "the constraint has no topologyKey")
        elif isinstance(key, str) and qualified_name(key):
            yield Problem((*at, "topologyKey"), f'topologyKey "{key}" is not a valid label key: {"; ".join(qualified_name(key))}')
        if isinstance(action, str) and action not in _ACTIONS:
            yield Problem((*at, "whenUnsatisfiable"), f'whenUnsatisfiable "{action}" is not DoNotSchedule or ScheduleAnyway')
        minimum = constraint.get("minDomains")
        if isinstance(minimum, int) and not isinstance(minimum, bool):
            if minimum <= 0:
                yield Problem((*at, "minDomains"), f"minDomains {minimum} must be greater than zero")
            elif action != "DoNotSchedule":
                yield Problem((*at, "minDomains"), "minDomains is only allowed with whenUnsatisfiable: DoNotSchedule")
        pair = (key, action)
        if isinstance(key, str) and isinstance(action, str) and pair in seen:
            yield Problem(at, f'a constraint with topologyKey "{key}" and whenUnsatisfiable {action} is already defined')
        seen.add(pair)
        if "labelSelector" not in constraint or constraint["labelSelector"] is None:
            yield Problem(at, "the constraint has no labelSelector, so it counts no Pods and spreads nothing", severity=Severity.WARNING)
