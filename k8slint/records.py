"""Value classes declared like dataclasses, built at a fraction of their import-time cost.

`dataclasses` spends about half a millisecond on each frozen, slotted class (an `exec` per method, an
`inspect.signature` for the docstring, a second class for the slots) and imports `inspect`; k8slint
declares over a hundred such classes, most of them on the path of a one-file run. `record` reads the
same declarations (annotations, defaults, `field(default_factory=...)`) and generates `__init__`,
`__repr__`, `__eq__` and `__hash__` each on its first call, with the semantics of `dataclass` for the
options k8slint uses: `frozen`, `slots` and `eq`.
"""

from __future__ import annotations

from collections import _tuplegetter  # the field accessor namedtuple uses
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_NO_DEFAULT = object()
_FACTORY = object()  # the __init__ default that means "call the field's factory"


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


class Field:
    __slots__ = ("name", "default", "default_factory", "repr")

    def __init__(self, default: Any = _NO_DEFAULT, default_factory: Callable[[], Any] | None = None, repr: bool = True):
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def field(*, default: Any = _NO_DEFAULT, default_factory: Callable[[], Any] | None = None, repr: bool = True) -> Any:
    return Field(default, default_factory, repr)


def fields(record_or_class: Any) -> tuple[Field, ...]:
    return record_or_class.__record_fields__


def replace(record: T, **changes: Any) -> T:
    """A copy of `record` with some fields changed (as `dataclasses.replace`)."""
    values = {item.name: getattr(record, item.name) for item in fields(record)}
    values.update(changes)
    return type(record)(**values)


def asdict(record: Any) -> Any:
    """Records, lists, tuples and dicts of them as plain dicts, recursively (as `dataclasses.asdict`)."""
    if hasattr(type(record), "__record_fields__"):
        return {item.name: asdict(getattr(record, item.name)) for item in fields(record)}
    if isinstance(record, (list, tuple)):
        return type(record)(asdict(value) for value in record)
    if isinstance(record, dict):
        return {asdict(key): asdict(value) for key, value in record.items()}
    return record


def record(cls: type | None = None, *, frozen: bool = False, slots: bool = False, eq: bool = True) -> Any:
    """Decorate a class declared like a dataclass (`@record(frozen=True, slots=True)`)."""

    def build(cls: type) -> type:
        return _build(cls, frozen, slots, eq)

    return build if cls is None else build(cls)


def _is_class_variable(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _declared_fields(cls: type) -> list[Field]:
    inherited: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for item in getattr(base, "__record_fields__", ()):
            inherited[item.name] = item
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_variable(annotation):
            continue
        declared = cls.__dict__.get(name, _NO_DEFAULT)
        item = declared if isinstance(declared, Field) else Field(declared)
        item.name = name
        inherited[name] = item
    return list(inherited.values())


def _build(cls: type, frozen: bool, slots: bool, eq: bool) -> type:
    declared = _declared_fields(cls)
    if slots:
        cls = _with_slots(cls, declared)
    else:
        for item in declared:
            if isinstance(cls.__dict__.get(item.name), Field):
                # As dataclasses: the class attribute is the plain default, or absent.
                if item.default is _NO_DEFAULT:
                    delattr(cls, item.name)
                else:
                    setattr(cls, item.name, item.default)
    cls.__record_fields__ = tuple(declared)
    generated = ["__init__", "__repr__"]
    if eq:
        generated.append("__eq__")
        # As dataclasses: equal records must hash alike, so only immutable ones are hashable.
        if frozen:
            generated.append("__hash__")
        else:
            cls.__hash__ = None  # type: ignore[assignment]
    # Compiling the methods is most of a class's cost, and a run uses few of the classes it imports
    # and few of their methods: each method compiles on its first call.
    for name in generated:
        setattr(cls, name, _compiled_on_first_call(cls, name, frozen))
    if frozen:
        names = tuple(item.name for item in declared)

        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")

        def __getstate__(self: Any) -> tuple:
            return tuple(getattr(self, name) for name in names)

        def __setstate__(self: Any, state: tuple) -> None:
            for name, value in zip(names, state):
                object.__setattr__(self, name, value)

        for function in (__setattr__, __delattr__, __getstate__, __setstate__):
            function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
            setattr(cls, function.__name__, function)
    return cls


def _compiled_on_first_call(cls: type, name: str, frozen: bool) -> Callable[..., Any]:
    def first_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        if cls.__dict__[name] is first_call:
            setattr(cls, name, _compiled(cls, name, frozen))
        return cls.__dict__[name](self, *args, **kwargs)

    first_call.__qualname__ = f"{cls.__qualname__}.{name}"
    return first_call


def _compiled(cls: type, name: str, frozen: bool) -> Callable[..., Any]:
    declared = cls.__record_fields__
    namespace: dict[str, Any] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    values = "".join(f"self.{item.name}, " for item in declared)
    if name == "__init__":
        parameters, assignments = [], []
        for item in declared:
            value = item.name
            if item.default_factory is not None:
                namespace[f"_factory_{item.name}"] = item.default_factory
                parameters.append(f"{item.name}=_FACTORY")
                value = f"_factory_{item.name}() if {item.name} is _FACTORY else {item.name}"
            elif item.default is not _NO_DEFAULT:
                namespace[f"_default_{item.name}"] = item.default
                parameters.append(f"{item.name}=_default_{item.name}")
            else:
                parameters.append(item.name)
            assignments.append(f"_set(self, {item.name!r}, {value})" if frozen else f"self.{item.name} = {value}")
        if hasattr(cls, "__post_init__"):
            assignments.append("self.__post_init__()")
        source = [f"def __init__(self, {', '.join(parameters)}):", *(f"    {line}" for line in assignments or ["pass"])]
    elif name == "__repr__":
        shown = ", ".join(f"{item.name}={{self.{item.name}!r}}" for item in declared if item.repr)
        source = ["def __repr__(self):", f"    return f'{{type(self).__qualname__}}({shown})'"]
    elif name == "__eq__":
        others = "".join(f"other.{item.name}, " for item in declared)
        source = [
            "def __eq__(self, other):",
            "    if type(other) is type(self):",
            f"        return ({values}) == ({others})",
            "    return NotImplemented",
        ]
    else:
        source = ["def __hash__(self):", f"    return hash(({values}))"]
    exec("\n".join(source), namespace)
    method = namespace[name]
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    return method


def _with_slots(cls: type, declared: list[Field]) -> type:
    """The class again, with __slots__ for its own fields (defaults live in __init__, not on the class)."""
    inherited = {name for base in cls.__mro__[1:] for name in getattr(base, "__slots__", ())}
    body = {name: value for name, value in cls.__dict__.items() if name not in ("__dict__", "__weakref__")}
    own = tuple(item.name for item in declared if item.name not in inherited)
    for name in own:
        body.pop(name, None)
    body["__slots__"] = own
    body["__qualname__"] = cls.__qualname__
    return type(cls)(cls.__name__, cls.__bases__, body)


class _NamedTuple(tuple):
    """What the classes `named_tuple` builds share: the methods `collections.namedtuple` makes for each."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _field_defaults: dict[str, Any] = {}

    @classmethod
    def _make(cls, iterable: Any) -> Any:
        result = tuple.__new__(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, **changes: Any) -> Any:
        result = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return result

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in zip(self._fields, self))})"

    def __getnewargs__(self) -> tuple:
        return tuple(self)


def named_tuple(cls: type) -> Any:
    """`cls` built as `typing.NamedTuple` builds it (fields from the annotations, defaults from the
    class attributes, methods and docstring kept), without evaluating the annotations (typing compiles
    every annotation string at import, a millisecond for a class of four fields) and with `__new__`
    compiled on its first call (`collections.namedtuple` compiles it with the class: 0.1 ms a class).
    """
    annotations = cls.__dict__.get("__annotations__", {})
    names = tuple(annotations)
    defaults = [cls.__dict__[name] for name in names if name in cls.__dict__]
    required = len(names) - len(defaults)
    if any(name in cls.__dict__ for name in names[:required]):
        raise TypeError(f"{cls.__name__}: a field without a default follows one with a default")
    namespace = {key: value for key, value in cls.__dict__.items() if key not in names and key not in _NOT_COPIED}
    namespace.update(
        __slots__=(), __module__=cls.__module__, __annotations__=dict(annotations), __match_args__=names,
        _fields=names, _field_defaults=dict(zip(names[required:], defaults)),
    )
    for index, name in enumerate(names):
        namespace[name] = _tuplegetter(index, f"Alias for field number {index}")
    built = type(cls.__name__, (_NamedTuple,), namespace)
    built.__new__ = staticmethod(_new_on_first_call(built))
    return built


def _new_on_first_call(built: type) -> Callable[..., Any]:
    def first_call(cls: type, *args: Any, **kwargs: Any) -> Any:
        if built.__dict__["__new__"].__func__ is first_call:
            built.__new__ = staticmethod(_compiled_new(built))
        return built.__new__(cls, *args, **kwargs)

    return first_call


def _compiled_new(built: type) -> Callable[..., Any]:
    names = built._fields
    required = len(names) - len(built._field_defaults)
    namespace: dict[str, Any] = {"_tuple_new": tuple.__new__}
    parameters = []
    for index, name in enumerate(names):
        if index < required:
            parameters.append(name)
        else:
            namespace[f"_default_{name}"] = built._field_defaults[name]
            parameters.append(f"{name}=_default_{name}")
    packed = "".join(f"{name}, " for name in names)
    exec(f"def __new__(_cls, {', '.join(parameters)}):\n    return _tuple_new(_cls, ({packed}))", namespace)
    method = namespace["__new__"]
    method.__qualname__ = f"{built.__qualname__}.__new__"
    return method


_NOT_COPIED = frozenset({"__module__", "__annotations__", "__dict__", "__weakref__"})
