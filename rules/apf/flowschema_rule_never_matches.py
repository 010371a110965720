"""
## What it does
Finds parts of FlowSchema rules that can never match a request:
- verbs such as `list`, `watch`, `create`, `update`, `deletecollection` or `proxy` in `nonResourceRules`:
  a non-resource request carries its lower-case HTTP method (`get`, `post`, `put`, ...) as its verb;
- cluster-scoped resources (`nodes`, `persistentvolumes`, `clusterroles`, ...) in a resource rule without
  `clusterScope: true`: `namespaces`, even `["*"]`, only match requests that have a namespace;
- a FlowSchema with no `rules` at all, which matches nothing.

## Why is this bad?
The API server accepts these rules, but they have no effect: the requests the author meant to classify
fall through to later FlowSchemas.

## Example
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: node-readers
spec:
  matchingPrecedence: 3000
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: Group
          group: {name: monitoring}
      resourceRules:
        - {verbs: ["list", "watch"], apiGroups: [""], resources: ["nodes"], namespaces: ["*"]}
      nonResourceRules:
        - {verbs: ["list"], nonResourceURLs: ["/metrics"]}
```

Use instead:
```yaml
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: node-readers
spec:
  matchingPrecedence: 3000
  priorityLevelConfiguration:
    name: workload-low
  rules:
    - subjects:
        - kind: Group
          group: {name: monitoring}
      resourceRules:
        - {verbs: ["list", "watch"], apiGroups: [""], resources: ["nodes"], clusterScope: true}
      nonResourceRules:
        - {verbs: ["get"], nonResourceURLs: ["/metrics"]}
```

## References
- kubernetes/apiserver `pkg/util/flowcontrol/rule.go`, `pkg/endpoints/request/requestinfo.go`
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K407"
NAME = "flowschema-rule-never-matches"
SUMMARY = "part of a FlowSchema rule can never match a request"
SEVERITY = Severity.WARNING
REMEDIATION = (
    "Use HTTP method verbs (get, patch, delete or *) in nonResourceRules, set clusterScope: true for "
    "cluster-scoped resources, and give the FlowSchema at least one rule."
)
KINDS = ("FlowSchema.flowcontrol.apiserver.k8s.io",)

# Built-in cluster-scoped resources by API group. `namespaces` is not here: a request on one Namespace
# (/api/v1/namespaces/foo) carries that namespace, so namespaced rules can match it.
CLUSTER_SCOPED_RESOURCES = {
    "": frozenset({"nodes", "persistentvolumes", "componentstatuses"}),
    "rbac.authorization.k8s.io": frozenset({"clusterroles", "clusterrolebindings"}),
    "storage.k8s.io": frozenset({"storageclasses", "csidrivers", "csinodes", "volumeattachments", "volumeattributesclasses"}),
    "apiextensions.k8s.io": frozenset({"customresourcedefinitions"}),
    "apiregistration.k8s.io": frozenset({"apiservices"}),
    "admissionregistration.k8s.io": frozenset(
        {
            "mutatingwebhookconfigurations",
            "validatingwebhookconfigurations",
            "validatingadmissionpolicies",
            "validatingadmissionpolicybindings",
            "mutatingadmissionpolicies",
            "mutatingadmissionpolicybindings",
        }
    ),
    "certificates.k8s.io": frozenset({"certificatesigningrequests", "clustertrustbundles"}),
    "scheduling.k8s.io": frozenset({"priorityclasses"}),
    "node.k8s.io": frozenset({"runtimeclasses"}),
    "networking.k8s.io": frozenset({"ingressclasses", "ipaddresses", "servicecidrs"}),
    "flowcontrol.apiserver.k8s.io": frozenset({"flowschemas", "prioritylevelconfigurations"}),
    "policy": frozenset({"podsecuritypolicies"}),
    "resource.k8s.io": frozenset({"deviceclasses"}),
    "internal.apiserver.k8s.io": frozenset({"storageversions"}),
    "storagemigration.k8s.io": frozenset({"storageversionmigrations"}),
    "authentication.k8s.io": frozenset({"tokenreviews", "selfsubjectreviews"}),
    "authorization.k8s.io": frozenset({"subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews"}),
}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint import apf

    spec = obj.value.get("spec")
    if not isinstance(spec, dict):
        return
    rules = spec.get("rules")
    if rules is None or rules == []:
        yield Problem(("spec", "rules") if "rules" in spec else ("spec",), "has no rules, so it matches no request")
        return
    if not isinstance(rules, list):
        return
    for rule_index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        path = ("spec", "rules", rule_index)
        yield from _non_resource_verbs(rule, path, apf.RESOURCE_ONLY_VERBS)
        yield from _namespaced_cluster_resources(rule, path)


def _items(container: dict, key: str) -> list:
    value = container.get(key)
    return value if isinstance(value, list) else []


def _non_resource_verbs(rule: dict, path: tuple, resource_only: frozenset) -> Iterator[Problem]:
    for index, non_resource_rule in enumerate(_items(rule, "nonResourceRules")):
        if not isinstance(non_resource_rule, dict):
            continue
        for verb_index, verb in enumerate(_items(non_resource_rule, "verbs")):
            if verb in resource_only:
                yield Problem(
                    (*path, "nonResourceRules", index, "verbs", verb_index),
                    f'verb "{verb}" never matches a non-resource request, whose verb is its lower-case HTTP method',
                )


def _namespaced_cluster_resources(rule: dict, path: tuple) -> Iterator[Problem]:
    for index, resource_rule in enumerate(_items(rule, "resourceRules")):
        if not isinstance(resource_rule, dict) or resource_rule.get("clusterScope") is True:
            continue
        groups = [group for group in _items(resource_rule, "apiGroups") if isinstance(group, str)]
        if not groups or "*" in groups:
            continue  # a resource name in "every group" may also be a namespaced custom resource
        for resource_index, resource in enumerate(_items(resource_rule, "resources")):
            if not isinstance(resource, str):
                continue
            base = resource.split("/", 1)[0]
            if all(base in CLUSTER_SCOPED_RESOURCES.get(group, ()) for group in groups):
                yield Problem(
                    (*path, "resourceRules", index, "resources", resource_index),
                    f'"{resource}" is cluster-scoped, and without clusterScope: true this rule matches only '
                    "requests that have a namespace",
                )
