"""Conformance with kube-linter's own test cases (`tests/checks/<check>.yml`, in the shared corpus, with the
reports its e2e tests `e2e/check.bats` expect): every object of the kinds the check reports on that is
named `dont-fire...` gets no finding of the matching k8slint rules (docs/crosswalk.md), every other one
gets at least one; where the names do not say, the case lists the objects kube-linter reports. For the
probe port checks a case is a container. OpenShift DeploymentConfigs, which kube-linter knows natively,
are mapped with `podTemplates:`.

Where k8slint deliberately disagrees with kube-linter, the case is listed in `DISAGREEMENTS` with the
reason; every other case must agree. Skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from k8slint.loader import load_text
from tests.helpers import lint_files

KUBE_LINTER = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "stackrox__kube-linter" / "tests" / "checks"

pytestmark = pytest.mark.skipif(not KUBE_LINTER.is_dir(), reason="../shared/corpus (kube-linter's test cases) is not present")

WORKLOADS = frozenset({"Deployment", "DeploymentConfig", "StatefulSet", "DaemonSet", "Pod", "Job", "CronJob", "ReplicaSet",
                       "ReplicationController"})
CARRIER_KINDS = ["Pod", "PodTemplate", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job",
                 "CronJob", "DeploymentConfig"]


class Check(NamedTuple):
    """The k8slint rules a kube-linter check maps to, the configuration that gives its semantics, the kinds
    kube-linter reports on (None: every object of the file), and the objects it reports when their names
    do not say (`index:Kind/name`)."""

    rules: tuple[str, ...]
    config: dict = {}
    judged: frozenset[str] | None = None
    fires: frozenset[str] | None = None


def _options(rule: str, **options) -> dict:
    return {"rules": {rule: options}}


CHECKS = {
    "access-to-create-pods": Check(("rbac-create-pods",), judged=frozenset({"RoleBinding"})),
    "access-to-secrets": Check(("rbac-secrets-access",), judged=frozenset({"RoleBinding"})),
    "cluster-admin-role-binding": Check(("binding-to-admin-role",)),
    "dangling-hpa": Check(("hpa-target-missing",), judged=frozenset({"HorizontalPodAutoscaler"}),
                          fires=frozenset({"3:HorizontalPodAutoscaler/hpa1"})),
    "dangling-ingress": Check(("ingress-backend-missing",), judged=frozenset({"Ingress"})),
    "dangling-networkpolicy": Check(("networkpolicy-selects-nothing",)),
    "dangling-networkpolicypeer-podselector": Check(("networkpolicy-peer-selects-nothing",)),
    "dangling-service": Check(("service-selects-nothing",), judged=frozenset({"Service"})),
    "dangling-servicemonitor": Check(("monitor-selects-nothing",), judged=frozenset({"ServiceMonitor"}),
                                     fires=frozenset({"5:ServiceMonitor/app1", "7:ServiceMonitor/app2",
                                                      "9:ServiceMonitor/app1", "11:ServiceMonitor/app1"})),
    "default-service-account": Check(("default-service-account",)),
    "deprecated-service-account-field": Check(("deprecated-service-account-field",)),
    "dnsconfig-options-ndots": Check(("dns-config-options",)),
    "docker-sock": Check(("container-runtime-socket-mount",)),
    "drop-net-raw-capability": Check(("net-raw-not-dropped",)),
    "duplicate-env-var": Check(("duplicate-env-var",)),
    "env-var-secret": Check(("env-secret-literal",)),
    "env-var-value-from": Check(("configmap-secret-ref-missing",), judged=WORKLOADS,
                                fires=frozenset({"1:Deployment/should-fire-secret", "6:Deployment/should-fire-configmap",
                                                 "10:Deployment/should-fire-missing-configmap",
                                                 "11:Deployment/should-fire-missing-secret"})),
    "exposed-services": Check(("service-type-exposed",), _options("service-type-exposed", forbidden=["NodePort", "LoadBalancer"])),
    "host-ipc": Check(("host-ipc",)),
    "host-network": Check(("host-network",)),
    "host-pid": Check(("host-pid",)),
    "hpa-minimum-three-replicas": Check(("hpa-min-replicas-too-few",), _options("hpa-min-replicas-too-few", minReplicas=3)),
    "invalid-target-ports": Check(("invalid-port-name",),
                                  fires=frozenset({"0:Service/invalid-target-ports", "1:Deployment/invalid-target-ports"})),
    "job-ttl-seconds-after-finished": Check(("job-ttl-seconds-after-finished",),
                                            fires=frozenset({"0:Job/bad-job", "2:CronJob/bad-cronjob"})),
    "latest-tag": Check(("image-tag-mutable",)),
    "liveness-port": Check(("probe-port-not-exposed",), _options("probe-port-not-exposed", numericPorts=True)),
    "minimum-three-replicas": Check(("replicas-too-few",), _options("replicas-too-few", minReplicas=3,
                                                                    kinds=["Deployment", "DeploymentConfig"])),
    "no-anti-affinity": Check(("no-pod-anti-affinity",)),
    "no-liveness-probe": Check(("liveness-probe-missing",), _options("liveness-probe-missing", onlyWhenSelectedByService=False)),
    "no-node-affinity": Check(("node-affinity-missing",)),
    "no-read-only-root-fs": Check(("read-only-root-filesystem",)),
    "no-readiness-probe": Check(("readiness-probe-missing",), _options("readiness-probe-missing", onlyWhenSelectedByService=False)),
    "no-rolling-update-strategy": Check(("no-rolling-update-strategy",),
                                        fires=frozenset({"0:Deployment/app1", "1:DeploymentConfig/app2"})),
    "non-existent-service-account": Check(("service-account-missing",), judged=WORKLOADS),
    # kube-linter's semantics: any NetworkPolicy selecting the Pods isolates them (for ingress, by default)
    "non-isolated-pod": Check(("pod-not-isolated",), _options("pod-not-isolated", require=["Ingress"]), judged=WORKLOADS),
    "pdb-max-unavailable": Check(("pdb-zero-disruptions",), fires=frozenset({"1:PodDisruptionBudget/foo"})),
    "pdb-min-available": Check(("pdb-zero-disruptions", "pdb-min-available-blocks-eviction"), judged=frozenset({"PodDisruptionBudget"})),
    "pdb-unhealthy-pod-eviction-policy": Check(("pdb-unhealthy-eviction-policy",)),
    "priority-class-name": Check(("priority-class-name",),
                                 _options("priority-class-name", allowed=["system-cluster-critical", "system-node-critical"])),
    # kube-linter's semantics: only an explicit true, privileged or SYS_ADMIN
    "privilege-escalation-container": Check(("allow-privilege-escalation",),
                                            _options("allow-privilege-escalation", requireExplicitFalse=False)),
    "privileged-container": Check(("privileged-container",)),
    "privileged-ports": Check(("privileged-port",)),
    "read-secret-from-env-var": Check(("secret-in-env",)),
    "readiness-port": Check(("probe-port-not-exposed",), _options("probe-port-not-exposed", numericPorts=True)),
    "required-annotation-email": Check(("required-label",), _options(
        "required-label", labels={}, annotations={"email": r"[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+"}, kinds=CARRIER_KINDS)),
    "required-label-owner": Check(("required-label",), _options("required-label", kinds=CARRIER_KINDS)),
    "restart-policy": Check(("invalid-restart-policy",)),
    # kube-linter's run-as-non-root also reports group 0 (stackrox/kube-linter PR #1178)
    "run-as-non-root": Check(("run-as-non-root", "run-as-group-root"), _options("run-as-non-root", acceptNonZeroRunAsUser=True)),
    "scc-deny-privileged-container": Check(("scc-allows-privileged",)),
    "sensitive-host-mounts": Check(("sensitive-host-mount",)),
    "ssh-port": Check(("ssh-port",)),
    "startup-port": Check(("probe-port-not-exposed",), _options("probe-port-not-exposed", numericPorts=True)),
    "unsafe-proc-mount": Check(("proc-mount-unmasked",)),
    "unsafe-sysctls": Check(("unsafe-sysctl",)),
    "unset-cpu-requirements": Check(("cpu-request-missing",)),
    "unset-memory-requirements": Check(("memory-limit-missing",)),
    "use-namespace": Check(("default-namespace",), _options("default-namespace", flagUnset=True)),
    "wildcard-in-rules": Check(("rbac-wildcard",), fires=frozenset({"1:Role/role1"})),
    "writable-host-mount": Check(("writable-host-mount",)),
}
BY_CONTAINER = {"liveness-port", "readiness-port", "startup-port"}  # cases are named by container

# (check, case) -> why k8slint's answer differs from kube-linter's
UDP_NAME = (
    "the kubelet resolves a named probe port whatever its protocol (prober.go findPortByName), and a process "
    "may serve TCP on the port it declares for UDP (DNS servers do): not certain to fail, so not reported"
)
PARTIAL = (
    "the input holds no object the reference could select in that namespace (a partial repository): k8slint "
    "reports a missing reference only when the apply set holds objects of that kind there, or under the "
    "strict-references profile"
)
DEPLOYMENT_CONFIG_REPLICAS = (
    "k8slint knows the replica counts of the built-in controllers only (k8slint.availability.replicas); a "
    "DeploymentConfig is a custom resource to it"
)
ONLY_ALWAYS = (
    "the API server accepts only restartPolicy Always in the Pod template of a Deployment, DaemonSet, ReplicaSet "
    "or ReplicationController (pkg/apis/apps/validation, pkg/apis/core/validation ValidatePodTemplateSpec...)"
)
NOT_ALWAYS = "the API server rejects restartPolicy Always in a Job's Pod template (pkg/apis/batch/validation: OnFailure or Never)"
NEVER_VALID = "restartPolicy Never is valid for a Pod, a Job and a CronJob; kube-linter requires Always or OnFailure everywhere"
DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("drop-net-raw-capability", "0:Deployment/dont-fire"): "an empty capabilities block drops nothing: NET_RAW is kept",
    ("drop-net-raw-capability", "1:DeploymentConfig/dont-fire"): "an empty capabilities block drops nothing",
    ("liveness-port", "fire-deployment-udp"): UDP_NAME,
    ("readiness-port", "fire-deployment-udp"): UDP_NAME,
    ("startup-port", "fire-deployment-udp"): UDP_NAME,
    ("dangling-networkpolicy", "0:NetworkPolicy/app"): PARTIAL,
    ("dangling-networkpolicypeer-podselector", "0:NetworkPolicy/app"): PARTIAL,
    ("dangling-servicemonitor", "1:ServiceMonitor/dont-fire"): (
        "without a namespaceSelector a ServiceMonitor selects Services of its own namespace only (prometheus-operator "
        "pkg/prometheus/promcfg.go getNamespacesFromNamespaceSelector); the only matching Service is in \"dontfire\""
    ),
    ("dangling-servicemonitor", "9:ServiceMonitor/app1"): PARTIAL,
    ("dangling-servicemonitor", "11:ServiceMonitor/app1"): PARTIAL,
    ("minimum-three-replicas", "3:DeploymentConfig/app"): DEPLOYMENT_CONFIG_REPLICAS,
    ("no-anti-affinity", "3:DeploymentConfig/app2"): DEPLOYMENT_CONFIG_REPLICAS,
    ("no-rolling-update-strategy", "0:Deployment/app1"): (
        "strategy type Other is not a Deployment strategy: the API server rejects it, and schema-invalid reports it; "
        "this rule judges the valid non-rolling type, Recreate"
    ),
    ("no-rolling-update-strategy", "1:DeploymentConfig/app2"): "OpenShift's DeploymentConfig strategies are not modelled",
    ("pdb-min-available", "0:PodDisruptionBudget/baz"): (
        "Deployment foo has no Pod template (the API server requires spec.template), so no Pods carry the labels the "
        "budget selects; kube-linter reads the Deployment's selector as its Pods' labels"
    ),
    ("restart-policy", "7:Deployment/dont-fire-deployment-on-failure"): ONLY_ALWAYS,
    ("restart-policy", "9:DaemonSet/dont-fire-daemonset-on-failure"): ONLY_ALWAYS,
    ("restart-policy", "10:ReplicaSet/dont-fire-replicaset-on-failure"): ONLY_ALWAYS,
    ("restart-policy", "11:ReplicationController/dont-fire-replicationcontroller-on-failure"): ONLY_ALWAYS,
    ("restart-policy", "5:Job/dont-fire-job-always"): NOT_ALWAYS,
    ("restart-policy", "6:CronJob/dont-fire-cronjob-always"): NOT_ALWAYS,
    ("restart-policy", "15:Pod/fire-pod-never"): NEVER_VALID,
    ("restart-policy", "19:Job/fire-job-never"): NEVER_VALID,
    ("restart-policy", "20:CronJob/fire-cronjob-never"): NEVER_VALID,
}


def _file(check: str) -> Path:
    return next(KUBE_LINTER.glob(f"{check}.y*ml"))


@functools.cache
def _outcomes(check: str) -> dict[str, tuple[bool, bool]]:
    """case name -> (whether kube-linter reports it, whether the k8slint rules fired on it)."""
    spec = CHECKS[check]
    config = {"podTemplates": {"DeploymentConfig": "spec.template"}, **spec.config}
    report = lint_files([_file(check)], select=list(spec.rules), config=config)
    findings = [finding for finding in report.findings if finding.name in spec.rules]
    text = _file(check).read_text()
    if check in BY_CONTAINER:
        fired = {re.search(r'container "([^"]+)"', finding.message).group(1) for finding in findings}
        names = re.findall(r"^\s*- name: ((?:dont-)?fire[-\w]*)", text, re.MULTILINE)
        return {name: ("dont-fire" not in name, name in fired) for name in names}
    cases = {}
    for document in load_text(text).documents:
        value = document.value
        if not isinstance(value, dict) or (spec.judged is not None and value.get("kind") not in spec.judged):
            continue
        name = (value.get("metadata") or {}).get("name")
        case = f"{document.index}:{value.get('kind')}/{name}"
        reported = case in spec.fires if spec.fires is not None else "dont-fire" not in str(name)
        cases[case] = (reported, any(f.obj is not None and f.obj.document == document.index for f in findings))
    return cases


CASES = [(check, case) for check in sorted(CHECKS) if KUBE_LINTER.is_dir() for case in _outcomes(check)]


@pytest.mark.parametrize(("check", "case"), CASES, ids=lambda value: value)
def test_agrees_with_kube_linter(check: str, case: str) -> None:
    kube_linter_fires, fired = _outcomes(check)[case]
    if (check, case) in DISAGREEMENTS:
        assert fired != kube_linter_fires, f"{check} {case} now agrees with kube-linter: drop it from DISAGREEMENTS"
    else:
        assert fired == kube_linter_fires, f"{check} {case}: kube-linter {'fires' if kube_linter_fires else 'passes'}, k8slint {'fired' if fired else 'did not fire'}"


def test_every_disagreement_is_a_case() -> None:
    assert set(DISAGREEMENTS) <= set(CASES)
