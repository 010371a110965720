"""
## What it does
Reports a key that appears twice in the same mapping, at the second occurrence.

## Why is this bad?
YAML parsers disagree on duplicates: some keep the first value, some the last, and
Kubernetes' strict decoder rejects the object. Either way, one of the two values is
silently ignored by somebody.

## Example
```yaml
spec:
  replicas: 2
  replicas: 3
```

Use instead:
```yaml
spec:
  replicas: 3
```
"""

from k8slint.model import Severity

CODE = "K003"
NAME = "duplicate-key"
SUMMARY = "a mapping key is defined twice"
SEVERITY = Severity.ERROR
REMEDIATION = "Keep one of the two keys and delete the other."
