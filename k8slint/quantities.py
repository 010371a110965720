"""Resource quantities (`resource.Quantity`, k8s.io/apimachinery/pkg/api/resource/quantity.go) read as exact
numbers, so that `500m` and `0.5` compare equal and `1Gi` exceeds `1G`."""

from __future__ import annotations

import re
from fractions import Fraction

from k8slint.schemas import QUANTITY_PATTERN
from k8slint.regex import LazyPattern

_QUANTITY = LazyPattern(QUANTITY_PATTERN)
_SUFFIXES = {
    "": Fraction(1),
    "n": Fraction(1, 10**9),
    "u": Fraction(1, 10**6),
    "m": Fraction(1, 1000),
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "P": Fraction(10**15),
    "E": Fraction(10**18),
    **{suffix: Fraction(2 ** (10 * power)) for power, suffix in enumerate(("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"), start=1)},
}


def parse_quantity(value: object) -> Fraction | None:
    """The exact value of a quantity written as a string or a YAML number; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(str(value))
    if not isinstance(value, str) or not _QUANTITY.match(value):
        return None
    match = re.fullmatch(r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)", value)
    number, suffix = match.group(1), match.group(2)
    if suffix[:1] in ("e", "E") and suffix not in _SUFFIXES:
        return Fraction(number) * Fraction(10) ** int(suffix[1:])
    return Fraction(number) * _SUFFIXES[suffix]
