"""
## What it does
Reports a Deployment or StatefulSet with more than one replica (or none written, since the count may come
from an autoscaler) whose Pods are not spread over nodes or zones: no `podAntiAffinity` term (required or
preferred) and no `topologySpreadConstraints` entry whose topology key is one of
`kubernetes.io/hostname`, `topology.kubernetes.io/zone`, `topology.kubernetes.io/region` (or their
`failure-domain.beta.kubernetes.io` forerunners) and whose `labelSelector` matches the Pod template's
labels. An anti-affinity term whose `namespaces` list leaves out the workload's own namespace (and that
has no `namespaceSelector`) keeps its replicas apart from other namespaces' Pods only, so it does not count.

Peers: kube-score `deployment-has-host-podantiaffinity`, `statefulset-has-host-podantiaffinity`; kube-linter
`no-anti-affinity` (which did not accept topology spread constraints, stackrox/kube-linter#894, nor zone
keys, #369).

## Why is this bad?
The scheduler may put every replica on the same node: one node failure or drain takes them all.

## Example
```yaml
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
```

Use instead:
```yaml
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.availability import replicas
from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, get, pod_labels, pod_spec
from k8slint.references import selector_at

CODE = "K822"
NAME = "no-pod-anti-affinity"
SUMMARY = "a replicated workload's Pods are not spread over nodes or zones"
SEVERITY = Severity.INFO
REMEDIATION = "Add a topology spread constraint (or a pod anti-affinity term) on `kubernetes.io/hostname` or a zone, selecting the Pod template's labels."
KINDS = ("Deployment.apps", "StatefulSet.apps")
PROFILE = "reliability"

_KEYS = frozenset(
    {
        "kubernetes.io/hostname",
        "topology.kubernetes.io/zone",
        "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/region",
    }
)


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    from k8slint.selector_index import string_labels

    count = replicas(obj)
    found, labels = pod_spec(obj), pod_labels(obj)
    if count is None or found is None or labels is None or ("replicas" in (obj.value.get("spec") or {}) and count < 2):
        return
    path, spec = found
    own = string_labels(labels[1])
    anti = get(spec, ("affinity", "podAntiAffinity"))
    terms = []
    if isinstance(anti, dict):
        required = anti.get("requiredDuringSchedulingIgnoredDuringExecution")
        preferred = anti.get("preferredDuringSchedulingIgnoredDuringExecution")
        terms += [term for term in required if isinstance(term, dict)] if isinstance(required, list) else []
        terms += [get(term, ("podAffinityTerm",)) for term in preferred if isinstance(term, dict)] if isinstance(preferred, list) else []
        namespace = obj.effective_namespace(ctx.settings)
        terms = [term for term in terms if _applies_to_namespace(term, namespace)]
    spread = spec.get("topologySpreadConstraints")
    terms += [term for term in spread if isinstance(term, dict)] if isinstance(spread, list) else []
    for term in terms:
        selector = selector_at(term, ("labelSelector",))
        if isinstance(term, dict) and term.get("topologyKey") in _KEYS and selector is not None and selector.matches(own):
            return
    yield Problem((*path, "affinity") if "affinity" in spec else path, f"no anti-affinity or topology spread keeps the replicas of {obj.describe()} on different nodes or zones", on_key=True)


def _applies_to_namespace(term: object, namespace: str | None) -> bool:
    """Whether an affinity term counts the Pods of the workload's own namespace: with neither `namespaces` nor
    `namespaceSelector` it does; otherwise only a listed namespace does, or a selector (which may match it)."""
    if not isinstance(term, dict):
        return False
    listed = term.get("namespaces")
    if term.get("namespaceSelector") is not None or not listed:
        return True
    return isinstance(listed, list) and namespace in listed
