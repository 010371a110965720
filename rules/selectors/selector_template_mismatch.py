"""
## What it does
Reports a controller whose selector does not match the labels of its own Pod template:
Deployments, ReplicaSets, StatefulSets and DaemonSets (`spec.selector`), ReplicationControllers
(a non-empty `spec.selector` map) and Jobs with `manualSelector: true` (a CronJob's jobTemplate
may not carry a selector at all: `job-selector-rejected` reports it). Matching
follows Kubernetes exactly: every `matchLabels` pair must be among the template labels and every
`matchExpressions` requirement must hold. Missing, empty and invalid selectors are left to
`missing-selector` and `invalid-selector`.

## Why is this bad?
The API server rejects the object ("`selector` does not match template `labels`"): the controller
could never find the Pods it creates.

## Example
```yaml
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: webapp}
```

Use instead:
```yaml
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import K8sObject, get

CODE = "K112"
NAME = "selector-template-mismatch"
SUMMARY = "a controller's selector does not match its own Pod template labels"
SEVERITY = Severity.ERROR
REMEDIATION = "Make the Pod template carry every label the selector requires."
KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "Job")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint.selector_index import selector_from_map, string_labels
    from k8slint.selectors import SelectorError, from_label_selector

    spec_path = ("spec",)
    spec = get(obj.value, spec_path)
    if not isinstance(spec, dict):
        return
    raw_selector = spec.get("selector")
    if obj.kind == "Job" and spec.get("manualSelector") is not True:
        return  # the server generates the selector and the matching template labels
    if obj.kind == "ReplicationController":
        if not raw_selector:
            return  # an empty selector is defaulted to the template labels
        selector = selector_from_map(raw_selector)
        if selector is None:
            return
    else:
        try:
            selector = from_label_selector(raw_selector)
        except SelectorError:
            return
        if selector.empty or selector.nothing:
            return
    labels_path = (*spec_path, "template", "metadata", "labels")
    labels = string_labels(get(obj.value, labels_path))
    if selector.matches(labels):
        return
    failing = next(requirement for requirement in selector.requirements if not requirement.matches(labels))
    shown = ",".join(f"{key}={value}" for key, value in sorted(labels.items())) or "none"
    # Reported where the API server reports it (spec.template.metadata.labels), with the selector beside it.
    yield Problem(
        labels_path,
        f'selector "{selector}" does not match the Pod template labels ({shown}): "{failing}" fails',
        on_key=True,
        related=(Related(obj, (*spec_path, "selector"), "the selector", on_key=True),),
    )
