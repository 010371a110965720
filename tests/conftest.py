"""Every test caches (renders, schemas) in a directory of the test session's own, never the user's
(~/.cache/k8slint), and `--jobs N` forks workers even for the small inputs of tests, so that the
parallel paths are tested."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory):
    from k8slint.cache import CACHE_ENV

    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("k8slint-cache")))
    yield
    patch.undo()


@pytest.fixture(autouse=True, scope="session")
def _parallel_even_when_small():
    from k8slint import linter

    patch = pytest.MonkeyPatch()
    patch.setattr(linter, "PARALLEL_READ_BYTES", 0)
    patch.setattr(linter, "PARALLEL_SET_OBJECTS", 0)
    yield
    patch.undo()
