"""
## What it does
Reports a PodDisruptionBudget that sets neither `spec.minAvailable` nor `spec.maxUnavailable`.

Peer: kube-score `poddisruptionbudget-has-policy`.

## Why is this bad?
Without either, what the budget allows is left to defaults that changed between API versions
(`policy/v1beta1` defaulted `minAvailable: 1`, which blocks every eviction of a single replica): the
intent is not written down.

## Example
```yaml
spec:
  selector: {matchLabels: {app: web}}
```

Use instead:
```yaml
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K828"
NAME = "pdb-no-policy"
SUMMARY = "a PodDisruptionBudget sets neither minAvailable nor maxUnavailable"
SEVERITY = Severity.WARNING
REMEDIATION = "Set `maxUnavailable` (or `minAvailable`)."
KINDS = ("PodDisruptionBudget.policy",)
PROFILE = "reliability"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.value.get("spec")
    if isinstance(spec, dict) and spec.get("minAvailable") is None and spec.get("maxUnavailable") is None:
        yield Problem(("spec",), "the budget sets neither minAvailable nor maxUnavailable", on_key=True)
