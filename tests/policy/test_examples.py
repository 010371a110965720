"""The shipped examples/policies: each policy against its fixture, findings on the marked lines."""

from pathlib import Path

import pytest

from k8slint.policy.document import load_policies
from k8slint.policy.fixtures import run_fixture
from k8slint.policy.vap import load_admission_policies

pytestmark = pytest.mark.needs_cel
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
NAMES = ["registry-allowlist", "resource-bounds", "critical-workload-has-pdb", "demo-policy", "no-host-path"]


@pytest.mark.parametrize("name", NAMES)
def test_example_fires_on_the_marked_lines(name):
    text = (EXAMPLES / f"{name}.yaml").read_text()
    policies, errors = load_policies(text)
    admission, admission_errors = load_admission_policies(text)
    assert errors == [] and admission_errors == []
    result = run_fixture((EXAMPLES / "tests" / f"{name}.yaml").read_text(), policies, admission)
    assert result.expected, "a fixture without markers tests nothing"
    assert result.actual == result.expected, result.messages


def test_registry_messages_name_the_image():
    text = (EXAMPLES / "registry-allowlist.yaml").read_text()
    policies, _ = load_policies(text)
    result = run_fixture((EXAMPLES / "tests" / "registry-allowlist.yaml").read_text(), policies)
    assert result.messages[(18, "registry-allowlist")] == [
        'image "docker.io/library/python:3.12" is not from an approved registry',
        'image "docker.io/library/python:3.12" is not pinned by digest',
    ]


def test_the_vap_example_is_a_warning():
    from k8slint.loader import load_text
    from k8slint.policy import vap

    admission, _ = load_admission_policies((EXAMPLES / "no-host-path.yaml").read_text())
    manifests = [d.value for d in load_text((EXAMPLES / "tests" / "no-host-path.yaml").read_text()).documents]
    results = vap.evaluate([*admission, *manifests], manifests)
    assert {f.severity for result in results.values() for f in result.failures} == {"warning"}
