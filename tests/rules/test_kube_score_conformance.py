"""Conformance with kube-score's own test cases (`score/testdata/*.yaml`, in the shared corpus, with the
grades its `score/score_test.go` expects): a case kube-score grades Critical or Warning gets a finding of
one of the matching k8slint rules, a case it grades AllOK none.

Where k8slint deliberately disagrees, the case says why; every other case must agree. Skipped when
../shared/corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import lint_files

KUBE_SCORE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "zegl__kube-score" / "score" / "testdata"

pytestmark = pytest.mark.skipif(not KUBE_SCORE.is_dir(), reason="../shared/corpus (kube-score's test cases) is not present")

RESOURCES = ("memory-limit-missing", "memory-request-missing", "cpu-request-missing", "cpu-limit-missing")
RESOURCES_NO_CPU_LIMIT = ("memory-limit-missing", "memory-request-missing", "cpu-request-missing")
REQUESTS_ONLY = ("memory-request-missing", "cpu-request-missing")
DEFAULTED = "the API server defaults an unset request to the limit, so the request is set"

# (file, k8slint rules, options, kube-score fails it, why k8slint disagrees or None)
CASES = [
    ("pod-test-resources-none.yaml", RESOURCES, {}, True, None),
    ("pod-test-resources-only-limits.yaml", RESOURCES, {}, True, DEFAULTED),
    ("pod-test-resources-limits-and-requests.yaml", RESOURCES, {}, False, None),
    ("pod-test-resources-limits-and-requests-no-cpu-limit.yaml", RESOURCES_NO_CPU_LIMIT, {}, False, None),
    ("pod-test-resources-limits-and-requests-no-cpu-limit.yaml", RESOURCES, {}, True, None),
    ("pod-test-resources-no-limits.yaml", REQUESTS_ONLY, {}, False, None),
    ("deployment-test-resources.yaml", RESOURCES, {}, True, DEFAULTED),
    ("statefulset-test-resources.yaml", RESOURCES, {}, True, DEFAULTED),
    ("pod-test-resources-limits-and-requests.yaml", ("requests-not-equal-limits",), {"resources": ["memory"]}, False, None),
    ("pod-test-resources-limits-and-requests.yaml", ("requests-not-equal-limits",), {"resources": ["cpu"]}, False, None),
    ("pod-test-resources-no-limits.yaml", ("requests-not-equal-limits",), {"resources": ["memory"]}, True,
     "without a limit there is nothing to equal: memory-limit-missing reports it"),
    ("pod-image-tag-latest.yaml", ("image-tag-mutable",), {}, True, None),
    ("pod-image-tag-fixed.yaml", ("image-tag-mutable",), {}, False, None),
    ("pod-image-pullpolicy-undefined.yaml", ("image-pull-policy-not-always",), {}, True,
     "a version tag with the default policy runs no stale image"),
    ("pod-image-pullpolicy-undefined-latest-tag.yaml", ("image-pull-policy-not-always",), {}, False, None),
    ("pod-image-pullpolicy-undefined-no-tag.yaml", ("image-pull-policy-not-always",), {}, False, None),
    ("pod-image-pullpolicy-always.yaml", ("image-pull-policy-not-always",), {}, False, None),
    ("pod-ephemeral-storage-request-nomatch-limit.yaml", ("ephemeral-storage-missing",), {}, False, None),
    ("pod-ephemeral-storage-missing-limit.yaml", ("ephemeral-storage-missing",), {}, True, None),
    ("pod-ephemeral-storage-request-matches-limit.yaml", ("requests-not-equal-limits",), {"resources": ["ephemeral-storage"]}, False, None),
    ("pod-ephemeral-storage-request-nomatch-limit.yaml", ("requests-not-equal-limits",), {"resources": ["ephemeral-storage"]}, True, None),
    ("pod-probes-all-missing.yaml", ("readiness-probe-missing",), {}, True, None),
    ("pod-probes-missing-ready.yaml", ("readiness-probe-missing",), {}, True, None),
    ("pod-probes-targeted-by-service.yaml", ("readiness-probe-missing",), {}, True, None),
    ("pod-probes-targeted-by-service-same-namespace.yaml", ("readiness-probe-missing",), {}, True, None),
    ("pod-probes-targeted-by-service-same-namespace-multi-labels.yaml", ("readiness-probe-missing",), {}, True, None),
    ("pod-probes-targeted-by-service-different-namespace.yaml", ("readiness-probe-missing",), {}, False, None),
    ("pod-probes-not-targeted-by-service.yaml", ("readiness-probe-missing",), {}, False, None),
    ("pod-probes-not-targeted-by-service-multi-labels.yaml", ("readiness-probe-missing",), {}, False, None),
    ("pod-probes-on-different-containers.yaml", ("readiness-probe-missing",), {}, False,
     "each container is judged by itself (the catalog's row F1): kube-score passes a Pod when any container has one"),
    ("pod-probes-on-different-containers-init.yaml", ("readiness-probe-missing",), {}, False, None),
    ("pod-probes-identical-http.yaml", ("probes-identical",), {}, True, None),
    ("pod-probes-identical-tcp.yaml", ("probes-identical",), {}, True, None),
    ("pod-probes-identical-exec.yaml", ("probes-identical",), {}, True, None),
    ("pod-security-context-low-user-id.yaml", ("low-user-group-id",), {}, True, None),
    ("pod-security-context-low-group-id.yaml", ("low-user-group-id",), {}, True, None),
    ("security-inherit-pod-security-context.yaml", ("low-user-group-id",), {}, False, None),
    ("pod-security-context-all-good.yaml", ("low-user-group-id",), {}, False, None),
    ("pod-security-context-all-good.yaml", ("read-only-root-filesystem",), {}, False, None),
]


@pytest.mark.parametrize(("name", "rules", "options", "kube_score_fails", "why"), CASES, ids=[f"{c[0]}:{c[1][0]}" for c in CASES])
def test_agrees_with_kube_score(name: str, rules: tuple, options: dict, kube_score_fails: bool, why: str | None) -> None:
    config = {"rules": {rule: options for rule in rules}} if options else None
    report = lint_files([KUBE_SCORE / name], select=list(rules), config=config)
    fired = any(finding.name in rules for finding in report.findings)
    expected = kube_score_fails if why is None else not kube_score_fails
    assert fired == expected, f"{name}: kube-score {'fails' if kube_score_fails else 'passes'} it, k8slint {'fired' if fired else 'did not fire'}"
