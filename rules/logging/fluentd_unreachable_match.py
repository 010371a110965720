"""
## What it does
Reports a `<match>` directive in a fluentd configuration (in a ConfigMap) that can never receive an
event, because an earlier `<match>` in the same routing scope (the top level, a `<label>` or a
`<worker>`) matches every tag it matches: a `<match **>` before it, or a wider pattern such as
`app.**` before `app.web`. Pattern semantics are fluentd's: `*` is one tag part, `**` any number of
parts, `a.**` also matches `a`, `{x,y}` is alternation, `/regex/` a regular expression, and several
patterns separated by spaces match any of them.

## Why is this bad?
fluentd routes each event to the first `<match>`, in file order, whose pattern matches its tag. The
later `<match>` is dead configuration: the output it describes never gets data, and the mistake is
silent.

## Example
```yaml
data:
  fluentd.conf: |
    <match **>
      @type stdout
    </match>
    <match app.**>
      @type forward
    </match>
```

Use instead:
```yaml
data:
  fluentd.conf: |
    <match app.**>
      @type forward
    </match>
    <match **>
      @type stdout
    </match>
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject

CODE = "K607"
NAME = "fluentd-unreachable-match"
SUMMARY = "a fluentd <match> can never receive events because an earlier one takes them all"
SEVERITY = Severity.WARNING
REMEDIATION = "Move the more specific <match> before the wider one, or remove it."
KINDS = ("ConfigMap",)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.fluentd import configmap_configs, unreachable_matches

    for key, config in configmap_configs(obj).items():
        for dead, earlier in unreachable_matches(config):
            yield Problem(
                ("data", key),
                f"<match {dead.arg or '**'}> is unreachable: the <match {earlier.arg or '**'}> on line "
                f"{earlier.line + 1} of {key} matches every tag it matches",
                inner=(dead.line, dead.column),
            )
