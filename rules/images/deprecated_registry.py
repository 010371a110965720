"""
## What it does
Reports container images pulled from `k8s.gcr.io`, and names the same image on `registry.k8s.io`.

## Why is this bad?
The k8s.gcr.io registry has been frozen since 3 April 2023: no new images or patch releases are
pushed there (Kubernetes 1.27 and later were never published to it), and its traffic is redirected
to registry.k8s.io until it is phased out. A manifest that still names it gets no security fixes and
breaks when the old name stops resolving.

## Example
```yaml
containers:
  - name: count-agent
    image: k8s.gcr.io/fluentd-gcp:1.30
```

Use instead:
```yaml
containers:
  - name: count-agent
    image: registry.k8s.io/fluentd-gcp:1.30
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.images import parse_image
from k8slint.model import Context, Problem, ProblemFix, Replace, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers

CODE = "K201"
NAME = "deprecated-registry"
SUMMARY = "container image comes from the frozen k8s.gcr.io registry"
SEVERITY = Severity.WARNING
REMEDIATION = "Pull the image from registry.k8s.io instead of k8s.gcr.io."
CHECKS_PATCHES = True  # a kustomize patch is checked for the fields it sets
KINDS = POD_CARRIERS
FIX = "safe"  # registry.k8s.io serves the same images, by the same digests

FROZEN_REGISTRY = "k8s.gcr.io"
REPLACEMENT = "registry.k8s.io"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj):
        image = container.get("image")
        if not isinstance(image, str):
            continue
        reference = parse_image(image)
        if reference.registry is not None and reference.registry.lower() == FROZEN_REGISTRY and reference.repository:
            rest = image.partition("/")[2]
            yield Problem(
                (*path, "image"),
                f'image "{image}" comes from {FROZEN_REGISTRY}, frozen since April 2023; '
                f'the same image is "{REPLACEMENT}/{rest}"',
                fix=ProblemFix(
                    f"replace {FROZEN_REGISTRY} with {REPLACEMENT}",
                    (Replace((*path, "image"), image[: len(FROZEN_REGISTRY)], REPLACEMENT),),
                ),
            )
