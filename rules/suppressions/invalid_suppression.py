"""
## What it does
Reports a suppression comment or annotation that names a rule k8slint does not know.

## Why is this bad?
A misspelled rule name suppresses nothing, so the finding it was meant to silence still
fails the build, or worse, the typo hides that the suppression is obsolete.

## Example
```yaml
metadata:
  name: Web  # k8slint: disable-line=invalid-nmae
```

Use instead:
```yaml
metadata:
  name: Web  # k8slint: disable-line=invalid-name
```
"""

from k8slint.model import Severity

CODE = "K902"
NAME = "invalid-suppression"
SUMMARY = "a suppression names an unknown rule"
SEVERITY = Severity.WARNING
REMEDIATION = "Use a rule name or code listed by `k8slint rules`."
