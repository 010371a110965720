"""The values rendering passes around: requests, results, rendered objects and source locations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from k8slint.records import field, record


@record(frozen=True, slots=True)
class Renderer:
    """A way to run kustomize or Helm: a command prefix, or the in-process Helm SDK run in a child."""

    tool: str  # "kustomize" or "helm"
    command: tuple[str, ...]  # ("kustomize", "build"), ("kubectl", "kustomize"), ("helm",), or the SDK worker
    version: str
    label: str  # for messages: "kustomize v5.8.1 (/usr/bin/kustomize)"


@record(frozen=True, slots=True)
class RenderRequest:
    tool: str  # "kustomize" or "helm"
    path: Path  # the kustomization directory, or the chart directory or .tgz
    renderer: Renderer | None  # None: no renderer was found; rendering gives a missing-renderer failure
    values_files: tuple[Path, ...] = ()  # Helm: applied in order after the chart's values.yaml
    set_values: tuple[str, ...] = ()  # Helm: `--set` pairs, applied last
    release_name: str = "release-name"  # Helm: `helm template`'s default
    namespace: str = "default"
    flags: tuple[str, ...] = ()  # kustomize: extra `build` flags such as --load-restrictor=LoadRestrictionsNone
    timeout: float | None = None  # seconds; None: the runner's default


@record(frozen=True, slots=True)
class RenderFailure:
    """Why a render produced nothing, positioned on the file a person must look at."""

    reason: (
        str  # "missing-renderer", "render-error", "timeout", "remote-resource", "missing-dependency", "invalid-input"
    )
    message: str
    file: Path
    line: int = 1
    column: int = 1


@record(frozen=True, slots=True)
class PatchRef:
    """A patch kustomize applied to an object: a file, or a patch written inline in a kustomization."""

    kustomization: Path  # the kustomization file that lists the patch
    entry: tuple  # path of the entry inside the kustomization file, e.g. ("patches", 1)
    file: Path | None  # the patch file; None when the patch is inline (`patch: |-`)
    document: int = 0  # document index within a multi-document patch file
    json6902: bool = False


@record(frozen=True, slots=True)
class Provenance:
    """Where a rendered object came from."""

    tool: str  # "kustomize" or "helm"
    root: Path  # the kustomization directory, or the chart directory or .tgz, that was rendered
    resource: Path | None = None  # kustomize: the resource file; Helm: the template file (None inside a .tgz)
    template: str | None = None  # Helm: the `# Source:` path as rendered (`chart/templates/x.yaml`)
    generator: tuple[Path, str] | None = None  # kustomize: (kustomization file, "ConfigMapGenerator"...)
    transformed_in: tuple[Path, ...] = ()  # kustomize: kustomization files whose transformers ran on it, in order
    patches: tuple[PatchRef, ...] = ()  # kustomize: patches that target it, in application order
    original_name: str | None = None  # kustomize: the name written in the resource file, before prefixes


@record(slots=True, eq=False)
class RenderedObject:
    value: Any  # the object as the cluster receives it (k8slint's own annotations removed)
    provenance: Provenance


@record(slots=True, eq=False)
class RenderResult:
    request: RenderRequest
    objects: list[RenderedObject] = field(default_factory=list)
    failure: RenderFailure | None = None
    cached: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failure is None


@record(frozen=True, slots=True)
class SourceLocation:
    """A 1-based position in a source file; `note` says when it is a fallback rather than the field."""

    file: Path
    line: int
    column: int
    end_line: int
    end_column: int
    note: str | None = None
