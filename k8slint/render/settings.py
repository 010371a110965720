"""The `render:` section of `.k8slint.yaml`, validated, and the requests it makes.

```yaml
render:
  enabled: true              # false: render nothing
  timeout: 60                # seconds each render may take
  kustomize:
    path: /opt/bin/kustomize # a kustomize or a kubectl binary; default: found on PATH
    flags: [--load-restrictor=LoadRestrictionsNone]
  helm:
    path: /opt/bin/helm      # default: helm on PATH, then the helm-python-sdk package
    releaseName: release-name
    namespace: default
    charts:                  # per chart directory or .tgz, relative to the configuration file
      charts/web:
        values: [ci/production-values.yaml]   # after the chart's own values.yaml, in order
        set: [replicaCount=3]                 # `--set` pairs, last
        releaseName: web
        namespace: shop
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from k8slint.config import ConfigError
from k8slint.render.helm import helm_request
from k8slint.render.kustomize import kustomize_request
from k8slint.render.model import Renderer, RenderRequest
from k8slint.render.renderers import find_helm, find_kustomize
from k8slint.render.runner import DEFAULT_TIMEOUT

_UNSET = object()


@dataclass(slots=True)
class ChartSettings:
    values: tuple[Path, ...] = ()
    set_values: tuple[str, ...] = ()
    release_name: str | None = None
    namespace: str | None = None


@dataclass(slots=True)
class RenderSettings:
    enabled: bool = True
    timeout: float = DEFAULT_TIMEOUT
    kustomize_path: str | None = None
    kustomize_flags: tuple[str, ...] = ()
    helm_path: str | None = None
    release_name: str = "release-name"
    namespace: str = "default"
    charts: dict[Path, ChartSettings] = field(default_factory=dict)  # by resolved chart path
    _renderers: dict[str, Any] = field(default_factory=dict)

    def kustomize(self) -> Renderer | None:
        """The kustomize renderer, found once."""
        if "kustomize" not in self._renderers:
            self._renderers["kustomize"] = find_kustomize(self.kustomize_path)
        return self._renderers["kustomize"]

    def helm(self) -> Renderer | None:
        if "helm" not in self._renderers:
            self._renderers["helm"] = find_helm(self.helm_path)
        return self._renderers["helm"]

    def kustomize_request(self, directory: Path) -> RenderRequest:
        return kustomize_request(directory, self.kustomize(), self.kustomize_flags, self.timeout)

    def helm_request(self, chart: Path) -> RenderRequest:
        configured = self.charts.get(chart.resolve(), ChartSettings())
        return helm_request(
            chart,
            self.helm(),
            configured.values,
            configured.set_values,
            configured.release_name or self.release_name,
            configured.namespace or self.namespace,
            self.timeout,
        )


def render_settings(section: Any, base: Path) -> RenderSettings:
    """Validate the `render:` mapping (None: defaults); paths are relative to `base`, the config's directory."""
    settings = RenderSettings()
    if section is None:
        return settings
    _mapping(section, "render", {"enabled", "timeout", "kustomize", "helm"})
    enabled = section.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError("render.enabled: expected true or false")
    settings.enabled = enabled
    timeout = section.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError("render.timeout: expected a positive number of seconds")
    settings.timeout = float(timeout)
    kustomize = section.get("kustomize") or {}
    _mapping(kustomize, "render.kustomize", {"path", "flags"})
    settings.kustomize_path = _optional_string(kustomize, "path", "render.kustomize.path")
    settings.kustomize_flags = _strings(kustomize, "flags", "render.kustomize.flags")
    helm = section.get("helm") or {}
    _mapping(helm, "render.helm", {"path", "releaseName", "namespace", "charts"})
    settings.helm_path = _optional_string(helm, "path", "render.helm.path")
    settings.release_name = _optional_string(helm, "releaseName", "render.helm.releaseName") or settings.release_name
    settings.namespace = _optional_string(helm, "namespace", "render.helm.namespace") or settings.namespace
    charts = helm.get("charts") or {}
    _mapping(charts, "render.helm.charts", None)
    for chart, options in charts.items():
        key = f"render.helm.charts.{chart}"
        options = options or {}
        _mapping(options, key, {"values", "set", "releaseName", "namespace"})
        settings.charts[(base / chart).resolve()] = ChartSettings(
            values=tuple((base / value).resolve() for value in _strings(options, "values", f"{key}.values")),
            set_values=_strings(options, "set", f"{key}.set"),
            release_name=_optional_string(options, "releaseName", f"{key}.releaseName"),
            namespace=_optional_string(options, "namespace", f"{key}.namespace"),
        )
    return settings


def _mapping(value: Any, key: str, allowed: set[str] | None) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a mapping")
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise ConfigError(f"{key}: unknown key {unknown[0]!r} (known: {', '.join(sorted(allowed))})")


def _optional_string(section: dict, name: str, key: str) -> str | None:
    value = section.get(name)
    if value is not None and (not isinstance(value, str) or not value):
        raise ConfigError(f"{key}: expected a non-empty string")
    return value


def _strings(section: dict, name: str, key: str) -> tuple[str, ...]:
    value = section.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{key}: expected a list of strings")
    return tuple(value)
