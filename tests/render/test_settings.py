from __future__ import annotations

import pytest

from k8slint.config import ConfigError, load_config
from k8slint.render import DEFAULT_TIMEOUT

from .conftest import CHARTS


def _config(tmp_path, text: str):
    path = tmp_path / ".k8slint.yaml"
    path.write_text(text)
    return load_config(path)


def test_defaults_without_a_section(tmp_path):
    settings = _config(tmp_path, "kubernetesVersion: '1.31'\n").render
    assert (settings.enabled, settings.timeout, settings.release_name, settings.namespace, settings.charts) == (
        True,
        DEFAULT_TIMEOUT,
        "release-name",
        "default",
        {},
    )


def test_chart_values_and_set_pairs_make_the_request(tmp_path):
    settings = _config(
        tmp_path,
        f"""
render:
  timeout: 15
  kustomize:
    flags: [--load-restrictor=LoadRestrictionsNone]
  helm:
    namespace: shop
    charts:
      {CHARTS / "web"}:
        values: [{CHARTS / "mismatched-values.yaml"}]
        set: [replicaCount=3]
        releaseName: front
""",
    ).render
    request = settings.helm_request(CHARTS / "web")
    assert request.values_files == ((CHARTS / "mismatched-values.yaml").resolve(),)
    assert (request.set_values, request.release_name, request.namespace, request.timeout) == (
        ("replicaCount=3",),
        "front",
        "shop",
        15.0,
    )
    other = settings.helm_request(CHARTS / "unmet")
    assert (other.values_files, other.release_name, other.namespace) == ((), "release-name", "shop")
    assert settings.kustomize_request(tmp_path).flags == ("--load-restrictor=LoadRestrictionsNone",)


def test_chart_paths_are_relative_to_the_configuration_file(tmp_path):
    settings = _config(tmp_path, "render:\n  helm:\n    charts:\n      charts/web: {values: [ci/prod.yaml]}\n").render
    assert settings.charts[(tmp_path / "charts" / "web").resolve()].values == (
        (tmp_path / "ci" / "prod.yaml").resolve(),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("render: {timeout: 0}", "1:19: render.timeout: 0 is less than or equal to the minimum of 0"),
        ("render: {enabled: maybe}", "1:19: render.enabled: expected boolean, got str 'maybe'"),
        ("render: {helm: {chart: {}}}", "1:17: render.helm: unknown key 'chart' (did you mean 'charts'?)"),
        (
            "render: {helm: {charts: {web: {values: prod.yaml}}}}",
            "1:40: render.helm.charts.web.values: expected array, got str 'prod.yaml'",
        ),
        ("render: {kustomize: {path: ''}}", "1:28: render.kustomize.path: '' should be non-empty"),
    ],
)
def test_mistakes_name_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as error:
        _config(tmp_path, text)
    assert str(error.value) == f"{tmp_path / '.k8slint.yaml'}:{message}"
