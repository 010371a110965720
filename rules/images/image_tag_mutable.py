"""
## What it does
Reports a container image (init, regular and ephemeral containers) that is not pinned: no digest, and a
tag that is missing or mutable (`latest` by default; the `mutableTags` option adds others). The reference
is read as the container runtime reads it (`k8slint.images.parse_image`, after distribution/reference): in
`registry:5000/app` the `:5000` is the registry's port, so the image has no tag. kube-score's
`container-image-tag` and Polaris' `tagNotSpecified` take the port for a tag and pass it. A digest pins
the image whatever its tag (`app:latest@sha256:...` passes; bridgecrewio/checkov#535 flagged digest-only
images). In a kustomization's apply set, images that an `images:` entry of the kustomization tree retags
(`newTag` or `digest`) are left alone: kustomize replaces the tag written in the resource.

## Why is this bad?
A mutable tag names whatever was pushed last: two nodes may run different code under the same manifest,
a rollback redeploys the broken image, and a restart can silently upgrade. Without a tag the runtime
pulls `latest`, and the API server defaults `imagePullPolicy` to `Always`, so every Pod start depends on
the registry.

## Example
```yaml
containers:
  - name: web
    image: registry:5000/web
```

Use instead:
```yaml
containers:
  - name: web
    image: registry:5000/web:1.4.2
```

## Options
- `mutableTags` (list, default `["latest"]`): tags that are moved to new images (add `main`, `stable`,
  `edge` where a registry does so).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.images import kustomize_retagged, parse_image
from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject, containers

CODE = "K202"
NAME = "image-tag-mutable"
SUMMARY = "a container image has no tag, or a mutable one, and no digest"
SEVERITY = Severity.WARNING
REMEDIATION = "Name a fixed version tag (`web:1.4.2`) or pin the image by digest (`web@sha256:...`)."
OPTIONS = {"mutableTags": (list, ["latest"])}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    mutable = set(ctx.options["mutableTags"])
    retagged = kustomize_retagged(objects.name)
    for obj in objects:
        for path, container in containers(obj):
            image = container.get("image")
            if not isinstance(image, str) or not image.strip() or any(mark in image for mark in ("$", "{{", " ")):
                continue  # empty (set later by a trigger), or a variable filled in elsewhere
            reference = parse_image(image)
            if reference.digest is not None or reference.location in retagged:
                continue
            if reference.tag is None:
                yield obj, Problem((*path, "image"), f'image "{image}" has no tag: the runtime pulls "latest"')
            elif reference.tag in mutable:
                yield obj, Problem((*path, "image"), f'image "{image}" uses the mutable tag "{reference.tag}"')
