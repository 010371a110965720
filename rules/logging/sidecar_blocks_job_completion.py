"""
## What it does
Reports a Job or CronJob whose Pod template runs a log sidecar that never exits (`tail -f`/`-F`, or a
fluentd or Fluent Bit agent) in `spec.containers`, next to the containers that do the Job's work.

## Why is this bad?
A Job completes when all of its Pod's regular containers have exited successfully. A streaming
`tail -F` or a logging agent runs forever, so the Pod keeps running after the work is done: the Job
never completes, a CronJob's next runs pile up or are skipped (`concurrencyPolicy: Forbid`), and
`activeDeadlineSeconds` eventually fails a Job that actually succeeded. Since Kubernetes 1.29
(SidecarContainers, on by default; GA in 1.33) a sidecar can be an init container with
`restartPolicy: Always`: it starts before and runs alongside the main containers, and is stopped when
they finish without keeping the Pod alive.

## Example
```yaml
apiVersion: batch/v1
kind: Job
metadata: {name: report}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: report, image: report:1.0, volumeMounts: [{name: logs, mountPath: /var/log}]}
        - name: log
          image: busybox:1.28
          args: [/bin/sh, -c, "tail -n+1 -F /var/log/report.log"]
          volumeMounts: [{name: logs, mountPath: /var/log}]
      volumes: [{name: logs, emptyDir: {}}]
```

Use instead:
```yaml
      initContainers:
        - name: log
          image: busybox:1.28
          restartPolicy: Always
          args: [/bin/sh, -c, "tail -n+1 -F /var/log/report.log"]
          volumeMounts: [{name: logs, mountPath: /var/log}]
      containers:
        - {name: report, image: report:1.0, volumeMounts: [{name: logs, mountPath: /var/log}]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K609"
NAME = "sidecar-blocks-job-completion"
SUMMARY = "a never-ending log sidecar in a Job's containers keeps the Job from completing"
SEVERITY = Severity.WARNING
REMEDIATION = (
    "Run the sidecar as a native sidecar (an initContainer with restartPolicy: Always, Kubernetes 1.29+), "
    "or make it exit when the main container finishes."
)
KINDS = ("CronJob", "Job")

NATIVE_SIDECARS = (1, 29)  # SidecarContainers beta, on by default


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.shell import pod_commands

    regular = [command for command in pod_commands(obj) if command.list_name == "containers"]
    sidecars = [(command, _runs_forever(command)) for command in regular]
    if all(reason is not None for _, reason in sidecars):
        return  # no container does the Job's work: nothing for a sidecar to outlive
    native = ctx.settings.kubernetes_version >= NATIVE_SIDECARS
    for command, reason in sidecars:
        if reason is None:
            continue
        version = ".".join(str(part) for part in ctx.settings.kubernetes_version)
        tail = (
            f"; Kubernetes {version} supports native sidecars (initContainers with restartPolicy: Always), "
            "which do not keep a Job running"
            if native
            else ""
        )
        yield Problem(
            (*command.path, "name"),
            f'container "{command.name}" {reason} and never exits, so the {obj.kind} never completes{tail}',
        )


def _runs_forever(command) -> str | None:
    from k8slint.logging_agents import is_fluentbit_container, is_fluentd_container

    analysis = command.analysis
    if analysis is not None:
        for tail in analysis.tails:
            if tail.follows and any(file != "-" for file in tail.files):
                flag = "-F" if tail.follow == "name" else "-f"
                return f"runs tail {flag} {' '.join(tail.files)}"
    if is_fluentd_container(command.container):
        return "runs the fluentd logging agent"
    if is_fluentbit_container(command.container):
        return "runs the Fluent Bit logging agent"
    return None
