"""Rendering requests: time limits, the input-hash cache, and parallel runs.

`render` never raises and never hangs: a missing renderer, a remote resource, a failed build, a
render over its time limit (DEFAULT_TIMEOUT seconds unless the request or the caller says
otherwise; the renderer's whole process group is killed) and k8slint's own errors all come back
as a `RenderResult` whose `failure` says what happened, on the file to report it on.

The cache keeps each result under the SHA-256 of every input file (the whole kustomization tree,
with its bases and components, or the whole chart and its values files), the renderer and its
version, and the request's options; a changed file, renderer or option renders again. It lives in
`$K8SLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/k8slint`, else `~/.cache/k8slint` (subdirectory
`render/`). Timeouts and missing renderers are never cached.
"""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Sequence

from k8slint import __version__
from k8slint.cache import cache_dir, write_entry
from k8slint.records import asdict
from k8slint.render import helm, kustomize
from k8slint.render.model import (
    PatchRef,
    Provenance,
    RenderedObject,
    RenderFailure,
    RenderRequest,
    RenderResult,
)
from k8slint.render.settings import DEFAULT_TIMEOUT

_CACHE_FORMAT = 1
_ENABLE_HINT = "pip install 'k8slint[render]'"


def default_cache_dir() -> Path:
    return cache_dir("render")


class RenderCache:
    """Rendered results on disk, one JSON file per input hash; unreadable entries are treated as absent."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_cache_dir()

    def key(self, request: RenderRequest, files: Sequence[Path]) -> str:
        assert request.renderer is not None
        digest = hashlib.sha256()
        options = {
            "format": _CACHE_FORMAT,
            "k8slint": __version__,
            "renderer": [request.renderer.tool, request.renderer.version, *request.renderer.command],
            "path": str(request.path),
            "values_files": [str(file) for file in request.values_files],
            "set": list(request.set_values),
            "release": request.release_name,
            "namespace": request.namespace,
            "flags": list(request.flags),
        }
        digest.update(json.dumps(options, sort_keys=True).encode())
        for file in files:
            digest.update(b"\0" + str(file).encode() + b"\0")
            try:
                digest.update(hashlib.sha256(file.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
        return digest.hexdigest()

    def get(self, key: str) -> tuple[list[RenderedObject], RenderFailure | None] | None:
        try:
            entry = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            objects = [RenderedObject(item["value"], _provenance(item["provenance"])) for item in entry["objects"]]
            failure = entry["failure"]
            return objects, (_failure(failure) if failure is not None else None)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, objects: list[RenderedObject], failure: RenderFailure | None) -> None:
        entry = {
            "objects": [{"value": obj.value, "provenance": _jsonable(asdict(obj.provenance))} for obj in objects],
            "failure": _jsonable(asdict(failure)) if failure is not None else None,
        }
        write_entry(self.directory, f"{key}.json", json.dumps(entry, default=str).encode("utf-8"))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


def _optional_path(text: str | None) -> Path | None:
    return Path(text) if text is not None else None


def _provenance(data: dict) -> Provenance:
    generator = data["generator"]
    return Provenance(
        data["tool"],
        Path(data["root"]),
        resource=_optional_path(data["resource"]),
        template=data["template"],
        generator=(Path(generator[0]), generator[1]) if generator else None,
        transformed_in=tuple(Path(item) for item in data["transformed_in"]),
        patches=tuple(
            PatchRef(
                Path(item["kustomization"]),
                tuple(item["entry"]),
                _optional_path(item["file"]),
                item["document"],
                item["json6902"],
            )
            for item in data["patches"]
        ),
        original_name=data["original_name"],
    )


def _failure(data: dict) -> RenderFailure:
    return RenderFailure(data["reason"], data["message"], Path(data["file"]), data["line"], data["column"])


# ---- rendering -------------------------------------------------------------------------------


def render(request: RenderRequest, cache: RenderCache | None = None, timeout: float = DEFAULT_TIMEOUT) -> RenderResult:
    """Render one request; every outcome is a result, never an exception."""
    started = time.perf_counter()
    try:
        result = _render(request, cache, request.timeout if request.timeout is not None else timeout)
    except Exception as error:  # a bug in k8slint must not lose the rest of the run
        result = RenderResult(
            request,
            failure=RenderFailure(
                "internal-error", f"internal error while rendering: {error!r}", _report_file(request)
            ),
        )
    result.seconds = time.perf_counter() - started
    return result


def render_all(
    requests: Sequence[RenderRequest], jobs: int = 1, cache: RenderCache | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[RenderResult]:
    """Render every request with up to `jobs` renderers running at once; results in the order of `requests`."""
    if jobs <= 1 or len(requests) <= 1:
        return [render(request, cache, timeout) for request in requests]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda request: render(request, cache, timeout), requests))


def _report_file(request: RenderRequest) -> Path:
    if request.tool == "kustomize":
        return kustomize.kustomization_file(request.path) or request.path
    return request.path / "Chart.yaml" if request.path.is_dir() else request.path


def _render(request: RenderRequest, cache: RenderCache | None, timeout: float) -> RenderResult:
    if request.tool == "kustomize":
        tree = kustomize.kustomization_tree(request.path)
        failure = kustomize.preflight(request, tree)
        files = tree.input_files()
    else:
        failure = helm.preflight(request)
        files = helm.input_files(request)
    if failure is not None:
        return RenderResult(request, failure=failure)
    if request.renderer is None:
        return RenderResult(request, failure=_missing_renderer(request))
    key = cache.key(request, files) if cache is not None else None
    if cache is not None and key is not None:
        hit = cache.get(key)
        if hit is not None:
            return RenderResult(request, objects=hit[0], failure=hit[1], cached=True)
    objects, failure = _run(request, timeout)
    if cache is not None and key is not None and (failure is None or failure.reason == "render-error"):
        cache.put(key, objects, failure)
    return RenderResult(request, objects=objects, failure=failure)


def _run(request: RenderRequest, timeout: float) -> tuple[list[RenderedObject], RenderFailure | None]:
    assert request.renderer is not None
    if request.tool == "kustomize":
        completed, wrapper = kustomize.build(request, timeout)
    else:
        completed, wrapper = helm.build(request, timeout), None
    if completed.timed_out:
        return [], RenderFailure(
            "timeout",
            f"{request.renderer.label} did not finish within the render time limit of {timeout:g} s",
            _report_file(request),
        )
    if request.tool == "kustomize":
        assert wrapper is not None
        if completed.returncode != 0:
            return [], kustomize.failure_from_error(request, completed.stderr, wrapper)
        return kustomize.objects_from_output(request, completed.stdout, wrapper), None
    if completed.returncode != 0:
        return [], helm.failure_from_error(request, completed.stderr)
    return helm.objects_from_output(request, completed.stdout), None


def _missing_renderer(request: RenderRequest) -> RenderFailure:
    if request.tool == "kustomize":
        message = (
            "kustomization not rendered: no kustomize found (looked for kustomize and kubectl on PATH); "
            f"install one, configure its path, or `{_ENABLE_HINT}`"
        )
    else:
        message = (
            "chart not rendered: no Helm found (looked for helm on PATH and the helm-python-sdk package); "
            f"install one, configure its path, or `{_ENABLE_HINT}`"
        )
    return RenderFailure("missing-renderer", message, _report_file(request))
