"""Where a person edits a field of a rendered object.

kustomize, in this order: the last applied patch that sets the field (a strategic-merge patch that
writes that key, or a JSON 6902 operation on that path or one of its parents), in its file or in
the kustomization that holds it inline; a kustomization field whose transformer wrote it (`images`,
`namespace`, `commonLabels`, `labels`, `commonAnnotations`, `replicas`); the field in the resource
file (or its nearest ancestor there, for a field nobody wrote); the generator's entry for a
generated ConfigMap or Secret; else the rendered kustomization file, with a note saying so.

Helm: the template file named by `# Source:`, at the line where the field's keys are written
literally, one inside the other (the deepest one found: `matchLabels:` when its content comes
from an `include`), else the template's first line, with a note; text from `_helpers.tpl` falls
back the same way. A template inside a `.tgz` chart is reported on the archive.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from k8slint.loader import inner_position, load_text, locate
from k8slint.render.kustomize import (
    Kustomization,
    kustomization_file,
    load_file_with_lines,
    load_kustomization,
    resource_document,
)
from k8slint.render.model import PatchRef, RenderedObject, SourceLocation
from k8slint.model import Span
from k8slint.regex import LazyPattern

# Keys that identify the items of the lists strategic-merge patches merge (patchMergeKey in the API types).
_MERGE_KEYS = ("name", "mountPath", "containerPort", "port", "devicePath", "ip", "topologyKey", "type", "key")
_CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")
_PATCH_IDENTITY = (("metadata", "name"), ("metadata", "namespace"))
_NOT_FOUND_NOTE = "no source line writes this field; reported on the kustomization that renders it"


def source_location(obj: RenderedObject, path: tuple) -> SourceLocation:
    """The file, line and column to report a finding at `path` (keys and list indexes) of a rendered object."""
    if obj.provenance.tool == "helm":
        return _helm_location(obj, path)
    return _kustomize_location(obj, path)


# ---- kustomize -------------------------------------------------------------------------------------


def _kustomize_location(obj: RenderedObject, path: tuple) -> SourceLocation:
    provenance = obj.provenance
    for patch in reversed(provenance.patches):
        found = _patch_location(patch, obj.value, path)
        if found is not None:
            return found
    for file in reversed(provenance.transformed_in):
        found = _transformer_location(load_kustomization(file), obj, path)
        if found is not None:
            return found
    if provenance.resource is not None:
        document = resource_document(provenance.resource, obj.value)
        if document is not None:
            span, _ = locate(document.node, path)
            return _at(provenance.resource, span)
    if provenance.generator is not None:
        found = _generator_location(load_kustomization(provenance.generator[0]), obj, path)
        if found is not None:
            return found
    file = kustomization_file(provenance.root) or provenance.root
    return SourceLocation(file, 1, 1, 1, 1, note=_NOT_FOUND_NOTE)


def _at(file: Path, span: Span, note: str | None = None) -> SourceLocation:
    return SourceLocation(file, span.line, span.column, span.end_line, span.end_column, note)


def _patch_location(patch: PatchRef, value: Any, path: tuple) -> SourceLocation | None:
    if patch.file is not None:
        loaded, _ = load_file_with_lines(patch.file)
    else:
        kustomization = load_kustomization(patch.kustomization)
        inline = _get(kustomization.value, patch.entry)
        loaded = load_text(inline) if isinstance(inline, str) else None
    documents = [document for document in loaded.documents if document.index == patch.document] if loaded else []
    if not documents:
        return None
    document = documents[0]
    patch_path = (
        _json6902_path(document.value, value, path) if patch.json6902 else _strategic_path(document.value, value, path)
    )
    if patch_path is None:
        return None
    if not patch.json6902 and (path[:1] in (("apiVersion",), ("kind",)) or path[:2] in _PATCH_IDENTITY):
        return None  # a strategic-merge patch repeats these to name its target; it does not set them
    span, _ = locate(document.node, patch_path)
    if patch.file is not None:
        return _at(patch.file, span)
    return _inline_location(patch, span)


def _inline_location(patch: PatchRef, span: Span) -> SourceLocation | None:
    """A position inside a patch written as a block scalar in the kustomization, as a position in that file."""
    kustomization = load_kustomization(patch.kustomization)
    _, lines = load_file_with_lines(patch.kustomization)
    if kustomization.document is None:
        return None
    start = inner_position(kustomization.document.node, patch.entry, lines, (span.line - 1, span.column - 1))
    if start is None:
        line, column = kustomization.line_of(patch.entry)
        return SourceLocation(patch.kustomization, line, column, line, column + 1)
    width = span.end_column - span.column if span.end_line == span.line else 1
    return SourceLocation(patch.kustomization, start[0] + 1, start[1] + 1, start[0] + 1, start[1] + 1 + width)


def _strategic_path(patch: Any, value: Any, path: tuple) -> tuple | None:
    """The path in a strategic-merge patch that writes `path`, when the patch writes all of it."""
    result: list = []
    for part in path:
        if isinstance(part, int):
            if not isinstance(patch, list) or not isinstance(value, list) or not 0 <= part < len(value):
                return None
            index = _matching_item(patch, value[part])
            if index is None:
                return None
            result.append(index)
            patch, value = patch[index], value[part]
        else:
            if not isinstance(patch, dict) or part not in patch:
                return None
            result.append(part)
            patch = patch[part]
            value = value.get(part) if isinstance(value, dict) else None
    return tuple(result)


def _matching_item(items: list, rendered: Any) -> int | None:
    if not isinstance(rendered, dict):
        return next((index for index, item in enumerate(items) if item == rendered), None)
    for key in _MERGE_KEYS:
        if key in rendered:
            for index, item in enumerate(items):
                if isinstance(item, dict) and item.get(key) == rendered[key]:
                    return index
            return None
    return None


def _json6902_path(operations: Any, value: Any, path: tuple) -> tuple | None:
    """The operation (the last one wins) that writes `path` or a parent of it, as a path into the patch.

    An append (`.../-`) wrote the last item of its list, the append before it the item before, and so on.
    """
    if not isinstance(operations, list):
        return None
    appended: dict[tuple, int] = {}  # list path -> appends to it seen so far, from the last operation back
    for index in range(len(operations) - 1, -1, -1):
        operation = operations[index]
        if not isinstance(operation, dict) or operation.get("op") not in ("add", "replace", "copy", "move"):
            continue
        target = operation.get("path")
        if not isinstance(target, str):
            continue
        parts: list = _pointer(target)
        if parts and parts[-1] == "-":
            items = _get(value, path[: len(parts) - 1])
            if not isinstance(items, list):
                continue
            earlier = appended.get(tuple(parts[:-1]), 0)
            appended[tuple(parts[:-1])] = earlier + 1
            parts[-1] = str(len(items) - 1 - earlier)
        if len(parts) > len(path) or not all(part == str(actual) for part, actual in zip(parts, path)):
            continue
        if "value" not in operation:
            return (index, "path")
        rest = path[len(parts) :]
        if _get(operation["value"], rest, missing=_MISSING) is not _MISSING:
            return (index, "value", *rest)
        return (index, "value")
    return None


def _pointer(text: str) -> list[str]:
    if text in ("", "/"):
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in text.lstrip("/").split("/")]


_MISSING = object()


def _get(value: Any, path: tuple, missing: Any = None) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(value, list) and 0 <= part < len(value):
            value = value[part]
        elif isinstance(part, str) and isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return missing
    return value


def _transformer_location(kustomization: Kustomization, obj: RenderedObject, path: tuple) -> SourceLocation | None:
    entry = _transformer_entry(kustomization, obj, path)
    if entry is None:
        return None
    if kustomization.document is None:
        return None
    span, _ = locate(kustomization.document.node, entry)
    return _at(kustomization.file, span)


def _transformer_entry(kustomization: Kustomization, obj: RenderedObject, path: tuple) -> tuple | None:
    settings = kustomization.value
    value = obj.value
    if len(path) >= 3 and path[-1] == "image" and path[-3] in _CONTAINER_LISTS:
        image = _get(value, path)
        if isinstance(image, str):
            repository = re.split(r"[@]", image)[0]
            repository = repository.rsplit(":", 1)[0] if ":" in repository.rsplit("/", 1)[-1] else repository
            entries = kustomization.entries("images")
            for index in range(len(entries) - 1, -1, -1):
                entry = entries[index]
                if isinstance(entry, dict) and (entry.get("newName") or entry.get("name")) == repository:
                    key = next((key for key in ("newName", "newTag", "digest", "name") if key in entry), "name")
                    return ("images", index, key)
    if path == ("metadata", "namespace") and "namespace" in settings:
        return ("namespace",)
    if len(path) >= 3 and path[-2] in ("labels", "matchLabels"):
        key = path[-1]
        is_metadata = path == ("metadata", "labels", key)
        is_selector = path[:-1] == ("spec", "selector", "matchLabels") or path[:-1] == ("spec", "selector")
        is_template = path[:-1] == ("spec", "template", "metadata", "labels")
        common = settings.get("commonLabels")
        if isinstance(common, dict) and key in common and (is_metadata or is_selector or is_template):
            return ("commonLabels", key)
        for index, entry in enumerate(kustomization.entries("labels")):
            if not isinstance(entry, dict) or not isinstance(entry.get("pairs"), dict) or key not in entry["pairs"]:
                continue
            selectors = entry.get("includeSelectors") is True
            templates = selectors or entry.get("includeTemplates") is True
            if is_metadata or (is_selector and selectors) or (is_template and templates):
                return ("labels", index, "pairs", key)
    if len(path) == 3 and path[:2] == ("metadata", "annotations"):
        common = settings.get("commonAnnotations")
        if isinstance(common, dict) and path[2] in common:
            return ("commonAnnotations", path[2])
    if path == ("spec", "replicas"):
        name = _get(value, ("metadata", "name"))
        original = obj.provenance.original_name or name
        entries = kustomization.entries("replicas")
        for index in range(len(entries) - 1, -1, -1):
            entry = entries[index]
            written = entry.get("name") if isinstance(entry, dict) else None
            if isinstance(written, str) and isinstance(name, str) and original in written and written in name:
                return ("replicas", index, "count" if "count" in entry else "name")
    return None


def _generator_location(kustomization: Kustomization, obj: RenderedObject, path: tuple) -> SourceLocation | None:
    if kustomization.document is None:
        return None
    field = "secretGenerator" if obj.value.get("kind") == "Secret" else "configMapGenerator"
    entries = kustomization.entries(field)
    index = next(
        (
            index
            for index, entry in enumerate(entries)
            if isinstance(entry, dict) and entry.get("name") == obj.provenance.original_name
        ),
        None,
    )
    if index is None:
        return None
    entry = entries[index]
    where: tuple = (field, index)
    if len(path) >= 2 and path[0] in ("data", "binaryData", "stringData"):
        for source in ("literals", "files"):
            items = entry.get(source) if isinstance(entry.get(source), list) else []
            found = next(
                (
                    position
                    for position, item in enumerate(items)
                    if isinstance(item, str) and _names_key(item, path[1], source == "literals")
                ),
                None,
            )
            if found is not None:
                where = (field, index, source, found)
                break
    span, _ = locate(kustomization.document.node, where)
    return _at(kustomization.file, span)


def _names_key(item: str, key: str, literal: bool) -> bool:
    if literal or "=" in item:
        return item.split("=", 1)[0] == key
    return item.rsplit("/", 1)[-1] == key


# ---- Helm --------------------------------------------------------------------------------------------

_KEY_LINE = LazyPattern(
    r"^(?P<indent>[ ]*)(?P<dashes>(?:-[ ]+)*)(?P<key>\"[^\"]+\"|'[^']+'|[^\s\"'{#\-][^:#]*?|-[^\s:#][^:#]*?)[ ]*:(?:[ ]|$)"
)


def _helm_location(obj: RenderedObject, path: tuple) -> SourceLocation:
    provenance = obj.provenance
    template = provenance.resource
    if template is None:
        file = provenance.root / "Chart.yaml" if provenance.root.is_dir() else provenance.root
        where = f"template {provenance.template}" if provenance.template else "a template"
        return SourceLocation(
            file, 1, 1, 1, 1, note=f"rendered from {where}, which is not a file in the chart directory"
        )
    _, lines = load_file_with_lines(template)
    found = _template_key(lines, obj.value, path)
    if found is None:
        return SourceLocation(
            template, 1, 1, 1, 1, note="the template does not write this field literally; reported at its first line"
        )
    line, column, width = found
    return SourceLocation(template, line, column, line, column + width)


def _template_key(lines: list[str], value: Any, path: tuple) -> tuple[int, int, int] | None:
    """(line, column, width) of the deepest key of `path` written literally, each key inside the previous."""
    keys = [part for part in path if isinstance(part, str)]
    if not keys:
        return None
    named_items = _named_items(value, path)  # key index -> the `name` of the list item under that key
    start, end = _document_lines(lines, value)
    top_indent = min(
        (len(line) - len(line.lstrip(" ")) for line in lines[start:end] if _KEY_LINE.match(line)), default=0
    )
    parent_indent = -1
    found = None
    position = start
    for number, key in enumerate(keys):
        if found is not None and number in named_items:
            # A list of named items (containers, volumes, ports): descend only into the item written with
            # that name, never into another item that happens to have the same keys.
            name, siblings = named_items[number]
            item = _named_item_line(lines, position, end, parent_indent, name)
            if item is not None:
                position = item
            elif siblings > 1:
                break  # (the only item of its list, with a templated name, is the one the template writes)
        match_at = None
        for index in range(position, end):
            line = lines[index]
            stripped = line.strip()
            if not stripped or stripped.startswith(("{{", "#")):
                continue
            indent = len(line) - len(line.lstrip(" "))
            if found is not None and (
                indent < parent_indent or (indent == parent_indent and not stripped.startswith("-"))
            ):
                break
            match = _KEY_LINE.match(line)
            if match and _unquoted(match.group("key")) == key and (found is not None or indent == top_indent):
                column = len(match.group("indent")) + len(match.group("dashes"))
                match_at = (index, column, len(match.group("key")))
                break
        if match_at is None:
            break
        found = match_at
        position = match_at[0] + 1
        parent_indent = match_at[1]
    if found is None:
        return None
    return found[0] + 1, found[1] + 1, found[2]


def _named_items(value: Any, path: tuple) -> dict[int, tuple[str, int]]:
    """For each list index of `path` whose item has a string `name`: (number of keys before it) -> (that name,
    the number of items in its list)."""
    found: dict[int, tuple[str, int]] = {}
    keys = 0
    for part in path:
        if isinstance(part, int):
            item = value[part] if isinstance(value, list) and 0 <= part < len(value) else None
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                found[keys] = (item["name"], len(value))
            value = item
        else:
            keys += 1
            value = value.get(part) if isinstance(value, dict) else None
    return found


def _named_item_line(lines: list[str], start: int, end: int, parent_indent: int, name: str) -> int | None:
    """The line of the list item `- name: <name>` (or its `name:` line) inside the block that starts at `start`."""
    pattern = re.compile(rf"^(?P<indent>[ ]*)(?:-[ ]+)?name:[ ]*[\"']?{re.escape(name)}[\"']?[ ]*(?:#.*)?$")
    item_start = None
    for index in range(start, end):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith(("{{", "#")):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent <= parent_indent and not stripped.startswith("-"):
            return None
        if stripped.startswith("-"):
            item_start = index
        if pattern.match(line):
            return item_start if item_start is not None else index
    return None


def _unquoted(key: str) -> str:
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key


def _document_lines(lines: list[str], value: Any) -> tuple[int, int]:
    """The lines of the template's document that writes this object's kind, when the template holds several."""
    kind = value.get("kind") if isinstance(value, dict) else None
    boundaries = [0] + [index for index, line in enumerate(lines) if re.match(r"^---(?:\s|$)", line)] + [len(lines)]
    if len(boundaries) <= 2 or not isinstance(kind, str):
        return 0, len(lines)
    for start, end in zip(boundaries, boundaries[1:]):
        if any(re.match(rf"^kind:\s*[\"']?{re.escape(kind)}[\"']?\s*(?:#.*)?$", line) for line in lines[start:end]):
            return start, end
    return 0, len(lines)
