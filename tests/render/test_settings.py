from __future__ import annotations

from pathlib import Path

import pytest

from k8slint.config import ConfigError
from k8slint.render.settings import render_settings
from k8slint.render.runner import DEFAULT_TIMEOUT

from .conftest import CHARTS


def test_defaults_without_a_section():
    settings = render_settings(None, Path("."))
    assert (settings.enabled, settings.timeout, settings.release_name, settings.namespace) == (
        True, DEFAULT_TIMEOUT, "release-name", "default"
    )


def test_chart_values_and_set_pairs_make_the_request(tmp_path):
    section = {
        "timeout": 15,
        "kustomize": {"flags": ["--load-restrictor=LoadRestrictionsNone"]},
        "helm": {
            "namespace": "shop",
            "charts": {"web": {"values": ["../mismatched-values.yaml"], "set": ["replicaCount=3"], "releaseName": "front"}},
        },
    }
    settings = render_settings(section, CHARTS)
    request = settings.helm_request(CHARTS / "web")
    assert request.values_files == ((CHARTS.parent / "mismatched-values.yaml").resolve(),)
    assert (request.set_values, request.release_name, request.namespace, request.timeout) == (
        ("replicaCount=3",), "front", "shop", 15.0
    )
    other = settings.helm_request(CHARTS / "unmet")
    assert (other.values_files, other.release_name, other.namespace) == ((), "release-name", "shop")
    assert settings.kustomize_request(tmp_path).flags == ("--load-restrictor=LoadRestrictionsNone",)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"timeout": 0}, "render.timeout: expected a positive number of seconds"),
        ({"enabled": "yes"}, "render.enabled: expected true or false"),
        ({"helm": {"chart": {}}}, "render.helm: unknown key 'chart' (known: charts, namespace, path, releaseName)"),
        ({"helm": {"charts": {"web": {"values": "prod.yaml"}}}}, "render.helm.charts.web.values: expected a list of strings"),
        ({"kustomize": {"path": ""}}, "render.kustomize.path: expected a non-empty string"),
        ([], "render: expected a mapping"),
    ],
)
def test_mistakes_name_the_key(section, message):
    with pytest.raises(ConfigError) as error:
        render_settings(section, Path("."))
    assert str(error.value) == message
