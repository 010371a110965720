"""Where k8slint keeps what it can recompute: `$K8SLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/k8slint`,
else `~/.cache/k8slint`, one subdirectory per kind of entry (`render/`, `renderers/`, `schemas/`,
`modules/`).

Every entry is written whole or not at all (a temporary file, then a rename), and a missing,
unreadable or unwritable cache only costs a run the work the entry would have saved.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "K8SLINT_CACHE_DIR"


def cache_dir(kind: str) -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser() / kind
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "k8slint" / kind


def write_entry(directory: Path, name: str, content: bytes) -> None:
    """Store `content` as `directory/name`, atomically; an unwritable directory is not an error."""
    import tempfile  # imports random and hashing; most runs write no entry

    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, directory / name)
        except OSError:
            os.unlink(temporary)
            raise
    except OSError:
        pass
