"""JSON Schema assertions: 2020-12 via `jsonschema`, with k8slint's quantity keywords.

`x-quantity-minimum` / `x-quantity-maximum` compare resource quantities by value (`0.5Gi` equals
`512Mi`), which plain `pattern` or string comparisons get wrong. A failure is (instance path, message);
a missing `required` property is reported at the object that lacks it, naming the property.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import SchemaError, ValidationError

from k8slint.policy.library import parse_quantity


class SchemaDefinitionError(ValueError):
    def __init__(self, message: str, path: tuple) -> None:
        super().__init__(message)
        self.message, self.path = message, path


def _quantity_bound(minimum: bool):
    def keyword(validator: Any, bound: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if not isinstance(instance, (str, int, float)) or isinstance(instance, bool):
            return
        try:
            value = parse_quantity(str(instance))
        except ValueError:
            yield ValidationError(f"{instance!r} is not a quantity")
            return
        limit = parse_quantity(str(bound))
        if (value < limit) if minimum else (value > limit):
            relation = "less than the minimum" if minimum else "more than the maximum"
            yield ValidationError(f"{instance} is {relation} {bound}")

    return keyword


_Validator = validators.extend(
    Draft202012Validator,
    {"x-quantity-minimum": _quantity_bound(True), "x-quantity-maximum": _quantity_bound(False)},
)


def compile_schema(schema: dict) -> Any:
    try:
        _Validator.check_schema(schema)
    except SchemaError as error:
        raise SchemaDefinitionError(error.message, tuple(error.absolute_path)) from None
    for path, bound in _quantity_keywords(schema, ()):
        try:
            parse_quantity(str(bound))
        except ValueError:
            raise SchemaDefinitionError(f"{bound!r} is not a quantity", path) from None
    return _Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _quantity_keywords(schema: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("x-quantity-minimum", "x-quantity-maximum"):
                yield (*path, key), value
            else:
                yield from _quantity_keywords(value, (*path, key))
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _quantity_keywords(value, (*path, index))


def failures(validator: Any, instance: Any) -> list[tuple[tuple, str]]:
    """(path inside `instance`, message) of every failure, in document order."""
    found = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = next((name for name in error.validator_value if isinstance(error.instance, dict) and name not in error.instance), "?")
            where = ".".join(str(part) for part in path)
            found.append((path, f'"{where}" is missing required property "{missing}"' if where else f'missing required property "{missing}"'))
        else:
            message = error.message
            found.append((path, message[:1].lower() + message[1:] if message[1:2].islower() else message))
    return found
