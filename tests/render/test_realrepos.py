"""Every kustomization and chart of the real repository snapshots renders, or fails with a clear, positioned message.

Skipped when ../shared/realrepos is absent (a user's clone has no shared/).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from k8slint.render import helm_request, kustomize_request, render_all, source_location
from k8slint.render.files import KUSTOMIZATION_NAMES

REALREPOS = Path(__file__).resolve().parents[3] / "shared" / "realrepos"

pytestmark = pytest.mark.skipif(not REALREPOS.is_dir(), reason="../shared/realrepos is not present")

# What cannot render offline from these snapshots, and why.
EXPECTED_FAILURES = {
    # a resource fetched over HTTP
    "kubernetes-sigs+kustomize/examples/loadHttp": "remote-resource",
    # names kustomizeconfig/mykind.yaml, which the snapshot does not hold
    "kubernetes-sigs+kustomize/examples/transformerconfigs/images": "render-error",
    # charts whose dependencies are fetched by `helm dependency build`, not vendored
    "grafana+helm-charts/charts/enterprise-logs": "missing-dependency",
    "grafana+helm-charts/charts/enterprise-metrics": "missing-dependency",
    "grafana+helm-charts/charts/grafana-sampling": "missing-dependency",
    "grafana+helm-charts/charts/lgtm-distributed": "missing-dependency",
    "grafana+helm-charts/charts/loki-stack": "missing-dependency",
    "grafana+helm-charts/charts/tempo-distributed": "missing-dependency",
    # charts that `fail` on purpose until a required value is given
    "grafana+helm-charts/charts/loki-canary": "render-error",
    "grafana+helm-charts/charts/pdc-agent": "render-error",
}


def _kustomizations() -> list[Path]:
    return sorted({file.parent for name in KUSTOMIZATION_NAMES for file in REALREPOS.rglob(name)})


def _charts() -> list[Path]:
    # subcharts vendored in a chart's charts/ are rendered through their parent
    return sorted(
        file.parent
        for file in REALREPOS.rglob("Chart.yaml")
        if not (file.parent.parent.parent / "Chart.yaml").is_file()
    )


def _check(results) -> None:
    outcomes = {}
    for result in results:
        name = result.request.path.relative_to(REALREPOS).as_posix()
        outcomes[name] = result.failure.reason if result.failure else "rendered"
        if result.failure:
            assert result.failure.message and "Traceback" not in result.failure.message
            assert result.failure.file.is_file() and result.failure.line >= 1
            continue
        for obj in result.objects:
            annotations = obj.value.get("metadata", {}).get("annotations") or {}
            assert not {"config.kubernetes.io/origin", "alpha.config.kubernetes.io/transformations"} & set(annotations)
            for path in (("metadata", "name"), ("spec", "template", "spec", "containers", 0, "image")):
                location = source_location(obj, path)
                assert location.file.is_file() and location.line >= 1, (name, path, location)
    expected = {name: EXPECTED_FAILURES.get(name, "rendered") for name in outcomes}
    assert outcomes == expected


def test_every_kustomization_renders_or_fails_clearly(kustomize):
    directories = _kustomizations()
    assert len(directories) == 25
    _check(render_all([kustomize_request(directory, kustomize) for directory in directories], jobs=2))


def test_every_chart_renders_or_fails_clearly(helm):
    charts = _charts()
    assert len(charts) == 14
    _check(render_all([helm_request(chart, helm) for chart in charts], jobs=2))
