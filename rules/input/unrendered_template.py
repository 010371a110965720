"""
## What it does
Reports a file that contains template syntax (`{{ ... }}`, as in Helm charts) and is not
valid YAML, with one finding for the file instead of a confusing syntax error.

## Why is this bad?
A template is not a manifest: it cannot be applied or linted until it is rendered.

## Example
```yaml
metadata:
  name: {{ .Release.Name }}-web
```

Use instead: lint the rendered output, e.g. `helm template ./chart | k8slint lint -`.
"""

from k8slint.model import Severity

CODE = "K005"
NAME = "unrendered-template"
SUMMARY = "an unrendered template that is not valid YAML"
SEVERITY = Severity.ERROR
REMEDIATION = "Render the template first (helm template ... | k8slint lint -), or exclude the file with `ignore`."
