"""k8slint: a fast, offline linter for Kubernetes manifests and control-plane configuration.

The Python API (stable; see the README's "Python API"): `lint_paths`, `lint_text`, `Finding`,
`Severity` and `ConfigError`. Imported on first use, so that `import k8slint` stays cheap.
"""

__version__ = "0.1.0"
__all__ = ["lint_paths", "lint_text", "Finding", "Severity", "ConfigError", "__version__"]

_API = {
    "lint_paths": "k8slint.api",
    "lint_text": "k8slint.api",
    "Finding": "k8slint.model",
    "Severity": "k8slint.model",
    "ConfigError": "k8slint.config",
}


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'k8slint' has no attribute {name!r}")
