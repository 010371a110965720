"""
## What it does
Reports an init or regular container whose image has a mutable tag (none, or `latest`) and no digest,
while its `imagePullPolicy` is explicitly `IfNotPresent` or `Never`. kube-score's
`container-image-pull-policy` and Polaris' `pullPolicyNotAlways` ask for `Always` everywhere; most charts use
`IfNotPresent` on purpose, and a pinned image needs no pull (FairwindsOps/polaris#1058, zegl/kube-score#48).
Only the combination that runs stale code is reported. An unset policy is fine: for a mutable tag the API
server defaults it to `Always`.

## Why is this bad?
With `IfNotPresent`, a node that pulled `app:latest` last month keeps running last month's image while a
freshly added node pulls today's: replicas of one Deployment run different code, and a fix pushed under
the same tag never arrives.

## Example
```yaml
containers:
  - name: web
    image: web:latest
    imagePullPolicy: IfNotPresent
```

Use instead:
```yaml
containers:
  - name: web
    image: web:1.4.2
    imagePullPolicy: IfNotPresent
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.images import parse_image
from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, containers
from k8slint.podsecurity import who

CODE = "K203"
NAME = "image-pull-policy-not-always"
SUMMARY = "a mutable image tag is pulled only when missing from the node"
SEVERITY = Severity.INFO
REMEDIATION = "Pin the image to a version tag or digest, or remove `imagePullPolicy` so that it defaults to `Always`."
KINDS = POD_CARRIERS
PROFILE = "reliability"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container in containers(obj, ("initContainers", "containers")):
        image, policy = container.get("image"), container.get("imagePullPolicy")
        if not isinstance(image, str) or not image.strip() or policy not in ("IfNotPresent", "Never"):
            continue
        reference = parse_image(image)
        if reference.digest is None and reference.tag in (None, "latest"):
            yield Problem(
                (*path, "imagePullPolicy"),
                f'{who(path, container)} pulls the mutable image "{image}" with imagePullPolicy {policy}',
            )
