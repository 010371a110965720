"""Pod Security rules: the peers' known bugs, versions, and namespace-aware levels."""

from k8slint.model import Settings, Severity
from k8slint.podsecurity import CHECKS, RESTRICTED, checks_at, policy_version
from tests.helpers import lint, messages, positions


def pod(spec: str, metadata: str = "{name: web}") -> str:
    return f"apiVersion: v1\nkind: Pod\nmetadata: {metadata}\nspec:\n{spec}"


def rules_of(report):
    return sorted((f.name, f.line) for f in report.findings)


# -- the peers' bugs, each a test (best-practice catalog, rows A1-A20)


def test_net_raw_is_kept_by_a_container_without_a_capabilities_block():
    """kube-linter's drop-net-raw-capability only looks at containers that have `capabilities`."""
    text = pod("  containers:\n    - name: web\n      image: nginx:1.27\n")
    assert messages(text, "capabilities-drop-all") == ['container "web" does not drop "ALL" capabilities']
    assert positions(text, "capabilities-drop-all") == [(6, 13)]


def test_lowercase_all_is_not_all_for_pod_security():
    """Polaris accepts `drop: [all]` (FairwindsOps/polaris#617); admission compares case-sensitively."""
    text = pod("  containers:\n    - name: web\n      image: nginx:1.27\n"
               "      securityContext:\n        capabilities: {drop: [all]}\n")
    assert messages(text, "capabilities-drop-all") == [
        'container "web" does not drop "ALL" capabilities ("all" is not "ALL": Pod Security compares case-sensitively)'
    ]


def test_a_safe_sysctl_that_kube_linter_flags_is_quiet_and_ones_it_misses_fire():
    text = pod("  securityContext:\n    sysctls:\n      - {name: net.ipv4.ip_local_port_range, value: '1 2'}\n"
               "      - {name: vm.swappiness, value: '1'}\n      - {name: kernel.core_pattern, value: x}\n"
               "  containers:\n    - {name: web, image: 'nginx:1.27'}\n")
    assert positions(text, "unsafe-sysctl") == [(8, 16), (9, 16)]


def test_a_pod_level_privileged_field_does_not_exist_and_is_not_read():
    """Polaris also tests a pod-level `securityContext.privileged`, which PodSecurityContext lacks."""
    text = pod("  securityContext: {privileged: true}\n  containers:\n    - {name: web, image: 'nginx:1.27'}\n")
    assert positions(text, "privileged-container") == []


def test_ephemeral_and_init_containers_are_visited_like_admission_does():
    """kube-score and Polaris skip ephemeral containers; kube-score's seccomp check skips init containers."""
    text = pod("  securityContext: {}\n  initContainers:\n    - name: init\n      image: busybox:1.36\n"
               "      securityContext: {procMount: Unmasked}\n"
               "  containers:\n    - {name: web, image: 'nginx:1.27'}\n"
               "  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n"
               "      securityContext: {procMount: Unmasked}\n")
    assert positions(text, "proc-mount-unmasked") == [(9, 36), (15, 36)]
    assert [m.split(" sets")[0] for m in messages(text, "proc-mount-unmasked")] == [
        'init container "init"', 'ephemeral container "debug"']
    assert len(messages(text, "seccomp-profile-missing")) == 3


def test_a_non_zero_run_as_user_without_run_as_non_root_is_rejected():
    """open-policy-agent/gatekeeper-library#658: PSS rejects runAsUser: 1 without runAsNonRoot;
    kube-linter and Polaris accept it."""
    text = pod("  securityContext: {runAsUser: 1}\n  containers:\n    - {name: web, image: 'nginx:1.27'}\n")
    assert messages(text, "run-as-non-root") == ['container "web" does not set runAsNonRoot: true, nor does the pod']


def test_accept_non_zero_run_as_user_gives_kube_linter_semantics():
    """The option `acceptNonZeroRunAsUser` (catalog row A17): a non-zero effective runAsUser passes."""
    text = pod("  securityContext: {runAsUser: 1}\n  containers:\n    - {name: web, image: 'nginx:1.27'}\n")
    config = {"rules": {"run-as-non-root": {"acceptNonZeroRunAsUser": True}}}
    assert messages(text, "run-as-non-root", config=config) == []


def test_run_as_non_root_with_user_zero_is_left_to_run_as_user_root():
    """kube-linter reports runAsNonRoot: true with runAsUser: 0 (the kubelet refuses to start it);
    with run-as-user-root on, that rule reports the runAsUser: 0 once."""
    text = pod("  containers:\n    - name: web\n      image: nginx:1.27\n"
               "      securityContext: {runAsNonRoot: true, runAsUser: 0}\n")
    config = {"rules": {"run-as-non-root": {"acceptNonZeroRunAsUser": True}}}
    alone = lint(text, select=["run-as-non-root"], config=config)
    assert rules_of(alone) == [("run-as-non-root", 8)]
    both = lint(text, select=["run-as-non-root", "run-as-user-root"], config=config)
    assert rules_of(both) == [("run-as-user-root", 8)]


def test_options_leave_namespace_pod_security_to_admission_semantics():
    """An enforcing namespace is judged as admission judges it, whatever the per-check rules' options."""
    text = pod("  securityContext: {runAsUser: 1000}\n  containers:\n    - {name: web, image: 'nginx:1.27'}\n",
               "{name: web, namespace: team}")
    config = {"rules": {"run-as-non-root": {"acceptNonZeroRunAsUser": True},
                        "allow-privilege-escalation": {"requireExplicitFalse": False}}}
    report = namespaced("    pod-security.kubernetes.io/enforce: restricted\n", text, config=config,
                        select=["namespace-pod-security", "run-as-non-root", "allow-privilege-escalation"])
    rules = sorted(f.message.split("(")[1].split(")")[0] for f in report.findings)
    assert rules == ["allow-privilege-escalation", "capabilities-drop-all", "run-as-non-root", "seccomp-profile-missing"]
    assert {f.name for f in report.findings} == {"namespace-pod-security"}


def test_host_ports_defaulted_by_host_network_are_not_reported_twice():
    """On hostNetwork Pods the API server defaults hostPort to containerPort; only host-network reports it."""
    text = pod("  hostNetwork: true\n  containers:\n    - name: web\n      image: nginx:1.27\n"
               "      ports: [{containerPort: 80}]\n")
    assert rules_of(lint(text, select=["host-network", "host-port"])) == [("host-network", 5)]


def test_capability_spelling_gets_a_hint_like_the_runtime_accepts():
    text = pod("  containers:\n    - name: web\n      image: nginx:1.27\n"
               "      securityContext:\n        capabilities: {add: [CAP_CHOWN, sys_admin]}\n")
    assert messages(text, "capabilities-beyond-baseline") == [
        'container "web" adds capability "CAP_CHOWN" (Pod Security compares names exactly: write "CHOWN")',
        'container "web" adds capability "sys_admin"',
    ]


def test_restricted_checks_replace_the_baseline_ones_they_override():
    """With pss-restricted on, a hostPath volume is reported once, by restricted-volume-type."""
    text = pod("  containers:\n    - {name: web, image: 'nginx:1.27'}\n  volumes:\n    - {name: h, hostPath: {path: /}}\n")
    assert rules_of(lint(text, select=["host-path-volume"])) == [("host-path-volume", 8)]
    both = lint(text, select=["host-path-volume", "restricted-volume-type"])
    assert rules_of(both) == [("restricted-volume-type", 8)]


def test_capabilities_are_not_superseded_where_the_restricted_check_does_not_exist_yet():
    text = pod("  containers:\n    - name: web\n      image: nginx:1.27\n"
               "      securityContext:\n        capabilities: {add: [SYS_ADMIN]}\n")
    config = {"kubernetesVersion": "1.21"}
    report = lint(text, select=["capabilities-beyond-baseline", "capabilities-drop-all"], config=config)
    assert rules_of(report) == [("capabilities-beyond-baseline", 9)]


def test_windows_pods_are_exempt_from_the_linux_only_checks_from_1_25():
    text = pod("  os: {name: windows}\n  containers:\n    - {name: web, image: 'nanoserver:ltsc2022'}\n")
    rules = ["allow-privilege-escalation", "capabilities-drop-all", "seccomp-profile-missing"]
    assert lint(text, select=rules, config={"kubernetesVersion": "1.25"}).findings == []
    assert len(lint(text, select=rules, config={"kubernetesVersion": "1.24"}).findings) == 3


def test_every_pss_check_has_a_rule():
    from k8slint.registry import lookup

    assert all(lookup(check.rule) is not None for check in CHECKS)
    restricted = {check.id for check in checks_at(RESTRICTED, (1, 35))}
    assert "procMount_restricted" in restricted and "procMount" not in restricted
    assert "hostPathVolumes" not in restricted and "capabilities_baseline" not in restricted


# -- namespace-aware Pod Security

NAMESPACE = """\
apiVersion: v1
kind: Namespace
metadata:
  name: team
  labels:
{labels}
---
"""
SYSCTL_POD = pod(
    "  securityContext:\n    sysctls:\n      - {name: net.ipv4.tcp_keepalive_time, value: '600'}\n"
    "  containers:\n    - {name: web, image: 'nginx:1.27'}\n",
    "{name: web, namespace: team}",
)


def namespaced(labels: str, text: str = SYSCTL_POD, config: dict | None = None, select=None):
    return lint(NAMESPACE.format(labels=labels) + text, select=select or ["namespace-pod-security", "unsafe-sysctl"],
                config=config)


def test_the_namespace_version_selects_the_policy():
    pinned = namespaced("    pod-security.kubernetes.io/enforce: baseline\n"
                        "    pod-security.kubernetes.io/enforce-version: v1.28\n")
    assert [(f.name, f.severity) for f in pinned.findings] == [("namespace-pod-security", Severity.ERROR)]
    assert pinned.findings[0].message == (
        'sysctl "net.ipv4.tcp_keepalive_time" is not in the allow-list of policy v1.28 (allowed from policy v1.29) '
        '(unsafe-sysctl): namespace "team" enforces pod security "baseline" (v1.28), so admission rejects the Pod'
    )
    latest = namespaced("    pod-security.kubernetes.io/enforce: baseline\n")
    assert latest.findings == []


def test_latest_and_pins_newer_than_the_cluster_follow_the_configured_version():
    labels = "    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.40\n"
    assert len(namespaced(labels, config={"kubernetesVersion": "1.28"}).findings) == 1
    assert policy_version("latest", Settings(kubernetes_version=(1, 30))) == (1, 30)
    assert policy_version("v1.2x", Settings(kubernetes_version=(1, 30))) == (1, 30)


def test_per_check_rules_leave_labelled_namespaces_to_the_namespace_rule():
    report = namespaced("    pod-security.kubernetes.io/audit: baseline\n    pod-security.kubernetes.io/audit-version: v1.28\n")
    assert [(f.name, f.severity) for f in report.findings] == [("namespace-pod-security", Severity.INFO)]
    assert "audits at pod security" in report.findings[0].message


def test_a_namespace_allowing_everything_reports_nothing_even_for_default_rules():
    report = namespaced("    pod-security.kubernetes.io/enforce: privileged\n", config={"kubernetesVersion": "1.28"})
    assert report.findings == []


def test_without_labels_the_per_check_rule_reports_at_the_configured_version():
    report = namespaced("    team: a\n", config={"kubernetesVersion": "1.28"})
    assert rules_of(report) == [("unsafe-sysctl", 15)]
    assert namespaced("    team: a\n", config={"kubernetesVersion": "1.29"}).findings == []


def test_restricted_namespaces_are_checked_at_restricted_without_the_profile():
    text = pod("  containers:\n    - {name: web, image: 'nginx:1.27'}\n", "{name: web, namespace: team}")
    report = namespaced("    pod-security.kubernetes.io/enforce: restricted\n", text)
    rules = sorted(f.message.split("(")[1].split(")")[0] for f in report.findings)
    assert rules == ["allow-privilege-escalation", "capabilities-drop-all", "run-as-non-root", "seccomp-profile-missing"]


def test_the_strongest_mode_wins_and_each_field_is_reported_once():
    labels = ("    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: baseline\n"
              "    pod-security.kubernetes.io/audit: restricted\n    pod-security.kubernetes.io/enforce-version: v1.28\n"
              "    pod-security.kubernetes.io/warn-version: v1.28\n    pod-security.kubernetes.io/audit-version: v1.28\n")
    text = SYSCTL_POD.replace("containers:", "hostPID: true\n  containers:")
    report = namespaced(labels, text)
    errors = sorted(f.message.split(" (")[0] for f in report.findings if f.severity == Severity.ERROR)
    assert errors == ["hostPID is true: the Pods share the node's process namespace",
                      'sysctl "net.ipv4.tcp_keepalive_time" is not in the allow-list of policy v1.28']
    infos = sorted(f.message.split("(")[1].split(")")[0] for f in report.findings if f.severity == Severity.INFO)
    assert infos == ["allow-privilege-escalation", "capabilities-drop-all", "run-as-non-root", "seccomp-profile-missing"]


def test_objects_without_namespace_land_in_the_default_namespace():
    text = pod("  hostPID: true\n  containers:\n    - {name: web, image: 'nginx:1.27'}\n")
    labels = "    pod-security.kubernetes.io/enforce: baseline\n"
    report = lint(NAMESPACE.format(labels=labels) + text, select=["namespace-pod-security", "host-pid"],
                  config={"defaultNamespace": "team"})
    assert [f.name for f in report.findings] == ["namespace-pod-security"]


def test_an_unknown_level_is_not_a_label_admission_would_apply():
    report = namespaced("    pod-security.kubernetes.io/enforce: strict\n", config={"kubernetesVersion": "1.28"})
    assert rules_of(report) == [("unsafe-sysctl", 15)]
