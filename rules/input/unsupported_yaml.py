"""
## What it does
Reports YAML that parses but that Kubernetes cannot decode: tags that are not standard YAML
types (`!!python/object/apply:...`, `!custom`), complex mapping keys (`? [a, b]`), recursive
aliases, values that do not fit their explicit tag (`!!int abc`), and alias "bombs" whose
expansion is enormous compared to the text. Such documents are never constructed: k8slint
does not run code from tags or expand aliases while linting.

## Why is this bad?
The API server rejects these documents, and some of them are attacks on the tools that read
them (code execution through language-specific tags, memory exhaustion through nested aliases).

## Example
```yaml
metadata:
  name: !!python/object/apply:os.system ["id"]
```

Use instead:
```yaml
metadata:
  name: web
```
"""

from k8slint.model import Severity

CODE = "K004"
NAME = "unsupported-yaml"
SUMMARY = "the YAML uses features Kubernetes cannot decode (custom tags, complex keys, alias bombs)"
SEVERITY = Severity.ERROR
REMEDIATION = "Use plain YAML: standard scalars, string keys, and no custom tags."
