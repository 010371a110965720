"""API Priority and Fairness as the kube-apiserver implements it, over FlowSchema and PriorityLevelConfiguration
objects as decoded YAML. One module per concern:

- `validation`: the apiserver's validation (validation.go), with its defaulting and messages;
- `model`: the request-matching model of FlowSchemas and their rules (rule.go);
- `cover`: whether rules, subjects and schemas cover or may overlap one another (a sound coverage test);
- `analysis`: the order in which FlowSchemas are tried, and which are dangling, replaced or shadowed;
- `sharding`: the shuffle-sharding arithmetic of priority levels;
- `builtins`: the built-in (mandatory and suggested) objects of each release.

The names other modules use are re-exported here.
"""

from __future__ import annotations

from k8slint.apf.validation import (
    MAX_QUEUES,
    PRESERVE_ZERO_SHARES_ANNOTATION,
    RESOURCE_ONLY_VERBS,
    defaulted_queuing,
    flowschema_errors,
    prioritylevel_errors,
)
from k8slint.apf.model import (
    DEFAULT_MATCHING_PRECEDENCE,
    FlowSchema,
    PolicyRule,
    Subject,
    parse_flowschema,
)
from k8slint.apf.cover import (
    captures_from,
    covers,
    may_overlap,
    schemas_may_overlap,
    shadowed_by,
)
from k8slint.apf.sharding import (
    MAX_HASH_BITS,
    max_hand_size,
    required_entropy_bits,
    squish_probability,
)
from k8slint.apf.analysis import (
    analyze,
    builtin_models,
    describe_schema,
    evaluation_order,
    is_flowcontrol,
    precedence_path,
    related_schemas,
    set_analysis,
)

__all__ = [
    "DEFAULT_MATCHING_PRECEDENCE",
    "FlowSchema",
    "MAX_HASH_BITS",
    "MAX_QUEUES",
    "PRESERVE_ZERO_SHARES_ANNOTATION",
    "PolicyRule",
    "RESOURCE_ONLY_VERBS",
    "Subject",
    "analyze",
    "builtin_models",
    "captures_from",
    "covers",
    "defaulted_queuing",
    "describe_schema",
    "evaluation_order",
    "flowschema_errors",
    "is_flowcontrol",
    "max_hand_size",
    "may_overlap",
    "parse_flowschema",
    "precedence_path",
    "prioritylevel_errors",
    "related_schemas",
    "required_entropy_bits",
    "schemas_may_overlap",
    "set_analysis",
    "shadowed_by",
    "squish_probability",
]
