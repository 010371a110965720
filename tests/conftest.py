"""Every test renders into a cache of the test session's own, never the user's (~/.cache/k8slint)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _render_cache(tmp_path_factory):
    from k8slint.render.runner import CACHE_ENV

    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("render-cache")))
    yield
    patch.undo()
