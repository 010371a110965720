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
- `settings`: the `render:` section of `.k8slint.yaml` (`k8slint.config.Config.render`).

The engine's side is `k8slint.rendered` (wired into `k8slint lint`). For the engine: `kustomization_roots` picks the kustomizations to build from those a walk found;
each `RenderResult` is one apply set (or one `failure`, positioned, to report as a finding); an
object of a base shared by several overlays has the same `provenance.resource` in each, so two
findings of one rule at the same `source_location` are one finding produced by several overlays.
`split_sourced_documents` and `objects_from_stream` serve `helm template | k8slint lint -`.
"""

from __future__ import annotations

import importlib
from typing import Any

# Imported on first use: `k8slint.config` reads the render settings on every run, rendering or not.
_EXPORTS = {
    "DEFAULT_TIMEOUT": "settings",
    "Provenance": "model",
    "RenderFailure": "model",
    "RenderRequest": "model",
    "RenderResult": "model",
    "RenderedObject": "model",
    "Renderer": "model",
    "SourceLocation": "model",
    "SourcedDocument": "helm",
    "find_template": "helm",
    "helm_request": "helm",
    "objects_from_stream": "helm",
    "split_sourced_documents": "helm",
    "KustomizationTree": "kustomize",
    "kustomization_file": "kustomize",
    "kustomization_roots": "kustomize",
    "kustomization_tree": "kustomize",
    "kustomize_request": "kustomize",
    "find_helm": "renderers",
    "find_kustomize": "renderers",
    "RenderCache": "runner",
    "default_cache_dir": "runner",
    "render": "runner",
    "render_all": "runner",
    "source_location": "sourcemap",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'k8slint.render' has no attribute {name!r}")
    return getattr(importlib.import_module(f"k8slint.render.{module}"), name)
