"""
## What it does
Checks the `--disabled-metrics` and `--allow-metric-labels` flags of kube-apiserver,
kube-controller-manager, kube-scheduler and cloud-controller-manager, on their containers and in the
`extraArgs` of a kubeadm ClusterConfiguration:
- `--disabled-metrics` must be a comma-separated list of fully qualified metric names
  (`[a-zA-Z_:][a-zA-Z0-9_:]*`): no spaces, no label selectors, no wildcards;
- `--allow-metric-labels` must be `metricName,labelName=value,value...`; more than one entry in one
  flag must be quoted CSV fields (`"m1,l1=a,b","m2,l2=c"`) or separate flags.

## Why is this bad?
The component refuses to start. pflag reads `--disabled-metrics` (a string slice) and, when it holds
more than one `=`, `--allow-metric-labels` (a string-to-string map) as one CSV record; then
component-base's `validateDisabledMetrics` and `validateAllowListMapping`
(`metrics/api/v1/validation.go`) check every name and key ("must be fully qualified metric names
matching ...", "must have keys with format `metricName,labelName`").

## Example
```yaml
      command:
        - kube-apiserver
        - --disabled-metrics=apiserver_request_total, etcd_request_duration_seconds
        - --allow-metric-labels=apiserver_request_total,verb=GET,PUT,code=200
```

Use instead:
```yaml
      command:
        - kube-apiserver
        - --disabled-metrics=apiserver_request_total,etcd_request_duration_seconds
        - --allow-metric-labels=apiserver_request_total,verb=GET,PUT
        - --allow-metric-labels=apiserver_request_total,code=200
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import CLUSTER_CONFIGURATION, config_documents
from k8slint.flags import command_lines, expands_at_runtime
from k8slint.metrics import (
    METRICS_OPTIONS_PROGRAMS,
    allow_metric_labels_errors,
    disabled_metrics_errors,
    kubeadm_extra_args,
)
from k8slint.model import Context, Problem, Severity
from k8slint.objects import WORKLOAD_KINDS, K8sObject

CODE = "K651"
NAME = "metrics-flag-invalid"
SUMMARY = "a component's disabled-metrics or allow-metric-labels flag is malformed and it refuses to start"
SEVERITY = Severity.ERROR
REMEDIATION = (
    "Write --disabled-metrics as comma-separated metric names, and --allow-metric-labels as "
    "metricName,labelName=value,value (one flag per metric and label)."
)
KINDS = (CLUSTER_CONFIGURATION, "ConfigMap", *sorted(WORKLOAD_KINDS))

_VALIDATORS = {"disabled-metrics": disabled_metrics_errors, "allow-metric-labels": allow_metric_labels_errors}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for document in config_documents(obj, CLUSTER_CONFIGURATION):
        for arg in kubeadm_extra_args(document.value):
            validate = _VALIDATORS.get(arg.name)
            for message in validate(arg.value) if validate is not None else ():
                yield document.problem(arg.at, message)
    for path, _, line in command_lines(obj):
        if line.program not in METRICS_OPTIONS_PROGRAMS:
            continue
        for flag in line.flags:
            validate = _VALIDATORS.get(flag.name)
            if validate is None or flag.value is None or flag.value_at is None or expands_at_runtime(flag.value):
                continue
            for message in validate(flag.value):
                yield Problem((*path, *flag.value_at), message)
