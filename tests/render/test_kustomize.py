from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from k8slint.render import kustomization_roots, kustomization_tree, kustomize_request, render, source_location
from k8slint.render.model import Provenance, RenderedObject

from .conftest import KUSTOMIZE


def _objects(renderer, overlay: str, root: Path = KUSTOMIZE) -> dict:
    result = render(kustomize_request(root / "overlays" / overlay, renderer))
    assert result.failure is None
    return {(obj.value["kind"], obj.value["metadata"]["name"]): obj for obj in result.objects}


def _where(obj, path, root: Path = KUSTOMIZE) -> tuple:
    location = source_location(obj, path)
    return location.file.relative_to(root.resolve()).as_posix(), location.line, location.column


def test_production_renders_what_kustomize_builds_without_k8slint_annotations(kustomize):
    objects = _objects(kustomize, "production")
    assert sorted(objects) == [
        ("ConfigMap", "app-config-hkfd97m8fm"),
        ("Deployment", "web"),
        ("Deployment", "worker"),
        ("Service", "web"),
    ]
    for obj in objects.values():
        annotations = obj.value["metadata"].get("annotations", {})
        assert "config.kubernetes.io/origin" not in annotations
        assert "alpha.config.kubernetes.io/transformations" not in annotations
    assert "annotations" not in objects["Service", "web"].value["metadata"]
    web = objects["Deployment", "web"].value
    assert web["spec"]["template"]["spec"]["containers"][0]["image"] == "k8s.gcr.io/nginx:1.25"
    assert web["spec"]["template"]["metadata"]["annotations"] == {"prometheus.io/scrape": "true"}


def test_provenance_names_the_resource_file_and_the_patches_applied(kustomize):
    web = _objects(kustomize, "production")["Deployment", "web"].provenance
    assert web.resource == (KUSTOMIZE / "base" / "deployment.yaml").resolve()
    assert web.original_name == "web"
    patched = [(patch.file or patch.kustomization).relative_to(KUSTOMIZE.resolve()).as_posix() for patch in web.patches]
    assert patched == [
        "components/monitoring/kustomization.yaml",
        "overlays/production/image.yaml",
        "overlays/production/resources.yaml",
    ]
    assert [patch.json6902 for patch in web.patches] == [True, False, True]
    config = _objects(kustomize, "production")["ConfigMap", "app-config-hkfd97m8fm"].provenance
    assert config.resource is None
    assert config.generator == ((KUSTOMIZE / "base" / "kustomization.yaml").resolve(), "ConfigMapGenerator")
    assert config.patches == ()


@pytest.mark.parametrize(
    ("key", "path", "expected"),
    [
        # the image a strategic-merge patch sets, at the patch's value
        (
            ("Deployment", "web"),
            ("spec", "template", "spec", "containers", 0, "image"),
            ("overlays/production/image.yaml", 10, 18),
        ),
        # a field set inside a JSON 6902 operation's value
        (
            ("Deployment", "web"),
            ("spec", "template", "spec", "containers", 0, "resources", "limits", "memory"),
            ("overlays/production/resources.yaml", 5, 15),
        ),
        # a JSON 6902 patch written inline in a component's kustomization (a block scalar)
        (
            ("Deployment", "web"),
            ("spec", "template", "metadata", "annotations", "prometheus.io/scrape"),
            ("components/monitoring/kustomization.yaml", 11, 33),
        ),
        # transformers configured by kustomization fields
        (("Deployment", "web"), ("spec", "replicas"), ("overlays/production/kustomization.yaml", 18, 12)),
        (("Deployment", "web"), ("metadata", "labels", "tier"), ("overlays/production/kustomization.yaml", 15, 9)),
        (("Service", "web"), ("metadata", "namespace"), ("overlays/production/kustomization.yaml", 3, 12)),
        # fields nobody patched stay in the base's resource file
        (("Deployment", "worker"), ("spec", "selector"), ("base/deployment.yaml", 31, 3)),
        (("Deployment", "web"), ("metadata", "name"), ("base/deployment.yaml", 4, 9)),
        # generated ConfigMap keys point at the generator's literal and file entries
        (("ConfigMap", "app-config-hkfd97m8fm"), ("data", "LOG_LEVEL"), ("base/kustomization.yaml", 9, 9)),
        (("ConfigMap", "app-config-hkfd97m8fm"), ("data", "app.properties"), ("base/kustomization.yaml", 11, 9)),
        (("ConfigMap", "app-config-hkfd97m8fm"), ("metadata", "name"), ("base/kustomization.yaml", 7, 5)),
    ],
)
def test_production_findings_point_at_the_file_a_person_edits(kustomize, key, path, expected):
    assert _where(_objects(kustomize, "production")[key], path) == expected


def test_staging_image_tag_and_replicas_come_from_the_overlay(kustomize):
    web = _objects(kustomize, "staging")["Deployment", "staging-web"]
    assert web.value["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.k8s.io/nginx:1.27.1"
    assert _where(web, ("spec", "template", "spec", "containers", 0, "image")) == (
        "overlays/staging/kustomization.yaml",
        11,
        13,
    )
    assert _where(web, ("spec", "replicas")) == ("overlays/staging/replicas.yaml", 6, 13)
    # a field that exists nowhere is reported at its nearest ancestor in the resource file
    assert _where(web, ("spec", "template", "spec", "containers", 0, "resources")) == ("base/deployment.yaml", 18, 11)


def test_no_source_line_falls_back_to_the_kustomization_with_a_note():
    root = (KUSTOMIZE / "overlays" / "production").resolve()
    obj = RenderedObject({"kind": "ConfigMap", "metadata": {"name": "x"}}, Provenance("kustomize", root))
    location = source_location(obj, ("data", "x"))
    assert (location.file, location.line, location.column) == (root / "kustomization.yaml", 1, 1)
    assert location.note == "no source line writes this field; reported on the kustomization that renders it"


def test_the_users_files_are_not_touched(kustomize, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(KUSTOMIZE, root)
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file()}
    _objects(kustomize, "production", root)
    after = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file()}
    assert after == before


def test_annotations_the_user_asked_for_are_kept(kustomize, tmp_path):
    (tmp_path / "kustomization.yaml").write_text("resources: [cm.yaml]\nbuildMetadata: [originAnnotations]\n")
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
    result = render(kustomize_request(tmp_path, kustomize))
    annotations = result.objects[0].value["metadata"]["annotations"]
    assert annotations == {"config.kubernetes.io/origin": "path: cm.yaml\n"}


def test_a_remote_resource_is_a_clear_failure_without_fetching(tmp_path):
    (tmp_path / "kustomization.yaml").write_text(
        "resources:\n  - service.yaml\n  - https://github.com/example/manifests//base?ref=v1.0.0\n"
    )
    (tmp_path / "service.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")
    failure = render(kustomize_request(tmp_path, None)).failure
    assert failure.reason == "remote-resource"
    assert failure.message == (
        'remote resource "https://github.com/example/manifests//base?ref=v1.0.0" is not fetched: '
        "k8slint renders offline; vendor it into the repository"
    )
    assert (failure.file, failure.line, failure.column) == (tmp_path / "kustomization.yaml", 3, 5)


def test_a_build_error_is_kustomizes_message_on_the_entry_it_names(kustomize, tmp_path):
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - service.yaml\n  - missing.yaml\n")
    (tmp_path / "service.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")
    failure = render(kustomize_request(tmp_path, kustomize)).failure
    assert failure.reason == "render-error"
    assert "missing.yaml" in failure.message
    assert "k8slint-kustomize" not in failure.message
    assert (failure.file, failure.line, failure.column) == (tmp_path / "kustomization.yaml", 3, 5)


def test_a_component_is_not_rendered_on_its_own():
    failure = render(kustomize_request(KUSTOMIZE / "components" / "monitoring", None)).failure
    assert failure.reason == "invalid-input"
    assert failure.line == 2


def test_without_a_renderer_the_failure_says_how_to_enable_it():
    failure = render(kustomize_request(KUSTOMIZE / "overlays" / "staging", None)).failure
    assert failure.reason == "missing-renderer"
    assert failure.file == (KUSTOMIZE / "overlays" / "staging" / "kustomization.yaml").resolve()
    assert "pip install 'k8slint[render]'" in failure.message


def test_the_tree_holds_bases_components_and_their_files():
    tree = kustomization_tree(KUSTOMIZE / "overlays" / "production")
    root = KUSTOMIZE.resolve()
    assert {directory.relative_to(root).as_posix() for directory in tree.directories} == {
        "base",
        "components/monitoring",
        "overlays/production",
    }
    files = {file.relative_to(root).as_posix() for file in tree.input_files()}
    assert "base/app.properties" in files
    assert "overlays/production/resources.yaml" in files
    assert not any(file.startswith("overlays/staging") for file in files)


def test_roots_are_the_kustomizations_nobody_includes():
    directories = [KUSTOMIZE / "base", KUSTOMIZE / "components" / "monitoring", *(KUSTOMIZE / "overlays").iterdir()]
    roots = kustomization_roots(directories)
    assert [root.relative_to(KUSTOMIZE.resolve()).as_posix() for root in roots] == [
        "overlays/production",
        "overlays/staging",
    ]
    assert kustomization_roots([KUSTOMIZE / "base"]) == [(KUSTOMIZE / "base").resolve()]


def test_a_patch_names_a_generated_configmap_by_its_generator_name(kustomize, tmp_path):
    (tmp_path / "kustomization.yaml").write_text(
        "configMapGenerator:\n  - name: settings\n    literals: [MODE=fast]\npatches:\n  - path: patch.yaml\n"
    )
    (tmp_path / "patch.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: slow\n"
    )
    (config,) = render(kustomize_request(tmp_path, kustomize)).objects
    assert config.value["data"] == {"MODE": "slow"}
    assert config.provenance.original_name == "settings"
    location = source_location(config, ("data", "MODE"))
    assert (location.file, location.line, location.column) == (tmp_path / "patch.yaml", 6, 9)


def test_a_build_error_in_a_base_points_at_the_bases_entry(kustomize, tmp_path):
    (tmp_path / "base").mkdir()
    (tmp_path / "overlay").mkdir()
    (tmp_path / "base" / "kustomization.yaml").write_text("resources:\n  - gone.yaml\n")
    (tmp_path / "overlay" / "kustomization.yaml").write_text("namePrefix: prod-\nresources:\n  - ../base\n")
    failure = render(kustomize_request(tmp_path / "overlay", kustomize)).failure
    assert failure.reason == "render-error"
    assert failure.message.startswith(
        "accumulating resources: accumulation err='accumulating resources from 'gone.yaml'"
    )
    assert (failure.file, failure.line, failure.column) == (tmp_path / "base" / "kustomization.yaml", 2, 5)


def test_appended_items_point_at_the_operation_that_appended_them(kustomize, tmp_path):
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [deployment.yaml]\npatches:\n  - target: {kind: Deployment}\n    path: args.yaml\n"
    )
    (tmp_path / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n"
        "      containers:\n        - name: app\n          args: [--first]\n"
    )
    (tmp_path / "args.yaml").write_text(
        "- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --second\n"
        "- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --third\n"
    )
    (deployment,) = render(kustomize_request(tmp_path, kustomize)).objects
    args = ("spec", "template", "spec", "containers", 0, "args")
    assert deployment.value["spec"]["template"]["spec"]["containers"][0]["args"] == ["--first", "--second", "--third"]
    where = [
        (location.file.name, location.line)
        for location in (source_location(deployment, (*args, index)) for index in range(3))
    ]
    assert where == [("deployment.yaml", 10), ("args.yaml", 3), ("args.yaml", 6)]
