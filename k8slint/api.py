"""The Python API: lint files or text from your own tool, get the findings.

`k8slint.lint_paths(...)` and `k8slint.lint_text(...)` (documented in the README, "Python API") and the
fields of the `Finding`s they return are the stable interface; every other module of the package is
internal and changes without notice.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from k8slint.model import Finding


def lint_paths(
    paths: Sequence[str | os.PathLike],
    *,
    config: str | os.PathLike | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    profiles: Sequence[str] = (),
    kubernetes_version: str | None = None,
    jobs: int = 1,
) -> list[Finding]:
    """The findings of the manifests in `paths` (files or directories), sorted by file, line and
    column, exactly as `k8slint lint` reports them. `config` is a .k8slint.yaml; without it the nearest
    one above the paths is used, as on the command line. Raises `k8slint.ConfigError` for a mistake in
    the configuration or the arguments."""
    from k8slint.linter import Linter

    names = [os.fspath(path) for path in paths]
    linter = Linter(_config(config, names, select, ignore, profiles, kubernetes_version), jobs=jobs)
    return linter.lint_paths(names).findings


def lint_text(
    text: str,
    path: str = "<stdin>",
    *,
    config: str | os.PathLike | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    profiles: Sequence[str] = (),
    kubernetes_version: str | None = None,
) -> list[Finding]:
    """The findings of one file's text, reported at `path` (which need not exist). Without `config`,
    only the built-in defaults apply: no configuration file is looked for."""
    from k8slint.linter import Linter

    linter = Linter(_config(config, [], select, ignore, profiles, kubernetes_version, discover=False))
    return linter.lint_text(text, path).findings


def _config(config, paths, select, ignore, profiles, kubernetes_version, discover: bool = True):
    from k8slint.config import config_path_for, config_start, load_config

    if config is not None:
        path = config_path_for(os.fspath(config))
    else:
        path = config_path_for(None, config_start(paths)) if discover else None
    return load_config(
        Path(path) if path is not None else None,
        select=tuple(select),
        ignore=tuple(ignore),
        kubernetes_version=kubernetes_version,
        profiles=tuple(profiles),
    )
