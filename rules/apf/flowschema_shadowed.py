"""
## What it does
Finds FlowSchemas that can never match a request because every request they match is matched first by
an earlier FlowSchema: one with a lower `matchingPrecedence`, or the same precedence and a name that sorts
first (byte order). The built-in suggested FlowSchemas of the configured Kubernetes version take part in
the order when `apf.includeBuiltins` is on (the default): a schema after `global-default` (9900) that
matches authenticated users, for example, never matches. The finding names the shadowing schema and where
it is defined.

The analysis is sound: it reports a schema only when the cover is certain. It understands wildcards,
subresources (`pods` does not cover `pods/log`), namespaces versus `clusterScope`, non-resource URL
prefixes (`/healthz` covers `/healthz/etcd`, `/healthz/*` does not cover `/healthz`), and the groups every
user carries (`system:authenticated`, `system:serviceaccounts`, `system:serviceaccounts:<namespace>`).

## Why is this bad?
Only the first matching FlowSchema counts. A shadowed schema has no effect at all, and its priority level
never sees the traffic it was written for.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: interactive-users
spec:
  matchingPrecedence: 9950      # after global-default (9900), which matches every user
  priorityLevelConfiguration:
    name: workload-high
  rules:
    - subjects:
        - kind: Group
          group: {name: "system:authenticated"}
      nonResourceRules:
        - {verbs: ["*"], nonResourceURLs: ["*"]}
```

Use instead:
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: interactive-users
spec:
  matchingPrecedence: 5000
  priorityLevelConfiguration:
    name: workload-high
  rules:
    - subjects:
        - kind: Group
          group: {name: "system:authenticated"}
      nonResourceRules:
        - {verbs: ["*"], nonResourceURLs: ["*"]}
```

## References
- kubernetes/apiserver `pkg/util/flowcontrol/rule.go` and `pkg/util/apihelpers/helpers.go`
- https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#flowschema
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K404"
NAME = "flowschema-shadowed"
SUMMARY = "the FlowSchema never matches: earlier FlowSchemas match all its requests"
SEVERITY = Severity.WARNING
SET_KINDS = ("FlowSchema",)  # check_set reports only on these
REMEDIATION = "Give the FlowSchema a lower matchingPrecedence than the schemas that shadow it, or remove it."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    from k8slint import apf

    if not objects.of_kind("FlowSchema"):
        return
    analysis = apf.set_analysis(objects)
    for obj in objects.of_kind("FlowSchema"):
        schema = analysis.model_of(obj)
        covering = analysis.shadowing(schema) if schema is not None else None
        if not covering:
            continue
        names = ", ".join(apf.describe_schema(other) for other in covering)
        subject = "matched first by" if len(covering) == 1 else "matched first by the union of"
        yield obj, Problem(
            apf.precedence_path(obj.value),
            f"never matches: every request it can match is {subject} {names}",
            related=apf.related_schemas(covering),
        )
