"""`k8slint.records`: the dataclass semantics k8slint relies on, without the dataclasses import cost."""

from __future__ import annotations

import pickle
from typing import ClassVar

import pytest

from k8slint.records import FrozenInstanceError, asdict, field, fields, named_tuple, record, replace


@record(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
    tags: tuple = ()
    kinds: ClassVar[tuple] = ("a",)


@record(slots=True)
class Bag:
    name: str
    items: list = field(default_factory=list)
    note: str | None = field(default=None, repr=False)


@record(slots=True, eq=False)
class Identity:
    value: int
    derived: int = 0

    def __post_init__(self) -> None:
        self.derived = self.value * 2


@record(slots=True, eq=False)
class Child(Identity):
    extra: str = "x"


@record
class Plain:
    name: str
    count: int = field(default=3)


def test_fields_defaults_and_class_variables():
    assert [item.name for item in fields(Point)] == ["x", "y", "tags"]
    assert Point(1) == Point(1, 0, ())
    assert Point.kinds == ("a",)
    assert Plain("a").count == 3 and Plain.count == 3


def test_each_instance_gets_a_fresh_default_from_its_factory():
    first, second = Bag("a"), Bag("b")
    first.items.append(1)
    assert second.items == [] and Bag("c", [5]).items == [5]


def test_frozen_records_refuse_assignment_and_hash_by_value():
    point = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        point.x = 5
    with pytest.raises(AttributeError):
        del point.y
    assert {Point(1, 2), Point(1, 2)} == {point}


def test_mutable_records_compare_by_value_and_are_unhashable():
    assert Bag("a", [1]) == Bag("a", [1]) and Bag("a") != Bag("b")
    assert Bag("a") != ("a", [])
    with pytest.raises(TypeError):
        hash(Bag("a"))


def test_records_without_eq_compare_and_hash_by_identity():
    first, second = Identity(1), Identity(1)
    assert first != second and len({first, second}) == 2


def test_post_init_and_inherited_fields():
    child = Child(4, extra="y")
    assert child.derived == 8 and child.extra == "y"
    assert [item.name for item in fields(Child)] == ["value", "derived", "extra"]
    assert not hasattr(child, "__dict__")


def test_repr_shows_the_fields_declared_for_it():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(Bag("a", note="hidden")) == "Bag(name='a', items=[])"


def test_replace_and_asdict():
    point = Point(1, 2, (Point(3),))
    moved = replace(point, y=7)
    assert moved == Point(1, 7, (Point(3),)) and point.y == 2
    assert asdict(point) == {"x": 1, "y": 2, "tags": ({"x": 3, "y": 0, "tags": ()},)}
    with pytest.raises(TypeError):
        replace(point, z=1)


def test_slotted_records_pickle_between_processes():
    for value in (Point(1, 2, ("t",)), Bag("a", [1], "n"), Child(2, extra="e")):
        copy = pickle.loads(pickle.dumps(value))
        assert type(copy) is type(value)
        assert [getattr(copy, item.name) for item in fields(value)] == [getattr(value, item.name) for item in fields(value)]


def test_missing_arguments_fail_like_a_call():
    with pytest.raises(TypeError):
        Point()


@named_tuple
class Span:
    """Where a thing is."""

    line: int
    column: int = 1

    @property
    def after(self) -> "Span":
        return Span(self.line, self.column + 1)


def test_named_tuples_behave_as_typing_builds_them():
    span = Span(3)
    assert span == (3, 1) and isinstance(span, tuple) and span.after == Span(3, 2)
    assert Span._fields == ("line", "column") and Span._field_defaults == {"column": 1}
    assert Span.__doc__ == "Where a thing is." and Span.__annotations__ == {"line": "int", "column": "int"}
    assert Span.__qualname__ == "Span" and Span.__module__ == __name__
    assert pickle.loads(pickle.dumps(span)) == span and span._replace(column=9) == (3, 9)
    with pytest.raises(TypeError):
        Span()


def test_named_tuple_refuses_a_required_field_after_a_default():
    with pytest.raises(TypeError, match="without a default follows"):
        @named_tuple
        class Wrong:
            first: int = 0
            second: int
