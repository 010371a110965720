"""Quantities as apimachinery's resource.ParseQuantity reads them, and the rules that compare them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from k8slint.resources import parse_quantity
from tests.helpers import messages


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1Gi", Decimal(2) ** 30), ("1024Mi", Decimal(2) ** 30), ("500m", Decimal("0.5")), ("1e3", Decimal(1000)),
        (2, Decimal(2)), ("0", Decimal(0)), (".5Gi", Decimal(2) ** 29), ("+1k", Decimal(1000)),
        ("abc", None), ("1 Gi", None), (True, None), (None, None), ("1e999999999999", None), (float("inf"), None),
    ],
)
def test_parse_quantity(text: object, amount: Decimal | None) -> None:
    assert parse_quantity(text) == amount


def test_a_quantity_too_large_for_decimal_is_left_to_schema_validation() -> None:
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: web
      image: web:1.4
      resources:
        requests: {memory: 1e999999999999}
        limits: {memory: 1Gi}
"""
    assert messages(text, "requests-not-equal-limits") == []
    assert messages(text, "memory-limit-missing") == []
