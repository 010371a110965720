"""Kubernetes' tracing configuration semantics: which TracingConfiguration versions a release serves,
the fields a strict decoder accepts, `ValidateTracingConfiguration` (with Go's `url.Parse` underneath),
and the APIServerTracing and KubeletTracing feature gates with Go's `--feature-gates` parsing.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from k8slint.records import named_tuple

Version = tuple  # (major, minor)

APISERVER_CONFIG_GROUP = "apiserver.config.k8s.io"

# kubernetes/apiserver:pkg/apis/apiserver/{v1alpha1,v1beta1,v1}: the release that first served each version.
TRACING_API_VERSIONS: dict[str, Version] = {
    f"{APISERVER_CONFIG_GROUP}/v1alpha1": (1, 22),
    f"{APISERVER_CONFIG_GROUP}/v1beta1": (1, 27),
    f"{APISERVER_CONFIG_GROUP}/v1": (1, 34),
}
# Before this release kube-apiserver decoded the file leniently and dropped unknown fields.
STRICT_TRACING_DECODING_SINCE: Version = (1, 32)
KUBELET_TRACING_FIELD_SINCE: Version = (1, 25)

TRACING_FIELDS = frozenset({"endpoint", "samplingRatePerMillion"})
STANDALONE_FIELDS = TRACING_FIELDS | {"apiVersion", "kind"}

MAX_SAMPLING_RATE_PER_MILLION = 1_000_000
_INT32_MIN, _INT32_MAX = -(1 << 31), (1 << 31) - 1
# encoding/json prints an integral float64 below 1e21 as plain digits, which then decodes into an int32.
_JSON_PLAIN_FLOAT_LIMIT = 1e21


# ---- API versions and strict decoding ---------------------------------------------------------


def served_tracing_versions(kubernetes_version: Version) -> list[str]:
    """The TracingConfiguration apiVersions kube-apiserver of this release decodes, oldest first."""
    return [api for api, since in TRACING_API_VERSIONS.items() if tuple(kubernetes_version) >= since]


def tracing_version_error(api_version: Any, kubernetes_version: Version) -> str | None:
    """Why kube-apiserver of this release cannot decode a TracingConfiguration of `api_version`, if it cannot."""
    release = f"{kubernetes_version[0]}.{kubernetes_version[1]}"
    served = served_tracing_versions(kubernetes_version)
    if not isinstance(api_version, str) or not api_version:
        return "apiVersion is missing; the file cannot be decoded"
    since = TRACING_API_VERSIONS.get(api_version)
    if since is None:
        choices = ", ".join(f'"{api}"' for api in served) or "none"
        return f'apiVersion "{api_version}" is not a TracingConfiguration version (served in {release}: {choices})'
    if tuple(kubernetes_version) < since:
        return f'apiVersion "{api_version}" is served only since Kubernetes {since[0]}.{since[1]}, not in {release}'
    return None


def unknown_fields(value: dict, allowed: Iterable[str]) -> list[str]:
    """Keys of `value` that a strict, case-sensitive decoder rejects, in document order."""
    allowed_set = allowed if isinstance(allowed, (set, frozenset)) else frozenset(allowed)
    return [key for key in value if key not in allowed_set]


def strict_decoding(kubernetes_version: Version) -> bool:
    """Whether kube-apiserver rejects unknown fields in its tracing configuration file."""
    return tuple(kubernetes_version) >= STRICT_TRACING_DECODING_SINCE


# ---- ValidateTracingConfiguration -------------------------------------------------------------


@named_tuple
class FieldError:
    """One error of a tracing block: the field (`endpoint`, `samplingRatePerMillion`) and the message."""

    field: str
    message: str


def sampling_rate(value: Any) -> tuple[int | None, str | None]:
    """(rate, decode error) for a `samplingRatePerMillion` value as Kubernetes decodes it into an *int32."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"must be an integer, not the boolean {str(value).lower()}"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < _JSON_PLAIN_FLOAT_LIMIT:
            value = int(value)
        else:
            return None, f"must be an integer, not {value!r}"
    if isinstance(value, int):
        if not _INT32_MIN <= value <= _INT32_MAX:
            return None, f"{value} does not fit in a 32-bit integer"
        return value, None
    if isinstance(value, str):
        return None, f'must be an integer, not the string "{value}"'
    return None, f"must be an integer, not a {_type_name(value)}"


def sampling_rate_errors(value: Any) -> list[str]:
    """Decode and validation errors of `samplingRatePerMillion`, with Kubernetes' messages."""
    rate, error = sampling_rate(value)
    if error is not None:
        return [error]
    if rate is None:
        return []
    errors = []
    if rate < 0:
        errors.append(f"invalid value {rate}: sampling rate must be positive")
    if rate > MAX_SAMPLING_RATE_PER_MILLION:
        errors.append(f"invalid value {rate}: sampling rate per million must be less than or equal to one million")
    return errors


def endpoint_errors(endpoint: Any) -> list[str]:
    """Errors `ValidateTracingConfiguration` reports for `endpoint` (None means unset and is valid)."""
    if endpoint is None:
        return []
    if not isinstance(endpoint, str):
        return [f"must be a string, not a {_type_name(endpoint)}"]
    target = endpoint if "//" in endpoint else "dns://" + endpoint
    try:
        scheme = go_url_parse(target).scheme
    except GoURLError as error:
        return [f"invalid value {go_quote(target)}: {error}"]
    if scheme not in ("dns", "unix", "unix-abstract"):
        return [
            f"invalid value {go_quote(target)}: unsupported scheme: {scheme}.  Options are none, dns, unix, "
            "or unix-abstract.  See https://github.com/grpc/grpc/blob/master/doc/naming.md"
        ]
    return []


def tracing_block_errors(block: dict) -> list[FieldError]:
    """`ValidateTracingConfiguration` over a decoded tracing mapping (unknown fields are not its concern)."""
    rate = block.get("samplingRatePerMillion")
    errors = [FieldError("samplingRatePerMillion", message) for message in sampling_rate_errors(rate)]
    errors += [FieldError("endpoint", m) for m in endpoint_errors(block.get("endpoint"))]
    return errors


def endpoint_port(endpoint: Any) -> int | None:
    """The TCP port the OTLP/gRPC exporter dials for `endpoint`; None for unix sockets or when absent."""
    if endpoint is None:
        return 4317  # the OTLP gRPC exporter's default, localhost:4317
    if not isinstance(endpoint, str):
        return None
    try:
        url = go_url_parse(endpoint)
    except GoURLError:
        url = None
    # grpc-go reads a target with a registered scheme as scheme:[//authority/]endpoint (for dns the
    # authority names the DNS server); any other text is a plain host:port for the default resolver.
    if url is not None and url.scheme in ("dns", "passthrough"):
        host_port = url.path[1:] if url.path.startswith("/") else url.path or url.opaque or url.host
    elif url is not None and url.scheme in ("unix", "unix-abstract"):
        return None
    elif "//" in endpoint:
        return None
    else:
        host_port = endpoint
    if host_port.startswith("["):
        close = host_port.rfind("]")
        tail = host_port[close + 1:] if close >= 0 else ""
        port_text = tail[1:] if tail.startswith(":") else ""
    elif host_port.count(":") == 1:
        port_text = host_port.rsplit(":", 1)[1]
    else:
        port_text = ""
    if port_text == "":
        return 443 if host_port else None  # grpc-go's dns resolver defaults to port 443
    return int(port_text) if port_text.isdigit() else None


# ---- Go's net/url.Parse -----------------------------------------------------------------------


class GoURLError(ValueError):
    """An error of Go's `url.Parse`, printed as Go prints it."""


@named_tuple
class GoURL:
    scheme: str
    opaque: str
    user: str | None
    host: str
    path: str
    raw_query: str
    fragment: str


_HOST_SUB_DELIMS = frozenset("!$&'()*+,;=:[]<>\"")
_UNRESERVED_MARKS = frozenset("-_.~")
_RESERVED = frozenset("$&+,/:;=?@")
_USERINFO_EXTRA = frozenset("-._:~!$&'()*+,;=%@")


def go_url_parse(raw: str) -> GoURL:
    """Go's `net/url.Parse`: the same accepted inputs, the same error messages."""
    base, _, fragment = raw.partition("#")
    try:
        url = _parse(base)
    except GoURLError as error:
        raise GoURLError(f"parse {go_quote(base)}: {error}") from None
    if fragment:
        try:
            fragment = _unescape(fragment, "fragment")
        except GoURLError as error:
            raise GoURLError(f"parse {go_quote(raw)}: {error}") from None
    return GoURL(url.scheme, url.opaque, url.user, url.host, url.path, url.raw_query, fragment)


def _parse(raw: str) -> GoURL:
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise GoURLError("net/url: invalid control character in URL")
    if raw == "*":
        return GoURL("", "", None, "", "*", "", "")
    scheme, rest = _get_scheme(raw)
    scheme = scheme.lower()
    if rest.endswith("?") and rest.count("?") == 1:
        rest, raw_query = rest[:-1], ""
    else:
        rest, _, raw_query = rest.partition("?")
    if not rest.startswith("/"):
        if scheme:
            return GoURL(scheme, rest, None, "", "", raw_query, "")
        if ":" in rest.partition("/")[0]:
            raise GoURLError("first path segment in URL cannot contain colon")
    user, host = None, ""
    if (scheme or not rest.startswith("///")) and rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        rest = slash + path
        user, host = _parse_authority(authority)
    return GoURL(scheme, "", user, host, _unescape(rest, "path"), raw_query, "")


def _get_scheme(raw: str) -> tuple[str, str]:
    for index, char in enumerate(raw):
        if "a" <= char <= "z" or "A" <= char <= "Z":
            continue
        if "0" <= char <= "9" or char in "+-.":
            if index == 0:
                return "", raw
            continue
        if char == ":":
            if index == 0:
                raise GoURLError("missing protocol scheme")
            return raw[:index], raw[index + 1:]
        return "", raw
    return "", raw


def _parse_authority(authority: str) -> tuple[str | None, str]:
    at = authority.rfind("@")
    host = _parse_host(authority[at + 1:] if at >= 0 else authority)
    if at < 0:
        return None, host
    userinfo = authority[:at]
    if not all(_is_ascii_alnum(c) or c in _USERINFO_EXTRA for c in userinfo):
        raise GoURLError("net/url: invalid userinfo")
    username, _, password = userinfo.partition(":")
    _unescape(username, "userinfo")
    _unescape(password, "userinfo")
    return userinfo, host


def _parse_host(host: str) -> str:
    if host.startswith("["):
        close = host.rfind("]")
        if close < 0:
            raise GoURLError("missing ']' in host")
        colon_port = host[close + 1:]
        if not _valid_optional_port(colon_port):
            raise GoURLError(f"invalid port {go_quote(colon_port)} after host")
        zone = host[:close].find("%25")
        if zone >= 0:
            return (
                _unescape(host[:zone], "host")
                + _unescape(host[zone:close], "zone")
                + _unescape(host[close:], "host")
            )
    else:
        colon = host.rfind(":")
        if colon >= 0 and not _valid_optional_port(host[colon:]):
            raise GoURLError(f"invalid port {go_quote(host[colon:])} after host")
    return _unescape(host, "host")


def _valid_optional_port(port: str) -> bool:
    return port == "" or (port[0] == ":" and all("0" <= c <= "9" for c in port[1:]))


def _is_ascii_alnum(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z" or "0" <= char <= "9"


def _should_escape(char: str, mode: str) -> bool:
    if _is_ascii_alnum(char):
        return False
    if mode in ("host", "zone") and char in _HOST_SUB_DELIMS:
        return False
    if char in _UNRESERVED_MARKS:
        return False
    if char in _RESERVED:
        if mode == "path":
            return char == "?"
        if mode == "userinfo":
            return char in "@/?:"
        if mode == "fragment":
            return False
    if mode == "fragment" and char in "!()*":
        return False
    return True


def _unescape(text: str, mode: str) -> str:
    """Go's `unescape` for the modes Parse uses; returns the decoded text or raises Go's error."""
    data = text.encode("utf-8")
    out = bytearray()
    index = 0
    while index < len(data):
        byte = data[index]
        if byte == 0x25:  # '%'
            escape = data[index:index + 3]
            if len(escape) < 3 or not _is_hex(escape[1]) or not _is_hex(escape[2]):
                raise GoURLError(f"invalid URL escape {go_quote(escape.decode('utf-8', 'replace'))}")
            decoded = int(escape[1:].decode(), 16)
            if mode == "host" and decoded < 0x80 and escape != b"%25":
                raise GoURLError(f"invalid URL escape {go_quote(escape.decode())}")
            if mode == "zone" and escape != b"%25" and decoded != 0x20 and _should_escape(chr(decoded), "host"):
                raise GoURLError(f"invalid URL escape {go_quote(escape.decode())}")
            out.append(decoded)
            index += 3
            continue
        if mode in ("host", "zone") and byte < 0x80 and _should_escape(chr(byte), mode):
            raise GoURLError(f"invalid character {go_quote(chr(byte))} in host name")
        out.append(byte)
        index += 1
    return out.decode("utf-8", "replace")


def _is_hex(byte: int) -> bool:
    return 0x30 <= byte <= 0x39 or 0x41 <= byte <= 0x46 or 0x61 <= byte <= 0x66


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_quote(text: str) -> str:
    """Go's `strconv.Quote` (the `%q` verb), so messages read exactly as Kubernetes prints them."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


# ---- feature gates ----------------------------------------------------------------------------


@named_tuple
class FeatureGate:
    """One feature gate's history: the release of each stage; None when the stage has not happened."""

    name: str
    alpha: Version
    beta: Version | None
    ga: Version | None
    removed: Version | None

    def stage(self, kubernetes_version: Version) -> str:
        """"unknown" (not yet added), "alpha", "beta", "ga" (locked to true) or "removed"."""
        version = tuple(kubernetes_version)
        if self.removed is not None and version >= self.removed:
            return "removed"
        if self.ga is not None and version >= self.ga:
            return "ga"
        if self.beta is not None and version >= self.beta:
            return "beta"
        if version >= self.alpha:
            return "alpha"
        return "unknown"

    def default(self, kubernetes_version: Version) -> bool:
        """Whether the feature is on when the gate is not set (a removed GA feature is always on)."""
        return self.stage(kubernetes_version) in ("beta", "ga", "removed")

    def enabled(self, settings: dict[str, bool], kubernetes_version: Version) -> bool:
        """Whether the feature is on, given the gates set explicitly (a locked gate ignores them)."""
        stage = self.stage(kubernetes_version)
        if stage in ("ga", "removed"):
            return True
        if stage == "unknown":
            return False
        return settings.get(self.name, self.default(kubernetes_version))

    def setting_problem(self, value: bool, kubernetes_version: Version) -> tuple[bool, str] | None:
        """(is_error, message) when setting this gate to `value` is rejected or pointless in this release."""
        stage = self.stage(kubernetes_version)
        release = f"{kubernetes_version[0]}.{kubernetes_version[1]}"
        if stage in ("unknown", "removed"):
            when = (
                f"added in {self.alpha[0]}.{self.alpha[1]}"
                if stage == "unknown"
                else f"removed in {self.removed[0]}.{self.removed[1]}"  # type: ignore[index]
            )
            return True, f'unrecognized feature gate: {self.name} (Kubernetes {release}; the gate was {when})'
        if stage == "ga":
            ga = f"{self.ga[0]}.{self.ga[1]}"  # type: ignore[index]
            if value is False:
                return True, f"cannot set feature gate {self.name} to false, feature is locked to true (GA since {ga})"
            return False, f"feature gate {self.name} is GA and locked to true since {ga}; setting it has no effect"
        return None


APISERVER_TRACING = FeatureGate("APIServerTracing", alpha=(1, 22), beta=(1, 27), ga=(1, 34), removed=(1, 37))
# Removed for v1.38 by kubernetes/kubernetes#141714 ("Remove KubeletTracing feature gate"), not 1.37 as planned.
KUBELET_TRACING = FeatureGate("KubeletTracing", alpha=(1, 25), beta=(1, 27), ga=(1, 34), removed=(1, 38))
TRACING_GATES = {gate.name: gate for gate in (APISERVER_TRACING, KUBELET_TRACING)}


_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def go_parse_bool(text: str) -> bool | None:
    """Go's `strconv.ParseBool`; None when Go rejects the text."""
    if text in _GO_TRUE:
        return True
    if text in _GO_FALSE:
        return False
    return None


@named_tuple
class GateSetting:
    """One `Name=value` entry of a feature-gates list: its gate name, its value or the parse error."""

    name: str
    value: bool | None
    error: str | None = None


def parse_feature_gates_flag(text: str) -> list[GateSetting]:
    """The entries of one `--feature-gates` value, as component-base's `featureGate.Set` splits them."""
    settings = []
    for entry in text.split(","):
        if not entry:
            continue
        name, equals, raw = entry.partition("=")
        name = name.strip(" \t\n\v\f\r")
        if not equals:
            settings.append(GateSetting(name, None, f"missing bool value for {name}"))
            continue
        raw = raw.strip(" \t\n\v\f\r")
        value = go_parse_bool(raw)
        if value is None:
            error = f'invalid value of {name}={raw}, err: strconv.ParseBool: parsing {go_quote(raw)}: invalid syntax'
            settings.append(GateSetting(name, None, error))
        else:
            settings.append(GateSetting(name, value))
    return settings


def parse_feature_gates_map(value: Any) -> list[GateSetting]:
    """The entries of a KubeletConfiguration `featureGates` mapping (a map[string]bool when decoded)."""
    if not isinstance(value, dict):
        return []
    settings = []
    for name, setting in value.items():
        if isinstance(setting, bool):
            settings.append(GateSetting(name, setting))
        else:
            shown = "null" if setting is None else repr(setting) if not isinstance(setting, str) else f'"{setting}"'
            settings.append(GateSetting(name, None, f"feature gate {name} must be true or false, not {shown}"))
    return settings


def effective_gates(settings: Iterable[GateSetting]) -> dict[str, bool]:
    """Gate name -> value after all entries apply in order (later entries win, as repeated flags do)."""
    return {setting.name: setting.value for setting in settings if setting.value is not None}


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__
