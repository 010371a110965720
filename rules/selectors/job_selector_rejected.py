"""
## What it does
Reports the Job selectors the API server refuses:
- a Job with `spec.selector` but without `manualSelector: true`, when that selector does not match
  the labels the server generates for the Job's Pods (`batch.kubernetes.io/controller-uid` and
  `controller-uid` set to the new Job's uid, `batch.kubernetes.io/job-name` and `job-name` set to its
  name). The server adds `controller-uid=<uid>` to the selector and then requires the whole selector
  to match those labels ("`selector` not auto-generated"), so any requirement on your own labels fails;
- a CronJob whose `jobTemplate.spec` sets `selector` ("`selector` will be auto-generated") or
  `manualSelector: true` (only `false` or unset is supported): every Job a CronJob creates gets a
  generated selector.

A Job selector that names a `controller-uid` label is left alone: it was copied from a live Job
(`kubectl get -o yaml`), and is valid against the object it came from.

## Why is this bad?
`kubectl apply` fails on the Job or CronJob. Setting a selector by hand is only meant for the rare
case where a new Job must adopt the Pods of an old one, and then `manualSelector: true` says so.

## Example
```yaml
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  selector:
    matchLabels: {app: migrate}
  template:
    metadata:
      labels: {app: migrate}
    spec:
      restartPolicy: Never
      containers:
        - {name: migrate, image: "registry.example.com/migrate:1.4"}
```

Use instead:
```yaml
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    metadata:
      labels: {app: migrate}
    spec:
      restartPolicy: Never
      containers:
        - {name: migrate, image: "registry.example.com/migrate:1.4"}
```

## References
- kubernetes/kubernetes `pkg/registry/batch/job/strategy.go` (`PrepareForCreate`, `generateSelector`)
- kubernetes/kubernetes `pkg/apis/batch/validation/validation.go` (`ValidateGeneratedSelector`,
  `ValidateJobTemplateSpec`); validation_test.go cases "`selector` not auto-generated" and
  "`selector` will be auto-generated"
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K116"
NAME = "job-selector-rejected"
SUMMARY = "a Job sets a selector without manualSelector: true, or a CronJob's jobTemplate sets one"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Remove the selector: the API server generates it. Only a Job that must adopt existing Pods sets one, "
    "with manualSelector: true."
)
KINDS = ("Job.batch", "CronJob.batch")

_CONTROLLER_UID_LABELS = ("batch.kubernetes.io/controller-uid", "controller-uid")
_JOB_NAME_LABELS = ("batch.kubernetes.io/job-name", "job-name")
# The uid of a Job that does not exist yet: no label value a selector can name (the NUL byte is not
# allowed in one), so a requirement on the value fails as it does against the real uid.
_UNKNOWN = "\0"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.kind == "CronJob":
        yield from _check_job_template(obj)
        return
    spec = obj.value.get("spec")
    if not isinstance(spec, dict) or spec.get("manualSelector") is True:
        return
    raw_selector = spec.get("selector")
    if not isinstance(raw_selector, dict):
        return
    match_labels = raw_selector.get("matchLabels")
    if isinstance(match_labels, dict) and any(key in match_labels for key in _CONTROLLER_UID_LABELS):
        return
    from k8slint.selectors import SelectorError, from_label_selector

    try:
        selector = from_label_selector(raw_selector)
    except SelectorError:
        return  # invalid-selector reports it
    name = obj.name if isinstance(obj.name, str) and obj.name else _UNKNOWN
    generated = {key: _UNKNOWN for key in _CONTROLLER_UID_LABELS} | {key: name for key in _JOB_NAME_LABELS}
    failing = [str(requirement) for requirement in selector.requirements if not requirement.matches(generated)]
    if failing:
        yield Problem(
            ("spec", "selector"),
            f'selector requirement "{failing[0]}" does not match the labels the API server generates, and '
            f'"manualSelector: true" is not set: the Job is rejected ("`selector` not auto-generated")',
        )


def _check_job_template(obj: K8sObject) -> Iterator[Problem]:
    spec_path = ("spec", "jobTemplate", "spec")
    spec = get(obj.value, spec_path)
    if not isinstance(spec, dict):
        return
    if spec.get("selector") is not None:
        yield Problem(
            (*spec_path, "selector"),
            "a CronJob's jobTemplate may not set a selector: the API server generates it for each Job "
            '("`selector` will be auto-generated")',
        )
    if spec.get("manualSelector") is True:
        yield Problem(
            (*spec_path, "manualSelector"),
            "a CronJob's jobTemplate may not set manualSelector: true (supported values: nil, false)",
        )
