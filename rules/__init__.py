"""Every rule k8slint ships: one module each, grouped by family in sub-packages, listed explicitly.

A family is a sub-package (its docstring names the family and its code range). Adding a rule means one
module in its family, its name in `FAMILIES` below, and one fixture; then `python -m tests.test_registry`
regenerates the rule catalog (`k8slint/rule_catalog.py`) and the docs. Tests check that every module is
listed here and that the catalog is fresh.

Nothing here is imported at start-up: the core reads each rule's metadata from the catalog and imports a
rule's module only when the rule runs (`k8slint.registry`). `RULES` imports them all, for tests and tools.
"""

FAMILIES = {
    "input": (
        "duplicate_key",
        "invalid_document",
        "invalid_yaml",
        "not_rendered",
        "render_failed",
        "unreadable_file",
        "unrendered_template",
        "unsupported_yaml",
        "unsubstituted_variable",
    ),
    "metadata": (
        "duplicate_object",
        "invalid_label",
        "invalid_name",
        "missing_required_field",
        "namespace_on_cluster_scoped",
    ),
    "conventions": (
        "default_namespace",
        "instance_label_mismatch",
        "required_label",
    ),
    "selectors": (
        "invalid_selector",
        "job_selector_rejected",
        "missing_selector",
        "pod_matched_by_controller",
        "selector_overlap",
        "selector_template_mismatch",
        "service_selects_nothing",
    ),
    "podspec": (
        "deprecated_service_account_field",
        "duplicate_env_var",
        "invalid_port_name",
        "invalid_restart_policy",
        "native_sidecar_probe_misuse",
        "resource_request_exceeds_limit",
    ),
    "references": (
        "configmap_secret_ref_missing",
        "hpa_target_missing",
        "ingress_backend_missing",
        "networkpolicy_peer_selects_nothing",
        "networkpolicy_selects_nothing",
        "pdb_selects_nothing",
        "pvc_missing",
        "service_account_missing",
        "service_target_port_unresolved",
        "statefulset_service_missing",
    ),
    "network": (
        "ingress_tls_missing",
        "pod_not_isolated",
        "privileged_port",
        "service_type_exposed",
        "ssh_port",
    ),
    "rbac": (
        "binding_to_admin_role",
        "rbac_create_pods",
        "rbac_pod_exec_attach",
        "rbac_secrets_access",
        "rbac_wildcard",
        "role_binding_role_missing",
    ),
    "availability": (
        "hpa_max_not_above_min",
        "hpa_min_replicas_too_few",
        "no_pod_anti_affinity",
        "no_rolling_update_strategy",
        "pdb_min_available_blocks_eviction",
        "pdb_missing",
        "pdb_no_policy",
        "pdb_unhealthy_eviction_policy",
        "pdb_zero_disruptions",
        "replicas_too_few",
        "replicas_with_hpa",
        "topology_spread_invalid",
        "topology_spread_missing",
    ),
    "scheduling": (
        "cronjob_starting_deadline_missing",
        "dns_config_options",
        "job_ttl_seconds_after_finished",
        "node_affinity_missing",
        "priority_class_name",
    ),
    "images": (
        "deprecated_registry",
        "image_not_pinned_by_digest",
        "image_pull_policy_not_always",
        "image_tag_mutable",
    ),
    "podsecurity": (
        "allow_privilege_escalation",
        "apparmor_profile_disallowed",
        "capabilities_beyond_baseline",
        "capabilities_drop_all",
        "host_ipc",
        "host_network",
        "host_path_volume",
        "host_pid",
        "host_port",
        "namespace_pod_security",
        "privileged_container",
        "probe_or_lifecycle_host",
        "proc_mount_unmasked",
        "restricted_volume_type",
        "run_as_non_root",
        "run_as_user_root",
        "seccomp_profile_missing",
        "seccomp_profile_unconfined",
        "selinux_options_disallowed",
        "unsafe_sysctl",
        "windows_host_process",
    ),
    "hardening": (
        "automount_service_account_token",
        "container_runtime_socket_mount",
        "default_service_account",
        "linux_hardening_missing",
        "low_user_group_id",
        "net_raw_not_dropped",
        "read_only_root_filesystem",
        "run_as_group_root",
        "scc_allows_privileged",
        "sensitive_host_mount",
        "writable_host_mount",
    ),
    "secrets": (
        "env_secret_literal",
        "secret_in_env",
        "sensitive_configmap_data",
    ),
    "resources": (
        "cpu_limit_missing",
        "cpu_request_missing",
        "ephemeral_storage_missing",
        "memory_limit_missing",
        "memory_request_missing",
        "requests_not_equal_limits",
    ),
    "probes": (
        "liveness_probe_missing",
        "probe_port_not_exposed",
        "probes_identical",
        "readiness_probe_missing",
    ),
    "schemas": (
        "admission_policy_denied",
        "crd_invalid",
        "deprecated_api_version",
        "schema_invalid",
        "unknown_kind",
    ),
    "apf": (
        "flowschema_dangling_priority_level",
        "flowschema_exempt_too_broad",
        "flowschema_invalid",
        "flowschema_overrides_builtin",
        "flowschema_precedence_tie",
        "flowschema_rule_never_matches",
        "flowschema_shadowed",
        "prioritylevel_invalid",
        "prioritylevel_weak_isolation",
    ),
    "tracing": (
        "etcd_tracing_flags",
        "otel_deprecated_exporter",
        "otel_deprecated_option",
        "otel_empty_pipeline",
        "otel_receiver_localhost",
        "otel_undefined_component",
        "tracing_config_invalid",
        "tracing_config_not_mounted",
        "tracing_endpoint_mismatch",
        "tracing_feature_gate",
        "tracing_sampling_all",
    ),
    "logging": (
        "fluentd_config_invalid",
        "fluentd_deprecated_syntax",
        "fluentd_pos_file_not_persistent",
        "fluentd_unreachable_match",
        "logging_agent_config_missing",
        "sidecar_blocks_job_completion",
        "sidecar_log_file_not_shared",
        "sidecar_tail_follows_descriptor",
        "streaming_sidecar_duplicates_logs",
    ),
    "metrics": (
        "heapster_retired",
        "kubelet_read_only_port",
        "metric_labels_manifest_not_mounted",
        "metrics_feature_gate",
        "metrics_flag_invalid",
        "metrics_flag_unknown",
        "metrics_rbac_missing",
        "metrics_server_insecure_tls",
        "monitor_port_not_found",
        "monitor_selects_nothing",
        "prometheus_config_invalid",
        "prometheus_kubelet_scrape",
        "prometheusrule_invalid",
        "show_hidden_metrics_version",
    ),
    "suppressions": (
        "invalid_suppression",
        "unused_suppression",
    ),
}


def module_names() -> tuple[str, ...]:
    """Every rule module's full name, family by family."""
    return tuple(f"{__name__}.{family}.{module}" for family, modules in FAMILIES.items() for module in modules)


def __getattr__(name: str):
    if name == "RULES":
        import importlib

        return tuple(importlib.import_module(module) for module in module_names())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
