"""
## What it does
Reports, as information, a kustomization or Helm chart that k8slint did not render for a reason
outside the files themselves: no renderer is installed (`pip install 'k8slint[render]'` installs
kubectl with kustomize built in and Helm's Go SDK), a remote base that k8slint does not fetch
(it works offline), or chart dependencies declared in `Chart.yaml` but not vendored in `charts/`
(`helm dependency build` fetches them), or a chart that demands values its defaults do not give
(a template's `required` or `fail`: give it values in `render.helm.charts`). The plain resource files
are still linted as written.

## Why is this bad?
Nothing is wrong with the files: the finding says that what the cluster receives after
`kustomize build` or `helm template` was not checked, and how to have it checked.

## Example
```yaml
# overlays/prod/kustomization.yaml, with no kustomize, kubectl or helm installed
resources:
  - ../../base
```

Use instead: install a renderer (`pip install 'k8slint[render]'`), vendor remote bases and
chart dependencies, or set `render: {enabled: false}` to lint files only as written.
"""

from k8slint.model import Severity

CODE = "K009"
NAME = "not-rendered"
SUMMARY = "a kustomization or Helm chart was not rendered (no renderer, remote base, dependencies not vendored)"
SEVERITY = Severity.INFO
REMEDIATION = "Install a renderer (pip install 'k8slint[render]'), vendor remote bases and chart dependencies, or set render.enabled: false."
