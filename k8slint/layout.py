"""What each input file is, and which files are applied together (apply sets).

A repository holds more than manifests: kustomizations and their patches, Helm charts, test-harness
assertions, CI and application files. Each file gets a role:

- `manifest`: objects that are applied; linted fully and grouped into apply sets;
- `patch`: a kustomize patch (or a replacement or transformer input), or a file a chainsaw Test applies,
  patches or updates onto what earlier steps created: a partial object by design, linted only by rules
  that check the fields that are there (`CHECKS_PATCHES`), in no apply set;
- `kustomize`: a kustomization or a file kustomize reads as configuration: only its YAML is checked;
- `chart`: a file of a Helm chart (templates, values, Chart.yaml): not YAML to lint, skipped until
  rendered; a chart's `crds/` are manifests of the chart's apply set.

Apply sets (the scope of every whole-set rule, `check_set`):
- a kustomization that no other kustomization of the input includes is one apply set: the files of its
  `resources`, recursively through bases and components, never its patches;
- a Helm chart is one apply set (its `crds/` until templates are rendered);
- every other directory is one apply set of its own files, not of its subdirectories;
- standard input is one apply set.
The `applySets` configuration widens or narrows this (`scope: file | directory | run`, and explicit
`groups` of paths).
"""

from __future__ import annotations

import fnmatch
import functools
import os
from pathlib import Path
from typing import Iterable

from k8slint.records import field, record

MANIFEST = "manifest"
PATCH = "patch"
KUSTOMIZE = "kustomize"
CHART = "chart"

CHART_FILE = "Chart.yaml"
DIRECTORY = "directory "  # the name of a directory's apply set starts so
# Directories whose files are samples or test states, each applied on its own (see `plan`).
SAMPLE_DIRECTORIES = frozenset(
    {"test", "tests", "testdata", "test-data", "fixtures", "__fixtures__", "examples", "example", "samples", "sample"}
)


CHAINSAW_TEST_FILES = ("chainsaw-test.yaml", "chainsaw-test.yml")  # chainsaw's default discovery.testFile
# chainsaw operations whose file is applied onto what is already there (merged), so partial by design
CHAINSAW_MERGING_OPERATIONS = ("apply", "patch", "update")


@record(slots=True)
class Layout:
    roles: dict[str, str] = field(default_factory=dict)  # file -> role (files not listed are manifests)
    apply_sets: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, files), in input order
    charts: list[str] = field(default_factory=list)  # chart directories met
    kustomizations: list[str] = field(default_factory=list)  # kustomization roots met
    kustomization_sets: dict[str, list[str]] = field(default_factory=dict)  # root -> its resource files
    chart_sets: dict[str, list[str]] = field(default_factory=dict)  # chart -> its crds/ files
    real_paths: dict[str, str] = field(default_factory=dict)  # file -> its real path, for the files planned

    def role(self, file: str) -> str:
        return self.roles.get(file, MANIFEST)

    def resolved(self, file: str) -> str:
        """`real_path(file)`: resolved once for the files the layout was planned for (each is asked for it
        several times in a run)."""
        known = self.real_paths.get(file)
        return known if known is not None else real_path(file)


@functools.lru_cache(maxsize=4096)
def _real_directory(directory: str) -> str:
    """os.path.realpath of an absolute, normalised `directory`, from its parent's: each directory is
    looked at once, however many of its descendants are resolved."""
    parent, name = os.path.split(directory)
    if not name:
        return os.path.realpath(directory)  # the root ("//" is "/")
    full = os.path.join(_real_directory(parent), name)
    return os.path.realpath(full) if os.path.islink(full) else full


def real_path(file: str) -> str:
    """os.path.realpath, with the directories resolved once each (thousands of files share a few)."""
    directory, name = os.path.split(os.path.abspath(file))
    full = os.path.join(_real_directory(directory), name)
    return os.path.realpath(full) if os.path.islink(full) else full


@functools.lru_cache(maxsize=4096)
def chart_root(directory: str) -> str | None:
    """The Helm chart directory (holding Chart.yaml) that `directory` is in, if any: each directory is
    looked at once, however many of its descendants are asked about."""
    current = os.path.abspath(directory)
    if current != directory:
        return chart_root(current)
    if os.path.isfile(os.path.join(current, CHART_FILE)):
        return current
    parent = os.path.dirname(current)
    return None if parent == current else chart_root(parent)


@functools.lru_cache(maxsize=1024)
def _chainsaw_operation_files(directory: str) -> tuple[tuple[str, str], ...]:
    """(operation, file name or glob) for each file a chainsaw Test in `directory` names in that directory."""
    from k8slint.loader import load_text

    found: list[tuple[str, str]] = []
    for test_file in CHAINSAW_TEST_FILES:
        try:
            with open(os.path.join(directory, test_file), encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        stack: list[object] = [document.value for document in load_text(text).documents]
        while stack:
            current = stack.pop()
            if isinstance(current, dict):
                for key, child in current.items():
                    if isinstance(key, str) and isinstance(child, dict) and isinstance(child.get("file"), str):
                        target = os.path.normpath(os.path.join(directory, child["file"]))
                        if os.path.dirname(target) == directory:
                            found.append((key, os.path.basename(target)))
                    stack.append(child)
            elif isinstance(current, list):
                stack.extend(current)
    return tuple(found)


def chainsaw_step_files(directory: str, operations: tuple[str, ...]) -> tuple[str, ...]:
    """Names (or glob patterns) of the files in `directory` that a chainsaw Test there uses in `operations`:
    `assert` and `error` files hold expectations, `apply`, `patch` and `update` files are merged onto the
    objects earlier steps (or an operator) created. They are named freely (`01-assert-collector.yaml`)."""
    return tuple(name for operation, name in _chainsaw_operation_files(os.path.abspath(directory)) if operation in operations)


def plan(files: Iterable[str], scope: str = "directory", groups: Iterable[Iterable[str]] = (), base: str = ".") -> Layout:
    """Roles and apply sets for `files` (paths as they will be reported); `base` is the directory that
    `groups` patterns are relative to (the configuration's)."""
    from k8slint.render.files import KUSTOMIZATION_NAMES, kustomization_file

    files = list(files)
    layout = Layout()
    absolute = layout.real_paths = {file: real_path(file) for file in files if file != "-"}
    by_absolute = {path: file for file, path in absolute.items()}
    claimed: dict[str, list[str]] = {}  # file -> names of the apply sets that claim it

    charts: dict[str, list[str]] = {}
    for file, path in absolute.items():
        root = chart_root(os.path.dirname(path))
        if root is None:
            continue
        crds = os.path.join(root, "crds") + os.sep
        if path.startswith(crds):
            charts.setdefault(root, []).append(file)
        else:
            layout.roles[file] = CHART
            charts.setdefault(root, [])
    for root in sorted(charts):
        layout.charts.append(root)
        layout.chart_sets[root] = charts[root]
        if charts[root]:
            _claim(layout, claimed, f"chart {os.path.relpath(root)}", charts[root])

    kustomization_dirs = sorted(
        {Path(path).parent for file, path in absolute.items() if os.path.basename(path) in KUSTOMIZATION_NAMES}
    )
    for file, path in absolute.items():
        if os.path.basename(path) in KUSTOMIZATION_NAMES:
            layout.roles[file] = KUSTOMIZE
    roots = [d for d in kustomization_dirs if kustomization_file(d) is not None]
    if roots:
        from k8slint.render.kustomize import kustomization_roots, kustomization_tree

        roots = kustomization_roots(roots)
    for root in roots:
        tree = kustomization_tree(root)
        resources: list[str] = []
        for kustomization in tree.kustomizations.values():
            for name in ("resources", "bases"):
                for entry in kustomization.entries(name):
                    if isinstance(entry, str):
                        target = os.path.normpath(os.path.join(kustomization.directory, entry))
                        if target in by_absolute:
                            resources.append(by_absolute[target])
            for entry in _patch_files(kustomization):
                target = os.path.normpath(os.path.join(kustomization.directory, entry))
                if target in by_absolute and layout.role(by_absolute[target]) == MANIFEST:
                    layout.roles[by_absolute[target]] = PATCH
            for entry in _config_files(kustomization):
                target = os.path.normpath(os.path.join(kustomization.directory, entry))
                if target in by_absolute:
                    layout.roles[by_absolute[target]] = KUSTOMIZE
        layout.kustomizations.append(str(root))
        manifests = [file for file in dict.fromkeys(resources) if layout.role(file) == MANIFEST]
        layout.kustomization_sets[str(root)] = manifests
        if manifests:
            _claim(layout, claimed, f"kustomization {os.path.relpath(root)}", manifests)

    merged_in: dict[str, tuple[str, ...]] = {}
    for file, path in absolute.items():
        directory, name = os.path.split(path)
        merged = merged_in.get(directory)
        if merged is None:
            merged = merged_in[directory] = chainsaw_step_files(directory, CHAINSAW_MERGING_OPERATIONS)
        if file not in claimed and layout.role(file) == MANIFEST and any(fnmatch.fnmatchcase(name, pattern) for pattern in merged):
            layout.roles[file] = PATCH

    unclaimed = [file for file in files if file not in claimed and layout.role(file) == MANIFEST]
    for name, members in _grouped(unclaimed, scope, groups, base):
        _claim(layout, claimed, name, members)
    order = {file: index for index, file in enumerate(files)}
    layout.apply_sets.sort(key=lambda entry: min(order[file] for file in entry[1]))
    return layout


def _claim(layout: Layout, claimed: dict[str, list[str]], name: str, members: list[str]) -> None:
    layout.apply_sets.append((name, members))
    for file in members:
        claimed.setdefault(file, []).append(name)


def _grouped(files: list[str], scope: str, groups: Iterable[Iterable[str]], root: str) -> list[tuple[str, list[str]]]:
    """Apply sets of files that no kustomization or chart claims: explicit groups first, then by scope."""
    result: list[tuple[str, list[str]]] = []
    remaining = list(files)
    for index, patterns in enumerate(groups):
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(list(patterns))
        members = [file for file in remaining if file != "-" and spec.match_file(os.path.relpath(os.path.abspath(file), root))]
        if members:
            result.append((f"group {index + 1}", members))
            remaining = [file for file in remaining if file not in members]
    if scope == "run":
        if remaining:
            result.append(("all inputs", remaining))
        return result
    by_key: dict[str, list[str]] = {}
    top = os.path.abspath(root)
    inside = top if top.endswith(os.sep) else top + os.sep
    in_sample: dict[str, bool] = {}  # directory -> whether it is below a sample directory
    for file in remaining:
        directory = os.path.dirname(os.path.abspath(file))
        if scope == "directory" and directory not in in_sample:
            in_sample[directory] = _in_sample_directory(directory, inside)
        per_file = scope == "file" or file == "-" or (scope == "directory" and in_sample[directory])
        key = file if per_file else directory
        by_key.setdefault(key, []).append(file)
    for key, members in by_key.items():
        label = "standard input" if key == "-" else (f"file {key}" if key in members else f"{DIRECTORY}{os.path.relpath(key)}")
        result.append((label, members))
    return result


def _in_sample_directory(directory: str, inside: str) -> bool:
    """Files under test data, fixtures, examples and samples are alternatives of one another (the states
    of one object, variants of one install), not objects applied together. `directory` is the files'
    absolute directory, `inside` the root's, ending in a separator."""
    # The directories below the root (all of them, for a directory outside it): a prefix, where relpath costs more.
    below = directory + os.sep
    parts = (below[len(inside):] if below.startswith(inside) else below).split(os.sep)
    return any(part.lower() in SAMPLE_DIRECTORIES for part in parts)


def _patch_files(kustomization) -> Iterable[str]:
    """Files a kustomization applies as patches: partial objects by design."""
    for entry in kustomization.entries("patchesStrategicMerge"):
        if isinstance(entry, str) and "\n" not in entry:
            yield entry
    for name in ("patches", "patchesJson6902"):
        for entry in kustomization.entries(name):
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                yield entry["path"]


def _config_files(kustomization) -> Iterable[str]:
    """Files kustomize reads as its own configuration (replacements, transformer and generator inputs)."""
    for entry in kustomization.entries("replacements"):
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            yield entry["path"]
    for name in ("configurations", "generators", "transformers", "validators", "crds"):
        for entry in kustomization.entries(name):
            if isinstance(entry, str):
                yield entry
    for name in ("configMapGenerator", "secretGenerator"):
        for generator in kustomization.entries(name):
            if isinstance(generator, dict):
                for key in ("files", "envs"):
                    sources = generator.get(key)
                    for source in sources if isinstance(sources, list) else ():
                        if isinstance(source, str):
                            yield source.rpartition("=")[2]
