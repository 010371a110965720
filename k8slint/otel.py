"""OpenTelemetry Collector configuration analysis over plain decoded values: the components each
section defines, the pipelines and what they reference, and the deprecated or risky settings the
Collector rejects or silently changed, each finding with its path inside the configuration.
"""

from __future__ import annotations

from typing import Any, Iterator

from k8slint.images import parse_image
from k8slint.records import named_tuple
from k8slint.regex import LazyPattern

SECTIONS = ("receivers", "processors", "exporters", "connectors", "extensions")
PIPELINE_SECTIONS = ("receivers", "processors", "exporters")

# Collector releases (minor of 0.x) where behaviour changed (open-telemetry/opentelemetry-collector CHANGELOG).
LOGGING_EXPORTER_REMOVED = (0, 111, 0)
LOCALHOST_DEFAULT_SINCE = (0, 104, 0)
OTLP_DEFAULT_PORTS = {"grpc": 4317, "http": 4318}

# Kinds of findings, one per rule family member.
UNDEFINED_COMPONENT = "undefined-component"
EMPTY_PIPELINE = "empty-pipeline"
DUPLICATE_PROCESSOR = "duplicate-processor"
MALFORMED = "malformed"
DEPRECATED_EXPORTER = "deprecated-exporter"
DEPRECATED_OPTION = "deprecated-option"
RECEIVER_LOCALHOST = "receiver-localhost"

_SINGULAR = {"receivers": "receiver", "processors": "processor", "exporters": "exporter", "extensions": "extension"}
_LOG_LEVEL_KEYS = ("loglevel", "logLevel")
_COLLECTOR_IMAGE = LazyPattern(r"(^|/)(opentelemetry-collector[a-z0-9-]*|otelcol[a-z0-9-]*)$")
_VERSION = LazyPattern(r"v?(\d+)\.(\d+)(?:\.(\d+))?")


@named_tuple
class OtelFinding:
    """A fact about a collector config: what (`kind`), where (`path` inside the config), and the message."""

    kind: str
    path: tuple
    message: str
    component: str | None = None


@named_tuple
class Pipeline:
    pipeline_id: str
    path: tuple
    value: dict


class OtelAnalysis:
    """Every finding of `analyze`, in the order the checks run."""

    __slots__ = ("findings",)

    def __init__(self) -> None:
        self.findings: list[OtelFinding] = []

    def of_kind(self, *kinds: str) -> list[OtelFinding]:
        return [finding for finding in self.findings if finding.kind in kinds]


def component_type(component_id: str) -> str:
    """`otlp/internal` -> `otlp`: the component type, before the first slash."""
    return component_id.split("/", 1)[0]


def section(config: Any, name: str) -> dict:
    """A top-level component section as a mapping ({} when absent, null or mistyped)."""
    if not isinstance(config, dict):
        return {}
    value = config.get(name)
    return value if isinstance(value, dict) else {}


def pipelines(config: Any) -> list[Pipeline]:
    """The pipelines of `service.pipelines` whose definitions are mappings (or null, read as empty)."""
    service = config.get("service") if isinstance(config, dict) else None
    defined = service.get("pipelines") if isinstance(service, dict) else None
    if not isinstance(defined, dict):
        return []
    found = []
    for pipeline_id, value in defined.items():
        if value is None:
            value = {}
        if isinstance(value, dict):
            found.append(Pipeline(str(pipeline_id), ("service", "pipelines", pipeline_id), value))
    return found


def is_expansion(value: Any) -> bool:
    """Whether a value holds a `${...}` reference the Collector resolves before reading the config."""
    return isinstance(value, str) and "${" in value


def _references(value: Any, path: tuple) -> Iterator[tuple[str, tuple]]:
    """(component id, path) for each item of a reference list; non-strings are shown as written.

    Items built from `${...}` references are skipped: their value is known only at run time.
    """
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if is_expansion(item):
            continue
        if isinstance(item, str):
            yield item, (*path, index)
        elif item is None:
            yield "", (*path, index)
        elif not isinstance(item, (dict, list)):
            yield str(item).lower() if isinstance(item, bool) else str(item), (*path, index)
        else:
            yield "", (*path, index)


def undefined_components(config: Any, merged_with: list | None = None) -> list[OtelFinding]:
    """Pipeline and `service.extensions` references to components the top level does not define,
    nor any of the configs in `merged_with` (the other configs the same Collector loads).

    Connectors count as both receivers and exporters, as in the Collector's `Config.Validate`.
    """
    if not isinstance(config, dict):
        return []
    together = defined_components([config, *(merged_with or ())])
    defined = {name: ids or set() for name, ids in together.items()}
    connectors = defined["connectors"]
    # A whole section given by a `${...}` reference defines components k8slint cannot see.
    opaque = {name for name, ids in together.items() if ids is None}
    if "connectors" in opaque:
        opaque |= {"receivers", "exporters"}
    findings = []
    for pipeline in pipelines(config):
        for list_name in PIPELINE_SECTIONS:
            if list_name in opaque:
                continue
            for component_id, path in _references(pipeline.value.get(list_name), (*pipeline.path, list_name)):
                if component_id in defined[list_name]:
                    continue
                if list_name != "processors" and component_id in connectors:
                    continue
                kind = _SINGULAR[list_name]
                findings.append(
                    OtelFinding(
                        UNDEFINED_COMPONENT,
                        path,
                        f'pipeline "{pipeline.pipeline_id}" references {kind} "{component_id}" which is not configured',
                        component_id,
                    )
                )
    service = config.get("service")
    if isinstance(service, dict) and "extensions" not in opaque:
        for component_id, path in _references(service.get("extensions"), ("service", "extensions")):
            if component_id not in defined["extensions"]:
                findings.append(
                    OtelFinding(
                        UNDEFINED_COMPONENT,
                        path,
                        f'service references extension "{component_id}" which is not configured',
                        component_id,
                    )
                )
    return findings


def pipeline_shape(config: Any) -> list[OtelFinding]:
    """Pipelines the Collector rejects by shape: no receiver, no exporter, a processor listed twice,
    or a reference list that is not a list."""
    findings = []
    for pipeline in pipelines(config):
        for list_name in PIPELINE_SECTIONS:
            value = pipeline.value.get(list_name)
            if value is not None and not isinstance(value, list) and not is_expansion(value):
                findings.append(
                    OtelFinding(
                        MALFORMED,
                        (*pipeline.path, list_name),
                        f'pipeline "{pipeline.pipeline_id}": {list_name} must be a list of component ids',
                    )
                )
        for list_name in ("receivers", "exporters"):
            value = pipeline.value.get(list_name)
            if isinstance(value, list) and value:
                continue
            if value is not None and not isinstance(value, list):
                continue  # reported as malformed, or a `${...}` reference resolved at run time
            at = (*pipeline.path, list_name) if list_name in pipeline.value else pipeline.path
            findings.append(
                OtelFinding(
                    EMPTY_PIPELINE,
                    at,
                    f'pipeline "{pipeline.pipeline_id}" must have at least one {_SINGULAR[list_name]}',
                )
            )
        seen: set[str] = set()
        for component_id, path in _references(pipeline.value.get("processors"), (*pipeline.path, "processors")):
            if component_id in seen:
                findings.append(
                    OtelFinding(
                        DUPLICATE_PROCESSOR,
                        path,
                        f'pipeline "{pipeline.pipeline_id}" references processor "{component_id}" multiple times',
                        component_id,
                    )
                )
            seen.add(component_id)
    return findings


def logging_exporters(config: Any) -> list[OtelFinding]:
    """Each exporter of type `logging` (deprecated in v0.86.0, removed in v0.111.0)."""
    findings = []
    for component_id in section(config, "exporters"):
        if isinstance(component_id, str) and component_type(component_id) == "logging":
            findings.append(
                OtelFinding(
                    DEPRECATED_EXPORTER,
                    ("exporters", component_id),
                    f'exporter "{component_id}" uses the "logging" exporter, deprecated in Collector v0.86.0 '
                    "and removed in v0.111.0",
                    component_id,
                )
            )
    return findings


def deprecated_options(config: Any) -> list[OtelFinding]:
    """`loglevel`/`logLevel` on a logging or debug exporter: replaced by `verbosity`, rejected as
    written by modern Collectors (`logLevel` never matched, keys are case-sensitive since v0.71.0)."""
    findings = []
    for component_id, settings in section(config, "exporters").items():
        if not isinstance(component_id, str) or component_type(component_id) not in ("logging", "debug"):
            continue
        if not isinstance(settings, dict):
            continue
        for key in _LOG_LEVEL_KEYS:
            if key not in settings:
                continue
            if component_type(component_id) == "debug" or key == "logLevel":
                detail = "is not a valid option (config keys are case-sensitive); use `verbosity`"
            else:
                detail = "is deprecated since Collector v0.63.0 and was removed with the exporter; use `verbosity`"
            if key == "loglevel" and "verbosity" in settings and component_type(component_id) == "logging":
                detail = "cannot be combined with `verbosity` ('loglevel' and 'verbosity' are incompatible)"
            findings.append(
                OtelFinding(
                    DEPRECATED_OPTION,
                    ("exporters", component_id, key),
                    f'exporter "{component_id}": option "{key}" {detail}',
                    component_id,
                )
            )
    return findings


def localhost_receivers(config: Any) -> list[OtelFinding]:
    """OTLP receiver protocols without an `endpoint`: since Collector v0.104.0 they listen on localhost only."""
    findings = []
    for component_id, settings in section(config, "receivers").items():
        if not isinstance(component_id, str) or component_type(component_id) != "otlp":
            continue
        protocols = settings.get("protocols") if isinstance(settings, dict) else None
        if not isinstance(protocols, dict):
            continue
        for protocol in ("grpc", "http"):
            if protocol not in protocols:
                continue
            options = protocols[protocol]
            endpoint = options.get("endpoint") if isinstance(options, dict) else None
            if endpoint not in (None, ""):
                continue
            findings.append(
                OtelFinding(
                    RECEIVER_LOCALHOST,
                    ("receivers", component_id, "protocols", protocol),
                    f'receiver "{component_id}" sets no {protocol} endpoint, so it listens on '
                    f"localhost:{OTLP_DEFAULT_PORTS[protocol]} only (the default since Collector v0.104.0)",
                    component_id,
                )
            )
    return findings


def analyze(config: Any) -> OtelAnalysis:
    """Every finding about one collector config. Never raises, whatever the shape of `config`."""
    analysis = OtelAnalysis()
    if not isinstance(config, dict):
        return analysis
    for step in (undefined_components, pipeline_shape, logging_exporters, deprecated_options, localhost_receivers):
        analysis.findings.extend(step(config))
    return analysis


def is_collector_image(image: Any) -> bool:
    """Whether an image reference names an OpenTelemetry Collector distribution."""
    return isinstance(image, str) and _COLLECTOR_IMAGE.search(parse_image(image).location) is not None


def collector_version(image: Any) -> tuple[int, int, int] | None:
    """The Collector release of an image such as `otel/opentelemetry-collector-contrib:0.98.0`, if tagged."""
    if not is_collector_image(image):
        return None
    match = _VERSION.match(parse_image(image).tag or "")
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


# ---------------------------------------------------------------------------------------------
# Configs merged at start-up: several `--config` flags, inline `yaml:` configs and `--set`

# otelcol/flags.go: `--set=a.b.c=v` becomes the inline config `yaml:a::b::c: v`; confmap nests keys
# on its `::` delimiter (confmap.KeyDelimiter), so `yaml:exporters::debug::verbosity: detailed`
# (the example of the collector's docs/ on the yaml provider) defines exporter `debug`.
KEY_DELIMITER = "::"
LOCALHOST_GATE = "component.UseLocalHostAsDefaultHost"


@named_tuple
class InlineConfig:
    """A config given in a container's arguments: where (index in `args` or `command`) and its value."""

    field: str  # "args" or "command"
    index: int
    value: dict


def _nested(value: Any) -> Any:
    """A mapping with `a::b` keys turned into nested mappings, as confmap reads them."""
    if not isinstance(value, dict):
        return value
    result: dict = {}
    for key, item in value.items():
        parts = str(key).split(KEY_DELIMITER) if isinstance(key, str) else [key]
        target = result
        for part in parts[:-1]:
            child = target.get(part)
            if not isinstance(child, dict):
                child = target[part] = {}
            target = child
        nested = _nested(item)
        existing = target.get(parts[-1])
        if isinstance(existing, dict) and isinstance(nested, dict):
            existing.update(nested)
        else:
            target[parts[-1]] = nested
    return result


def flag_values(container: dict, name: str) -> Iterator[tuple[str, int, str]]:
    """(field, index, value) of each `--name=value` or `--name value` (or with one dash) in a
    container's `command` and `args`, as Go's flag package reads them."""
    for field in ("command", "args"):
        arguments = container.get(field)
        if not isinstance(arguments, list):
            continue
        for index, argument in enumerate(arguments):
            if not isinstance(argument, str):
                continue
            for prefix in (f"--{name}", f"-{name}"):
                if argument == prefix and index + 1 < len(arguments) and isinstance(arguments[index + 1], str):
                    yield field, index + 1, arguments[index + 1]
                elif argument.startswith(prefix + "="):
                    yield field, index, argument[len(prefix) + 1 :]


def inline_configs(container: dict) -> list[InlineConfig]:
    """The configs a Collector container gives in its arguments: `--config=yaml:...` and `--set=k=v`."""
    from k8slint.loader import load_text

    texts = [
        (field, index, value[len("yaml:") :])
        for field, index, value in flag_values(container, "config")
        if value.startswith("yaml:")
    ]
    for field, index, value in flag_values(container, "set"):
        key, equals, setting = value.partition("=")
        if equals:
            texts.append((field, index, f"{key.strip().replace('.', KEY_DELIMITER)}: {setting.strip()}"))
    found = []
    for field, index, text in sorted(texts, key=lambda item: (item[0] != "command", item[1])):
        documents = load_text(text).documents
        if documents and isinstance(documents[0].value, dict):
            found.append(InlineConfig(field, index, _nested(documents[0].value)))
    return found


def config_files(container: dict) -> Iterator[str | None]:
    """The file each non-inline `--config` flag reads (`/conf/relay.yaml`, `file:/conf/relay.yaml`),
    or None for a source that is not a file (`env:`, `http:`, `https:` and other providers)."""
    for _, _, value in flag_values(container, "config"):
        if value.startswith("yaml:"):
            continue
        path = value[len("file:") :] if value.startswith("file:") else value
        yield None if _URI_SCHEME.match(path) else path


_URI_SCHEME = LazyPattern(r"[A-Za-z][A-Za-z0-9+.-]*:")


def localhost_gate_disabled(container: dict) -> bool:
    """Whether `--feature-gates=-component.UseLocalHostAsDefaultHost` keeps the old 0.0.0.0 default."""
    return any(
        f"-{LOCALHOST_GATE}" in (gate.strip() for gate in value.split(","))
        for _, _, value in flag_values(container, "feature-gates")
    )


def defined_components(configs: list) -> dict[str, set]:
    """section -> the component ids the configs define together; a section some config gives as a
    `${...}` reference holds everything (None)."""
    defined: dict[str, Any] = {name: set() for name in SECTIONS}
    for config in configs:
        if not isinstance(config, dict):
            continue
        for name in SECTIONS:
            if is_expansion(config.get(name)):
                defined[name] = None
            elif defined[name] is not None:
                defined[name].update(section(config, name))
    return defined


def sets_endpoint(configs: list, receiver: str, protocol: str) -> bool:
    """Whether one of the configs gives receiver `receiver` an endpoint for `protocol`."""
    for config in configs:
        options = section(config, "receivers").get(receiver)
        protocols = options.get("protocols") if isinstance(options, dict) else None
        settings = protocols.get(protocol) if isinstance(protocols, dict) else None
        if isinstance(settings, dict) and settings.get("endpoint") not in (None, ""):
            return True
    return False
