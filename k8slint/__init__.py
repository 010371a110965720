"""k8slint: a fast, offline linter for Kubernetes manifests and control-plane configuration."""

__version__ = "0.1.0"
