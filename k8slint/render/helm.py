"""Rendering Helm charts (`helm template`, or the helm-python-sdk wheel) and reading `# Source:` comments.

A chart is rendered with its own values.yaml, then the configured values files in order, then the
`--set` pairs, as release `release-name` in namespace `default` unless configured (the defaults of
`helm template`), with the chart's CRDs included (`--include-crds`): they are objects the cluster
receives on install. Every rendered document carries `# Source: <chart>/templates/<file>`, which
names the template file a finding is reported on.
"""

from __future__ import annotations

import json
import os
import re
import tarfile
from pathlib import Path
from typing import Any

from k8slint.loader import load_text, locate
from k8slint.records import field, record
from k8slint.render.model import (
    Provenance,
    RenderedObject,
    Renderer,
    RenderFailure,
    RenderRequest,
)
from k8slint.render.process import Completed, run
from k8slint.regex import LazyPattern

_SEPARATOR = LazyPattern(r"^---(?:\s|$)")
_SOURCE = LazyPattern(r"^#\s*Source:\s*(\S.*?)\s*$")


def helm_request(
    chart: Path,
    renderer: Renderer | None,
    values_files: tuple[Path, ...] | list[Path] = (),
    set_values: tuple[str, ...] | list[str] = (),
    release_name: str = "release-name",
    namespace: str = "default",
    timeout: float | None = None,
) -> RenderRequest:
    return RenderRequest(
        "helm",
        chart.resolve(),
        renderer,
        values_files=tuple(Path(file).resolve() for file in values_files),
        set_values=tuple(set_values),
        release_name=release_name,
        namespace=namespace,
        timeout=timeout,
    )


# ---- the chart's files ---------------------------------------------------------------------------


@record(slots=True)
class ChartFiles:
    """Chart.yaml (and requirements.yaml for apiVersion v1) and the subcharts vendored in charts/."""

    name: str | None = None
    chart_yaml: str | None = None
    requirements_yaml: str | None = None
    subcharts: dict[str, str] = field(default_factory=dict)  # chart name -> directory or archive name in charts/


def chart_files(chart: Path) -> ChartFiles:
    if chart.is_dir():
        return _directory_files(chart)
    return _archive_files(chart)


def _directory_files(chart: Path) -> ChartFiles:
    files = ChartFiles(chart_yaml=_read(chart / "Chart.yaml"), requirements_yaml=_read(chart / "requirements.yaml"))
    files.name = _chart_name(files.chart_yaml)
    vendored = chart / "charts"
    if vendored.is_dir():
        for entry in sorted(vendored.iterdir()):
            if entry.is_dir():
                name = _chart_name(_read(entry / "Chart.yaml"))
            elif entry.name.endswith((".tgz", ".tar.gz")):
                name = _archive_files(entry).name
            else:
                continue
            if name:
                files.subcharts.setdefault(name, entry.name)
    return files


def _archive_files(archive: Path) -> ChartFiles:
    files = ChartFiles()
    try:
        with tarfile.open(archive, "r:*") as bundle:
            members = [member for member in bundle.getmembers() if member.isfile()]
            tops = {member.name.split("/", 1)[0] for member in members}
            top = sorted(tops)[0] if tops else ""
            for member in members:
                parts = member.name.split("/")
                if parts[0] != top:
                    continue
                if parts[1:] == ["Chart.yaml"]:
                    files.chart_yaml = _extract(bundle, member)
                elif parts[1:] == ["requirements.yaml"]:
                    files.requirements_yaml = _extract(bundle, member)
                elif len(parts) == 4 and parts[2] != "" and parts[1] == "charts" and parts[3] == "Chart.yaml":
                    name = _chart_name(_extract(bundle, member))
                    if name:
                        files.subcharts.setdefault(name, parts[2])
                elif len(parts) == 3 and parts[1] == "charts" and parts[2].endswith(".tgz"):
                    files.subcharts.setdefault(parts[2].rsplit("-", 1)[0], parts[2])
    except (OSError, tarfile.TarError, EOFError):
        return files
    files.name = _chart_name(files.chart_yaml)
    return files


def _extract(bundle: tarfile.TarFile, member: tarfile.TarInfo) -> str | None:
    handle = bundle.extractfile(member)
    return handle.read().decode("utf-8", "replace") if handle is not None else None


def _read(file: Path) -> str | None:
    try:
        return file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _chart_name(text: str | None) -> str | None:
    value = _first_mapping(text)
    name = value.get("name") if value else None
    return name if isinstance(name, str) else None


def _first_mapping(text: str | None) -> dict | None:
    if text is None:
        return None
    for document in load_text(text).documents:
        if isinstance(document.value, dict):
            return document.value
    return None


def _chart_yaml_path(chart: Path) -> Path:
    return chart / "Chart.yaml" if chart.is_dir() else chart


def preflight(request: RenderRequest) -> RenderFailure | None:
    """Failures known before rendering: no Chart.yaml, missing values files, dependencies not vendored."""
    chart = request.path
    if not chart.exists():
        return RenderFailure("invalid-input", f"chart {chart} does not exist", chart)
    files = chart_files(chart)
    chart_yaml = _chart_yaml_path(chart)
    if files.chart_yaml is None:
        return RenderFailure("invalid-input", "not a Helm chart: Chart.yaml is missing or unreadable", chart_yaml)
    for values_file in request.values_files:
        if not values_file.is_file():
            return RenderFailure("invalid-input", f'values file "{values_file}" does not exist', chart_yaml)
    # `helm template` refuses a chart whose declared dependencies are not all in charts/
    # (helm pkg/action/dependency.go CheckDependencies, by chart name; conditions do not matter).
    for text, file in ((files.chart_yaml, chart_yaml), (files.requirements_yaml, chart / "requirements.yaml")):
        failure = _unmet_dependency(text, file if chart.is_dir() else chart, files)
        if failure is not None:
            return failure
    return None


def _unmet_dependency(text: str | None, file: Path, files: ChartFiles) -> RenderFailure | None:
    if text is None:
        return None
    for document in load_text(text).documents:
        value = document.value
        dependencies = value.get("dependencies") if isinstance(value, dict) else None
        if not isinstance(dependencies, list):
            continue
        missing = [
            (index, dependency["name"])
            for index, dependency in enumerate(dependencies)
            if isinstance(dependency, dict)
            and isinstance(dependency.get("name"), str)
            and dependency["name"] not in files.subcharts
        ]
        if missing:
            index, _ = missing[0]
            unique = list(dict.fromkeys(name for _, name in missing))  # aliases repeat a chart's name
            names = ", ".join(f'"{name}"' for name in unique)
            span, _ = locate(document.node, ("dependencies", index, "name"))
            return RenderFailure(
                "missing-dependency",
                f"chart {'dependency' if len(unique) == 1 else 'dependencies'} {names} "
                f"{'is' if len(unique) == 1 else 'are'} declared but not vendored in charts/; "
                "run `helm dependency build` to render this chart",
                file,
                span.line,
                span.column,
            )
    return None


def input_files(request: RenderRequest) -> list[Path]:
    chart = request.path
    found: list[Path] = list(request.values_files)
    if chart.is_dir():
        for parent, subdirectories, names in os.walk(chart):
            subdirectories[:] = sorted(name for name in subdirectories if name != ".git")
            found.extend(Path(parent) / name for name in names)
    else:
        found.append(chart)
    return sorted(set(found))


# ---- rendering ------------------------------------------------------------------------------------


def build(request: RenderRequest, timeout: float) -> Completed:
    assert request.renderer is not None
    renderer = request.renderer
    if renderer.command[-1] == "k8slint.render.helm_sdk_worker":
        payload = {
            "chart": str(request.path),
            "values_files": [str(file) for file in request.values_files],
            "set": list(request.set_values),
            "release_name": request.release_name,
            "namespace": request.namespace,
        }
        return run(list(renderer.command), timeout, stdin=json.dumps(payload))
    command = [*renderer.command, "template", request.release_name, str(request.path)]
    command += ["--namespace", request.namespace, "--include-crds"]
    for values_file in request.values_files:
        command += ["--values", str(values_file)]
    for pair in request.set_values:
        command += ["--set", pair]
    return run(command, timeout)


_TEMPLATE_POSITION = LazyPattern(
    r"(?P<source>[\w.-]+/(?:charts/[\w.-]+/)*(?:templates|crds)/[^\s:\"']+):(?P<line>\d+)(?::(?P<column>\d+))?"
)


def failure_from_error(request: RenderRequest, stderr: str) -> RenderFailure:
    """Helm's message, on the template file and line it names when it names one, else on Chart.yaml."""
    message = " ".join(stderr.strip().split()) or "helm failed without a message"
    message = re.sub(r"^(?:Error|error):\s*", "", message)
    match = _TEMPLATE_POSITION.search(message)
    if match:
        file = template_file(request.path, match.group("source"))
        if file is not None:
            return RenderFailure(
                "render-error", message, file, int(match.group("line")), int(match.group("column") or 1)
            )
    return RenderFailure("render-error", message, _chart_yaml_path(request.path))


# ---- reading the output -----------------------------------------------------------------------


@record(frozen=True, slots=True)
class SourcedDocument:
    """One document of a multi-document text and the template its `# Source:` comment names."""

    source: str | None  # `chart/templates/deployment.yaml`, or None without a comment
    text: str
    first_line: int  # 1-based line of the document's first line in the whole text


def split_sourced_documents(text: str) -> list[SourcedDocument]:
    """Split `helm template` style output (`---` separators, `# Source:` comments) into documents.

    Works on any multi-document YAML text: documents without a comment get source None, and
    documents that hold only comments are dropped. A line that starts with `---` at column 0
    separates documents, as in YAML itself.
    """
    documents: list[SourcedDocument] = []
    lines = text.splitlines(keepends=True)
    start = 0
    for index in range(len(lines) + 1):
        if index < len(lines) and not _SEPARATOR.match(lines[index]):
            continue
        chunk = lines[start:index]
        source = None
        has_content = False
        for line in chunk:
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                match = _SOURCE.match(stripped)
                if match and source is None and not has_content:
                    source = match.group(1)
                continue
            has_content = True
        if has_content:
            documents.append(SourcedDocument(source, "".join(chunk), start + 1))
        start = index + 1
    return documents


def objects_from_output(request: RenderRequest, text: str) -> list[RenderedObject]:
    return _sourced_objects(text, request.path, lambda source: template_file(request.path, source))


def objects_from_stream(text: str, directory: Path) -> list[RenderedObject]:
    """Objects of `helm template` output read from stdin, their `# Source:` templates looked up from `directory`.

    `helm template ./web | k8slint lint -` run beside the chart (`web/templates/...` exists) or inside
    it (`templates/...` exists) maps findings to template lines; otherwise `provenance.resource` is
    None and the caller reports on stdin itself, naming `provenance.template`.
    """
    root = directory.resolve()
    return _sourced_objects(text, root, lambda source: find_template(source, root))


def find_template(source: str, directory: Path) -> Path | None:
    """The template file a `# Source:` path names, seen from `directory` (beside the chart or inside it)."""
    parts = source.split("/")
    for candidate in (directory.joinpath(*parts), directory.joinpath(*parts[1:])):
        if len(parts) > 1 and candidate.is_file():
            return candidate
    return None


def _sourced_objects(text: str, root: Path, resolve: Any) -> list[RenderedObject]:
    objects = []
    for sourced in split_sourced_documents(text):
        file = resolve(sourced.source) if sourced.source else None
        for document in load_text(sourced.text).documents:
            if isinstance(document.value, dict):
                provenance = Provenance("helm", root, resource=file, template=sourced.source)
                objects.append(RenderedObject(document.value, provenance))
    return objects


def template_file(chart: Path, source: str) -> Path | None:
    """The file a `# Source:` path names, in a chart directory; None inside an archive or when it is not there.

    The first component is the chart's name (not its directory name); subcharts appear as
    `<chart>/charts/<subchart name>/...` and are found by their Chart.yaml names.
    """
    if not chart.is_dir():
        return None
    parts = source.split("/")
    directory = chart
    index = 1
    while index + 1 < len(parts) and parts[index] == "charts":
        vendored = chart_files(directory).subcharts.get(parts[index + 1])
        if vendored is None or not (directory / "charts" / vendored).is_dir():
            return None
        directory = directory / "charts" / vendored
        index += 2
    candidate = directory.joinpath(*parts[index:])
    return candidate if candidate.is_file() else None
