"""Rendering inside a lint run: which kustomizations and charts are rendered, and their objects as the engine lints them.

In a run, every kustomization root and every Helm chart of the layout (`k8slint.layout.plan`) is
rendered by `k8slint.render` (in parallel, cached), unless `render.enabled` is false. A render that
succeeds is one apply set of its own: its objects replace the objects of the resource files it
covers (a kustomization's `resources`, a chart's `crds/`), which are then read only for their
syntax and their suppression comments. A render that fails, or that k8slint cannot do, is one
positioned finding (`render-failed` or `not-rendered`), and the files it would have covered are
linted as written.

Rendered objects have no YAML nodes of their own: a finding on one is placed by
`k8slint.render.source_location` (the patch line, the resource file line, the generator entry,
the template line, else the rendering kustomization or chart with a note), and names the
kustomizations or charts that produce it as related locations, so that a base shared by several
overlays is reported once per distinct finding.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from k8slint.layout import PATCH, real_path
from k8slint.model import Span
from k8slint.objects import K8sObject
from k8slint.records import field, record

# Why a render did not produce objects -> the rule that reports it. `render-failed`: the renderer
# refused the input (so would `kubectl apply -k` or `helm install`); `not-rendered`: k8slint could not
# render it for a reason outside the files (no renderer here, a remote base it does not fetch, chart
# dependencies that `helm dependency build` fetches in CI).
FAILURE_RULES = {
    "render-error": "render-failed",
    "invalid-input": "render-failed",
    "timeout": "render-failed",
    "internal-error": "render-failed",
    "missing-renderer": "not-rendered",
    "remote-resource": "not-rendered",
    "missing-dependency": "not-rendered",
}

# How Helm reports a template's `required` or `fail` (text/template's ExecError wrapping the message).
_HELM_DEMAND = "execution error at ("


@record(slots=True, eq=False)
class RenderedK8sObject(K8sObject):
    """An object of a render's output; `rendered` is its `k8slint.render.RenderedObject` (value and provenance)."""

    rendered: Any = None
    rendered_by: str = ""  # the apply set's name: "kustomization overlays/prod", "chart charts/web"
    root_file: str = ""  # the kustomization or Chart.yaml that rendered it, as reported


@record(slots=True)
class RenderFindingSpec:
    """A render that produced nothing: the rule, where, and kustomize's or Helm's own message."""

    rule: str
    file: str
    span: Span
    message: str


@record(slots=True)
class RenderedSet:
    name: str
    root_file: str
    objects: list[RenderedK8sObject] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)  # input files (resources, patches, crds/) whose objects it renders
    failure: RenderFindingSpec | None = None
    cached: bool = False
    seconds: float = 0.0


def display_path(file: Path | str, known: dict[str, str]) -> str:
    """A file as findings name it: the spelling of the walk when it was walked, else relative to the current directory."""
    real = real_path(file)
    if real in known:
        return known[real]
    return os.path.relpath(real)


def render_layout(layout: Any, config: Any, files: list[str], jobs: int, named: list[str]) -> list[RenderedSet]:
    """Render the layout's kustomization roots and charts that read one of the `named` (walked or named) files."""
    settings = config.render
    if settings is None:
        from k8slint.render.settings import render_settings

        settings = config.render = render_settings(None, config.root)
    if not settings.enabled or not (layout.kustomizations or layout.charts):
        return []
    from k8slint.render import (
        RenderCache,
        kustomization_file,
        kustomization_tree,
        render_all,
    )
    from k8slint.render.helm import input_files as chart_input_files

    known = {layout.resolved(file): file for file in files if file != "-"}
    wanted = {layout.resolved(file) for file in named if file != "-"}
    requests, names, roots, claims = [], [], [], []
    for root in layout.kustomizations:
        request = settings.kustomize_request(Path(root))
        inputs = [str(file) for file in kustomization_tree(Path(root)).input_files()]
        if not wanted.intersection(inputs):
            continue
        requests.append(request)
        names.append(f"kustomization {os.path.relpath(root)}")
        roots.append(display_path(kustomization_file(Path(root)) or root, known))
        patches = [known[file] for file in inputs if file in known and layout.role(known[file]) == PATCH]
        claims.append([*layout.kustomization_sets.get(root, []), *patches])
    for chart in layout.charts:
        request = settings.helm_request(Path(chart))
        if not wanted.intersection(str(f) for f in chart_input_files(request)):
            continue
        requests.append(request)
        names.append(f"chart {os.path.relpath(chart)}")
        roots.append(display_path(Path(chart) / "Chart.yaml", known))
        claims.append(layout.chart_sets.get(chart, []))
    results = render_all(requests, jobs=jobs, cache=RenderCache(), timeout=settings.timeout)
    sets = []
    for name, root_file, claimed, result in zip(names, roots, claims, results):
        rendered = RenderedSet(name, root_file, claims=claimed, cached=result.cached, seconds=result.seconds)
        if result.failure is not None:
            failure = result.failure
            rule, message = FAILURE_RULES.get(failure.reason, "render-failed"), failure.message
            if failure.reason == "render-error" and _HELM_DEMAND in message:
                # `required` or `fail` in a template: the chart asks for values its defaults do not give.
                rule = "not-rendered"
                message = f"chart not rendered with its default values: {message}; give it values in render.helm.charts"
            rendered.failure = RenderFindingSpec(
                rule,
                display_path(failure.file, known),
                Span(failure.line, failure.column, failure.line, failure.column + 1),
                message,
            )
        else:
            for ordinal, item in enumerate(result.objects):
                if item.provenance.tool == "kustomize":
                    _drop_merge_directives(item.value)
                # `file` is the object's own file where it has one (rules that report once per file read it)
                resource = item.provenance.resource
                file = display_path(resource, known) if resource is not None else root_file
                obj = RenderedK8sObject(item.value, file, ordinal, rendered=item, rendered_by=name, root_file=root_file)
                if config.settings.pod_templates:
                    obj.use_pod_templates(config.settings)
                rendered.objects.append(obj)
        sets.append(rendered)
    return sets


def sourced_stdin_objects(text: str, objects: list[K8sObject]) -> list[K8sObject]:
    """`helm template ... | k8slint lint -`: each object whose document carries `# Source:` becomes a rendered
    object of that template, looked up from the current directory (beside the chart or inside it), for
    findings to point at; without the template file, findings stay on the standard input's lines."""
    if "# Source:" not in text:
        return objects
    from k8slint.render import (
        Provenance,
        RenderedObject,
        find_template,
        split_sourced_documents,
    )

    documents = split_sourced_documents(text)
    directory = Path.cwd()
    result: list[K8sObject] = []
    for obj in objects:
        line = obj.source.span.line if obj.source is not None else 0
        sourced = next((document for document in reversed(documents) if document.first_line <= line), None)
        template = find_template(sourced.source, directory) if sourced is not None and sourced.source else None
        if template is None:
            result.append(obj)
            continue
        provenance = Provenance("helm", directory, resource=template, template=sourced.source)
        result.append(
            RenderedK8sObject(
                obj.value, obj.file, obj.document, obj.base, obj.source, ordinal=obj.ordinal,
                template_path=obj.template_path, rendered=RenderedObject(obj.value, provenance),
            )
        )
    return result


# Strategic-merge patch directives (k8s.io/apimachinery pkg/util/strategicpatch/patch.go).
_MERGE_DIRECTIVES = ("$patch", "$retainKeys", "$setElementOrder/", "$deleteFromPrimitiveList/")


def _drop_merge_directives(value: Any) -> None:
    """kustomize leaves some strategic-merge directives of a patch in its output (`$setElementOrder/containers`
    when the patched list is merged by kyaml); they are instructions to the merge, not fields the user
    meant the cluster to receive, and were already linted (as directives) in the patch itself."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key in [key for key in current if isinstance(key, str) and key.startswith(_MERGE_DIRECTIVES)]:
                del current[key]
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
