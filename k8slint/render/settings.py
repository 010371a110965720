"""The `render:` section of `.k8slint.yaml` (validated by k8slint/data/config.schema.json) and the requests it makes.

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

from pathlib import Path
from typing import TYPE_CHECKING, Any

from k8slint.records import field, record

if TYPE_CHECKING:
    from k8slint.render.model import Renderer, RenderRequest

DEFAULT_TIMEOUT = 60.0  # seconds each render may take unless `render.timeout` says otherwise


@record(slots=True)
class ChartSettings:
    values: tuple[Path, ...] = ()
    set_values: tuple[str, ...] = ()
    release_name: str | None = None
    namespace: str | None = None


@record(slots=True)
class RenderSettings:
    enabled: bool = True
    timeout: float = DEFAULT_TIMEOUT
    kustomize_path: str | None = None
    kustomize_flags: tuple[str, ...] = ()
    helm_path: str | None = None
    release_name: str = "release-name"
    namespace: str = "default"
    charts: dict[Path, ChartSettings] = field(default_factory=dict)  # by resolved chart path
    _renderers: dict[str, Renderer | None] = field(default_factory=dict)

    def kustomize(self) -> Renderer | None:
        """The kustomize renderer, looked for once."""
        if "kustomize" not in self._renderers:
            from k8slint.render.renderers import find_kustomize

            self._renderers["kustomize"] = find_kustomize(self.kustomize_path)
        return self._renderers["kustomize"]

    def helm(self) -> Renderer | None:
        """The Helm renderer, looked for once."""
        if "helm" not in self._renderers:
            from k8slint.render.renderers import find_helm

            self._renderers["helm"] = find_helm(self.helm_path)
        return self._renderers["helm"]

    def kustomize_request(self, directory: Path) -> RenderRequest:
        from k8slint.render.kustomize import kustomize_request

        return kustomize_request(directory, self.kustomize(), self.kustomize_flags, self.timeout)

    def helm_request(self, chart: Path) -> RenderRequest:
        from k8slint.render.helm import helm_request

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


def render_settings(section: dict[str, Any] | None, base: Path) -> RenderSettings:
    """Settings from a validated `render:` mapping (None: the defaults); paths are relative to `base`."""
    section = section or {}
    kustomize = section.get("kustomize", {})
    helm = section.get("helm", {})
    return RenderSettings(
        enabled=section.get("enabled", True),
        timeout=float(section.get("timeout", DEFAULT_TIMEOUT)),
        kustomize_path=kustomize.get("path"),
        kustomize_flags=tuple(kustomize.get("flags", ())),
        helm_path=helm.get("path"),
        release_name=helm.get("releaseName", "release-name"),
        namespace=helm.get("namespace", "default"),
        charts={
            (base / chart).resolve(): ChartSettings(
                values=tuple((base / values).resolve() for values in options.get("values", ())),
                set_values=tuple(options.get("set", ())),
                release_name=options.get("releaseName"),
                namespace=options.get("namespace"),
            )
            for chart, options in helm.get("charts", {}).items()
        },
    )
