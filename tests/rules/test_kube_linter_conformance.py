"""Conformance with kube-linter's own test cases (`tests/checks/<check>.yml`, in the shared corpus): an
object (or, for the probe port checks, a container) named `dont-fire...` gets no finding of the matching
k8slint rule, every other one gets at least one. OpenShift DeploymentConfigs, which kube-linter knows
natively, are mapped with `podTemplates:`.

Where k8slint deliberately disagrees with kube-linter, the case is listed in `DISAGREEMENTS` with the
reason; every other case must agree. Skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import lint_files

KUBE_LINTER = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "stackrox__kube-linter" / "tests" / "checks"

pytestmark = pytest.mark.skipif(not KUBE_LINTER.is_dir(), reason="../shared/corpus (kube-linter's test cases) is not present")

# kube-linter check -> (k8slint rule, its options)
RULES = {
    "sensitive-host-mounts": ("sensitive-host-mount", {}),
    "docker-sock": ("container-runtime-socket-mount", {}),
    "writable-host-mount": ("writable-host-mount", {}),
    "drop-net-raw-capability": ("net-raw-not-dropped", {}),
    "no-read-only-root-fs": ("read-only-root-filesystem", {}),
    "default-service-account": ("default-service-account", {}),
    "scc-deny-privileged-container": ("scc-allows-privileged", {}),
    "env-var-secret": ("env-secret-literal", {}),
    "read-secret-from-env-var": ("secret-in-env", {}),
    "unset-cpu-requirements": ("cpu-request-missing", {}),
    "unset-memory-requirements": ("memory-limit-missing", {}),
    "liveness-port": ("probe-port-not-exposed", {"numericPorts": True}),
    "readiness-port": ("probe-port-not-exposed", {"numericPorts": True}),
    "startup-port": ("probe-port-not-exposed", {"numericPorts": True}),
    "latest-tag": ("image-tag-mutable", {}),
}
BY_CONTAINER = {"liveness-port", "readiness-port", "startup-port"}  # cases are named by container

# (check, case) -> why k8slint's answer differs from kube-linter's
UDP_NAME = (
    "the kubelet resolves a named probe port whatever its protocol (prober.go findPortByName), and a process "
    "may serve TCP on the port it declares for UDP (DNS servers do): not certain to fail, so not reported"
)
DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("drop-net-raw-capability", "0:Deployment/dont-fire"): "an empty capabilities block drops nothing: NET_RAW is kept",
    ("drop-net-raw-capability", "1:DeploymentConfig/dont-fire"): "an empty capabilities block drops nothing",
    ("liveness-port", "fire-deployment-udp"): UDP_NAME,
    ("readiness-port", "fire-deployment-udp"): UDP_NAME,
    ("startup-port", "fire-deployment-udp"): UDP_NAME,
}


def _file(check: str) -> Path:
    return next(KUBE_LINTER.glob(f"{check}.y*ml"))


def _outcomes(check: str) -> dict[str, bool]:
    """case name -> whether the k8slint rule fired on it."""
    rule, options = RULES[check]
    config = {"podTemplates": {"DeploymentConfig": "spec.template"}, "rules": {rule: options}}
    report = lint_files([_file(check)], select=[rule], config=config)
    text = _file(check).read_text()
    if check in BY_CONTAINER:
        cases = dict.fromkeys(re.findall(r"^\s*- name: ((?:dont-)?fire[-\w]*)", text, re.MULTILINE), False)
        for finding in report.findings:
            cases[re.search(r'container "([^"]+)"', finding.message).group(1)] = True
        return cases
    documents = [doc for doc in re.split(r"^---\s*$", text, flags=re.MULTILINE) if "kind:" in doc]
    cases = {}
    for index, document in enumerate(documents):
        kind = re.search(r"^kind: (\S+)", document, re.MULTILINE).group(1)
        name = re.search(r"^  name: (\S+)", document, re.MULTILINE).group(1)
        cases[f"{index}:{kind}/{name}"] = any(f.obj is not None and f.obj.document == index for f in report.findings)
    return cases


CASES = [(check, case) for check in sorted(RULES) if KUBE_LINTER.is_dir() for case in _outcomes(check)]


@pytest.mark.parametrize(("check", "case"), CASES, ids=lambda value: value)
def test_agrees_with_kube_linter(check: str, case: str) -> None:
    fired = _outcomes(check)[case]
    kube_linter_fires = "dont-fire" not in case
    if (check, case) in DISAGREEMENTS:
        assert fired != kube_linter_fires, f"{check} {case} now agrees with kube-linter: drop it from DISAGREEMENTS"
    else:
        assert fired == kube_linter_fires, f"{check} {case}: kube-linter {'fires' if kube_linter_fires else 'passes'}, k8slint {'fired' if fired else 'did not fire'}"
