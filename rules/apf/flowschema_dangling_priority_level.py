"""
## What it does
Checks that the priority level each FlowSchema routes to exists: a PriorityLevelConfiguration in the
input, or one the configured Kubernetes version builds in (`exempt`, `catch-all`, `system`,
`node-high` from 1.22, `leader-election`, `workload-high`, `workload-low`, `global-default`).

## Why is this bad?
The API server accepts the FlowSchema but marks it `Dangling` and skips it when classifying requests, so
the traffic it was written for silently falls through to later schemas.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: batch-jobs
spec:
  matchingPrecedence: 5000
  priorityLevelConfiguration:
    name: batch          # no PriorityLevelConfiguration "batch" anywhere
  rules:
    - subjects:
        - kind: Group
          group: {name: batch-runners}
      resourceRules:
        - {verbs: ["*"], apiGroups: ["batch"], resources: ["jobs"], namespaces: ["*"]}
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
    limitResponse: {type: Reject}
```

## References
- kubernetes/apiserver `pkg/util/flowcontrol/apf_controller.go` (`digestFlowSchemasLocked`)
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get

CODE = "K403"
NAME = "flowschema-dangling-priority-level"
SUMMARY = "the FlowSchema routes to a priority level that does not exist"
SEVERITY = Severity.ERROR
SET_KINDS = ("FlowSchema",)  # check_set reports only on these
REMEDIATION = "Create the PriorityLevelConfiguration, or point the FlowSchema at an existing level."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint import apf

    if not objects.of_kind("FlowSchema"):
        return
    analysis = apf.set_analysis(objects)
    major, minor = ctx.settings.kubernetes_version
    for obj in objects.of_kind("FlowSchema"):
        level = get(obj.value, ("spec", "priorityLevelConfiguration", "name"))
        if not apf.is_flowcontrol(obj) or not isinstance(level, str) or not level:
            continue  # a missing reference is flowschema-invalid's finding
        if level not in analysis.level_names:
            yield obj, Problem(
                ("spec", "priorityLevelConfiguration", "name"),
                f'priority level "{level}" is neither in the input nor built into Kubernetes {major}.{minor}: '
                "the API server marks the FlowSchema dangling and never matches it",
            )
