"""
## What it does
Reports a suppression (a `# k8slint: disable...` comment or an `ignore-check.k8slint.io/...`
annotation) that did not suppress any finding of a rule that ran.

## Why is this bad?
Stale suppressions hide future problems: once the original finding is fixed, the comment
keeps silencing the rule on that line for whatever comes next.

## Example
```yaml
metadata:
  name: web  # k8slint: disable-line=invalid-name
```

Use instead:
```yaml
metadata:
  name: web
```
"""

from k8slint.model import Severity

CODE = "K901"
NAME = "unused-suppression"
SUMMARY = "a suppression comment or annotation suppresses nothing"
SEVERITY = Severity.INFO
REMEDIATION = "Remove the suppression."
