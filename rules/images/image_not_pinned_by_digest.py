"""
## What it does
Reports a container image (init, regular and ephemeral containers) that is not pinned by a well-formed
digest: no `@sha256:` followed by 64 hexadecimal digits (or `@sha512:` and 128). Checkov's CKV_K8S_43;
kube-linter reaches it only through a `latest-tag` allow-list (stackrox/kube-linter#539), and its proposed
check (PR #1214) was asked in review to validate the digest's format, as this rule does.

## Why is this bad?
A tag, even a version tag, can be pushed again: the image that runs is whatever the registry holds when
a node pulls. A digest names exactly one image, so what was reviewed and scanned is what runs.

## Example
```yaml
containers:
  - name: web
    image: web:1.4.2
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4.2@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.images import parse_image
from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers
from k8slint.regex import LazyPattern

CODE = "K204"
NAME = "image-not-pinned-by-digest"
SUMMARY = "a container image is not pinned by digest"
SEVERITY = Severity.INFO
REMEDIATION = "Append the image's digest: `web:1.4.2@sha256:<64 hex digits>`."
KINDS = POD_CARRIERS
PROFILE = "hardening"

DIGEST = LazyPattern(r"^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$")


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj):
        image = container.get("image")
        if not isinstance(image, str) or not image.strip():
            continue
        digest = parse_image(image).digest
        if digest is None:
            yield Problem((*path, "image"), f'image "{image}" is not pinned by digest')
        elif not DIGEST.match(digest):
            yield Problem((*path, "image"), f'image "{image}" has a malformed digest "{digest}"')
