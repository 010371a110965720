"""
## What it does
Reports a `*` in a Role's or ClusterRole's `rules[*].apiGroups`, `resources`, `verbs` or
`nonResourceURLs`. Aggregated ClusterRoles (with `aggregationRule`) get their rules from others and are
judged through those.

Peers: kube-linter `wildcard-in-rules` (CIS 5.1.3; resources and verbs only), Checkov CKV_K8S_49.

## Why is this bad?
A wildcard grants what the author did not think of: resources added later by CRDs, verbs like
`escalate`, `bind` and `impersonate`, and subresources like `pods/exec`.

## Example
```yaml
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: [get, list]
```

Use instead:
```yaml
rules:
  - apiGroups: [""]
    resources: [configmaps, services]
    verbs: [get, list]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject
from k8slint.rbac import role_rules

CODE = "K751"
NAME = "rbac-wildcard"
SUMMARY = "a role rule uses a wildcard"
SEVERITY = Severity.INFO
REMEDIATION = "List the API groups, resources and verbs explicitly."
KINDS = ("Role.rbac.authorization.k8s.io", "ClusterRole.rbac.authorization.k8s.io")
PROFILE = "rbac"

_FIELDS = ("apiGroups", "resources", "verbs", "nonResourceURLs")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for grant in role_rules(obj):
        for field in _FIELDS:
            values = grant.rule.get(field)
            for index, value in enumerate(values if isinstance(values, list) else ()):
                if value == "*":
                    yield Problem((*grant.path, field, index), f'rule {grant.index} allows every {_WHAT[field]} ("*")')


_WHAT = {"apiGroups": "API group", "resources": "resource", "verbs": "verb", "nonResourceURLs": "non-resource URL"}
