"""
## What it does
For a workload that runs Prometheus with a configuration of the apply set (a ConfigMap it mounts)
scraping kube-apiserver (the `default;kubernetes;https` endpoints job) or the kubelets (node discovery),
checks that its ServiceAccount's bindings in the apply set grant what those components authorize:
- `get` on the non-resource URL `/metrics`, through a ClusterRoleBinding, for kube-apiserver (the
  Kubernetes documentation's example ClusterRole);
- `get` on `nodes/metrics` for the kubelets scraped directly, `nodes/proxy` through the API server.
Reported as info, and only when the apply set holds a binding of that ServiceAccount and every role
its bindings reference (or a built-in one: `cluster-admin`, `system:monitoring`).

## Why is this bad?
The scrape is refused with 403 Forbidden: the job's targets stay down and the component's metrics are
missing, while Prometheus itself runs fine. A non-resource URL is granted only by a ClusterRole bound
with a ClusterRoleBinding; a RoleBinding to the same ClusterRole does not grant it.

## Example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: prometheus}
rules:
  - apiGroups: [""]
    resources: [nodes, services, endpoints, pods]
    verbs: [get, list, watch]
```

Use instead:
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: prometheus}
rules:
  - apiGroups: [""]
    resources: [nodes, nodes/metrics, services, endpoints, pods]
    verbs: [get, list, watch]
  - nonResourceURLs:
      - "/metrics"
    verbs:
      - get
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.embedded import configmap_volume_names
from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import WORKLOAD_KINDS, ApplySet, K8sObject, pod_spec
from k8slint.prometheus import component_scrapes, prometheus_documents
from k8slint.rbac import Request, service_account_grants

CODE = "K663"
NAME = "metrics-rbac-missing"
SUMMARY = "a Prometheus scrapes kube-apiserver or kubelet metrics but its ServiceAccount is not granted them"
SEVERITY = Severity.INFO
REMEDIATION = (
    "Bind the ServiceAccount (with a ClusterRoleBinding) to a ClusterRole granting get on the non-resource "
    "URL /metrics and on nodes/metrics (nodes/proxy through the API server)."
)


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    scrapes_by_configmap: dict[tuple, tuple[K8sObject, list]] = {}
    for configmap in objects.of_kind("ConfigMap"):
        scrapes = [(doc, scrape) for doc in prometheus_documents(configmap) for scrape in component_scrapes(doc.value)]
        if scrapes:
            scrapes_by_configmap[(configmap.effective_namespace(ctx.settings), configmap.name)] = (configmap, scrapes)
    if not scrapes_by_configmap:
        return
    for workload in objects.of_kind(*WORKLOAD_KINDS):
        found = pod_spec(workload)
        if found is not None:
            yield from _workload_problems(objects, workload, found, scrapes_by_configmap, ctx)


def _workload_problems(objects, workload, found, scrapes_by_configmap, ctx) -> Iterator[tuple[K8sObject, Problem]]:
    spec_path, spec = found
    namespace = workload.effective_namespace(ctx.settings)
    account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
    if not isinstance(account, str):
        return
    mounted = [
        scrapes_by_configmap[(namespace, name)]
        for name in configmap_volume_names(spec)
        if (namespace, name) in scrapes_by_configmap
    ]
    if not mounted:
        return
    grants = service_account_grants(objects, namespace, account)
    if not grants.bindings:
        return  # the ServiceAccount's RBAC is managed elsewhere
    at = (*spec_path, "serviceAccountName") if "serviceAccountName" in spec else spec_path
    for configmap, scrapes in mounted:
        for document, scrape in scrapes:
            if grants.allows(Request(scrape.verb, url=scrape.url, resource=scrape.resource)) is not False:
                continue
            wanted = f'the non-resource URL "{scrape.url}"' if scrape.url else f'"{scrape.resource}"'
            related = (
                Related(configmap, ("data", document.key) if document.key else (), f'job "{scrape.job}"'),
            ) + tuple(
                Related(binding, ("roleRef",), f"binding {binding.describe()}") for binding in grants.bindings[:3]
            )
            yield (
                workload,
                Problem(
                    at,
                    f'ServiceAccount "{namespace}/{account}" is bound to no role granting "{scrape.verb}" on {wanted}, '
                    f'which job "{scrape.job}" needs to scrape {scrape.component}',
                    related=related,
                ),
            )
