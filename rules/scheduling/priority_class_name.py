"""
## What it does
Reports a Pod template without `priorityClassName` when the option `require` is true, and one whose
`priorityClassName` is not in the option `allowed` when that list is not empty.

Peers: Polaris `priorityClassNotSet` (requires one), kube-linter `priority-class-name` (an allowed list).

## Why is this bad?
Without a priority class, under pressure the scheduler may preempt important workloads for unimportant
ones, or fail to preempt for them; classes outside the team's list may preempt others' workloads.

## Example
```yaml
spec:
  containers: [{name: web, image: "nginx:1.27"}]
```

Use instead:
```yaml
spec:
  priorityClassName: business-critical
  containers: [{name: web, image: "nginx:1.27"}]
```

## Options
- `require` (bool, default true): report Pod templates without `priorityClassName`.
- `allowed` (list, default `[]`: any): the priority classes that may be used.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, pod_spec

CODE = "K851"
NAME = "priority-class-name"
SUMMARY = "a Pod template has no priority class, or one outside the allowed list"
SEVERITY = Severity.INFO
REMEDIATION = "Set `priorityClassName` to one of the classes the cluster defines for this kind of workload."
KINDS = POD_CARRIERS
PROFILE = "conventions"
OPTIONS = {"require": (bool, True), "allowed": (list, [])}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = pod_spec(obj)
    if found is None:
        return
    path, spec = found
    name = spec.get("priorityClassName")
    allowed = ctx.options["allowed"]
    if name in (None, ""):
        if ctx.options["require"]:
            yield Problem(path, f"the Pod template of {obj.describe()} has no priorityClassName", on_key=True)
    elif allowed and name not in allowed:
        yield Problem((*path, "priorityClassName"), f'priorityClassName "{name}" is not one of {", ".join(map(str, allowed))}')
