"""Conformance with kube-score's own test cases (`score/testdata/*.yaml`, in the shared corpus, with the
grades its `score/*_test.go` expect): a case kube-score grades Critical or Warning gets a finding of
one of the matching k8slint rules (docs/crosswalk.md), a case it grades AllOK (or skips) none.

Every kube-score check the crosswalk maps to a k8slint rule has cases. Where k8slint deliberately
disagrees, the case says why; every other case must agree. Skipped when ../shared/corpus is absent.
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
DEFAULTED_REQUEST = (
    "the API server defaults a missing request to the limit (pkg/apis/core/v1/defaults.go SetDefaults_Pod), "
    "so only the limit can be missing"
)
EQUAL_MEMORY = {"rules": {"requests-not-equal-limits": {"resources": ["memory"]}}}
EQUAL_CPU = {"rules": {"requests-not-equal-limits": {"resources": ["cpu"]}}}
EQUAL_EPHEMERAL = {"rules": {"requests-not-equal-limits": {"resources": ["ephemeral-storage"]}}}
STRICT = {"profiles": ["strict-references"]}
PARTIAL = (
    "the input holds no workload in the Service's namespace, so nothing shows its Pods are absent (a partial "
    "repository); a Service selects Pods of its own namespace only"
)

# (file, k8slint rules, configuration, kube-score fails it (Critical or Warning), why k8slint disagrees or None)
CASES = [
    ("pod-test-resources-none.yaml", RESOURCES, {}, True, None),
    ("pod-test-resources-only-limits.yaml", RESOURCES, {}, True, DEFAULTED),
    ("pod-test-resources-limits-and-requests.yaml", RESOURCES, {}, False, None),
    ("pod-test-resources-limits-and-requests-no-cpu-limit.yaml", RESOURCES_NO_CPU_LIMIT, {}, False, None),
    ("pod-test-resources-limits-and-requests-no-cpu-limit.yaml", RESOURCES, {}, True, None),
    ("pod-test-resources-no-limits.yaml", REQUESTS_ONLY, {}, False, None),
    ("deployment-test-resources.yaml", RESOURCES, {}, True, DEFAULTED),
    ("statefulset-test-resources.yaml", RESOURCES, {}, True, DEFAULTED),
    ("pod-test-resources-limits-and-requests.yaml", ("requests-not-equal-limits",), EQUAL_MEMORY, False, None),
    ("pod-test-resources-limits-and-requests.yaml", ("requests-not-equal-limits",), EQUAL_CPU, False, None),
    ("pod-test-resources-no-limits.yaml", ("requests-not-equal-limits",), EQUAL_MEMORY, True,
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
    ("pod-ephemeral-storage-request-matches-limit.yaml", ("requests-not-equal-limits",), EQUAL_EPHEMERAL, False, None),
    ("pod-ephemeral-storage-request-nomatch-limit.yaml", ("requests-not-equal-limits",), EQUAL_EPHEMERAL, True, None),
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
    # score/security_test.go
    ("pod-security-context-privileged.yaml", ("privileged-container",), {}, True, None),
    ("pod-security-context-all-good.yaml", ("privileged-container",), {}, False, None),
    ("pod-security-context-writeablerootfilesystem.yaml", ("read-only-root-filesystem",), {}, True, None),
    ("pod-security-context-nosecuritycontext.yaml", ("read-only-root-filesystem",), {}, True, None),
    ("pod-security-context-nosecuritycontext.yaml", ("low-user-group-id",), {}, True, None),
    ("pod-security-context-high-ids.yaml", ("low-user-group-id",), {}, False, None),
    ("pod-seccomp-no-annotation.yaml", ("seccomp-profile-missing",), {}, True, None),
    ("pod-seccomp-annotated.yaml", ("seccomp-profile-missing",), {}, False,
     "seccomp.security.alpha.kubernetes.io/defaultProfileName is PodSecurityPolicy's default-profile annotation "
     "(pkg/security/podsecuritypolicy/seccomp/strategy.go; PSP was removed in 1.25): on a Pod it sets nothing, and "
     "Pod Security restricted reads only seccompProfile (policy/check_seccompProfile_restricted.go)"),
    ("pod-seccomp-securecontext-ok.yaml", ("seccomp-profile-missing",), {}, False, None),
    ("pod-seccomp-securecontext-warning.yaml", ("seccomp-profile-missing",), {}, True, None),
    ("pod-seccomp-container-securecontext-ok.yaml", ("seccomp-profile-missing",), {}, False, None),
    ("pod-seccomp-container-securecontext-warning.yaml", ("seccomp-profile-missing",), {}, True, None),
    # score/probe_test.go, score/cronjob_test.go
    ("pod-probes-missing-live.yaml", ("liveness-probe-missing",), {}, False,
     "kube-score comments \"Container is missing a livenessProbe\" but grades it AlmostOK; k8slint reports that "
     "comment as a finding (info, in the opt-in reliability profile)"),
    ("pod-probes-both.yaml", ("readiness-probe-missing", "liveness-probe-missing"), {}, False, None),
    ("cronjob-batchv1-deadline-not-set.yaml", ("readiness-probe-missing",), {}, False, None),
    # score/service_test.go, score/deployment_test.go
    ("service-target-deployment.yaml", ("service-selects-nothing",), {}, False, None),
    ("service-not-target-deployment.yaml", ("service-selects-nothing",), {}, True, None),
    ("service-target-pod.yaml", ("service-selects-nothing",), {}, False, None),
    ("service-not-target-pod.yaml", ("service-selects-nothing",), {}, True, None),
    ("service-target-pod-multi-label.yaml", ("service-selects-nothing",), {}, False, None),
    ("service-not-target-pod-multi-label.yaml", ("service-selects-nothing",), {}, True, None),
    ("service-target-pod-same-namespace.yaml", ("service-selects-nothing",), {}, False, None),
    ("service-target-pod-different-namespace.yaml", ("service-selects-nothing",), {}, True, PARTIAL),
    ("service-target-deployment-same-namespace.yaml", ("service-selects-nothing",), {}, False, None),
    ("service-target-deployment-different-namespace.yaml", ("service-selects-nothing",), {}, True, PARTIAL),
    ("service-externalname.yaml", ("service-selects-nothing",), {}, False, None),
    ("service-type-nodeport.yaml", ("service-type-exposed",), {}, True, None),
    ("service-type-clusterip.yaml", ("service-type-exposed",), {}, False, None),
    ("service-type-default.yaml", ("service-type-exposed",), {}, False, None),
    ("service-target-deployment-replica-1.yaml", ("replicas-too-few",), {}, True, None),
    ("service-target-deployment.yaml", ("replicas-too-few",), {}, False, None),
    ("service-target-deployment.yaml", ("no-rolling-update-strategy",), {}, False, None),
    ("service-target-deployment-not-rolling.yaml", ("no-rolling-update-strategy",), {}, True, None),
    ("service-target-deployment-strategy-not-set.yaml", ("no-rolling-update-strategy",), {}, True,
     "an unset strategy is RollingUpdate (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment)"),
    # score/networkpolicy_test.go
    ("networkpolicy-targets-pod.yaml", ("networkpolicy-selects-nothing",), {}, False, None),
    ("networkpolicy-targets-pod-deployment.yaml", ("networkpolicy-selects-nothing",), {}, False, None),
    ("networkpolicy-targets-pod-not-matching.yaml", ("networkpolicy-selects-nothing",), {}, True, None),
    ("networkpolicy-deployment-matching.yaml", ("networkpolicy-selects-nothing",), {}, False, None),
    ("networkpolicy-targets-all-pods.yaml", ("networkpolicy-selects-nothing",), {}, False, None),
    ("networkpolicy-not-matching.yaml", ("pod-not-isolated",), {}, True, None),
    ("networkpolicy-matching.yaml", ("pod-not-isolated",), {}, False, None),
    ("networkpolicy-matching-only-ingress.yaml", ("pod-not-isolated",), {}, True, None),
    ("networkpolicy-matching-only-egress.yaml", ("pod-not-isolated",), {}, True, None),
    ("networkpolicy-deployment-matching.yaml", ("pod-not-isolated",), {}, False, None),
    ("networkpolicy-deployment-not-matching-selector.yaml", ("pod-not-isolated",), {}, True, None),
    ("networkpolicy-statefulset-matching.yaml", ("pod-not-isolated",), {}, False, None),
    ("networkpolicy-statefulset-not-matching-selector.yaml", ("pod-not-isolated",), {}, True, None),
    ("networkpolicy-cronjob-matching.yaml", ("pod-not-isolated",), {}, False, None),
    ("networkpolicy-cronjob-not-matching-selector.yaml", ("pod-not-isolated",), {}, True, None),
    # score/ingress_test.go
    ("ingress-targets-service.yaml", ("ingress-backend-missing",), {}, False, None),
    ("ingress-targets-service-no-match.yaml", ("ingress-backend-missing",), {}, True, None),
    ("ingress-networkingv1-targets-service.yaml", ("ingress-backend-missing",), {}, False, None),
    ("ingress-networkingv1-targets-service-no-match.yaml", ("ingress-backend-missing",), {}, True, None),
    ("ingress-networkingv1beta1-targets-service.yaml", ("ingress-backend-missing",), {}, False, None),
    ("ingress-networkingv1beta1-targets-service-no-match.yaml", ("ingress-backend-missing",), {}, True, None),
    # score/hpa_test.go, score/apps_test.go
    ("hpa-has-no-target.yaml", ("hpa-target-missing",), {}, True, None),
    ("hpa-autoscalingv1-targets-deployment.yaml", ("hpa-target-missing",), {}, False, None),
    ("hpa-autoscalingv2-targets-deployment.yaml", ("hpa-target-missing",), {}, False, None),
    ("hpa-autoscalingv2beta1-targets-deployment.yaml", ("hpa-target-missing",), {}, False, None),
    ("hpa-autoscalingv2beta2-targets-deployment.yaml", ("hpa-target-missing",), {}, False, None),
    ("hpa-target-deployment.yaml", ("hpa-target-missing",), {}, False, None),
    ("hpa-min-replicas-nok.yaml", ("hpa-min-replicas-too-few",), {}, True, None),
    ("hpa-min-replicas-ok.yaml", ("hpa-min-replicas-too-few",), {}, False, None),
    ("deployment-with-hpa-has-replicas.yaml", ("replicas-with-hpa",), {}, True, None),
    ("deployment-with-hpa-not-has-replicas.yaml", ("replicas-with-hpa",), {}, False, None),
    ("deployment-host-antiaffinity-preffered.yaml", ("no-pod-anti-affinity",), {}, False, None),
    ("deployment-host-antiaffinity-preffered-selector-no-match.yaml", ("no-pod-anti-affinity",), {}, True, None),
    ("deployment-host-antiaffinity-preffered-selector-expression.yaml", ("no-pod-anti-affinity",), {}, False, None),
    ("deployment-host-antiaffinity-required.yaml", ("no-pod-anti-affinity",), {}, False, None),
    ("deployment-host-antiaffinity-not-set.yaml", ("no-pod-anti-affinity",), {}, True, None),
    ("deployment-host-antiaffinity-1-replica.yaml", ("no-pod-anti-affinity",), {}, False, None),
    ("statefulset-host-antiaffinity-preffered.yaml", ("no-pod-anti-affinity",), {}, False, None),
    ("statefulset-host-antiaffinity-required.yaml", ("no-pod-anti-affinity",), {}, False, None),
    ("statefulset-host-antiaffinity-not-set.yaml", ("no-pod-anti-affinity",), {}, True, None),
    ("statefulset-host-antiaffinity-1-replica.yaml", ("no-pod-anti-affinity",), {}, False, None),
    ("statefulset-host-antiaffinity-undefined-replicas.yaml", ("no-pod-anti-affinity",), {}, True, None),
    ("statefulset-service-name.yaml", ("statefulset-service-missing",), {}, False, None),
    ("statefulset-service-name-different-name.yaml", ("statefulset-service-missing",), {}, True, None),
    ("statefulset-service-name-different-namespace.yaml", ("statefulset-service-missing",), {}, True,
     "the input holds no Service in the StatefulSet's namespace (a partial repository); strict-references reports it"),
    ("statefulset-service-name-different-namespace.yaml", ("statefulset-service-missing",), STRICT, True, None),
    ("statefulset-service-name-not-headless.yaml", ("statefulset-service-missing",), {}, True, None),
    ("statefulset-service-name-different-label.yaml", ("statefulset-service-missing",), {}, True, None),
    # score/poddisruptionbudget_test.go
    ("deployment-poddisruptionbudget-v1beta1-matches.yaml", ("pdb-missing",), {}, False, None),
    ("deployment-poddisruptionbudget-v1beta1-expression-matches.yaml", ("pdb-missing",), {}, False, None),
    ("deployment-poddisruptionbudget-v1beta1-expression-no-match.yaml", ("pdb-missing",), {}, True, None),
    ("deployment-poddisruptionbudget-v1beta1-no-match.yaml", ("pdb-missing",), {}, True, None),
    ("deployment-poddisruptionbudget-v1-matches.yaml", ("pdb-missing",), {}, False, None),
    ("deployment-poddisruptionbudget-v1-no-match.yaml", ("pdb-missing",), {}, True, None),
    ("deployment-poddisruptionbudget-v1-different-namespace.yaml", ("pdb-missing",), {}, True, None),
    ("statefulset-poddisruptionbudget-v1beta1-matches.yaml", ("pdb-missing",), {}, False, None),
    ("statefulset-poddisruptionbudget-v1beta1-expression-matches.yaml", ("pdb-missing",), {}, False, None),
    ("statefulset-poddisruptionbudget-v1beta1-expression-no-match.yaml", ("pdb-missing",), {}, True, None),
    ("statefulset-poddisruptionbudget-v1beta1-no-match.yaml", ("pdb-missing",), {}, True, None),
    ("deployment-poddisruptionbudget-v1beta1-no-policy.yaml", ("pdb-no-policy",), {}, True, None),
    ("deployment-poddisruptionbudget-v1-no-policy.yaml", ("pdb-no-policy",), {}, True, None),
    ("deployment-poddisruptionbudget-v1-matches.yaml", ("pdb-no-policy",), {}, False, None),
    # score/podtopologyspreadconstraints_test.go
    ("pod-topology-spread-constraints-one-constraint.yaml", ("topology-spread-invalid",), {}, False, None),
    ("pod-topology-spread-constraints-two-constraints.yaml", ("topology-spread-invalid",), {}, False, None),
    ("pod-topology-spread-constraints-no-labelselector.yaml", ("topology-spread-invalid",), {}, True, None),
    ("pod-topology-spread-constraints-invalid-maxskew.yaml", ("topology-spread-invalid",), {}, True, None),
    ("pod-topology-spread-constraints-invalid-mindomains.yaml", ("topology-spread-invalid",), {}, True, None),
    ("pod-topology-spread-constraints-no-topologykey.yaml", ("topology-spread-invalid",), {}, True, None),
    ("pod-topology-spread-constraints-invalid-whenunsatisfiable.yaml", ("topology-spread-invalid",), {}, True, None),
    # score/cronjob_test.go
    ("cronjob-batchv1-deadline-not-set.yaml", ("cronjob-starting-deadline-missing",), {}, True, None),
    ("cronjob-batchv1-deadline-set.yaml", ("cronjob-starting-deadline-missing",), {}, False, None),
    ("cronjob-batchv1beta1-deadline-not-set.yaml", ("cronjob-starting-deadline-missing",), {}, True, None),
    ("cronjob-batchv1beta1-deadline-set.yaml", ("cronjob-starting-deadline-missing",), {}, False, None),
    ("cronjob-batchv1-restartpolicy-invalid.yaml", ("invalid-restart-policy",), {}, True, None),
    ("cronjob-batchv1-restartpolicy-not-set.yaml", ("invalid-restart-policy",), {}, True, None),
    ("cronjob-batchv1-restartpolicy-valid.yaml", ("invalid-restart-policy",), {}, False, None),
    ("cronjob-batchv1beta1-restartpolicy-invalid.yaml", ("invalid-restart-policy",), {}, True, None),
    ("cronjob-batchv1beta1-restartpolicy-not-set.yaml", ("invalid-restart-policy",), {}, True, None),
    ("cronjob-batchv1beta1-restartpolicy-valid.yaml", ("invalid-restart-policy",), {}, False, None),
    # score/container_test.go (optional checks)
    ("pod-env-duplicated.yaml", ("duplicate-env-var",), {}, True, None),
    ("pod-env-ok.yaml", ("duplicate-env-var",), {}, False, None),
    ("pod-container-ports-duplicate-names.yaml", ("invalid-port-name",), {}, True, None),
    ("pod-container-ports-name-too-long.yaml", ("invalid-port-name",), {}, True, None),
    # `containerPort:` left empty: the schema requires an integer
    ("pod-container-ports-missing-containerport.yaml", ("invalid-port-name", "schema-invalid"), {}, True, None),
    ("pod-container-ports-ok.yaml", ("invalid-port-name",), {}, False, None),
    ("pod-ephemeral-storage-missing-request.yaml", ("ephemeral-storage-missing",), {}, True, DEFAULTED_REQUEST),
    ("pod-ephemeral-storage-request-matches-limit.yaml", ("ephemeral-storage-missing",), {}, False, None),
]


@pytest.mark.parametrize(("name", "rules", "config", "kube_score_fails", "why"), CASES, ids=[f"{c[0]}:{c[1][0]}" for c in CASES])
def test_agrees_with_kube_score(name: str, rules: tuple, config: dict, kube_score_fails: bool, why: str | None) -> None:
    report = lint_files([KUBE_SCORE / name], select=list(rules), config=config or None)
    fired = any(finding.name in rules for finding in report.findings)
    expected = kube_score_fails if why is None else not kube_score_fails
    assert fired == expected, f"{name}: kube-score {'fails' if kube_score_fails else 'passes'} it, k8slint {'fired' if fired else 'did not fire'}"
