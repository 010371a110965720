"""Rendering kustomize overlays and Helm charts into the objects the cluster receives.

Self-contained: nothing here imports the rule engine. The engine builds `RenderRequest`s
(`kustomize_request`, `helm_request`), renders them with `render_all`, lints each
`RenderedObject.value`, and asks `source_location(obj, path)` where a finding on a field must
point: the file and line a person edits (a patch, a resource file, a generator entry, a Helm
template), never the rendered output nobody can edit.

- `renderers`: finding kustomize and Helm (configured path, PATH, the `helm-python-sdk` wheel).
- `kustomize`: a build through a temporary wrapper kustomization that asks kustomize for origin
  and transformer annotations, without touching the user's files.
- `helm`: `helm template` or the SDK, dependency checks, `# Source:` comments.
- `sourcemap`: rendered field -> source file, line and column.
- `runner`: time limits, the input-hash cache and parallel rendering.
"""

from k8slint.render.model import (
    Provenance,
    RenderedObject,
    RenderFailure,
    RenderRequest,
    RenderResult,
    SourceLocation,
)
from k8slint.render.helm import SourcedDocument, helm_request, split_sourced_documents
from k8slint.render.kustomize import (
    KustomizationTree,
    kustomization_file,
    kustomization_roots,
    kustomization_tree,
    kustomize_request,
)
from k8slint.render.renderers import Renderer, find_helm, find_kustomize
from k8slint.render.runner import DEFAULT_TIMEOUT, RenderCache, default_cache_dir, render, render_all
from k8slint.render.sourcemap import source_location

__all__ = [
    "DEFAULT_TIMEOUT",
    "KustomizationTree",
    "Provenance",
    "RenderCache",
    "RenderFailure",
    "RenderRequest",
    "RenderResult",
    "RenderedObject",
    "Renderer",
    "SourceLocation",
    "SourcedDocument",
    "default_cache_dir",
    "find_helm",
    "find_kustomize",
    "helm_request",
    "kustomization_file",
    "kustomization_roots",
    "kustomization_tree",
    "kustomize_request",
    "render",
    "render_all",
    "source_location",
    "split_sourced_documents",
]
