"""Resource quantities (`resource.Quantity`, k8s.io/apimachinery/pkg/api/resource/quantity.go) read as exact
numbers, so that `500m` and `0.5` compare equal and `1Gi` exceeds `1G`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from k8slint.schemas import QUANTITY_PATTERN
from k8slint.regex import LazyPattern

if TYPE_CHECKING:
    from fractions import Fraction

_QUANTITY = LazyPattern(QUANTITY_PATTERN)
# Each suffix as (base, exponent): `fractions` (with `decimal`) is imported when a quantity is read, not
# when a rule that may read one is, which a one-file run without resources would pay for (3 ms).
_SUFFIXES = {
    "": (10, 0), "n": (10, -9), "u": (10, -6), "m": (10, -3),
    "k": (10, 3), "M": (10, 6), "G": (10, 9), "T": (10, 12), "P": (10, 15), "E": (10, 18),
    **{suffix: (2, 10 * power) for power, suffix in enumerate(("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"), start=1)},
}
_MULTIPLIERS: dict[str, Fraction] = {}


def parse_quantity(value: object) -> Fraction | None:
    """The exact value of a quantity written as a string or a YAML number; None when it is not one."""
    from fractions import Fraction

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
    multiplier = _MULTIPLIERS.get(suffix)
    if multiplier is None:
        base, exponent = _SUFFIXES[suffix]
        multiplier = _MULTIPLIERS[suffix] = Fraction(base) ** exponent
    return Fraction(number) * multiplier
