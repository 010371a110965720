"""
## What it does
Reports a CronJob without `spec.startingDeadlineSeconds`, and as a warning one whose deadline is below 10
seconds.

Peer: kube-score `cronjob-has-deadline`.

## Why is this bad?
Without a deadline, the controller counts every schedule missed since the last run; after an outage of
more than 100 missed schedules it stops starting the CronJob ("too many missed start times"). A deadline
below 10 seconds may skip runs, since the controller checks schedules about every 10 seconds.

## Example
```yaml
spec:
  schedule: "*/5 * * * *"
```

Use instead:
```yaml
spec:
  schedule: "*/5 * * * *"
  startingDeadlineSeconds: 200
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get

CODE = "K841"
NAME = "cronjob-starting-deadline-missing"
SUMMARY = "a CronJob has no (or too short a) startingDeadlineSeconds"
SEVERITY = Severity.INFO
REMEDIATION = "Set `startingDeadlineSeconds` to at least 10, usually a fraction of the schedule's interval."
KINDS = ("CronJob.batch",)
PROFILE = "reliability"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    deadline = get(obj.value, ("spec", "startingDeadlineSeconds"))
    if deadline is None and isinstance(obj.value.get("spec"), dict):
        yield Problem(("spec",), "the CronJob has no startingDeadlineSeconds", on_key=True)
    elif isinstance(deadline, int) and not isinstance(deadline, bool) and deadline < 10:
        yield Problem(("spec", "startingDeadlineSeconds"), f"startingDeadlineSeconds {deadline} is below the controller's 10-second check interval", severity=Severity.WARNING)
