"""
## What it does
Checks every label selector in a manifest the way the API server validates it: the structured
`matchLabels`/`matchExpressions` selectors of Deployments, ReplicaSets, StatefulSets, DaemonSets,
Jobs, CronJobs, PodDisruptionBudgets, PersistentVolumeClaims, NetworkPolicy `podSelector` and
`namespaceSelector` (peers included), Pod affinity and anti-affinity terms, topology spread
constraints, admission webhooks and policy bindings, and ClusterRole aggregation; and the plain
`selector` maps of Services and ReplicationControllers. It reports, at the offending entry:
- keys that are not qualified names (optional DNS subdomain prefix of at most 253 characters and
  `/`, then at most 63 alphanumerics, `-`, `_` or `.`, starting and ending alphanumeric);
- values that are not label values (empty, or at most 63 such characters), or not strings;
- operators other than `In`, `NotIn`, `Exists` and `DoesNotExist` (they are case-sensitive);
- `In`/`NotIn` without values, and `Exists`/`DoesNotExist` with values.

A key or value of `spec.selector` holding a `${VAR}`, `$VAR` or `$(VAR)` placeholder is left to
`unsubstituted-variable` (one finding for the object), and reported here only when that rule is off.

## Why is this bad?
The API server rejects the whole object. An unquoted `version: 1` in a selector is a number, not
a string, and fails to decode; `operator: in` is not `In`.

## Example
```yaml
spec:
  selector:
    matchLabels:
      app: web
      version: 1
    matchExpressions:
      - {key: tier, operator: in, values: [frontend]}
```

Use instead:
```yaml
spec:
  selector:
    matchLabels:
      app: web
      version: "1"
    matchExpressions:
      - {key: tier, operator: In, values: [frontend]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, FieldPath, Problem, Severity
from k8slint.objects import K8sObject, get, pod_spec
from k8slint.records import replace

CODE = "K110"
NAME = "invalid-selector"
SUMMARY = "a label selector has an invalid key, value or operator"
SEVERITY = Severity.ERROR
REMEDIATION = "Use valid label keys and string values, and one of In, NotIn, Exists or DoesNotExist."

# kind -> paths of structured LabelSelectors outside the Pod spec ("*" steps through a list)
_LABEL_SELECTORS: dict[str, tuple[FieldPath, ...]] = {
    "Deployment": (("spec", "selector"),),
    "ReplicaSet": (("spec", "selector"),),
    "StatefulSet": (("spec", "selector"),),
    "DaemonSet": (("spec", "selector"),),
    "Job": (("spec", "selector"),),
    "CronJob": (("spec", "jobTemplate", "spec", "selector"),),
    "PodDisruptionBudget": (("spec", "selector"),),
    "PersistentVolumeClaim": (("spec", "selector"),),
    "NetworkPolicy": (
        ("spec", "podSelector"),
        ("spec", "ingress", "*", "from", "*", "podSelector"),
        ("spec", "ingress", "*", "from", "*", "namespaceSelector"),
        ("spec", "egress", "*", "to", "*", "podSelector"),
        ("spec", "egress", "*", "to", "*", "namespaceSelector"),
    ),
    "ValidatingWebhookConfiguration": (("webhooks", "*", "namespaceSelector"), ("webhooks", "*", "objectSelector")),
    "MutatingWebhookConfiguration": (("webhooks", "*", "namespaceSelector"), ("webhooks", "*", "objectSelector")),
    "ValidatingAdmissionPolicy": (
        ("spec", "matchConstraints", "namespaceSelector"),
        ("spec", "matchConstraints", "objectSelector"),
    ),
    "MutatingAdmissionPolicy": (
        ("spec", "matchConstraints", "namespaceSelector"),
        ("spec", "matchConstraints", "objectSelector"),
    ),
    "ValidatingAdmissionPolicyBinding": (
        ("spec", "matchResources", "namespaceSelector"),
        ("spec", "matchResources", "objectSelector"),
    ),
    "MutatingAdmissionPolicyBinding": (
        ("spec", "matchResources", "namespaceSelector"),
        ("spec", "matchResources", "objectSelector"),
    ),
    "ClusterRole": (("aggregationRule", "clusterRoleSelectors", "*"),),
}
# Paths inside a Pod spec
_POD_SPEC_SELECTORS: tuple[FieldPath, ...] = tuple(
    (*affinity, *term, field)
    for affinity in (("affinity", "podAffinity"), ("affinity", "podAntiAffinity"))
    for term in (
        ("requiredDuringSchedulingIgnoredDuringExecution", "*"),
        ("preferredDuringSchedulingIgnoredDuringExecution", "*", "podAffinityTerm"),
    )
    for field in ("labelSelector", "namespaceSelector")
) + (("topologySpreadConstraints", "*", "labelSelector"),)
# kind -> path of a plain key/value selector map
_MAP_SELECTORS: dict[str, FieldPath] = {"Service": ("spec", "selector"), "ReplicationController": ("spec", "selector")}

KINDS = (*_LABEL_SELECTORS, *_MAP_SELECTORS, "Pod", "PodTemplate")
SUPERSEDED_BY = ("unsubstituted-variable",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for problem in _problems(obj):
        yield _unless_unsubstituted(obj, problem)


def _unless_unsubstituted(obj: K8sObject, problem: Problem) -> Problem:
    """A key or value of `spec.selector` holding a `${VAR}` placeholder is unsubstituted-variable's."""
    from k8slint.substitution import SELECTOR_PATH, placeholder

    if problem.at[: len(SELECTOR_PATH)] != SELECTOR_PATH or len(problem.at) <= len(SELECTOR_PATH):
        return problem
    text = problem.at[-1] if problem.on_key else get(obj.value, problem.at)
    if placeholder(text) is None:
        return problem
    return replace(problem, superseded_by="unsubstituted-variable")


def _problems(obj: K8sObject) -> Iterator[Problem]:
    from k8slint.selectors import label_selector_issues

    for pattern in _LABEL_SELECTORS.get(obj.kind or "", ()):
        for path, selector in _expand(obj.value, pattern):
            for issue in label_selector_issues(selector):
                yield Problem((*path, *issue.path), issue.message, on_key=issue.on_key)
    found = pod_spec(obj)
    if found is not None:
        spec_path, spec = found
        for pattern in _POD_SPEC_SELECTORS:
            for path, selector in _expand(spec, pattern):
                for issue in label_selector_issues(selector):
                    yield Problem((*spec_path, *path, *issue.path), issue.message, on_key=issue.on_key)
    map_path = _MAP_SELECTORS.get(obj.kind or "")
    if map_path is not None:
        selector = get(obj.value, map_path)
        if selector is not None:
            yield from _map_problems(selector, map_path)


def _map_problems(selector: object, path: FieldPath) -> Iterator[Problem]:
    from k8slint.selectors import label_selector_issues

    if not isinstance(selector, dict):
        yield Problem(path, "selector must be a mapping of label keys to values")
        return
    for issue in label_selector_issues({"matchLabels": selector}):
        # ("matchLabels", key) inside the wrapper is (key,) inside the map
        yield Problem((*path, *issue.path[1:]), issue.message, on_key=issue.on_key)


def _expand(value: object, pattern: FieldPath, prefix: FieldPath = ()) -> Iterator[tuple[FieldPath, object]]:
    """(path, value) for every place `pattern` reaches; "*" steps into each item of a list."""
    if not pattern:
        if value is not None:
            yield prefix, value
        return
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _expand(item, rest, (*prefix, index))
    elif isinstance(value, dict) and step in value:
        yield from _expand(value[step], rest, (*prefix, step))
