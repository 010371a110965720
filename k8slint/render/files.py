"""The names of kustomization files, apart from the kustomize renderer, so that planning a layout without
kustomizations imports nothing of rendering."""

from __future__ import annotations

from pathlib import Path

KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def kustomization_file(directory: Path) -> Path | None:
    for name in KUSTOMIZATION_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None
