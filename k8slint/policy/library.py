"""Kubernetes' CEL library types and functions, in plain Python, independent of the CEL engine.

Follows the API server's libraries in staging/src/k8s.io/apiserver/pkg/cel/library/ (quantity.go,
urls.go, ip.go, cidr.go, semverlib.go, lists.go, regex.go) and cel-go's ext/sets.go. Values of the
opaque types (Quantity, URL, IP, CIDR, Semver) travel through CEL as tagged maps
`{"@k8s": <type>, "value": <canonical text>}`: the canonical text makes CEL's map equality agree with
the API server's (`quantity('1Gi') == quantity('1024Mi')`). Every function raises `ValueError` with
the API server's message on bad input; the engine turns it into a CEL error value.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any
from urllib.parse import parse_qs, urlsplit

from k8slint.regex import LazyPattern

TAG = "@k8s"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# ---- tagged values -------------------------------------------------------------------------------


def tagged(type_name: str, value: str) -> dict:
    return {TAG: type_name, "value": value}


def untag(value: Any, *type_names: str) -> str:
    if isinstance(value, dict) and value.get(TAG) in type_names:
        return value["value"]
    raise ValueError(f"no such overload: expected {' or '.join(type_names)}")


def type_of(value: Any) -> str | None:
    return value.get(TAG) if isinstance(value, dict) else None


# ---- quantity ------------------------------------------------------------------------------------

_QUANTITY = LazyPattern(r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?")
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}


def parse_quantity(text: str) -> Fraction:
    """The exact value of a resource.Quantity string; ValueError when it is not one."""
    match = _QUANTITY.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    number, suffix = Fraction(match.group(1)), match.group(2) or ""
    if suffix in _BINARY:
        return number * _BINARY[suffix]
    exponent = _DECIMAL[suffix] if suffix in _DECIMAL else int(suffix[1:]) if suffix else 0
    return number * Fraction(10) ** exponent


def _quantity_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def quantity(text: str) -> dict:
    return tagged("quantity", _quantity_text(parse_quantity(text)))


def is_quantity(text: str) -> bool:
    try:
        parse_quantity(text)
    except ValueError:
        return False
    return True


def _quantity_value(value: Any) -> Fraction:
    return Fraction(untag(value, "quantity"))


def quantity_sign(value: Any) -> int:
    number = _quantity_value(value)
    return (number > 0) - (number < 0)


def quantity_is_integer(value: Any) -> bool:
    number = _quantity_value(value)
    return number.denominator == 1 and INT64_MIN <= number <= INT64_MAX


def quantity_as_integer(value: Any) -> int:
    if not quantity_is_integer(value):
        raise ValueError("cannot convert value to integer")
    return int(_quantity_value(value))


def quantity_as_float(value: Any) -> float:
    return float(_quantity_value(value))


def _quantity_operand(value: Any) -> Fraction:
    return Fraction(value) if isinstance(value, int) and not isinstance(value, bool) else _quantity_value(value)


def quantity_add(left: Any, right: Any) -> dict:
    return tagged("quantity", _quantity_text(_quantity_value(left) + _quantity_operand(right)))


def quantity_sub(left: Any, right: Any) -> dict:
    return tagged("quantity", _quantity_text(_quantity_value(left) - _quantity_operand(right)))


def quantity_mul(left: Any, multiplier: int) -> dict:
    return tagged("quantity", _quantity_text(_quantity_value(left) * multiplier))


# ---- semver --------------------------------------------------------------------------------------

_SEMVER = LazyPattern(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)


def _normalize_semver(text: str) -> str:
    """semver(s, true): strip a leading v, add missing minor/patch, drop leading zeros (semverlib.go)."""
    text = text.removeprefix("v")
    split = re.match(r"([0-9.]*)(.*)", text, re.DOTALL)
    assert split is not None  # the pattern matches every string
    core, rest = split.groups()
    parts = [part.lstrip("0") or "0" for part in core.split(".")] if core else []
    while 0 < len(parts) < 3:
        parts.append("0")
    return ".".join(parts) + rest


def semver(text: str, normalize: bool = False) -> dict:
    candidate = _normalize_semver(text) if normalize else text
    if not isinstance(candidate, str) or _SEMVER.fullmatch(candidate) is None:
        raise ValueError(f"could not parse {text!r} as a semantic version")
    return tagged("semver", candidate)


def is_semver(text: str, normalize: bool = False) -> bool:
    try:
        semver(text, normalize)
    except ValueError:
        return False
    return True


def _semver_parts(value: Any) -> tuple:
    match = _SEMVER.fullmatch(untag(value, "semver"))
    assert match is not None
    major, minor, patch, pre, _ = match.groups()
    return int(major), int(minor), int(patch), pre


def semver_major(value: Any) -> int:
    return _semver_parts(value)[0]


def semver_minor(value: Any) -> int:
    return _semver_parts(value)[1]


def semver_patch(value: Any) -> int:
    return _semver_parts(value)[2]


def _semver_key(value: Any) -> tuple:
    major, minor, patch, pre = _semver_parts(value)
    if pre is None:
        return (major, minor, patch, 1, ())
    fields = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in pre.split("."))
    return (major, minor, patch, 0, fields)


# ---- comparisons shared by quantity and semver ---------------------------------------------------


def _ordering_key(value: Any) -> Any:
    kind = type_of(value)
    if kind == "quantity":
        return _quantity_value(value)
    if kind == "semver":
        return _semver_key(value)
    raise ValueError("no such overload: compareTo needs a quantity or a semver")


def compare_to(left: Any, right: Any) -> int:
    if type_of(left) != type_of(right):
        raise ValueError("no such overload: cannot compare different types")
    a, b = _ordering_key(left), _ordering_key(right)
    return (a > b) - (a < b)


def is_less_than(left: Any, right: Any) -> bool:
    return compare_to(left, right) < 0


def is_greater_than(left: Any, right: Any) -> bool:
    return compare_to(left, right) > 0


# ---- url -----------------------------------------------------------------------------------------


def url(text: str) -> dict:
    """Go's url.ParseRequestURI: an absolute URI or an absolute path, no fragment."""
    try:
        parts = urlsplit(text)
    except ValueError as error:
        raise ValueError(f"URL parse error during conversion from string: {error}") from None
    absolute_uri = bool(parts.scheme) and (bool(parts.netloc) or parts.path.startswith("/") or bool(parts.path))
    if not (absolute_uri or text.startswith("/")) or "#" in text or any(c.isspace() for c in text):
        raise ValueError(f"URL parse error during conversion from string: parse {text!r}: invalid URI for request")
    return tagged("url", text)


def is_url(text: str) -> bool:
    try:
        url(text)
    except ValueError:
        return False
    return True


def _url_parts(value: Any):
    return urlsplit(untag(value, "url"))


def url_scheme(value: Any) -> str:
    return _url_parts(value).scheme


def url_host(value: Any) -> str:
    return _url_parts(value).netloc.rpartition("@")[2]


def url_hostname(value: Any) -> str:
    host = url_host(value)
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rpartition(":")[0] if ":" in host else host


def url_port(value: Any) -> str:
    host = url_host(value)
    tail = host[host.find("]") + 1 :] if host.startswith("[") else host
    return tail.rpartition(":")[2] if ":" in tail else ""


def url_escaped_path(value: Any) -> str:
    return _url_parts(value).path


def url_query(value: Any) -> dict:
    return parse_qs(_url_parts(value).query, keep_blank_values=True)


# ---- ip and cidr ---------------------------------------------------------------------------------


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if not isinstance(text, str) or "%" in text:
        raise ValueError(f"IP Address {text!r} parse error during conversion from string: zones are not allowed")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise ValueError(f"IP Address {text!r} parse error during conversion from string") from None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        raise ValueError(f"IPv4-mapped IPv6 address {text!r} is not allowed")
    return address


def ip(text: str) -> dict:
    return tagged("ip", str(_parse_ip(text)))


def is_ip(text: str) -> bool:
    try:
        _parse_ip(text)
    except ValueError:
        return False
    return True


def ip_is_canonical(text: str) -> bool:
    return str(_parse_ip(text)) == text


def _ip_value(value: Any):
    return ipaddress.ip_address(untag(value, "ip"))


def ip_family(value: Any) -> int:
    return _ip_value(value).version


def ip_is_unspecified(value: Any) -> bool:
    return _ip_value(value).is_unspecified


def ip_is_loopback(value: Any) -> bool:
    return _ip_value(value).is_loopback


def ip_is_link_local_multicast(value: Any) -> bool:
    address = _ip_value(value)
    network = "224.0.0.0/24" if address.version == 4 else "ff02::/16"
    return address in ipaddress.ip_network(network)


def ip_is_link_local_unicast(value: Any) -> bool:
    return _ip_value(value).is_link_local and not _ip_value(value).is_multicast


def ip_is_global_unicast(value: Any) -> bool:
    """Go's netip.Addr.IsGlobalUnicast: not unspecified, loopback, multicast, link-local or broadcast."""
    address = _ip_value(value)
    if address.version == 4 and address == ipaddress.IPv4Address("255.255.255.255"):
        return False
    return not (address.is_unspecified or address.is_loopback or address.is_multicast or ip_is_link_local_unicast(value))


def _parse_cidr(text: str) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface:
    if not isinstance(text, str) or "/" not in text:
        raise ValueError(f"network address {text!r} parse error during conversion from string: no '/'")
    address_text, _, length = text.partition("/")
    _parse_ip(address_text)
    if not length.isdigit() or (len(length) > 1 and length.startswith("0")):
        raise ValueError(f"network address {text!r} parse error during conversion from string: bad bits")
    try:
        return ipaddress.ip_interface(text)
    except ValueError:
        raise ValueError(f"network address {text!r} parse error during conversion from string: bad bits") from None


def cidr(text: str) -> dict:
    return tagged("cidr", str(_parse_cidr(text)))


def is_cidr(text: str) -> bool:
    try:
        _parse_cidr(text)
    except ValueError:
        return False
    return True


def _cidr_value(value: Any):
    return ipaddress.ip_interface(untag(value, "cidr"))


def cidr_ip(value: Any) -> dict:
    return tagged("ip", str(_cidr_value(value).ip))


def cidr_masked(value: Any) -> dict:
    return tagged("cidr", str(_cidr_value(value).network))


def cidr_prefix_length(value: Any) -> int:
    return _cidr_value(value).network.prefixlen


def cidr_contains_ip(value: Any, other: Any) -> bool:
    address = _ip_value(other) if type_of(other) == "ip" else _parse_ip(other)
    network = _cidr_value(value).network
    return address.version == network.version and address in network


def cidr_contains_cidr(value: Any, other: Any) -> bool:
    inner = (_cidr_value(other) if type_of(other) == "cidr" else _parse_cidr(other)).network
    outer = _cidr_value(value).network
    return inner.version == outer.version and inner.subnet_of(outer)  # type: ignore[arg-type]


# ---- lists, sets, regex --------------------------------------------------------------------------


def list_is_sorted(items: list) -> bool:
    return all(items[i] <= items[i + 1] for i in range(len(items) - 1))


def list_sum(items: list) -> Any:
    total: Any = 0
    for item in items:
        total = total + item
    return total


def list_min(items: list) -> Any:
    if not items:
        raise ValueError("min called on empty list")
    return min(items)


def list_max(items: list) -> Any:
    if not items:
        raise ValueError("max called on empty list")
    return max(items)


def sets_contains(items: list, wanted: list) -> bool:
    return all(item in items for item in wanted)


def sets_equivalent(left: list, right: list) -> bool:
    return sets_contains(left, right) and sets_contains(right, left)


def sets_intersects(left: list, right: list) -> bool:
    return any(item in right for item in left)


def _regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ValueError(f"regex compile error: {error}") from None


def regex_find(text: str, pattern: str) -> str:
    match = _regex(pattern).search(text)
    return match.group(0) if match else ""


def regex_find_all(text: str, pattern: str, limit: int = -1) -> list[str]:
    if limit == 0:
        return []
    found = [match.group(0) for match in _regex(pattern).finditer(text)]
    return found if limit < 0 else found[:limit]


# ---- k8slint's own helpers -----------------------------------------------------------------------

_REPOSITORY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-./")
_TAG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGEST_CHARS = frozenset("sh:0123456789abcdef")
DEFAULT_REGISTRY = "index.docker.io"
# host[:port] as Go's url.Parse("//" + name) accepts it: a bracketed IPv6 literal or a host without
# delimiters, and a numeric port.
_AUTHORITY = LazyPattern(r"(\[[0-9A-Fa-f:.]+\]|[^\s/?#@:\[\]]+)(:[0-9]*)?")


def _check_element(what: str, text: str, allowed: frozenset, shortest: int, longest: int) -> None:
    if not shortest <= len(text) <= longest or not set(text) <= allowed:
        raise ValueError(f"{what} {text!r} is not valid")


def _repository(name: str) -> tuple[str, str]:
    """(registry, repository) as go-containerregistry's name.NewRepository reads them."""
    if not name:
        raise ValueError("a repository name must be specified")
    registry, repository = "", name
    first, slash, rest = name.partition("/")
    if slash and ("." in first or ":" in first):
        registry, repository = first, rest
    _check_element("repository", repository, _REPOSITORY_CHARS, 2, 255)
    if "" in repository.split("/"):  # Kubernetes' image.go documents 'registry.k8s.io//x' as an error
        raise ValueError(f"repository {repository!r} has an empty path component")
    if registry and not _AUTHORITY.fullmatch(registry):
        raise ValueError(f"registry {registry!r} is not a valid RFC 3986 URI authority")
    registry = DEFAULT_REGISTRY if registry in ("", "docker.io") else registry
    if registry == DEFAULT_REGISTRY and "/" not in repository:
        repository = f"library/{repository}"
    return registry, repository


def _tag_reference(reference: str) -> tuple[str, str, str]:
    base, tag = reference, ""
    parts = reference.split(":")
    if len(parts) > 1 and "/" not in parts[-1]:
        base, tag = ":".join(parts[:-1]), parts[-1]
    if tag:
        _check_element("tag", tag, _TAG_CHARS, 1, 127)
    registry, repository = _repository(base)
    return registry, repository, tag or "latest"


def image(reference: str) -> dict:
    """An image reference as Kubernetes' CEL `image()` reads it (library/image.go, which calls
    go-containerregistry's name.ParseReference): a tag reference first, else a digest reference.

    The registry is the first path component when it contains "." or ":", else index.docker.io
    (also for "docker.io"), where single-component names get "library/"; a tag reference without a tag
    is "latest"; a digest reference (sha256 only) has no tag, even when one is written. The fields
    are also k8slint's: `image(x).registry` reads like `image(x).registry()`.
    """
    if not isinstance(reference, str):
        raise ValueError("image() needs a string")  # noqa: TRY004 - ValueError is this module's one error
    try:
        registry, repository, tag = _tag_reference(reference)
        digest = ""
    except ValueError:
        base, at, digest = reference.partition("@")
        if not at or "@" in digest:
            raise ValueError(f"could not parse reference: {reference}") from None
        try:
            _check_element("digest", digest, _DIGEST_CHARS, 71, 71)
            registry, repository, _ = _tag_reference(base)
        except ValueError:
            raise ValueError(f"could not parse reference: {reference}") from None
        tag = ""
    identifier = digest or tag
    canonical = f"{registry}/{repository}{'@' if digest else ':'}{identifier}"
    return {TAG: "image", "value": canonical, "registry": registry, "repository": repository, "tag": tag,
            "digest": digest, "identifier": identifier}


def is_image(reference: str) -> bool:
    try:
        image(reference)
    except ValueError:
        return False
    return True


def _image_field(field: str) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        untag(value, "image")
        return value[field]

    return read


image_registry, image_repository = _image_field("registry"), _image_field("repository")
image_tag, image_digest, image_identifier = _image_field("tag"), _image_field("digest"), _image_field("identifier")


def image_contains_digest(value: Any) -> bool:
    return bool(_image_field("digest")(value))
