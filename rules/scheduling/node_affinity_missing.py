"""
## What it does
Reports a Pod template without `affinity.nodeAffinity` (nor a `nodeSelector`, which kube-linter does not
accept either way: here it counts).

Peer: kube-linter `no-node-affinity`.

## Why is this bad?
In clusters with dedicated node pools (GPU, spot, tenant pools), a Pod without node placement may land on
nodes that were not meant for it. It is team policy, hence opt-in.

## Example
```yaml
spec:
  containers: [{name: web, image: "nginx:1.27"}]
```

Use instead:
```yaml
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions: [{key: pool, operator: In, values: [web]}]
  containers: [{name: web, image: "nginx:1.27"}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, get, pod_spec

CODE = "K852"
NAME = "node-affinity-missing"
SUMMARY = "a Pod template has no node affinity or node selector"
SEVERITY = Severity.INFO
REMEDIATION = "Place the Pods with `affinity.nodeAffinity` or a `nodeSelector`."
KINDS = POD_CARRIERS
PROFILE = "conventions"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = pod_spec(obj)
    if found is None:
        return
    path, spec = found
    if not get(spec, ("affinity", "nodeAffinity")) and not spec.get("nodeSelector"):
        yield Problem(path, f"the Pod template of {obj.describe()} has no node affinity or node selector", on_key=True)
