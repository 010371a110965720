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
SELECTORS = ()

# Images (K2xx)
IMAGES = ()

# API versions and schemas (K3xx)
API_VERSIONS = ()

# API Priority and Fairness (K4xx)
APF = ()

# Tracing (K5xx)
TRACING = ()

# Logging (K6xx)
LOGGING = ()

# k8slint itself (K9xx)
from k8slint.rules import invalid_suppression, unused_suppression  # noqa: E402

SELF = (unused_suppression, invalid_suppression)

RULES = (*INPUT, *METADATA, *SELECTORS, *IMAGES, *API_VERSIONS, *APF, *TRACING, *LOGGING, *SELF)
