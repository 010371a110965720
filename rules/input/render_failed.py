"""
## What it does
Reports a kustomization or Helm chart that k8slint tried to render and that kustomize or Helm
refused: a build error (a resource that does not exist, a patch that matches nothing, a template
that does not compile or does not give YAML), a values file that does not exist, or a render that did not finish within
the render time limit (`render.timeout`, 60 seconds by default). The finding carries the renderer's
own message, on the kustomization or template line it names, else on `kustomization.yaml` or
`Chart.yaml`.

## Why is this bad?
What does not render cannot be applied: `kubectl apply -k`, Argo CD, Flux and `helm install` fail
on it the same way. None of its objects are linted as rendered (its plain resource files still are).

## Example
```yaml
# overlays/prod/kustomization.yaml
resources:
  - ../../base
  - ingress.yaml      # no such file
```

Use instead:
```yaml
resources:
  - ../../base
```
"""

from k8slint.model import Severity

CODE = "K008"
NAME = "render-failed"
SUMMARY = "a kustomization or Helm chart does not render"
SEVERITY = Severity.ERROR
REMEDIATION = "Fix what kustomize or Helm reports (run `kustomize build` or `helm template` to see it)."
