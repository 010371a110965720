"""
## What it does
Reports YAML documents that are not mappings (a bare list or scalar), and items of a
`kind: List` that are not mappings. Empty documents are skipped silently.

## Why is this bad?
A Kubernetes object is a mapping with `apiVersion`, `kind` and `metadata`. A document that is
a list or a string is rejected by `kubectl apply`, and usually means broken indentation or a
stray `---`.

## Example
```yaml
---
- name: web
  image: nginx
```

Use instead:
```yaml
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
```
"""

from k8slint.model import Severity

CODE = "K002"
NAME = "invalid-document"
SUMMARY = "a document is not a mapping"
SEVERITY = Severity.ERROR
REMEDIATION = "Make each document a mapping with apiVersion, kind and metadata, or remove it."
