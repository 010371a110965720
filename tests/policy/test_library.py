"""Kubernetes CEL library functions in plain Python (no engine needed)."""

import pytest

from k8slint.policy import library as lib


@pytest.mark.parametrize(("left", "right", "expected"), [("1Gi", "1024Mi", 0), ("100m", "0.1", 0), ("1", "1001m", -1),
                                                          ("1e3", "1k", 0), ("2Ki", "2000", 1), ("-1", "0", -1)])
def test_quantity_compares_by_value(left, right, expected):
    assert lib.compare_to(lib.quantity(left), lib.quantity(right)) == expected


def test_equal_quantities_are_equal_tagged_values():
    assert lib.quantity("0.5Gi") == lib.quantity("512Mi")


@pytest.mark.parametrize("text", ["", "1.2.3", "Gi", "1 Gi", "1gi", "0x10"])
def test_invalid_quantities(text):
    assert not lib.is_quantity(text)
    with pytest.raises(ValueError):
        lib.quantity(text)


def test_quantity_arithmetic_and_integers():
    assert lib.quantity_as_integer(lib.quantity_add(lib.quantity("1k"), 5)) == 1005
    assert lib.quantity_sub(lib.quantity("1Gi"), lib.quantity("512Mi")) == lib.quantity("512Mi")
    assert lib.quantity_sign(lib.quantity("-3m")) == -1
    assert not lib.quantity_is_integer(lib.quantity("1500m"))
    with pytest.raises(ValueError, match="cannot convert"):
        lib.quantity_as_integer(lib.quantity("1500m"))
    assert lib.quantity_as_float(lib.quantity("1500m")) == 1.5


def test_semver_ordering_and_normalisation():
    assert lib.is_less_than(lib.semver("1.2.3"), lib.semver("1.10.0"))
    assert lib.is_less_than(lib.semver("1.0.0-alpha"), lib.semver("1.0.0"))
    assert lib.semver("v1.2", True) == lib.semver("1.2.0")
    assert not lib.is_semver("v1.2")
    assert lib.semver_minor(lib.semver("3.4.5")) == 4


def test_url_parts():
    value = lib.url("https://user@example.com:8443/a%20b?x=1&x=2&y")
    assert lib.url_scheme(value) == "https"
    assert lib.url_host(value) == "example.com:8443"
    assert lib.url_hostname(value) == "example.com"
    assert lib.url_port(value) == "8443"
    assert lib.url_escaped_path(value) == "/a%20b"
    assert lib.url_query(value) == {"x": ["1", "2"], "y": [""]}
    assert lib.url_hostname(lib.url("http://[::1]:80/")) == "::1"
    assert not lib.is_url("example.com/path")
    assert lib.is_url("/absolute/path")


def test_ip_and_cidr():
    assert lib.ip_family(lib.ip("::1")) == 6 and lib.ip_is_loopback(lib.ip("127.0.0.1"))
    assert not lib.is_ip("fe80::1%eth0") and not lib.is_ip("::ffff:1.2.3.4")
    assert lib.ip_is_global_unicast(lib.ip("8.8.8.8")) and not lib.ip_is_global_unicast(lib.ip("255.255.255.255"))
    assert lib.ip_is_canonical("2001:db8::1") and not lib.ip_is_canonical("2001:DB8::1")
    network = lib.cidr("10.1.2.3/8")
    assert lib.cidr_ip(network) == lib.ip("10.1.2.3")
    assert lib.cidr_masked(network) == lib.cidr("10.0.0.0/8")
    assert lib.cidr_prefix_length(network) == 8
    assert lib.cidr_contains_ip(network, "10.200.0.1") and not lib.cidr_contains_ip(network, "::1")
    assert lib.cidr_contains_cidr(network, lib.cidr("10.2.0.0/16"))
    assert not lib.is_cidr("10.0.0.0/33") and not lib.is_cidr("10.0.0.0")


def test_lists_sets_and_regex():
    assert lib.list_is_sorted([1, 2, 2]) and not lib.list_is_sorted(["b", "a"])
    assert lib.list_sum([1, 2, 3]) == 6 and lib.list_min([3, 1]) == 1 and lib.list_max([3, 1]) == 3
    with pytest.raises(ValueError):
        lib.list_min([])
    assert lib.sets_contains([1, 2], [2]) and lib.sets_equivalent([1, 2, 2], [2, 1]) and not lib.sets_intersects([1], [2])
    assert lib.regex_find("abc123def456", "[0-9]+") == "123"
    assert lib.regex_find_all("abc123def456", "[0-9]+") == ["123", "456"]
    assert lib.regex_find_all("a1b2c3", "[0-9]", 2) == ["1", "2"]


DIGEST = "sha256:6aefddb645ee6963afd681b1845c661d0ea4c3b20ab9db86d9e753b203d385f2"


# Kubernetes' image() (staging/src/k8s.io/apiserver/pkg/cel/library/image.go) parses with
# go-containerregistry's name.ParseReference; the first cases are image.go's documented examples.
@pytest.mark.parametrize(("reference", "parts"), [
    ("registry.k8s.io/kube-apiserver-arm64:latest", ("registry.k8s.io", "kube-apiserver-arm64", "latest", "")),
    ("kube-apiserver-arm64:testtag", ("index.docker.io", "library/kube-apiserver-arm64", "testtag", "")),
    ("registry.k8s.io/kube-apiserver-arm64", ("registry.k8s.io", "kube-apiserver-arm64", "latest", "")),
    (f"registry.k8s.io/kube-apiserver-arm64@{DIGEST}", ("registry.k8s.io", "kube-apiserver-arm64", "", DIGEST)),
    (f"registry.k8s.io/kube-apiserver-arm64:latest@{DIGEST}", ("registry.k8s.io", "kube-apiserver-arm64", "", DIGEST)),
    ("nginx", ("index.docker.io", "library/nginx", "latest", "")),
    ("docker.io/team/app:v1", ("index.docker.io", "team/app", "v1", "")),
    ("localhost/app", ("index.docker.io", "localhost/app", "latest", "")),
    ("registry:5000/app:1", ("registry:5000", "app", "1", "")),
])
def test_image_references(reference, parts):
    value = lib.image(reference)
    assert (value["registry"], value["repository"], value["tag"], value["digest"]) == parts
    assert value["identifier"] == (parts[3] or parts[2])


@pytest.mark.parametrize("reference", ["", "a", "Upper/App", "app@sha256:xyz", "a b", "registry.k8s.io//kube-apiserver-arm64",
                                       "ghcr.io/x/y@sha512:" + "a" * 128, "app:bad/tag"])
def test_invalid_image_references(reference):
    assert not lib.is_image(reference)
    with pytest.raises(ValueError):
        lib.image(reference)
