"""
## What it does
Checks the rule groups of a Prometheus Operator `PrometheusRule`, and of the rule files a ConfigMap
holds beside the Prometheus configuration that loads them (a key named like one of its `rule_files`,
as in the Prometheus Helm chart), as Prometheus' rule file parser (`rulefmt`) does:
- a group without a name, or two groups with the same name;
- a rule with both or neither of `record` and `alert`, or without `expr`;
- `for`, `keep_firing_for` or a group's `interval` that is not a Prometheus duration (`5m`, `1h30m`);
- `for`, `keep_firing_for` or `annotations` on a recording rule;
- an `expr` that is not valid PromQL, when the optional `promql-parser` package is installed
  (`pip install 'k8slint[promql]'`); without it, expressions are not parsed. Function names are not
  judged, as each Prometheus release adds some.

## Why is this bad?
The operator's admission webhook rejects the object; without the webhook, the operator writes the
rule file and Prometheus refuses to load it, keeping the previous rules, so the new alerts never fire
(prometheus/prometheus `model/rulefmt/rulefmt.go`: "one of 'record' or 'alert' must be set",
"could not parse expression", `groupname: "..." is repeated in the same file`).

## Example
```yaml
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: web}
spec:
  groups:
    - name: web
      rules:
        - alert: WebDown
          expr: up{job="web"} == 0)
          for: 5 minutes
```

Use instead:
```yaml
        - alert: WebDown
          expr: up{job="web"} == 0
          for: 5m
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get
from k8slint.prometheus import configmap_rule_files, rule_groups_findings

CODE = "K662"
NAME = "prometheusrule-invalid"
SUMMARY = "a PrometheusRule holds a rule group or rule that Prometheus refuses to load"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the rule as the message says; `promtool check rules` on the groups confirms it loads."
KINDS = ("PrometheusRule.monitoring.coreos.com", "ConfigMap")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for document in configmap_rule_files(obj):
        for finding in rule_groups_findings(document.value.get("groups"), ("groups",)):
            yield document.problem(finding.path, finding.message, on_key=finding.on_key)
    if obj.kind == "PrometheusRule":
        for finding in rule_groups_findings(get(obj.value, ("spec", "groups")), ("spec", "groups")):
            yield Problem(finding.path, finding.message, on_key=finding.on_key)
