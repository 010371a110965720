"""Container image references, read the way the container runtime reads `name[:tag][@digest]`.

The first path component is a registry host when it contains a `.` or a `:` or is `localhost`
(distribution/reference's rule), so `registry:5000/app` is the repository `app` on host
`registry:5000` without a tag, and `library/nginx` is a Docker Hub path. This is the one parser
every rule and analysis uses.
"""

from __future__ import annotations

import functools

from k8slint.records import record


@record(frozen=True, slots=True)
class ImageReference:
    registry: str | None  # the host (and port) as written; None for Docker Hub written without one
    repository: str  # the path after the registry: `library/nginx`, `fluent/fluentd`, `pause`
    tag: str | None
    digest: str | None  # `sha256:...`

    @property
    def name(self) -> str:
        """The last path component, without tag or digest: `fluentd` for `fluent/fluentd:v1`."""
        return self.repository.rsplit("/", 1)[-1]

    @property
    def location(self) -> str:
        """Registry and repository as written, without tag and digest: `quay.io/org/app`, `fluent/fluentd`."""
        return f"{self.registry}/{self.repository}" if self.registry else self.repository


@functools.lru_cache(maxsize=4096)
def parse_image(image: str) -> ImageReference:
    """Split an image reference; never raises (a malformed reference keeps what can be read)."""
    rest, _, digest = image.partition("@")
    first, slash, remainder = rest.partition("/")
    registry = None
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first, remainder
    repository, colon, tag = rest.rpartition(":")
    if not colon or "/" in tag:
        repository, tag = rest, ""
    return ImageReference(registry, repository, tag or None, digest or None)


KUSTOMIZATION_APPLY_SET = "kustomization "  # how the layout names a kustomization's apply set


def kustomize_retagged(apply_set_name: str) -> frozenset[str]:
    """The image names a kustomization's `images:` entries give a tag or digest (`newTag`, `digest`),
    anywhere in the tree of the apply set's kustomization: kustomize rewrites those images, so the tag
    written in a resource is not the one deployed. Empty for other apply sets."""
    if not apply_set_name.startswith(KUSTOMIZATION_APPLY_SET):
        return frozenset()
    from pathlib import Path

    from k8slint.render.kustomize import kustomization_tree

    root = Path(apply_set_name[len(KUSTOMIZATION_APPLY_SET):])
    names: set[str] = set()
    for kustomization in kustomization_tree(root).kustomizations.values():
        for entry in kustomization.entries("images"):
            if isinstance(entry, dict) and isinstance(entry.get("name"), str) and ("newTag" in entry or "digest" in entry):
                names.add(entry["name"])
    return frozenset(names)
