"""Prometheus configuration as Prometheus 3.x loads it: where a `prometheus.yml` is found (a file of
its own, a ConfigMap value, a Secret value of the Prometheus Operator's `additionalScrapeConfigs`, which
holds a bare list of scrape configs, the `config` of an OpenTelemetry Collector's `prometheus`
receiver, which the receiver loads with Prometheus' own code), what `config.Load` rejects at start-up,
and the scrapes of the kubelet that quietly go wrong.

Upstream read: prometheus/prometheus `config/config.go` (v3: `Config.UnmarshalYAML`, `GlobalConfig`,
`ScrapeConfig.UnmarshalYAML` and `Validate`, `CheckTargetAddress`; strict YAML decoding), `model/relabel/
relabel.go` (`Action.UnmarshalYAML`, `Config.Validate`, `NewRegexp` anchoring `^(?:...)$`),
prometheus/common `model/time.go` (`ParseDuration`) and `config/http_config.go` (the inline HTTP client
fields). Unknown fields are judged against the union of the 2.x and 3.x field names, so a configuration
valid for either major release is never reported.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Iterator, Union

from k8slint.embedded import EmbeddedDocument, StandaloneDocument, embedded_of_kind
from k8slint.model import FieldPath, Problem, Severity, format_path
from k8slint.objects import OTEL_COLLECTOR_CONFIG, PROMETHEUS_CONFIG, K8sObject, classify, get, per_object
from k8slint.records import named_tuple
from k8slint.tracing import go_quote
from k8slint.regex import LazyPattern

TOP_LEVEL_FIELDS = frozenset(
    "global runtime alerting rule_files scrape_config_files scrape_configs storage tracing remote_write "
    "remote_read otlp".split()
)
GLOBAL_FIELDS = frozenset(
    "scrape_interval scrape_timeout scrape_protocols evaluation_interval rule_query_offset query_log_file "
    "scrape_failure_log_file external_labels body_size_limit sample_limit target_limit label_limit "
    "label_name_length_limit label_value_length_limit keep_dropped_targets metric_name_validation_scheme "
    "metric_name_escaping_scheme scrape_native_histograms convert_classic_histograms_to_nhcb "
    "always_scrape_classic_histograms extra_scrape_metrics".split()
)
# prometheus/common config.HTTPClientConfig, inlined into every scrape config.
HTTP_CLIENT_FIELDS = frozenset(
    "basic_auth authorization oauth2 bearer_token bearer_token_file tls_config follow_redirects enable_http2 "
    "proxy_url no_proxy proxy_from_environment proxy_connect_header http_headers".split()
)
SCRAPE_CONFIG_FIELDS = HTTP_CLIENT_FIELDS | frozenset(
    "job_name honor_labels honor_timestamps track_timestamps_staleness params scrape_interval scrape_timeout "
    "scrape_protocols fallback_scrape_protocol scrape_native_histograms always_scrape_classic_histograms "
    "scrape_classic_histograms convert_classic_histograms_to_nhcb scrape_failure_log_file metrics_path scheme "
    "enable_compression body_size_limit sample_limit target_limit label_limit label_name_length_limit "
    "label_value_length_limit native_histogram_bucket_limit native_histogram_min_bucket_factor "
    "keep_dropped_targets metric_name_validation_scheme metric_name_escaping_scheme extra_scrape_metrics "
    "static_configs relabel_configs metric_relabel_configs".split()
)
# prometheus/common `config/http_config.go`: the blocks of HTTPClientConfig (BasicAuth, Authorization,
# OAuth2 with its inline ProxyConfig and the JWT-grant fields of later releases) and TLSConfig.
PROXY_FIELDS = frozenset("proxy_url no_proxy proxy_from_environment proxy_connect_header".split())
TLS_FIELDS = frozenset(
    "ca ca_file ca_ref cert cert_file cert_ref key key_file key_ref server_name insecure_skip_verify "
    "min_version max_version".split()
)
BASIC_AUTH_FIELDS = frozenset("username username_file username_ref password password_file password_ref".split())
AUTHORIZATION_FIELDS = frozenset("type credentials credentials_file credentials_ref".split())
OAUTH2_FIELDS = PROXY_FIELDS | frozenset(
    "client_id client_secret client_secret_file client_secret_ref scopes token_url endpoint_params tls_config "
    "client_certificate_key_id client_certificate_key client_certificate_key_file client_certificate_key_ref "
    "grant_type signature_algorithm iss audience claims".split()
)
# prometheus/prometheus `config/config.go` (RemoteWriteConfig, QueueConfig, MetadataConfig, RemoteReadConfig,
# AlertingConfig, AlertmanagerConfig), each with HTTPClientConfig inlined where upstream inlines it.
REMOTE_WRITE_FIELDS = HTTP_CLIENT_FIELDS | frozenset(
    "url remote_timeout headers write_relabel_configs name send_exemplars send_native_histograms round_robin_dns "
    "protobuf_message queue_config metadata_config sigv4 azuread google_iam".split()
)
# `max_retries` is early 2.x's, kept so that a configuration written for it is not reported.
QUEUE_FIELDS = frozenset(
    "capacity max_shards min_shards max_samples_per_send batch_send_deadline min_backoff max_backoff "
    "retry_on_http_429 sample_age_limit max_retries".split()
)
METADATA_FIELDS = frozenset("send send_interval max_samples_per_send".split())
REMOTE_READ_FIELDS = HTTP_CLIENT_FIELDS | frozenset(
    "url remote_timeout chunked_read_limit headers read_recent name required_matchers filter_external_labels".split()
)
ALERTING_FIELDS = frozenset({"alert_relabel_configs", "alertmanagers"})
ALERTMANAGER_FIELDS = HTTP_CLIENT_FIELDS | frozenset(
    "sigv4 scheme path_prefix timeout api_version relabel_configs alert_relabel_configs static_configs".split()
)
# Service discovery: `discovery/kubernetes/kubernetes.go` (SDConfig, NamespaceDiscovery, SelectorConfig,
# AttachMetadataConfig), `discovery/file`, `discovery/dns`, `discovery/http`, and the static target group
# (`discovery/targetgroup`). Other mechanisms (consul, ec2...) are not checked.
KUBERNETES_SD_FIELDS = HTTP_CLIENT_FIELDS | frozenset(
    "api_server role kubeconfig_file namespaces selectors attach_metadata".split()
)
SD_FIELDS = {
    "kubernetes_sd_configs": ("kubernetes.SDConfig", KUBERNETES_SD_FIELDS),
    "file_sd_configs": ("file.SDConfig", frozenset({"files", "refresh_interval"})),
    "dns_sd_configs": ("dns.SDConfig", frozenset({"names", "refresh_interval", "type", "port"})),
    "http_sd_configs": ("http.SDConfig", HTTP_CLIENT_FIELDS | frozenset({"url", "refresh_interval"})),
    "static_configs": ("targetgroup.Group", frozenset({"targets", "labels"})),
}
_KUBERNETES_SD_BLOCKS = {
    "namespaces": ("kubernetes.NamespaceDiscovery", frozenset({"own_namespace", "names"})),
    "attach_metadata": ("kubernetes.AttachMetadataConfig", frozenset({"node", "namespace"})),
}
_SELECTOR_FIELDS = frozenset({"role", "label", "field"})
_HTTP_CLIENT_BLOCKS = {
    "tls_config": ("config.TLSConfig", TLS_FIELDS),
    "basic_auth": ("config.BasicAuth", BASIC_AUTH_FIELDS),
    "authorization": ("config.Authorization", AUTHORIZATION_FIELDS),
    "oauth2": ("config.OAuth2", OAUTH2_FIELDS),
}
# What `config.Load` says of a null relabel rule in each list (config/config.go).
_NULL_RELABEL_RULE = {
    "relabel_configs": "empty or null target relabeling rule in scrape config",
    "metric_relabel_configs": "empty or null metric relabeling rule in scrape config",
    "write_relabel_configs": "empty or null relabeling rule in remote write config",
    "alert_relabel_configs": "empty or null alert relabeling rule",
}
_NULL_ALERTMANAGER_RELABEL_RULE = {
    "relabel_configs": "empty or null Alertmanager target relabeling rule",
    "alert_relabel_configs": "empty or null Alertmanager alert relabeling rule",
}
RELABEL_FIELDS = frozenset("source_labels separator regex modulus target_label replacement action".split())
RELABEL_ACTIONS = frozenset(
    "replace keep drop keepequal dropequal hashmod labelmap labeldrop labelkeep lowercase uppercase".split()
)
_NEEDS_TARGET_LABEL = frozenset({"replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"})
_RELABEL_LISTS = ("relabel_configs", "metric_relabel_configs")

KUBELET_READ_ONLY_PORT = 10255
KUBELET_PORT = 10250

_DURATION = LazyPattern(r"(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?\Z")
_DURATION_MS = (365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1)
_DEFAULT_SCRAPE_INTERVAL_MS = 60_000


@named_tuple
class Finding:
    """A problem of a Prometheus configuration: a path inside it (as a full config), and the message."""

    path: FieldPath
    message: str
    on_key: bool = False
    severity: Severity | None = None


# ---- where configurations are ------------------------------------------------------------------


@named_tuple
class ScrapeConfigList:
    """A bare list of scrape configs (`additionalScrapeConfigs`), read as `{scrape_configs: [...]}`."""

    source: Any  # the document holding the list
    value: dict

    def problem(self, path: FieldPath, message: str, on_key: bool = False, severity: Severity | None = None) -> Problem:
        inner = tuple(path[1:]) if path and path[0] == "scrape_configs" else ()
        return self.source.problem(inner, message, on_key=on_key, severity=severity)


@named_tuple
class EncodedDocument:
    """A configuration in a Secret's base64 `data`: findings point at the key and name the inner path."""

    key: str
    value: Any

    def problem(self, path: FieldPath, message: str, on_key: bool = False, severity: Severity | None = None) -> Problem:
        suffix = f" (at {format_path(path)} of the decoded value)" if path else ""
        return Problem(at=("data", self.key), message=message + suffix, severity=severity)


@named_tuple
class NestedDocument:
    """A Prometheus configuration inside another configuration (an OpenTelemetry Collector's
    `prometheus` receiver), at `prefix` within its source."""

    source: Any
    prefix: FieldPath
    value: dict

    @property
    def key(self) -> str | None:
        """The data key of the ConfigMap value holding it; None when not embedded in one."""
        return getattr(self.source, "key", None)

    def problem(self, path: FieldPath, message: str, on_key: bool = False, severity: Severity | None = None) -> Problem:
        return self.source.problem((*self.prefix, *path), message, on_key=on_key, severity=severity)


PrometheusDocument = Union[StandaloneDocument, EmbeddedDocument, ScrapeConfigList, EncodedDocument, NestedDocument]
OPENTELEMETRY_COLLECTOR = "OpenTelemetryCollector"


def is_scrape_config_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) for item in value)
        and any("job_name" in item for item in value)
        and not any("pipeline_stages" in item for item in value)
    )


@per_object
def prometheus_documents(obj: K8sObject) -> list[PrometheusDocument]:
    """The Prometheus configurations an object is or holds, each able to place a problem."""
    if obj.kind == PROMETHEUS_CONFIG:
        return [StandaloneDocument(PROMETHEUS_CONFIG, obj.value)]
    if obj.kind == "ConfigMap":
        found: list[PrometheusDocument] = list(embedded_of_kind(obj, PROMETHEUS_CONFIG))
        for collector in embedded_of_kind(obj, OTEL_COLLECTOR_CONFIG):
            found.extend(_receiver_documents(collector, collector.value, ()))
        return found
    if obj.kind == OTEL_COLLECTOR_CONFIG:
        return _receiver_documents(StandaloneDocument(OTEL_COLLECTOR_CONFIG, obj.value), obj.value, ())
    if obj.kind == OPENTELEMETRY_COLLECTOR and obj.group == "opentelemetry.io":
        config = get(obj.value, ("spec", "config"))
        source = StandaloneDocument(OPENTELEMETRY_COLLECTOR, obj.value)
        return _receiver_documents(source, config, ("spec", "config")) if isinstance(config, dict) else []
    if obj.kind == "Secret" and obj.group == "":
        return _secret_documents(obj)
    return []


def _receiver_documents(source: Any, collector: dict, prefix: FieldPath) -> list[PrometheusDocument]:
    """The Prometheus configurations of a Collector's `prometheus` receivers (`prometheus`, `prometheus/name`)."""
    receivers = collector.get("receivers")
    found: list[PrometheusDocument] = []
    for name, receiver in receivers.items() if isinstance(receivers, dict) else ():
        if not isinstance(name, str) or name.split("/", 1)[0] != "prometheus" or not isinstance(receiver, dict):
            continue
        config = receiver.get("config")
        if isinstance(config, dict) and isinstance(config.get("scrape_configs"), list):
            found.append(NestedDocument(source, (*prefix, "receivers", name, "config"), config))
    return found


def _secret_documents(obj: K8sObject) -> list[PrometheusDocument]:
    from k8slint.loader import load_text

    found: list[PrometheusDocument] = []
    string_data = obj.value.get("stringData")
    for key, text in string_data.items() if isinstance(string_data, dict) else ():
        if not isinstance(text, str) or "job_name" not in text:
            continue
        for document in load_text(text).documents:
            embedded = EmbeddedDocument(
                key, document.index, PROMETHEUS_CONFIG, document.value, document.node, "stringData"
            )
            found.extend(_wrap(document.value, embedded))
    data = obj.value.get("data")
    for key, encoded in data.items() if isinstance(data, dict) else ():
        text = _decode(encoded)
        if text is None or "job_name" not in text:
            continue
        for document in load_text(text).documents:
            found.extend(_wrap(document.value, EncodedDocument(key, document.value)))
    return found


def _wrap(value: Any, source: Any) -> list[PrometheusDocument]:
    if isinstance(value, dict) and classify(value) == PROMETHEUS_CONFIG:
        return [source]
    if is_scrape_config_list(value):
        return [ScrapeConfigList(source, {"scrape_configs": value})]
    return []


def _decode(encoded: Any) -> str | None:
    if not isinstance(encoded, str):
        return None
    try:
        return base64.b64decode("".join(encoded.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


# ---- durations and regular expressions ---------------------------------------------------------


def duration_ms(value: Any) -> tuple[int | None, str | None]:
    """(milliseconds, error) of a prometheus/common `model.Duration` field; (None, None) when unset."""
    if value is None:
        return None, None
    if isinstance(value, (dict, list)):
        return None, "must be a duration string"
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if text == "":
        return None, "empty duration string"
    if text == "0":
        return 0, None
    match = _DURATION.match(text)
    if match is None or not any(match.groups()):
        return None, f"not a valid duration string: {go_quote(text)}"
    return sum(int(part) * unit for part, unit in zip(match.groups(), _DURATION_MS) if part), None


def go_regexp_error(pattern: str) -> str | None:
    """Why Go's `regexp.Compile` (RE2 syntax) rejects `^(?:pattern)$`, for the constructs it lacks.

    Reports Perl look-arounds and atomic groups, back-references, `\\Z`, possessive quantifiers and
    unbalanced parentheses; anything else is left to Go, which accepts more than Python's `re`.
    """
    text = "^(?:" + pattern + ")$"
    depth = 0
    in_class = False
    index = 0
    previous_quantifier = False
    while index < len(text):
        char = text[index]
        if char == "\\":
            escape = text[index : index + 2]
            if escape[1:2].isdigit() and escape[1:2] != "0" and not in_class:
                return f"invalid escape sequence: `{escape}`"
            if escape == "\\Z":
                return "invalid escape sequence: `\\Z`"
            if escape == "\\Q":
                end = text.find("\\E", index + 2)
                index = len(text) if end < 0 else end + 2
                previous_quantifier = False
                continue
            index += 2
            previous_quantifier = False
            continue
        if in_class:
            if char == "]" and not text[index - 1 : index] == "[" and not text[index - 2 : index] == "[^":
                in_class = False
            elif text.startswith("[:", index):
                close = text.find(":]", index + 2)
                if close >= 0:
                    index = close + 2
                    continue
            index += 1
            continue
        if char == "[":
            in_class = True
            index += 1
            previous_quantifier = False
            continue
        if char == "(":
            for perl in ("(?=", "(?!", "(?<=", "(?<!", "(?>"):
                if text.startswith(perl, index):
                    return f"invalid or unsupported Perl syntax: `{perl}`"
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return f"unexpected ): `{text}`"
        elif char in "*+?":
            if previous_quantifier and char == "+":
                return f"invalid nested repetition operator: `{text[index - 1 : index + 1]}`"
            previous_quantifier = True
            index += 1
            continue
        previous_quantifier = False
        index += 1
    if depth > 0:
        return f"missing closing ): `{text}`"
    return None


# ---- config.Load ------------------------------------------------------------------------------


# Scrape config fields and relabel actions and fields only VictoriaMetrics' vmagent accepts: a
# configuration that uses one is vmagent's, which Prometheus' rules do not govern.
_VMAGENT_SCRAPE_FIELDS = frozenset(
    "scrape_align_interval scrape_offset stream_parse disable_compression disable_keepalive series_limit "
    "max_scrape_size headers proxy_tls_config proxy_basic_auth proxy_bearer_token".split()
)
_VMAGENT_RELABEL_FIELDS = frozenset({"if", "match", "labels"})
_VMAGENT_ACTIONS = frozenset(
    "replace_all keep_if_equal drop_if_equal keep_if_contains drop_if_contains graphite keep_metrics drop_metrics "
    "labelmap_all".split()
)


def is_vmagent_config(config: dict) -> bool:
    """Whether a configuration uses VictoriaMetrics vmagent's extensions of Prometheus' format."""
    scrape_configs = config.get("scrape_configs")
    for scrape in scrape_configs if isinstance(scrape_configs, list) else ():
        if not isinstance(scrape, dict):
            continue
        if _VMAGENT_SCRAPE_FIELDS.intersection(scrape):
            return True
        for list_name in _RELABEL_LISTS:
            rules = scrape.get(list_name)
            for rule in rules if isinstance(rules, list) else ():
                if isinstance(rule, dict) and (
                    _VMAGENT_RELABEL_FIELDS.intersection(rule)
                    or str(rule.get("action", "")).lower() in _VMAGENT_ACTIONS
                    or isinstance(rule.get("regex"), list)
                ):
                    return True
    return False


def config_findings(config: dict) -> Iterator[Finding]:
    """What Prometheus' `config.Load` rejects in a configuration, each at the field to edit; nothing for
    a vmagent configuration."""
    if is_vmagent_config(config):
        return
    for key in config:
        if key not in TOP_LEVEL_FIELDS:
            yield Finding((key,), f"field {key} not found in type config.plain", on_key=True)
    yield from _remote_findings(config)
    yield from _alerting_findings(config.get("alerting"))
    global_config = config.get("global")
    interval = _DEFAULT_SCRAPE_INTERVAL_MS
    if isinstance(global_config, dict):
        for key in global_config:
            if key not in GLOBAL_FIELDS:
                yield Finding(("global", key), f"field {key} not found in type config.GlobalConfig", on_key=True)
        durations = {}
        for key in ("scrape_interval", "scrape_timeout", "evaluation_interval", "rule_query_offset"):
            durations[key], error = duration_ms(global_config.get(key))
            if error is not None:
                yield Finding(("global", key), error)
        interval = durations["scrape_interval"] or _DEFAULT_SCRAPE_INTERVAL_MS
        if durations["scrape_timeout"] and durations["scrape_timeout"] > interval:
            yield Finding(("global", "scrape_timeout"), "global scrape timeout greater than scrape interval")
    scrape_configs = config.get("scrape_configs")
    if not isinstance(scrape_configs, list):
        return
    seen_jobs: set[str] = set()
    for index, scrape in enumerate(scrape_configs):
        path = ("scrape_configs", index)
        if not isinstance(scrape, dict):
            if scrape is None:
                yield Finding(path, "empty or null scrape config section")
            continue
        yield from _scrape_config_findings(scrape, path, interval)
        job = scrape.get("job_name")
        if job is not None and not isinstance(job, (dict, list)) and job != "":
            job = str(job)
            if job in seen_jobs:
                yield Finding((*path, "job_name"), f"found multiple scrape configs with job name {go_quote(job)}")
            seen_jobs.add(job)


def _scrape_config_findings(scrape: dict, path: FieldPath, global_interval: int) -> Iterator[Finding]:
    for key in scrape:
        if key not in SCRAPE_CONFIG_FIELDS and not (isinstance(key, str) and key.endswith("_sd_configs")):
            yield Finding((*path, key), f"field {key} not found in type config.ScrapeConfig", on_key=True)
    yield from http_client_findings(scrape, path)
    yield from service_discovery_findings(scrape, path)
    job = scrape.get("job_name")
    if "job_name" not in scrape:
        yield Finding(path, "job_name is empty")
    elif job is None or job == "":
        yield Finding((*path, "job_name"), "job_name is empty")
    interval, interval_error = duration_ms(scrape.get("scrape_interval"))
    timeout, timeout_error = duration_ms(scrape.get("scrape_timeout"))
    if interval_error is not None:
        yield Finding((*path, "scrape_interval"), interval_error)
    if timeout_error is not None:
        yield Finding((*path, "scrape_timeout"), timeout_error)
    effective_interval = interval or global_interval
    if timeout and interval_error is None and timeout > effective_interval:
        yield Finding(
            (*path, "scrape_timeout"),
            f"scrape timeout greater than scrape interval for scrape config with job name {go_quote(str(job))}",
        )
    relabel_configs = scrape.get("relabel_configs")
    if not relabel_configs:
        yield from _static_target_findings(scrape, path)
    for list_name in _RELABEL_LISTS:
        yield from _relabel_list_findings(scrape, path, list_name, _NULL_RELABEL_RULE[list_name])


def unknown_field_findings(block: Any, path: FieldPath, type_name: str, allowed: frozenset) -> Iterator[Finding]:
    """The keys of a mapping that Prometheus' strict decoding of `type_name` rejects, each on its key."""
    for key in block if isinstance(block, dict) else ():
        if key not in allowed:
            yield Finding((*path, key), f"field {key} not found in type {type_name}", on_key=True)


def http_client_findings(block: dict, path: FieldPath) -> Iterator[Finding]:
    """Unknown fields in the HTTP client blocks (`tls_config`, `basic_auth`, `authorization`, `oauth2`) of a
    block that inlines prometheus/common's HTTPClientConfig."""
    for name, (type_name, allowed) in _HTTP_CLIENT_BLOCKS.items():
        yield from unknown_field_findings(block.get(name), (*path, name), type_name, allowed)
    oauth2 = block.get("oauth2")
    if isinstance(oauth2, dict):
        yield from unknown_field_findings(
            oauth2.get("tls_config"), (*path, "oauth2", "tls_config"), "config.TLSConfig", TLS_FIELDS
        )


def service_discovery_findings(block: dict, path: FieldPath) -> Iterator[Finding]:
    """Unknown fields in the service discovery lists of a scrape config or an Alertmanager config."""
    for list_name, (type_name, allowed) in SD_FIELDS.items():
        configs = block.get(list_name)
        for index, sd in enumerate(configs if isinstance(configs, list) else ()):
            if not isinstance(sd, dict):
                continue
            at = (*path, list_name, index)
            yield from unknown_field_findings(sd, at, type_name, allowed)
            if list_name in ("kubernetes_sd_configs", "http_sd_configs"):
                yield from http_client_findings(sd, at)
            if list_name == "kubernetes_sd_configs":
                for name, (block_type, block_fields) in _KUBERNETES_SD_BLOCKS.items():
                    yield from unknown_field_findings(sd.get(name), (*at, name), block_type, block_fields)
                selectors = sd.get("selectors")
                for position, selector in enumerate(selectors if isinstance(selectors, list) else ()):
                    yield from unknown_field_findings(
                        selector, (*at, "selectors", position), "kubernetes.SelectorConfig", _SELECTOR_FIELDS
                    )


def _remote_findings(config: dict) -> Iterator[Finding]:
    for list_name, type_name, allowed in (
        ("remote_write", "config.RemoteWriteConfig", REMOTE_WRITE_FIELDS),
        ("remote_read", "config.RemoteReadConfig", REMOTE_READ_FIELDS),
    ):
        remotes = config.get(list_name)
        for index, remote in enumerate(remotes if isinstance(remotes, list) else ()):
            if not isinstance(remote, dict):
                continue
            at = (list_name, index)
            yield from unknown_field_findings(remote, at, type_name, allowed)
            yield from http_client_findings(remote, at)
            if list_name == "remote_write":
                yield from unknown_field_findings(
                    remote.get("queue_config"), (*at, "queue_config"), "config.QueueConfig", QUEUE_FIELDS
                )
                yield from unknown_field_findings(
                    remote.get("metadata_config"), (*at, "metadata_config"), "config.MetadataConfig", METADATA_FIELDS
                )
                yield from _relabel_list_findings(
                    remote, at, "write_relabel_configs", _NULL_RELABEL_RULE["write_relabel_configs"]
                )


def _alerting_findings(alerting: Any) -> Iterator[Finding]:
    if not isinstance(alerting, dict):
        return
    yield from unknown_field_findings(alerting, ("alerting",), "config.AlertingConfig", ALERTING_FIELDS)
    yield from _relabel_list_findings(
        alerting, ("alerting",), "alert_relabel_configs", _NULL_RELABEL_RULE["alert_relabel_configs"]
    )
    alertmanagers = alerting.get("alertmanagers")
    for index, alertmanager in enumerate(alertmanagers if isinstance(alertmanagers, list) else ()):
        if not isinstance(alertmanager, dict):
            continue
        at = ("alerting", "alertmanagers", index)
        for key in alertmanager:
            if key not in ALERTMANAGER_FIELDS and not (isinstance(key, str) and key.endswith("_sd_configs")):
                yield Finding((*at, key), f"field {key} not found in type config.AlertmanagerConfig", on_key=True)
        yield from http_client_findings(alertmanager, at)
        yield from service_discovery_findings(alertmanager, at)
        for list_name, null_message in _NULL_ALERTMANAGER_RELABEL_RULE.items():
            yield from _relabel_list_findings(alertmanager, at, list_name, null_message)


def _relabel_list_findings(block: dict, path: FieldPath, list_name: str, null_message: str) -> Iterator[Finding]:
    rules = block.get(list_name)
    for index, rule in enumerate(rules if isinstance(rules, list) else ()):
        if rule is None:
            yield Finding((*path, list_name, index), null_message)
        else:
            yield from relabel_findings(rule, (*path, list_name, index))


def _static_target_findings(scrape: dict, path: FieldPath) -> Iterator[Finding]:
    for group_index, group, target_index, target in static_targets(scrape):
        if "/" in target:
            yield Finding(
                (*path, "static_configs", group_index, "targets", target_index),
                f"{go_quote(target)} is not a valid hostname",
            )


def static_targets(scrape: dict) -> Iterator[tuple[int, dict, int, str]]:
    groups = scrape.get("static_configs")
    for group_index, group in enumerate(groups if isinstance(groups, list) else ()):
        targets = group.get("targets") if isinstance(group, dict) else None
        for target_index, target in enumerate(targets if isinstance(targets, list) else ()):
            if isinstance(target, str):
                yield group_index, group, target_index, target


def relabel_findings(rule: Any, path: FieldPath) -> Iterator[Finding]:
    """What `relabel.Config` decoding and `Validate` reject in one relabel rule."""
    if not isinstance(rule, dict):
        return
    for key in rule:
        if key not in RELABEL_FIELDS:
            yield Finding((*path, key), f"field {key} not found in type relabel.plain", on_key=True)
    raw_action = rule.get("action", "replace")
    action = raw_action.lower() if isinstance(raw_action, str) else None
    if action not in RELABEL_ACTIONS:
        yield Finding((*path, "action"), f"unknown relabel action {go_quote(str(raw_action))}")
        return
    regex = rule.get("regex")
    if regex is not None and not isinstance(regex, (dict, list)):
        error = go_regexp_error(str(regex))
        if error is not None:
            yield Finding((*path, "regex"), f"error parsing regexp: {error}")
    target_label = rule.get("target_label")
    if action == "hashmod" and not rule.get("modulus"):
        yield Finding(
            (*path, "modulus") if "modulus" in rule else path,
            "relabel configuration for hashmod requires non-zero modulus",
        )
    if action in _NEEDS_TARGET_LABEL and (target_label is None or target_label == ""):
        yield Finding(path, f"relabel configuration for {action} action requires 'target_label' value")
    if action in ("labeldrop", "labelkeep"):
        extra = [key for key in ("source_labels", "target_label", "modulus", "separator", "replacement") if key in rule]
        if extra:
            yield Finding((*path, extra[0]), f"{action} action requires only 'regex', and no other fields", on_key=True)
    if action in ("keepequal", "dropequal"):
        extra = [key for key in ("regex", "modulus", "separator", "replacement") if key in rule]
        if extra:
            yield Finding(
                (*path, extra[0]),
                f"{action} action requires only 'source_labels' and `target_label`, and no other fields",
                on_key=True,
            )


# ---- the kubelet ------------------------------------------------------------------------------


def kubelet_scrape_findings(config: dict) -> Iterator[Finding]:
    """Scrapes of the kubelet that Prometheus accepts but that fail or are insecure."""
    scrape_configs = config.get("scrape_configs")
    for index, scrape in enumerate(scrape_configs if isinstance(scrape_configs, list) else ()):
        if not isinstance(scrape, dict):
            continue
        path = ("scrape_configs", index)
        https = isinstance(scrape.get("scheme"), str) and scrape["scheme"].lower() == "https"
        rules = target_relabel_rules(scrape)
        address_rules = [rule for rule in rules if rule.get("target_label") == "__address__"]
        scheme_relabelled = any(rule.get("target_label") == "__scheme__" for rule in rules)
        ports = [
            ((*path, "static_configs", group, "targets", position), _port(target))
            for group, _, position, target in static_targets(scrape)
        ]
        for rule_index, rule in enumerate(rules):
            if rule.get("target_label") == "__address__" and isinstance(rule.get("replacement"), str):
                ports.append(((*path, "relabel_configs", rule_index, "replacement"), _port(rule["replacement"])))
        for at, port in ports:
            if port == KUBELET_READ_ONLY_PORT:
                yield Finding(
                    at,
                    f"scrapes the kubelet's read-only port {KUBELET_READ_ONLY_PORT}: unauthenticated, and disabled "
                    "by default (readOnlyPort: 0) on kubeadm clusters and most distributions, so the scrape fails there",
                )
            elif port == KUBELET_PORT and not https and not scheme_relabelled:
                yield Finding(
                    at,
                    f"scrapes the kubelet port {KUBELET_PORT} over plain HTTP; the kubelet serves only HTTPS there, "
                    "so every scrape fails",
                )
        if not https and not address_rules and not scheme_relabelled and "node" in kubernetes_sd_roles(scrape):
            yield Finding(
                (*path, "scheme") if "scheme" in scrape else path,
                f"discovers nodes (role: node, the kubelet's port {KUBELET_PORT}) but scrapes them over plain HTTP; "
                "the kubelet serves only HTTPS there, so every scrape fails",
                on_key="scheme" not in scrape,
            )
        tls_config = scrape.get("tls_config")
        if isinstance(tls_config, dict) and tls_config.get("insecure_skip_verify") is True:
            yield Finding(
                (*path, "tls_config", "insecure_skip_verify"),
                "insecure_skip_verify: true disables verification of the targets' certificates",
                severity=Severity.INFO,
            )


def kubernetes_sd_roles(scrape: dict) -> set[str]:
    """The roles (`node`, `endpoints`, `pod`...) of a scrape config's Kubernetes service discovery."""
    configs = scrape.get("kubernetes_sd_configs")
    if not isinstance(configs, list):
        return set()
    return {sd["role"] for sd in configs if isinstance(sd, dict) and isinstance(sd.get("role"), str)}


def target_relabel_rules(scrape: dict) -> list[dict]:
    rules = scrape.get("relabel_configs")
    return [rule for rule in rules if isinstance(rule, dict)] if isinstance(rules, list) else []


def _port(address: str) -> int | None:
    host, colon, port = address.rpartition(":")
    if not colon or not port.isdigit() or "/" in address:
        return None
    return int(port)


# ---- rule files (PrometheusRule) --------------------------------------------------------------

RULE_FILE = "PrometheusRuleFile"


@per_object
def configmap_rule_files(obj: K8sObject) -> list[EmbeddedDocument]:
    """Rule files in a ConfigMap beside the Prometheus configuration that loads them: the values whose
    key matches the file name of one of its `rule_files` (the Prometheus Helm chart's layout). Other
    `groups:` files (Loki's or Mimir's rulers, in LogQL) are not Prometheus' and are left alone."""
    from fnmatch import fnmatchcase

    from k8slint.loader import load_text

    if obj.kind != "ConfigMap":
        return []
    patterns = []
    for config in embedded_of_kind(obj, PROMETHEUS_CONFIG):
        rule_files = config.value.get("rule_files")
        for rule_file in rule_files if isinstance(rule_files, list) else ():
            if isinstance(rule_file, str) and rule_file:
                patterns.append(rule_file.rsplit("/", 1)[-1])
    data = obj.value.get("data")
    found: list[EmbeddedDocument] = []
    for key, text in data.items() if isinstance(data, dict) and patterns else ():
        if not isinstance(text, str) or not any(fnmatchcase(key, pattern) for pattern in patterns):
            continue
        for document in load_text(text).documents:
            if isinstance(document.value, dict) and isinstance(document.value.get("groups"), list):
                found.append(EmbeddedDocument(key, document.index, RULE_FILE, document.value, document.node))
    return found


_INTERRUPTS = (KeyboardInterrupt, SystemExit, GeneratorExit)


def promql_error(expr: str) -> str | None:
    """Why Prometheus' PromQL parser rejects `expr`, using the optional `promql-parser` package (a
    port of Prometheus' parser); None when it parses, when the package is not installed, and for the
    errors where the port and a Prometheus release may disagree (function names, raw strings)."""
    try:
        import promql_parser
    except ImportError:
        return None
    try:
        promql_parser.parse(expr)
    except BaseException as error:  # pyo3 turns a Rust panic into a BaseException
        if isinstance(error, _INTERRUPTS):
            raise
        if not isinstance(error, ValueError):
            return None  # a crash of the parser says nothing about the expression
        message = str(error)
        if message.startswith("unknown function"):
            return None  # each Prometheus release adds (and renames) functions: a version question
        if message.startswith("unknown escape sequence") and "`" in expr:
            return None  # the parser also unescapes raw (backquoted) strings, which Prometheus does not
        return message
    return None


def rule_groups_findings(groups: Any, path: FieldPath) -> Iterator[Finding]:
    """What Prometheus' `rulefmt` rejects in rule groups (a rule file's `groups`, a PrometheusRule's `spec.groups`)."""
    if not isinstance(groups, list):
        return
    names: set[str] = set()
    for group_index, group in enumerate(groups):
        if not isinstance(group, dict):
            continue
        group_path = (*path, group_index)
        name = group.get("name")
        if not isinstance(name, str) or not name:
            yield Finding((*group_path, "name") if "name" in group else group_path, "Groupname must not be empty")
        elif name in names:
            yield Finding((*group_path, "name"), f'groupname: "{name}" is repeated in the same file')
        else:
            names.add(name)
        _, error = duration_ms(group.get("interval"))
        if error is not None:
            yield Finding((*group_path, "interval"), error)
        rules = group.get("rules")
        for rule_index, rule in enumerate(rules if isinstance(rules, list) else ()):
            if isinstance(rule, dict):
                yield from _rule_findings(rule, (*group_path, "rules", rule_index))


def _rule_findings(rule: dict, path: FieldPath) -> Iterator[Finding]:
    record, alert = rule.get("record"), rule.get("alert")
    if record and alert:
        yield Finding((*path, "record"), "only one of 'record' and 'alert' must be set", on_key=True)
    elif not record and not alert:
        yield Finding(path, "one of 'record' or 'alert' must be set")
    for key in ("for", "keep_firing_for"):
        _, error = duration_ms(rule.get(key))
        if error is not None:
            yield Finding((*path, key), error)
    if record:
        for key in ("for", "keep_firing_for", "annotations"):
            if rule.get(key):
                yield Finding((*path, key), f"invalid field '{key}' in recording rule", on_key=True)
    expr = rule.get("expr")
    if expr is None or expr == "":
        yield Finding((*path, "expr") if "expr" in rule else path, "field 'expr' must be set in rule")
    elif isinstance(expr, (str, int, float)) and not isinstance(expr, bool):
        error = promql_error(str(expr))
        if error is not None:
            yield Finding((*path, "expr"), f"could not parse expression: {error}")


# ---- what a configuration reads from the cluster's components ---------------------------------


@named_tuple
class ComponentScrape:
    """A job that reads a component's metrics, and the request the component authorizes for it."""

    job: str
    path: FieldPath  # of the scrape config
    component: str
    verb: str
    url: str | None  # a non-resource URL, or None for the resource below
    resource: str


def component_scrapes(config: dict) -> list[ComponentScrape]:
    """Jobs that scrape kube-apiserver (the `default/kubernetes` endpoints) or the kubelets (node
    discovery, or static targets on the kubelet's port 10250), directly or through the API server's node
    proxy, with what RBAC each needs."""
    found: list[ComponentScrape] = []
    scrape_configs = config.get("scrape_configs")
    for index, scrape in enumerate(scrape_configs if isinstance(scrape_configs, list) else ()):
        if not isinstance(scrape, dict):
            continue
        roles = kubernetes_sd_roles(scrape)
        rules = target_relabel_rules(scrape)
        job, path = str(scrape.get("job_name")), ("scrape_configs", index)
        if roles & {"endpoints", "endpointslice"} and any(
            isinstance(rule.get("regex"), str) and "default;kubernetes;https" in rule["regex"] for rule in rules
        ):
            found.append(ComponentScrape(job, path, "kube-apiserver", "get", "/metrics", ""))
        if "node" in roles:
            through_proxy = any(
                rule.get("target_label") == "__metrics_path__" and "/proxy/" in str(rule.get("replacement", ""))
                for rule in rules
            )
            readdressed = any(rule.get("target_label") == "__address__" for rule in rules)
            if through_proxy:
                found.append(
                    ComponentScrape(job, path, "the kubelets (through the API server)", "get", None, "nodes/proxy")
                )
            elif not readdressed:
                found.append(ComponentScrape(job, path, "the kubelets", "get", None, "nodes/metrics"))
        elif any(_port(target) == KUBELET_PORT for _, _, _, target in static_targets(scrape)):
            # A DaemonSet's own node (`${env:NODE_IP}:10250`), as Collector presets scrape it.
            found.append(ComponentScrape(job, path, "the kubelets", "get", None, "nodes/metrics"))
    return found
