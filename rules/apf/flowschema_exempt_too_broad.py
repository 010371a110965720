"""
## What it does
Finds FlowSchemas that send requests from broad populations to the `exempt` priority level: the groups
`system:unauthenticated` or `system:authenticated`, or a `*` user or group. The pattern from the
Kubernetes documentation that exempts only health checks (non-resource URLs `/healthz`, `/livez`,
`/readyz` and their sub-paths) gets an info finding instead, because it is a deliberate trade-off.

## Why is this bad?
Requests at the `exempt` level are never queued or rejected: API Priority and Fairness does not protect
the API server from them at all. Exempting every authenticated user, or anyone on the network, hands
overload control to whoever sends the most requests. Even the health-check pattern lets anonymous
clients send unlimited requests to those endpoints.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: no-limits
spec:
  matchingPrecedence: 1000
  priorityLevelConfiguration:
    name: exempt
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
  name: no-limits
spec:
  matchingPrecedence: 1000
  priorityLevelConfiguration:
    name: exempt
  rules:
    - subjects:
        - kind: ServiceAccount
          serviceAccount: {name: cluster-autoscaler, namespace: kube-system}
      resourceRules:
        - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"]}
```

## References
- https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#health-check-concurrency-exemption
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K408"
NAME = "flowschema-exempt-too-broad"
SUMMARY = "the FlowSchema exempts unauthenticated, all authenticated, or all users from flow control"
SEVERITY = Severity.WARNING
REMEDIATION = "Route broad populations to a Limited priority level; exempt only specific, trusted subjects."
KINDS = ("FlowSchema.flowcontrol.apiserver.k8s.io",)

HEALTH_URLS = ("/healthz", "/livez", "/readyz")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:

    if get(obj.value, ("spec", "priorityLevelConfiguration", "name")) != "exempt":
        return
    rules = get(obj.value, ("spec", "rules"))
    if not isinstance(rules, list):
        return
    for rule_index, rule in enumerate(rules):
        if not isinstance(rule, dict) or not isinstance(rule.get("subjects"), list):
            continue
        health_only = _health_checks_only(rule)
        for subject_index, subject in enumerate(rule["subjects"]):
            broad = _broad_subject(subject)
            if broad is None:
                continue
            path = ("spec", "rules", rule_index, "subjects", subject_index)
            if health_only:
                yield Problem(
                    path,
                    f"sends health checks from {broad} to the exempt priority level: those requests are never "
                    "queued or rejected, so a flood of them is not limited either",
                    severity=Severity.INFO,
                )
            else:
                yield Problem(
                    path,
                    f"sends requests from {broad} to the exempt priority level, which never queues or rejects "
                    "them: any such client can overload the API server",
                )


def _broad_subject(subject: object) -> str | None:
    if not isinstance(subject, dict):
        return None
    kind = subject.get("kind")
    member = {"Group": "group", "User": "user"}.get(kind) if isinstance(kind, str) else None
    content = subject.get(member) if member else None
    name = content.get("name") if isinstance(content, dict) else None
    if name == "*" or (kind == "Group" and name in ("system:unauthenticated", "system:authenticated")):
        return f'{kind} "{name}"'
    return None


def _health_checks_only(rule: dict) -> bool:
    if rule.get("resourceRules"):
        return False
    non_resource_rules = rule.get("nonResourceRules")
    if not isinstance(non_resource_rules, list) or not non_resource_rules:
        return False
    for non_resource_rule in non_resource_rules:
        urls = non_resource_rule.get("nonResourceURLs") if isinstance(non_resource_rule, dict) else None
        if not isinstance(urls, list) or not urls or not all(_is_health_url(url) for url in urls):
            return False
    return True


def _is_health_url(url: object) -> bool:
    return isinstance(url, str) and any(url == base or url.startswith(base + "/") for base in HEALTH_URLS)
