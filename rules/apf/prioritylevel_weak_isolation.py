"""
## What it does
For Limited priority levels that queue, computes exactly the probability that a low-intensity flow
finds every queue of its hand occupied by heavy flows ("is squished by elephants"), given `queues` (the
deck) and `handSize`, for the configured number of heavy flows. Reports levels where that probability is
above the threshold. The formula reproduces the table in the Kubernetes documentation: with 64 queues and
a hand of 8, it is 2.26e-10 for one heavy flow, 4.89e-4 for four and 0.359 for sixteen. `queues: 1`
disables fair queuing altogether.

## Why is this bad?
Shuffle sharding is what keeps one noisy client from delaying everyone else at the same priority level.
With few queues or a small hand, a handful of heavy clients occupies every queue a light client can use,
and its requests wait or are rejected with 429 as if it were the noisy one.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata:
  name: tenants
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 30
    limitResponse:
      type: Queue
      queuing: {queues: 16, handSize: 4, queueLengthLimit: 50}
```

Use instead:
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata:
  name: tenants
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 30
    limitResponse:
      type: Queue
      queuing: {queues: 128, handSize: 6, queueLengthLimit: 50}
```

## Options
- `threshold` (float, default 0.01): report when the probability is above this.
- `elephants` (int, default 4): the number of heavy flows to assume (1 to 10000).

## References
- https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#priority-level-configuration
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K409"
NAME = "prioritylevel-weak-isolation"
SUMMARY = "a few heavy flows are likely to crowd out light flows at this priority level"
SEVERITY = Severity.INFO
REMEDIATION = "Use more queues and a larger handSize (within ceil(log2(queues) * handSize) <= 60)."
KINDS = ("PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io",)
OPTIONS = {"threshold": (float, 0.01), "elephants": (int, 4)}

# The exact sum's integers grow with the elephant count; beyond this the probability is ~1 anyway.
MAX_ELEPHANTS = 10_000


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint import apf

    if get(obj.value, ("spec", "type")) != "Limited":
        return
    response = get(obj.value, ("spec", "limited", "limitResponse"))
    if not isinstance(response, dict) or response.get("type") != "Queue" or not isinstance(response.get("queuing"), dict):
        return
    elephants = ctx.options["elephants"]
    threshold = ctx.options["threshold"]
    if not 1 <= elephants <= MAX_ELEPHANTS:
        return
    queues, hand_size, _ = apf.defaulted_queuing(response["queuing"])
    if not (1 <= hand_size <= queues <= apf.MAX_QUEUES) or apf.required_entropy_bits(queues, hand_size) > apf.MAX_HASH_BITS:
        return  # invalid: prioritylevel-invalid reports it
    probability = apf.squish_probability(queues, hand_size, elephants)
    if probability <= threshold:
        return
    queuing_path = ("spec", "limited", "limitResponse", "queuing")
    at = (*queuing_path, "handSize") if "handSize" in response["queuing"] else queuing_path
    flows = "heavy flow" if elephants == 1 else "heavy flows"
    detail = " (a single queue disables fair queuing)" if queues == 1 else ""
    yield Problem(
        at,
        f"with {queues} {'queue' if queues == 1 else 'queues'} and handSize {hand_size}, {elephants} {flows} squish a light flow with probability "
        f"{probability:.3g}, above the threshold {threshold:g}{detail}",
    )
