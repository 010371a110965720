"""
## What it does
Reports a Pod or Pod template volume whose `persistentVolumeClaim.claimName` names a
PersistentVolumeClaim that is not in its namespace. In a StatefulSet, volumes named after one of its
`volumeClaimTemplates` are the controller's to bind and are skipped. It is reported only when the apply
set holds PersistentVolumeClaims in that namespace (always, as an error, under the `strict-references`
profile).

No peer has this check.

## Why is this bad?
The scheduler cannot place the Pod: it stays `Pending` with `persistentvolumeclaim "..." not found`.

## Example
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers: [{name: db, image: postgres:17}]
  volumes:
    - name: data
      persistentVolumeClaim: {claimName: db-data}
```

Use instead:
```yaml
  volumes:
    - name: data
      persistentVolumeClaim: {claimName: data}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, get, pod_spec
from k8slint.references import find, missing, pods_by_namespace, reported

CODE = "K129"
NAME = "pvc-missing"
SUMMARY = "a Pod template mounts a PersistentVolumeClaim absent from its namespace"
SEVERITY = Severity.WARNING
REMEDIATION = "Create the PersistentVolumeClaim in the same namespace, or name one that exists."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    for namespace, pods in pods_by_namespace(objects).items():
        if not reported(objects, ctx, "", "PersistentVolumeClaim", namespace):
            continue
        for pod in pods:
            found = pod_spec(pod.obj)
            volumes = found[1].get("volumes") if found is not None else None
            if not isinstance(volumes, list):
                continue
            templates = _claim_templates(pod.obj)
            for index, volume in enumerate(volumes):
                claim = get(volume, ("persistentVolumeClaim", "claimName"))
                if not isinstance(claim, str) or not claim or volume.get("name") in templates or claim in templates:
                    continue
                if find(objects, "", "PersistentVolumeClaim", namespace, claim) is None:
                    at = (*found[0], "volumes", index, "persistentVolumeClaim", "claimName")
                    yield pod.obj, missing(ctx, at, f'PersistentVolumeClaim "{claim}" is not in namespace "{namespace}"')


def _claim_templates(obj: K8sObject) -> set[object]:
    """The names of a StatefulSet's volumeClaimTemplates."""
    templates = get(obj.value, ("spec", "volumeClaimTemplates")) if obj.kind == "StatefulSet" else None
    return {get(template, ("metadata", "name")) for template in templates if isinstance(template, dict)} if isinstance(templates, list) else set()
