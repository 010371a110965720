"""Kubernetes component metrics options as component-base validates them: which programs take which
metrics flags, the component's version (from its image tag), `--show-hidden-metrics-for-version`,
`--disabled-metrics` and `--allow-metric-labels` parsed the way pflag parses them.

Upstream: kubernetes/component-base `metrics/options.go` and `metrics/api/v1/validation.go`
(`validateShowHiddenMetricsVersion`, `validateDisabledMetrics`, `validateAllowListMapping`);
spf13/pflag `string_slice.go` and `string_to_string.go` (values read as one CSV record).
"""

from __future__ import annotations

from typing import Any

from k8slint.images import parse_image
from k8slint.records import named_tuple
from k8slint.tracing import FeatureGate, go_quote
from k8slint.regex import LazyPattern

Version = tuple  # (major, minor)

KUBE_APISERVER = "kube-apiserver"
KUBE_CONTROLLER_MANAGER = "kube-controller-manager"
KUBE_SCHEDULER = "kube-scheduler"
CLOUD_CONTROLLER_MANAGER = "cloud-controller-manager"
KUBE_PROXY = "kube-proxy"
KUBELET = "kubelet"

# Programs that register component-base's metrics options (all three flags); kube-proxy and the kubelet
# take only --show-hidden-metrics-for-version (cmd/kube-proxy/app/options.go, cmd/kubelet/app/options).
METRICS_OPTIONS_PROGRAMS = frozenset(
    {KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, CLOUD_CONTROLLER_MANAGER}
)
SHOW_HIDDEN_PROGRAMS = METRICS_OPTIONS_PROGRAMS | {KUBE_PROXY, KUBELET}

# The release that first accepts each of component-base's other metrics flags on the programs that register
# its options (`Options.AddFlags` in `metrics/options.go`). Read from kubernetes/kubernetes
# `CHANGELOG/CHANGELOG-1.21.md` (v1.21.0-beta.1: "Metrics can now be disabled explicitly via a command line
# flag", #99217) and `CHANGELOG/CHANGELOG-1.29.md` ("supplying a manifest using the
# `--allow-metric-labels-manifest` flag", #118299). The release that added `--allow-metric-labels` could not
# be established from the sources read, so it is never judged by version (None).
METRICS_FLAG_SINCE: dict[str, Version | None] = {
    "disabled-metrics": (1, 21),
    "allow-metric-labels": None,
    "allow-metric-labels-manifest": (1, 29),
}

METRIC_NAME = LazyPattern(r"[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
_ALLOW_LIST_KEY = LazyPattern(r"[a-zA-Z_:][a-zA-Z0-9_:]*,[a-zA-Z_][a-zA-Z0-9_]*")
_RELEASE_TAG = LazyPattern(r"v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?\Z")


def image_version(image: Any) -> Version | None:
    """(major, minor) of a component image tagged with its release (`registry.k8s.io/kube-proxy:v1.30.2`)."""
    if not isinstance(image, str):
        return None
    tag = parse_image(image).tag
    match = _RELEASE_TAG.match(tag) if tag else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def unknown_metrics_flag(name: str, program: str, version: Version, source: str) -> str | None:
    """Why `program` of `version` does not know the component-base metrics flag `--name`, if it does not.

    kube-proxy and the kubelet do not register component-base's metrics options (`Options.AddFlags`):
    kube-proxy declares `--show-hidden-metrics-for-version` itself (cmd/kube-proxy/app/options.go), and
    the kubelet's flag sets (cmd/kubelet/app/options/options.go, `KubeletFlags.AddFlags` and
    `AddKubeletConfigFlags`) hold none of these flags. cloud-controller-manager images carry their
    provider's release, not Kubernetes', so only the program is judged for it.
    """
    if name not in METRICS_FLAG_SINCE:
        return None
    if program in (KUBE_PROXY, KUBELET):
        return (
            f"{program} does not accept --{name} (it does not register component-base's metrics options): "
            "it refuses to start with \"unknown flag\""
        )
    since = METRICS_FLAG_SINCE[name]
    if program not in METRICS_OPTIONS_PROGRAMS or program == CLOUD_CONTROLLER_MANAGER or since is None:
        return None
    if tuple(version) >= since:
        return None
    return (
        f"--{name} is accepted since Kubernetes {since[0]}.{since[1]}; {program} {version[0]}.{version[1]} "
        f"(from {source}) refuses to start with \"unknown flag\""
    )


def show_hidden_problem(
    name: str, value: str, version: Version, component: str, source: str
) -> tuple[bool, str] | None:
    """(is_error, message) for the show-hidden-metrics setting `name` of a component of `version`; None when unset.

    `source` says where the version comes from ("its image tag", "the configured kubernetesVersion").
    """
    if value == "":
        return None
    allowed = f"{version[0]}.{version[1] - 1}"
    release = f"{version[0]}.{version[1]}"
    if value != allowed:
        return True, (
            f"{name} {go_quote(value)} must be omitted or have the value '{allowed}' "
            f"({component} {release}, from {source}): the component refuses to start"
        )
    return False, (
        f"{name} {go_quote(value)} re-enables metrics hidden in {release}; they are removed "
        f"in {version[0]}.{version[1] + 1}, where this value stops the component from starting"
    )


class CSVError(ValueError):
    """A value that Go's encoding/csv rejects as a record."""


def read_csv_record(text: str) -> list[str]:
    """Go's `csv.NewReader(...).Read()` with default settings: one record of comma-separated fields.

    A field starting with `"` is quoted (`""` is a literal quote inside it); a quote elsewhere in an
    unquoted field is an error, as is an unterminated quoted field. Only the first line is a record.
    """
    line = text.split("\n", 1)[0].rstrip("\r")
    fields: list[str] = []
    index = 0
    while True:
        if line.startswith('"', index):
            index += 1
            field = []
            while True:
                close = line.find('"', index)
                if close < 0:
                    raise CSVError('extraneous or missing " in quoted-field')
                field.append(line[index:close])
                index = close + 1
                if line.startswith('"', index):
                    field.append('"')
                    index += 1
                    continue
                break
            if index < len(line) and line[index] != ",":
                raise CSVError('extraneous or missing " in quoted-field')
            fields.append("".join(field))
        else:
            comma = line.find(",", index)
            end = len(line) if comma < 0 else comma
            field_text = line[index:end]
            if '"' in field_text:
                raise CSVError('bare " in non-quoted-field')
            fields.append(field_text)
            index = end
        if index >= len(line):
            return fields
        index += 1  # the comma


def disabled_metrics_errors(value: str) -> list[str]:
    """Why component-base rejects one `--disabled-metrics` value (a pflag StringSlice)."""
    if value == "":
        return []
    try:
        names = read_csv_record(value)
    except CSVError as error:
        return [f"--disabled-metrics {go_quote(value)} is not a comma-separated list: {error}"]
    for name in names:
        if METRIC_NAME.match(name) is None:
            return [
                f'--disabled-metrics must be fully qualified metric names matching "^[a-zA-Z_:][a-zA-Z0-9_:]*$", got "{name}"'
            ]
    return []


@named_tuple
class AllowListEntry:
    key: str  # metricName,labelName
    values: str


def allow_metric_labels(value: str) -> tuple[list[AllowListEntry], str | None]:
    """The entries of one `--allow-metric-labels` value, as pflag's StringToString `Set` splits them."""
    if value.count("=") == 0:
        return [], f"{value} must be formatted as key=value"
    if value.count("=") == 1:
        pairs = [value.strip('"')]
    else:
        try:
            pairs = read_csv_record(value)
        except CSVError as error:
            return [], str(error)
    entries = []
    for pair in pairs:
        key, equals, values = pair.partition("=")
        if not equals:
            return [], f"{pair} must be formatted as key=value"
        entries.append(AllowListEntry(key, values))
    return entries, None


def allow_metric_labels_errors(value: str) -> list[str]:
    """Why pflag or component-base rejects one `--allow-metric-labels` value."""
    entries, error = allow_metric_labels(value)
    if error is not None:
        return [f"--allow-metric-labels {go_quote(value)} cannot be parsed: {error}"]
    for entry in entries:
        if _ALLOW_LIST_KEY.fullmatch(entry.key) is None:
            return [
                f'--allow-metric-labels key "{entry.key}" must have the format `metricName,labelName` where metricName '
                'matches "[a-zA-Z_:][a-zA-Z0-9_:]*" and labelName matches "[a-zA-Z_][a-zA-Z0-9_]*"'
            ]
    return []


# ---- metrics feature gates (kubernetes/website feature-gates pages; pkg/features/kube_features.go and
# versioned_kube_features.go; staging/src/k8s.io/component-base/metrics/features/kube_features.go) --------
# Stages not yet reached in the newest sources read are None: a later graduation or removal is not guessed.

DISABLE_ACCELERATOR_USAGE_METRICS = FeatureGate(
    "DisableAcceleratorUsageMetrics", alpha=(1, 19), beta=(1, 20), ga=(1, 25), removed=(1, 28)
)
# "ComponentSLIs officially graduated to GA in v1.29 but the gate was not updated until v1.32. To support
# emulated versions, keep the gate until v1.35." (component-base metrics/features/kube_features.go)
COMPONENT_SLIS = FeatureGate("ComponentSLIs", alpha=(1, 26), beta=(1, 27), ga=(1, 32), removed=(1, 35))
# The kubelet's stats (`/metrics/cadvisor`, the summary API) from the CRI runtime instead of cAdvisor.
POD_AND_CONTAINER_STATS_FROM_CRI = FeatureGate(
    "PodAndContainerStatsFromCRI", alpha=(1, 23), beta=None, ga=None, removed=None
)
# The kubelet's Pressure Stall Information metrics.
KUBELET_PSI = FeatureGate("KubeletPSI", alpha=(1, 33), beta=(1, 34), ga=None, removed=None)
# Metrics of client-go informers, registered by component-base's metrics feature gates.
INFORMER_METRICS = FeatureGate("InformerMetrics", alpha=(1, 35), beta=None, ga=None, removed=None)
METRICS_GATES = {
    gate.name: gate
    for gate in (
        DISABLE_ACCELERATOR_USAGE_METRICS,
        COMPONENT_SLIS,
        POD_AND_CONTAINER_STATS_FROM_CRI,
        KUBELET_PSI,
        INFORMER_METRICS,
    )
}


def component_version(container: dict, configured: Version) -> tuple[Version, str]:
    """(release, where it comes from) of the Kubernetes component a container runs."""
    tagged = image_version(container.get("image"))
    if tagged is not None:
        return tagged, "its image tag"
    return configured, "the configured kubernetesVersion"


def image_name(image: Any) -> str:
    """The last path segment of an image's repository (`registry.k8s.io/metrics-server/metrics-server:v0.7` ->
    `metrics-server`), lower-cased; "" when not a string."""
    if not isinstance(image, str):
        return ""
    return parse_image(image).repository.rsplit("/", 1)[-1].lower()


# ---- kubeadm ClusterConfiguration -------------------------------------------------------------

KUBEADM_SECTIONS = {
    "apiServer": KUBE_APISERVER,
    "controllerManager": KUBE_CONTROLLER_MANAGER,
    "scheduler": KUBE_SCHEDULER,
}


@named_tuple
class ExtraArg:
    """One `extraArgs` entry of a kubeadm ClusterConfiguration: the component, flag name, value and its path."""

    component: str
    name: str
    value: str
    at: tuple


def kubeadm_extra_args(config: dict) -> list[ExtraArg]:
    """The control-plane flags a ClusterConfiguration passes: `extraArgs` as a map (v1beta3) or as a
    list of `{name, value}` (v1beta4)."""
    found = []
    for section, component in KUBEADM_SECTIONS.items():
        body = config.get(section)
        extra = body.get("extraArgs") if isinstance(body, dict) else None
        if isinstance(extra, dict):
            found.extend(
                ExtraArg(component, str(name), value, (section, "extraArgs", name))
                for name, value in extra.items()
                if isinstance(value, str)
            )
        elif isinstance(extra, list):
            found.extend(
                ExtraArg(component, item["name"], item["value"], (section, "extraArgs", index, "value"))
                for index, item in enumerate(extra)
                if isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("value"), str)
            )
    return found


def kubeadm_version(config: dict, configured: Version) -> tuple[Version, str]:
    """(release, where it comes from): the ClusterConfiguration's `kubernetesVersion` when it names one."""
    written = config.get("kubernetesVersion")
    match = _RELEASE_TAG.match(written) if isinstance(written, str) else None
    if match:
        return (int(match.group(1)), int(match.group(2))), "its kubernetesVersion"
    return configured, "the configured kubernetesVersion"
