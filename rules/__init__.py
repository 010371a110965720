"""Every rule k8slint ships, one module each, listed explicitly (tests check the list is complete).

Each family keeps its own import line and tuple, so adding a rule touches one place.
"""

# Input and parsing (K0xx): reported by the core while reading files.
from k8slint.rules import (
    duplicate_key,
    invalid_document,
    invalid_yaml,
    unreadable_file,
    unrendered_template,
    unsupported_yaml,
)

INPUT = (invalid_yaml, invalid_document, duplicate_key, unsupported_yaml, unrendered_template, unreadable_file)

# Metadata (K10x)
from k8slint.rules import (  # noqa: E402
    duplicate_object,
    invalid_label,
    invalid_name,
    missing_required_field,
    namespace_on_cluster_scoped,
)

METADATA = (missing_required_field, invalid_name, invalid_label, duplicate_object, namespace_on_cluster_scoped)

# Selectors (K11x)
from k8slint.rules import (  # noqa: E402
    invalid_selector,
    missing_selector,
    pod_matched_by_controller,
    selector_overlap,
    selector_template_mismatch,
    service_selects_nothing,
)

SELECTORS = (
    invalid_selector,
    missing_selector,
    selector_template_mismatch,
    selector_overlap,
    pod_matched_by_controller,
    service_selects_nothing,
)

# Images (K2xx)
from k8slint.rules import deprecated_registry  # noqa: E402

IMAGES = (deprecated_registry,)

# API versions and schemas (K3xx)
from k8slint.rules import crd_invalid, deprecated_api_version, schema_invalid, unknown_kind  # noqa: E402

API_VERSIONS = (schema_invalid, unknown_kind, crd_invalid, deprecated_api_version)

# API Priority and Fairness (K4xx)
from k8slint.rules import (  # noqa: E402
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

APF = (
    flowschema_invalid,
    prioritylevel_invalid,
    flowschema_dangling_priority_level,
    flowschema_shadowed,
    flowschema_precedence_tie,
    flowschema_overrides_builtin,
    flowschema_rule_never_matches,
    flowschema_exempt_too_broad,
    prioritylevel_weak_isolation,
)

# Tracing (K5xx)
from k8slint.rules import (  # noqa: E402
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

TRACING = (
    tracing_config_invalid,
    tracing_sampling_all,
    tracing_endpoint_mismatch,
    tracing_feature_gate,
    tracing_config_not_mounted,
    etcd_tracing_flags,
    otel_undefined_component,
    otel_empty_pipeline,
    otel_deprecated_exporter,
    otel_deprecated_option,
    otel_receiver_localhost,
)

# Logging (K6xx)
from k8slint.rules import (  # noqa: E402
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

LOGGING = (
    sidecar_log_file_not_shared,
    sidecar_tail_follows_descriptor,
    streaming_sidecar_duplicates_logs,
    logging_agent_config_missing,
    fluentd_config_invalid,
    fluentd_deprecated_syntax,
    fluentd_unreachable_match,
    fluentd_pos_file_not_persistent,
    sidecar_blocks_job_completion,
)

# k8slint itself (K9xx)
from k8slint.rules import invalid_suppression, unused_suppression  # noqa: E402

SELF = (unused_suppression, invalid_suppression)

RULES = (*INPUT, *METADATA, *SELECTORS, *IMAGES, *API_VERSIONS, *APF, *TRACING, *LOGGING, *SELF)
