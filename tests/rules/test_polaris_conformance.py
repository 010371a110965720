"""Conformance with Polaris' own test cases (`test/checks/<check>/{success,failure}*.yaml`, in the shared
corpus): a `failure` case gets a finding of the matching k8slint rule, a `success` case none.

Where k8slint deliberately disagrees with Polaris, the case is listed in `DISAGREEMENTS` with the reason
(k8slint follows what the API server, the kubelet or admission does); every other case must agree.
Skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import lint_files

POLARIS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "FairwindsOps__polaris" / "test" / "checks"

pytestmark = pytest.mark.skipif(not POLARIS.is_dir(), reason="../shared/corpus (Polaris' test cases) is not present")

# Polaris check -> k8slint rule (and its options, where Polaris' semantics need them)
OPTIONS = {
    "readiness-probe-missing": {"onlyWhenSelectedByService": False},  # Polaris needs no Service
    "liveness-probe-missing": {"onlyWhenSelectedByService": False},
}
RULES = {
    "sensitiveContainerEnvVar": "env-secret-literal",
    "sensitiveConfigmapContent": "sensitive-configmap-data",
    "cpuLimitsMissing": "cpu-limit-missing",
    "cpuRequestsMissing": "cpu-request-missing",
    "memoryLimitsMissing": "memory-limit-missing",
    "memoryRequestsMissing": "memory-request-missing",
    "readinessProbeMissing": "readiness-probe-missing",
    "livenessProbeMissing": "liveness-probe-missing",
    "tagNotSpecified": "image-tag-mutable",
    "pullPolicyNotAlways": "image-pull-policy-not-always",
    "automountServiceAccountToken": "automount-service-account-token",
    "linuxHardening": "linux-hardening-missing",
    "notReadOnlyRootFilesystem": "read-only-root-filesystem",
}

# (check, file) -> why k8slint's answer differs from Polaris'
DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("pullPolicyNotAlways", "failure.yaml"): "image `nginx` has no tag: the API server defaults imagePullPolicy to Always",
    ("pullPolicyNotAlways", "failure.cron-job.yaml"): "image `busybox` has no tag: the policy defaults to Always",
    ("pullPolicyNotAlways", "failure.deployment.yaml"): "`nginx:1.14.2` is a version tag: IfNotPresent runs no stale image",
}


def _cases() -> list[tuple[str, str]]:
    if not POLARIS.is_dir():
        return []
    return [(check, path.name) for check in sorted(RULES) for path in sorted((POLARIS / check).glob("*.yaml")) if path.name.startswith(("success", "failure"))]


@pytest.mark.parametrize(("check", "name"), _cases(), ids=lambda value: value)
def test_agrees_with_polaris(check: str, name: str) -> None:
    rule = RULES[check]
    config = {"rules": {rule: OPTIONS[rule]}} if rule in OPTIONS else None
    report = lint_files([POLARIS / check / name], select=[rule], config=config)
    fired = any(finding.name == rule for finding in report.findings)
    polaris_fails = name.startswith("failure")
    if (check, name) in DISAGREEMENTS:
        assert fired != polaris_fails, f"{check}/{name} now agrees with Polaris: drop it from DISAGREEMENTS"
    else:
        assert fired == polaris_fails, f"{check}/{name}: Polaris {'fails' if polaris_fails else 'passes'} it, {rule} {'fired' if fired else 'did not fire'}"
