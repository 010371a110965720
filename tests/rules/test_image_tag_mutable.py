"""image-tag-mutable in kustomizations: images that an `images:` entry retags are left alone."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import lint_files

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: "ghcr.io/org/web"}
        - {name: proxy, image: "envoyproxy/envoy:latest"}
"""


def _findings(root: Path) -> list[tuple[str, int, str]]:
    # As written: the overlay's images entry is read from the kustomization (rendered overlays are
    # tests/test_rendering.py's business).
    report = lint_files([root], select=["image-tag-mutable"], config={"render": {"enabled": False}})
    return sorted((Path(f.file).name, f.line, f.message) for f in report.findings if f.name == "image-tag-mutable")


def test_an_overlay_retagging_the_base_image_silences_it(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "deployment.yaml").write_text(DEPLOYMENT)
    (tmp_path / "base" / "kustomization.yaml").write_text("resources: [deployment.yaml]\n")
    (tmp_path / "overlay").mkdir()
    (tmp_path / "overlay" / "kustomization.yaml").write_text(
        "resources: [../base]\nimages:\n  - {name: ghcr.io/org/web, newTag: v1.4.2}\n  - {name: envoyproxy/envoy, newName: mirror/envoy}\n"
    )
    assert _findings(tmp_path) == [
        ("deployment.yaml", 11, 'image "envoyproxy/envoy:latest" uses the mutable tag "latest"'),
    ]


def test_without_the_overlay_both_are_reported(tmp_path: Path) -> None:
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    assert _findings(tmp_path) == [
        ("deployment.yaml", 10, 'image "ghcr.io/org/web" has no tag: the runtime pulls "latest"'),
        ("deployment.yaml", 11, 'image "envoyproxy/envoy:latest" uses the mutable tag "latest"'),
    ]
