"""
## What it does
Reports fluentd v0.12-era syntax in a fluentd configuration held in a ConfigMap: the bare `type`,
`id` and `log_level` parameters instead of `@type`, `@id` and `@log_level`, a flat `format` parameter
instead of a `<parse>` (or `<format>`) section, and `include` instead of `@include`. The Kubernetes
documentation's own logging-agent example uses both of the first two.

## Why is this bad?
fluentd v0.14 (2016) reserved the `@`-prefixed names; v1 still converts the old forms through a
compatibility layer that logs a deprecation warning for each, and plugins written for v1 read their
parser settings only from `<parse>`. Configurations in the old syntax break as that layer and older
plugins go, and they mix badly with current examples.

## Example
```yaml
data:
  fluentd.conf: |
    <source>
      type tail
      format none
      path /var/log/1.log
      tag count.format1
    </source>
```

Use instead:
```yaml
data:
  fluentd.conf: |
    <source>
      @type tail
      path /var/log/1.log
      tag count.format1
      <parse>
        @type none
      </parse>
    </source>
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, ProblemFix, Replace, Severity
from k8slint.objects import K8sObject

CODE = "K606"
NAME = "fluentd-deprecated-syntax"
SUMMARY = "a fluentd configuration uses pre-v1 syntax (bare type, flat format)"
SEVERITY = Severity.WARNING
REMEDIATION = "Use @type, @id and @log_level, and move format settings into a <parse> or <format> section."
KINDS = ("ConfigMap",)
FIX = "safe"  # fluentd v1 reads `type` as `@type` (and `id`, `log_level`, `include` alike): only the spelling changes


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.fluentd import configmap_configs, deprecated_syntax

    for key, config in configmap_configs(obj).items():
        for problem in deprecated_syntax(config):
            fix = None
            if problem.rename is not None:
                old, new = problem.rename
                edit = Replace(("data", key), old, new, start=(problem.line, problem.column))
                fix = ProblemFix(f"rename '{old}' to '{new}'", (edit,))
            yield Problem(("data", key), problem.message, inner=(problem.line, problem.column), fix=fix)
