"""Every rule k8slint ships: one module each, grouped by family in sub-packages, listed explicitly.

A family is a sub-package (its docstring names the family and its code range). Adding a rule means one
module in its family, one name in the import list and in `RULES` below, and one fixture; tests check
that every module is listed here.
"""

from k8slint.rules.input import (
    duplicate_key,
    invalid_document,
    invalid_yaml,
    unreadable_file,
    unrendered_template,
    unsupported_yaml,
)
from k8slint.rules.metadata import (
    duplicate_object,
    invalid_label,
    invalid_name,
    missing_required_field,
    namespace_on_cluster_scoped,
)
from k8slint.rules.selectors import (
    invalid_selector,
    missing_selector,
    pod_matched_by_controller,
    selector_overlap,
    selector_template_mismatch,
    service_selects_nothing,
)
from k8slint.rules.images import (
    deprecated_registry,
)
from k8slint.rules.schemas import (
    crd_invalid,
    deprecated_api_version,
    schema_invalid,
    unknown_kind,
)
from k8slint.rules.apf import (
    flowschema_dangling_priority_level,
    flowschema_exempt_too_broad,
    flowschema_invalid,
    flowschema_overrides_builtin,
    flowschema_precedence_tie,
    flowschema_rule_never_matches,
    flowschema_shadowed,
    prioritylevel_invalid,
    prioritylevel_weak_isolation,
)
from k8slint.rules.tracing import (
    etcd_tracing_flags,
    otel_deprecated_exporter,
    otel_deprecated_option,
    otel_empty_pipeline,
    otel_receiver_localhost,
    otel_undefined_component,
    tracing_config_invalid,
    tracing_config_not_mounted,
    tracing_endpoint_mismatch,
    tracing_feature_gate,
    tracing_sampling_all,
)
from k8slint.rules.logging import (
    fluentd_config_invalid,
    fluentd_deprecated_syntax,
    fluentd_pos_file_not_persistent,
    fluentd_unreachable_match,
    logging_agent_config_missing,
    sidecar_blocks_job_completion,
    sidecar_log_file_not_shared,
    sidecar_tail_follows_descriptor,
    streaming_sidecar_duplicates_logs,
)
from k8slint.rules.metrics import (
    metric_labels_manifest_not_mounted,
    metrics_flag_invalid,
    metrics_rbac_missing,
    monitor_port_not_found,
    monitor_selects_nothing,
    prometheus_config_invalid,
    prometheus_kubelet_scrape,
    prometheusrule_invalid,
    show_hidden_metrics_version,
)
from k8slint.rules.suppressions import (
    invalid_suppression,
    unused_suppression,
)

RULES = (
    crd_invalid,
    deprecated_api_version,
    deprecated_registry,
    duplicate_key,
    duplicate_object,
    etcd_tracing_flags,
    flowschema_dangling_priority_level,
    flowschema_exempt_too_broad,
    flowschema_invalid,
    flowschema_overrides_builtin,
    flowschema_precedence_tie,
    flowschema_rule_never_matches,
    flowschema_shadowed,
    fluentd_config_invalid,
    fluentd_deprecated_syntax,
    fluentd_pos_file_not_persistent,
    fluentd_unreachable_match,
    invalid_document,
    invalid_label,
    invalid_name,
    invalid_selector,
    invalid_suppression,
    invalid_yaml,
    logging_agent_config_missing,
    metric_labels_manifest_not_mounted,
    metrics_flag_invalid,
    metrics_rbac_missing,
    missing_required_field,
    missing_selector,
    monitor_port_not_found,
    monitor_selects_nothing,
    namespace_on_cluster_scoped,
    otel_deprecated_exporter,
    otel_deprecated_option,
    otel_empty_pipeline,
    otel_receiver_localhost,
    otel_undefined_component,
    pod_matched_by_controller,
    prioritylevel_invalid,
    prioritylevel_weak_isolation,
    prometheus_config_invalid,
    prometheus_kubelet_scrape,
    prometheusrule_invalid,
    schema_invalid,
    selector_overlap,
    selector_template_mismatch,
    service_selects_nothing,
    show_hidden_metrics_version,
    sidecar_blocks_job_completion,
    sidecar_log_file_not_shared,
    sidecar_tail_follows_descriptor,
    streaming_sidecar_duplicates_logs,
    tracing_config_invalid,
    tracing_config_not_mounted,
    tracing_endpoint_mismatch,
    tracing_feature_gate,
    tracing_sampling_all,
    unknown_kind,
    unreadable_file,
    unrendered_template,
    unsupported_yaml,
    unused_suppression,
)
