"""
## What it does
Parses every fluentd configuration held in a ConfigMap (a `data` value with `<source>`, `<match>`,
`<filter>`, `<label>` or `<system>` directives) the way fluentd's v1 parser does, and reports what
makes fluentd refuse to start: unbalanced or malformed directives and quoting, a
`<source>`/`<match>`/`<filter>` without `@type`, an `in_tail` source without `path` or `tag` or
without a parser, two `in_tail` sources sharing one `pos_file`, and `follow_inodes` without a
`pos_file`. It also reports unknown directives where fluentd expects routing directives (the top
level, `<label>`, `<worker>`), such as a misspelt `<sorce>`. Findings point at the line inside the
ConfigMap.

## Why is this bad?
fluentd checks its whole configuration at start-up and exits on the first error, so the agent
container crash-loops and no logs are collected. Two `in_tail` sources writing one position file
corrupt each other's read offsets. An unknown directive is skipped with no more than a warning about
unused parameters, so the input or output it was meant to be silently does not exist.

## Example
```yaml
data:
  fluentd.conf: |
    <source>
      @type tail
      path /var/log/1.log
    </source>
```

Use instead:
```yaml
data:
  fluentd.conf: |
    <source>
      @type tail
      path /var/log/1.log
      pos_file /var/log/1.log.pos
      tag count.format1
      <parse>
        @type none
      </parse>
    </source>
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K605"
NAME = "fluentd-config-invalid"
SUMMARY = "a fluentd configuration in a ConfigMap is invalid"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the fluentd configuration so that fluentd --dry-run accepts it."
KINDS = ("ConfigMap",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.fluentd import configmap_configs, validate

    for key, config in configmap_configs(obj).items():
        for problem in (*config.problems, *validate(config, key)):
            yield Problem(("data", key), problem.message, inner=(problem.line, problem.column))
