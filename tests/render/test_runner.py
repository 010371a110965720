from __future__ import annotations

import shutil

from k8slint.render import RenderCache, default_cache_dir, helm_request, kustomize_request, render, render_all

from .conftest import CHARTS, KUSTOMIZE


def _summary(result) -> list:
    return [(obj.value, obj.provenance) for obj in result.objects]


def test_a_second_render_comes_from_the_cache_until_an_input_changes(kustomize, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(KUSTOMIZE, repo)
    cache = RenderCache(tmp_path / "cache")
    request = kustomize_request(repo / "overlays" / "production", kustomize)
    cold = render(request, cache)
    warm = render(request, cache)
    assert (cold.cached, warm.cached) == (False, True)
    assert _summary(warm) == _summary(cold)
    # a file of the base, outside the overlay's directory, is an input too
    (repo / "base" / "app.properties").write_text("cache.size=128\n")
    changed = render(request, cache)
    assert changed.cached is False
    config = next(obj for obj in changed.objects if obj.value["kind"] == "ConfigMap")
    assert config.value["data"]["app.properties"] == "cache.size=128\n"


def test_failures_from_the_renderer_are_cached_and_timeouts_are_not(helm, tmp_path):
    cache = RenderCache(tmp_path / "cache")
    chart = tmp_path / "broken"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: broken\nversion: 0.1.0\n")
    (chart / "templates" / "cm.yaml").write_text('{{ fail "no" }}\n')
    first, second = (render(helm_request(chart, helm), cache) for _ in range(2))
    assert first.failure == second.failure and second.cached
    slow = helm_request(CHARTS / "slow", helm, timeout=1)
    assert render(slow, cache).failure.reason == "timeout"
    assert not any(path.name.startswith("tmp") for path in (tmp_path / "cache").iterdir())
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_render_all_keeps_the_order_of_the_requests(kustomize, helm):
    requests = [
        kustomize_request(KUSTOMIZE / "overlays" / "staging", kustomize),
        helm_request(CHARTS / "unmet", helm),
        kustomize_request(KUSTOMIZE / "overlays" / "production", kustomize),
        helm_request(CHARTS / "web", helm),
    ]
    results = render_all(requests, jobs=2)
    assert [result.request for result in results] == requests
    assert [result.ok for result in results] == [True, False, True, True]


def test_the_cache_directory_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("K8SLINT_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine" / "render"
    monkeypatch.delenv("K8SLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "k8slint" / "render"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "k8slint" / "render"


def test_an_unreadable_cache_entry_renders_again(kustomize, tmp_path):
    cache = RenderCache(tmp_path / "cache")
    request = kustomize_request(KUSTOMIZE / "overlays" / "staging", kustomize)
    render(request, cache)
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text("{not json")
    result = render(request, cache)
    assert result.ok and not result.cached


def test_a_binarys_version_is_asked_once_across_runs_and_a_scripts_every_run(tmp_path):
    """A renderer's version is kept in the cache directory under the binary's path, size and mtime (asking
    `kubectl version` is about 50 ms a run); a changed binary is asked again, and a script (a version
    manager's shim, which picks a binary per directory) every time."""
    from k8slint.render.renderers import _remembered

    asked: list[str] = []

    def ask(answer: str | None):
        return lambda: asked.append(answer) or answer

    compiled = tmp_path / "kubectl"
    compiled.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(64))
    assert _remembered(str(compiled), ("kustomize", 1, 71), ask("v5.4.2")) == "v5.4.2"
    assert _remembered(str(compiled), ("kustomize", 1, 71), ask("v9.9.9")) == "v5.4.2"
    assert _remembered(str(compiled), ("kustomize", 2, 71), ask("v5.5.0")) == "v5.5.0"
    assert asked == ["v5.4.2", "v5.5.0"]
    assert _remembered(str(compiled), ("helm", 1, 71), ask(None)) is None  # no version: asked again next run
    assert _remembered(str(compiled), ("helm", 1, 71), ask("v3.16.2")) == "v3.16.2"
    shim = tmp_path / "kustomize"
    shim.write_text("#!/bin/sh\nexec asdf exec kustomize \"$@\"\n")
    asked.clear()
    assert [_remembered(str(shim), ("kustomize", 1, 40), ask(f"v5.{n}.0")) for n in range(2)] == ["v5.0.0", "v5.1.0"]
    assert _remembered(str(tmp_path / "missing"), ("helm", 0, 0), ask(None)) is None
    assert asked == ["v5.0.0", "v5.1.0", None]
