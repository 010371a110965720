"""
## What it does
Reports text that is not valid YAML (or JSON), at the line and column where parsing stopped.

## Why is this bad?
`kubectl apply` rejects the whole file. Documents before the error are still linted; the
documents after it cannot be read until the error is fixed.

## Example
```yaml
metadata:
  name: web
  labels: {app: web
```

Use instead:
```yaml
metadata:
  name: web
  labels: {app: web}
```

This finding cannot be suppressed: a file that does not parse has no reliable comments.
"""

from k8slint.model import Severity

CODE = "K001"
NAME = "invalid-yaml"
SUMMARY = "the file is not valid YAML"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix the YAML syntax at the reported position."
