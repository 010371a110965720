"""Building a kustomization through a wrapper that asks kustomize where every object came from.

The wrapper is a temporary directory outside the user's tree holding only

    resources: [<relative path to the user's kustomization>]
    buildMetadata: [originAnnotations, transformerAnnotations]

kustomize then annotates each object with `config.kubernetes.io/origin` (the resource file, or the
generator and the kustomization that configured it) and `alpha.config.kubernetes.io/transformations`
(every kustomization whose transformers ran on it, in order; sigs.k8s.io/kustomize
api/internal/utils/annotations.go, api/resource/origin.go). Paths in both are relative to the
directory `kustomize build` ran in, here the wrapper. The annotations name the kustomization files,
not the patches, so the patches that target an object are matched here from those files. Both
annotations are removed before the object is returned, unless the user's own kustomization asked
for them (then the cluster receives them too).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

from k8slint.loader import Document, load_text, locate
from k8slint.records import field, record
from k8slint.render.files import kustomization_file
from k8slint.render.model import (
    PatchRef,
    Provenance,
    RenderedObject,
    Renderer,
    RenderFailure,
    RenderRequest,
)
from k8slint.render.process import Completed, run
from k8slint.regex import LazyPattern

ORIGIN_ANNOTATION = "config.kubernetes.io/origin"
TRANSFORMATIONS_ANNOTATION = "alpha.config.kubernetes.io/transformations"
PATCH_TRANSFORMERS = frozenset({"PatchTransformer", "PatchStrategicMergeTransformer", "PatchJson6902Transformer"})
_REMOTE = LazyPattern(r"^(?:[a-z][a-z0-9+.-]*://|git@|[\w.-]+\.(?:com|org|io|net|dev)/)", re.IGNORECASE)
# Fields of a kustomization that name other files or directories kustomize reads.
_DIRECTORY_FIELDS = ("resources", "bases", "components")
_FILE_LIST_FIELDS = ("crds", "configurations", "generators", "transformers", "validators")


@record(slots=True, eq=False)
class Kustomization:
    """One parsed kustomization file, with its YAML nodes for positions."""

    file: Path
    value: dict
    document: Document | None

    @property
    def directory(self) -> Path:
        return self.file.parent

    def entries(self, name: str) -> list:
        entries = self.value.get(name)
        return entries if isinstance(entries, list) else []

    def line_of(self, path: tuple) -> tuple[int, int]:
        if self.document is None:
            return 1, 1
        span, _ = locate(self.document.node, path)
        return span.line, span.column


@functools.lru_cache(maxsize=512)
def _parse_kustomization(file: Path, _mtime: int, _size: int) -> Kustomization:
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Kustomization(file, {}, None)
    loaded = load_text(text)
    for document in loaded.documents:
        if isinstance(document.value, dict):
            return Kustomization(file, document.value, document)
    return Kustomization(file, {}, None)


def load_kustomization(file: Path) -> Kustomization:
    try:
        status = file.stat()
    except OSError:
        return Kustomization(file, {}, None)
    return _parse_kustomization(file, status.st_mtime_ns, status.st_size)


@record(slots=True)
class RemoteReference:
    kustomization: Path
    entry: tuple
    url: str


@record(slots=True)
class KustomizationTree:
    """A kustomization and everything it reads: its bases and components, recursively."""

    root: Path
    kustomizations: dict[Path, Kustomization] = field(default_factory=dict)  # by directory
    directories: set[Path] = field(default_factory=set)  # every kustomization directory in the tree
    files: set[Path] = field(default_factory=set)  # files named outside those directories
    remote: list[RemoteReference] = field(default_factory=list)

    def input_files(self) -> list[Path]:
        """Every file the build may read: all files below the tree's directories, and the files named outside."""
        found: set[Path] = set(self.files)
        for directory in _outermost(self.directories):
            for parent, subdirectories, names in os.walk(directory):
                subdirectories[:] = sorted(name for name in subdirectories if name != ".git")
                found.update(Path(parent) / name for name in names)
        return sorted(found)


def _outermost(directories: set[Path]) -> list[Path]:
    result: list[Path] = []
    for directory in sorted(directories, key=lambda item: len(item.parts)):
        if not any(directory.is_relative_to(kept) for kept in result):
            result.append(directory)
    return result


def kustomization_tree(directory: Path) -> KustomizationTree:
    """Walk `directory`'s kustomization and every local base and component it names."""
    root = directory.resolve()
    tree = KustomizationTree(root)
    pending = [root]
    while pending:
        current = pending.pop()
        if current in tree.kustomizations:
            continue
        file = kustomization_file(current)
        if file is None:
            continue
        kustomization = load_kustomization(file)
        tree.kustomizations[current] = kustomization
        tree.directories.add(current)
        for name in _DIRECTORY_FIELDS:
            for index, entry in enumerate(kustomization.entries(name)):
                if not isinstance(entry, str):
                    continue
                target = (current / entry).resolve()
                if target.is_dir():
                    pending.append(target)
                elif target.is_file():
                    tree.files.add(target)
                elif _REMOTE.match(entry) or "?ref=" in entry:
                    tree.remote.append(RemoteReference(file, (name, index), entry))
        for named in _named_files(kustomization):
            target = (current / named).resolve()
            if target.is_file():
                tree.files.add(target)
    return tree


def kustomization_roots(directories: list[Path]) -> list[Path]:
    """The kustomizations among `directories` that none of the others includes: the ones to build.

    An overlay, or a base nobody overlays, is a root; a base or component that another
    kustomization of the list names (directly or through its bases) is not, and a Component never is.
    """
    resolved = sorted({directory.resolve() for directory in directories})
    included: set[Path] = set()
    components: set[Path] = set()
    for directory in resolved:
        tree = kustomization_tree(directory)
        included.update(tree.directories - {directory})
        root = tree.kustomizations.get(directory)
        if root is not None and root.value.get("kind") == "Component":
            components.add(directory)
    return [directory for directory in resolved if directory not in included and directory not in components]


def _named_files(kustomization: Kustomization) -> Iterator[str]:
    for name in _FILE_LIST_FIELDS:
        yield from (entry for entry in kustomization.entries(name) if isinstance(entry, str))
    for entry in kustomization.entries("patchesStrategicMerge"):
        if isinstance(entry, str) and "\n" not in entry:
            yield entry
    for name in ("patches", "patchesJson6902", "replacements"):
        for entry in kustomization.entries(name):
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                yield entry["path"]
    for name in ("configMapGenerator", "secretGenerator"):
        for generator in kustomization.entries(name):
            if not isinstance(generator, dict):
                continue
            sources = [
                *_strings(generator.get("files")),
                *_strings(generator.get("envs")),
                *_strings([generator.get("env")]),
            ]
            yield from (source.rpartition("=")[2] for source in sources)
    openapi = kustomization.value.get("openapi")
    if isinstance(openapi, dict) and isinstance(openapi.get("path"), str):
        yield openapi["path"]


def _strings(values: Any) -> list[str]:
    return [value for value in values if isinstance(value, str)] if isinstance(values, list) else []


def kustomize_request(
    directory: Path, renderer: Renderer | None, flags: tuple[str, ...] = (), timeout: float | None = None
) -> RenderRequest:
    return RenderRequest("kustomize", directory.resolve(), renderer, flags=tuple(flags), timeout=timeout)


# ---- building ----------------------------------------------------------------------------------


def preflight(request: RenderRequest, tree: KustomizationTree) -> RenderFailure | None:
    """A failure known before running kustomize: nothing to build, a Component, a remote resource."""
    file = kustomization_file(request.path)
    if file is None:
        return RenderFailure("invalid-input", f"no kustomization file in {request.path}", request.path)
    root = tree.kustomizations.get(request.path)
    if root is not None and root.value.get("kind") == "Component":
        line, column = root.line_of(("kind",))
        return RenderFailure(
            "invalid-input",
            "this kustomization is a Component: it is rendered only through the kustomizations that use it",
            file,
            line,
            column,
        )
    if tree.remote:
        remote = tree.remote[0]
        line, column = load_kustomization(remote.kustomization).line_of(remote.entry)
        return RenderFailure(
            "remote-resource",
            f'remote resource "{remote.url}" is not fetched: k8slint renders offline; vendor it into the repository',
            remote.kustomization,
            line,
            column,
        )
    return None


def build(request: RenderRequest, timeout: float) -> tuple[Completed, Path]:
    """Run kustomize on a temporary wrapper; returns the result and the wrapper path its paths are relative to."""
    assert request.renderer is not None
    wrapper = Path(tempfile.mkdtemp(prefix="k8slint-kustomize-"))
    try:
        target = os.path.relpath(request.path, wrapper)
        (wrapper / "kustomization.yaml").write_text(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            f"resources:\n- {_quoted(target)}\n"
            "buildMetadata: [originAnnotations, transformerAnnotations]\n",
            encoding="utf-8",
        )
        command = [*request.renderer.command, str(wrapper), *request.flags]
        return run(command, timeout), wrapper
    finally:
        shutil.rmtree(wrapper, ignore_errors=True)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def failure_from_error(request: RenderRequest, stderr: str, wrapper: Path) -> RenderFailure:
    """kustomize's own message, without the wrapper's layer, on the kustomization file (and line) it names."""
    message = " ".join(stderr.strip().split()) or "kustomize failed without a message"
    message = re.sub(r"^(?:error|Error):\s*", "", message)
    # kustomize wraps the error of each base it descends into in the including one's (the outermost
    # is the wrapper's): keep the innermost, which names the entry to fix.
    message = re.split(r"recursed accumulation of path '[^']*': ", message)[-1]
    message = message.replace(str(wrapper) + os.sep, "").replace(str(wrapper), ".")
    file = kustomization_file(request.path) or request.path
    line, column = 1, 1
    tree = kustomization_tree(request.path)
    # kustomize nests its messages outermost first: the innermost entry named is the one to fix.
    for quoted in reversed(re.findall(r"'([^']+)'", message)):
        found = _entry_naming(tree, quoted)
        if found:
            file, (line, column) = found
            break
    return RenderFailure("render-error", message, file, line, column)


def _entry_naming(tree: KustomizationTree, text: str) -> tuple[Path, tuple[int, int]] | None:
    """The kustomization entry (a resource, patch or generator file) that a quoted name in an error refers to."""
    candidates = {text, os.path.basename(text)}
    for kustomization in tree.kustomizations.values():
        for name, entries in kustomization.value.items():
            if not isinstance(entries, list):
                continue
            for index, entry in enumerate(entries):
                if isinstance(entry, str) and (
                    entry in candidates or str((kustomization.directory / entry).resolve()) == text
                ):
                    return kustomization.file, kustomization.line_of((name, index))
                if isinstance(entry, dict) and entry.get("path") in candidates:
                    return kustomization.file, kustomization.line_of((name, index, "path"))
    return None


# ---- reading the output ----------------------------------------------------------------------


def objects_from_output(request: RenderRequest, text: str, wrapper: Path) -> list[RenderedObject]:
    tree = kustomization_tree(request.path)
    root = tree.kustomizations.get(request.path)
    requested = root.value.get("buildMetadata") if root is not None else None
    keep = set(requested) if isinstance(requested, list) else set()
    objects = []
    for document in load_text(text).documents:
        value = document.value
        if not isinstance(value, dict):
            continue
        origin, transformations = _take_annotations(value, keep, request.path, wrapper)
        provenance = _provenance(request.path, value, origin, transformations, wrapper)
        objects.append(RenderedObject(value, provenance))
    return objects


def _take_annotations(value: dict, keep: set, root: Path, wrapper: Path) -> tuple[Any, Any]:
    metadata = value.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    if not isinstance(annotations, dict):
        return None, None
    origin = annotations.get(ORIGIN_ANNOTATION)
    transformations = annotations.get(TRANSFORMATIONS_ANNOTATION)
    for option, key in (
        ("originAnnotations", ORIGIN_ANNOTATION),
        ("transformerAnnotations", TRANSFORMATIONS_ANNOTATION),
    ):
        if option not in keep:
            annotations.pop(key, None)
        elif isinstance(annotations.get(key), str):
            annotations[key] = _relative_to_root(annotations[key], root, wrapper)
    if not annotations:
        del metadata["annotations"]
    return _yaml_value(origin), _yaml_value(transformations)


def _relative_to_root(text: str, root: Path, wrapper: Path) -> str:
    """Annotation paths as the user's own `kustomize build` writes them: relative to their kustomization."""

    def rebase(match: re.Match) -> str:
        absolute = os.path.normpath(os.path.join(wrapper, match.group(2)))
        return match.group(1) + os.path.relpath(absolute, root)

    return re.sub(r"((?:^|\n)\s*-?\s*(?:path|configuredIn): )(\S+)", rebase, text)


def _yaml_value(text: Any) -> Any:
    if not isinstance(text, str):
        return None
    documents = load_text(text).documents
    return documents[0].value if documents else None


def _provenance(root: Path, value: dict, origin: Any, transformations: Any, wrapper: Path) -> Provenance:
    def resolve(relative: Any) -> Path | None:
        if not isinstance(relative, str) or not relative:
            return None
        return Path(os.path.normpath(os.path.join(wrapper, relative)))

    resource = generator = None
    if isinstance(origin, dict):
        resource = resolve(origin.get("path")) if not origin.get("repo") else None
        configured_by = origin.get("configuredBy")
        configured_in = resolve(origin.get("configuredIn"))
        if configured_in is not None and isinstance(configured_by, dict):
            generator = (configured_in, str(configured_by.get("kind", "")))
    transformed_in: list[Path] = []
    patched_in: list[Path] = []
    for step in transformations if isinstance(transformations, list) else []:
        if not isinstance(step, dict):
            continue
        configured_in = resolve(step.get("configuredIn"))
        if configured_in is None:
            continue
        if configured_in not in transformed_in:
            transformed_in.append(configured_in)
        kind = step.get("configuredBy", {}).get("kind") if isinstance(step.get("configuredBy"), dict) else None
        if kind in PATCH_TRANSFORMERS and configured_in not in patched_in:
            patched_in.append(configured_in)
    if resource is not None:
        original_name = _original_name(resource, value)
    elif generator is not None:
        original_name = _generated_name(load_kustomization(generator[0]), value)
    else:
        original_name = None
    identity = _Identity.of(value, original_name)
    patches = tuple(patch for file in patched_in for patch in patches_targeting(load_kustomization(file), identity))
    return Provenance(
        "kustomize",
        root,
        resource=resource,
        generator=generator,
        transformed_in=tuple(transformed_in),
        patches=patches,
        original_name=original_name,
    )


def resource_document(resource: Path, value: dict) -> Document | None:
    """The document of a resource file that an object was built from (same kind, a name it ends up containing)."""
    for document, _ in _candidate_documents(resource, value):
        return document
    return None


def _original_name(resource: Path, value: dict) -> str | None:
    for _, name in _candidate_documents(resource, value):
        return name
    return None


def _candidate_documents(resource: Path, value: dict) -> Iterator[tuple[Document, str]]:
    """Documents of `resource` that can have become `value`, the likeliest (longest matching name) first."""
    kind = value.get("kind")
    rendered_name = _name_of(value) or ""
    matches = []
    for document in _load_file(resource).documents:
        candidate = document.value
        if not isinstance(candidate, dict) or candidate.get("kind") != kind:
            continue
        name = _name_of(candidate)
        if name is not None and name in rendered_name:
            matches.append((len(name), document.index, document, name))
    for _, _, document, name in sorted(matches, key=lambda item: (-item[0], item[1])):
        yield document, name


def _generated_name(kustomization: Kustomization, value: dict) -> str | None:
    """The name a configMapGenerator or secretGenerator entry gave (before prefixes and the hash suffix)."""
    rendered = _name_of(value) or ""
    field = "secretGenerator" if value.get("kind") == "Secret" else "configMapGenerator"
    names = [entry.get("name") for entry in kustomization.entries(field) if isinstance(entry, dict)]
    return max((name for name in names if isinstance(name, str) and name in rendered), key=len, default=None)


def _name_of(value: Any) -> str | None:
    metadata = value.get("metadata") if isinstance(value, dict) else None
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) else None


@functools.lru_cache(maxsize=1024)
def _load_cached(file: Path, _mtime: int, _size: int) -> tuple[Any, list[str]]:
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    return load_text(text), text.splitlines()


def _load_file(file: Path) -> Any:
    return load_file_with_lines(file)[0]


def load_file_with_lines(file: Path) -> tuple[Any, list[str]]:
    """A source file's LoadedText and lines, read once per content."""
    try:
        status = file.stat()
    except OSError:
        return load_text(""), []
    return _load_cached(file, status.st_mtime_ns, status.st_size)


# ---- which patches target an object ------------------------------------------------------------


@record(frozen=True, slots=True)
class _Identity:
    kind: str | None
    group: str
    version: str
    name: str
    original_name: str
    namespace: str | None
    labels: dict
    annotations: dict

    @staticmethod
    def of(value: dict, original_name: str | None) -> _Identity:
        api_version = value.get("apiVersion") if isinstance(value.get("apiVersion"), str) else ""
        group, _, version = api_version.rpartition("/")
        metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
        name = metadata.get("name") if isinstance(metadata.get("name"), str) else ""
        labels = metadata.get("labels") if isinstance(metadata.get("labels"), dict) else {}
        annotations = metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
        namespace = metadata.get("namespace") if isinstance(metadata.get("namespace"), str) else None
        return _Identity(value.get("kind"), group, version, name, original_name or name, namespace, labels, annotations)

    def named(self, name: Any) -> bool:
        """A name written in a kustomization between the resource file and the output (prefixes only wrap it)."""
        return isinstance(name, str) and self.original_name in name and name in self.name

    def selected_by(self, target: dict) -> bool:
        """kustomize's patch target selector: kind, group and version exact; name and namespace regular expressions."""
        for key, actual in (("kind", self.kind), ("group", self.group), ("version", self.version)):
            if target.get(key) not in (None, "") and target.get(key) != actual:
                return False
        name = target.get("name")
        if (
            isinstance(name, str)
            and name
            and not any(_full_match(name, candidate) for candidate in (self.name, self.original_name))
        ):
            return False
        namespace = target.get("namespace")
        if isinstance(namespace, str) and namespace and not _full_match(namespace, self.namespace or ""):
            return False
        for key, labels in (("labelSelector", self.labels), ("annotationSelector", self.annotations)):
            if isinstance(target.get(key), str) and not _selector_matches(target[key], labels):
                return False
        return True


def _full_match(pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        return pattern == text


def _selector_matches(text: str, labels: dict) -> bool:
    from k8slint.selectors import SelectorError, parse

    try:
        return parse(text).matches({str(key): str(value) for key, value in labels.items()})
    except SelectorError:
        return False


def patches_targeting(kustomization: Kustomization, identity: _Identity) -> Iterator[PatchRef]:
    """The patches of one kustomization that apply to the object, in the order kustomize applies them."""
    directory = kustomization.directory
    for index, entry in enumerate(kustomization.entries("patchesStrategicMerge")):
        if not isinstance(entry, str):
            continue
        if "\n" in entry or entry.lstrip().startswith(("{", "apiVersion", "kind")):
            yield from _patch_documents(kustomization, ("patchesStrategicMerge", index), None, entry, identity, None)
        else:
            yield from _patch_documents(
                kustomization, ("patchesStrategicMerge", index), directory / entry, None, identity, None
            )
    for name in ("patches", "patchesJson6902"):
        for index, entry in enumerate(kustomization.entries(name)):
            if not isinstance(entry, dict):
                continue
            target = entry.get("target") if isinstance(entry.get("target"), dict) else None
            file = directory / entry["path"] if isinstance(entry.get("path"), str) else None
            inline = entry.get("patch") if isinstance(entry.get("patch"), str) else None
            key = "path" if file is not None else "patch"
            if file is None and inline is None:
                continue
            yield from _patch_documents(kustomization, (name, index, key), file, inline, identity, target)


def _patch_documents(
    kustomization: Kustomization,
    entry: tuple,
    file: Path | None,
    inline: str | None,
    identity: _Identity,
    target: dict | None,
) -> Iterator[PatchRef]:
    loaded = _load_file(file) if file is not None else load_text(inline or "")
    for document in loaded.documents:
        patch = document.value
        if isinstance(patch, list):  # JSON 6902 operations: only ever applied through a target
            if target is not None and identity.selected_by(target):
                yield PatchRef(kustomization.file, entry, file, document.index, json6902=True)
            continue
        if not isinstance(patch, dict):
            continue
        if target is not None:
            selected = identity.selected_by(target)
        else:
            selected = patch.get("kind") == identity.kind and identity.named(_name_of(patch))
        if selected:
            yield PatchRef(kustomization.file, entry, file, document.index)
