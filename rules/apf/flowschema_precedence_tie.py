"""
## What it does
Finds pairs of FlowSchemas with the same `matchingPrecedence` whose rules can match a common request,
including the built-in FlowSchemas of the configured Kubernetes version when `apf.includeBuiltins` is on.
Two schemas are left alone only when no request can match both (different users, different resources,
namespaced versus cluster-scoped requests, ...).

## Why is this bad?
When two FlowSchemas match a request and have the same precedence, the one whose name sorts first wins.
Renaming a schema then silently changes how traffic is classified; the Kubernetes documentation advises
against relying on it.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: ci-robots
spec:
  matchingPrecedence: 800        # the same as the built-in kube-controller-manager schema
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: Group
          group: {name: "system:authenticated"}
      resourceRules:
        - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"]}
```

Use instead:
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: ci-robots
spec:
  matchingPrecedence: 850
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: Group
          group: {name: "system:authenticated"}
      resourceRules:
        - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"]}
```

## References
- https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#flowschema
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K405"
NAME = "flowschema-precedence-tie"
SUMMARY = "two FlowSchemas with the same matchingPrecedence can match the same request"
SEVERITY = Severity.WARNING
SET_KINDS = ("FlowSchema",)  # check_set reports only on these
REMEDIATION = "Give each FlowSchema that can match the same requests its own matchingPrecedence."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint import apf

    if not objects.of_kind("FlowSchema"):
        return
    analysis = apf.set_analysis(objects)
    by_precedence = _by_precedence(analysis.order)
    for obj in objects.of_kind("FlowSchema"):
        schema = analysis.model_of(obj)
        if schema is None:
            continue
        for other in by_precedence[schema.precedence]:
            if other is schema or not apf.schemas_may_overlap(schema, other):
                continue
            first = min(schema, other, key=apf.FlowSchema.sort_key)
            yield obj, Problem(
                apf.precedence_path(obj.value),
                f"has the same matchingPrecedence {schema.precedence} as {apf.describe_schema(other)}"
                f' and both can match some requests: "{first.name}" is tried first only because its name sorts first',
                related=apf.related_schemas([other]),
            )


def _by_precedence(order) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for schema in order:
        groups[schema.precedence].append(schema)
    return groups
