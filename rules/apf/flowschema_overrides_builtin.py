"""
## What it does
Finds FlowSchemas that are evaluated before a built-in suggested FlowSchema of the configured Kubernetes
version and take over part of its traffic: the schema matches every user of one of the built-in's
subjects (for example `system:nodes`, the kube-system service accounts, or all authenticated users) for
some requests the built-in also matches. Runs only when `apf.includeBuiltins` is on (the default). A
schema that only narrows a built-in's population (one team's group before `global-default`) is not
reported, and neither is a user object that replaces a built-in by name, nor a schema routing to the
`exempt` level, where requests are never queued or rejected (see `flowschema-exempt-too-broad`).

## Why is this bad?
The built-in schemas protect the control plane: kubelet heartbeats (`system-node-high`), leader election
(`system-leader-election`) and controllers (`kube-system-service-accounts`) have their own priority
levels so that workload traffic cannot starve them. A broad schema placed before them moves that traffic
to a level sized for something else, where an overload can make nodes NotReady or controllers lose their
leases.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: everyone-throttled
spec:
  matchingPrecedence: 50         # before leader election (100) and the nodes (400, 500)
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: Group
          group: {name: "system:authenticated"}
      resourceRules:
        - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"], clusterScope: true}
```

Use instead:
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: batch-users-throttled
spec:
  matchingPrecedence: 5000       # after the built-in system and controller schemas
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: Group
          group: {name: batch-users}
      resourceRules:
        - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"], clusterScope: true}
```

## References
- kubernetes/apiserver `pkg/apis/flowcontrol/bootstrap/default.go`
- https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#defaults
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K406"
NAME = "flowschema-overrides-builtin"
SUMMARY = "the FlowSchema takes requests from a later built-in FlowSchema"
SEVERITY = Severity.WARNING
SET_KINDS = ("FlowSchema",)  # check_set reports only on these
REMEDIATION = "Raise the matchingPrecedence above the built-in schema's, or narrow the subjects."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint import apf

    if not ctx.settings.apf_include_builtins:
        return
    if not objects.of_kind("FlowSchema"):
        return
    analysis = apf.set_analysis(objects)
    for obj in objects.of_kind("FlowSchema"):
        schema = analysis.model_of(obj)
        if schema is None or analysis.shadowing(schema) or schema.level == "exempt":
            # A schema that never matches takes nothing; traffic moved to `exempt` is never queued or rejected,
            # so it cannot be starved there (flowschema-exempt-too-broad judges exempting broad populations).
            continue
        problem = _takes_from_builtins(obj, schema, analysis)
        if problem is not None:
            yield obj, problem


def _takes_from_builtins(obj: K8sObject, schema, analysis) -> Problem | None:
    from k8slint import apf
    from k8slint.apf.builtins import MANDATORY_FLOWSCHEMA_NAMES

    taken = []
    for later in analysis.order[analysis.order.index(schema) + 1 :]:
        if not later.builtin or later.name in MANDATORY_FLOWSCHEMA_NAMES:
            continue
        subjects = apf.captures_from(schema, later)
        if subjects:
            who = ", ".join(subject.describe() for subject in subjects)
            taken.append(f'"{later.name}" (precedence {later.precedence}, {who})')
    if not taken:
        return None
    plural = "s" if len(taken) > 1 else ""
    return Problem(
        apf.precedence_path(obj.value),
        f"is evaluated before, and takes requests of, built-in FlowSchema{plural} {', '.join(taken)}",
    )
