"""CEL with Kubernetes' environment, on the cel-expr-python engine (the optional extra `cel`).

`compile(expression)` returns a `Program`; compile errors are `CelCompileError` with a 1-based line and
column inside the expression, so the caller can map them into the YAML file. `Program.evaluate(data)`
returns plain Python values, and raises `CelEvaluationError` for a runtime error (a missing key, a
failing function): callers decide what an error means, it is never a silent pass or fail.

The environment is the ValidatingAdmissionPolicy one (all variables dynamically typed):
`object`, `oldObject` (always null offline), `params`, `namespaceObject`, `request`, `variables` and
`authorizer` (declared so that expressions compile; nothing offline can answer it), plus k8slint's
`resource` (the whole manifest when `object` is a target inside it), `options`, `index` and `parent`.

Libraries: CEL's standard functions; cel-cpp's strings (including `format`, `join`, `split`, `reverse`)
and optional types (`.?`, `[?`, `orValue`, `optional.of`); Kubernetes' own (k8slint/policy/library.py):
quantity, url, ip, cidr, semver, image, lists (`isSorted`, `sum`, `min`, `max`; not the list
`indexOf`/`lastIndexOf`, whose names cel-cpp's strings extension already holds),
`sets.contains/equivalent/intersects` and regex `find`/`findAll`. k8slint's Policy documents also get
`cel.bind`, `math`, `selects` and the cross-object functions; `compile(..., admission=True)` leaves
them out, as the API server does (environment/base.go).

`quantity()` also takes a number, for quantities written unquoted in YAML (`memory: 1`), which the API
server would present as strings. The opaque Kubernetes types are tagged maps (see library.py), so
`string(ip)` and `type(x)` are not Kubernetes-exact: use the original string instead. `matches` is
cel-cpp's RE2; `find`/`findAll` use Python's `re`, which agrees with RE2 on the patterns policies use
but accepts a few RE2 rejects.

Cross-object functions (`lookup`, `select`, `selecting`) read the object set bound with
`binding_objects(...)` for the duration of an evaluation.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Protocol

from k8slint.policy import library
from k8slint.regex import LazyPattern

ENGINE = "cel-expr-python"
EXTRA = "cel"
MISSING_ENGINE = (
    f"CEL expressions need the optional extra `{EXTRA}`: pip install 'k8slint[{EXTRA}]'"
    f" (the {ENGINE} engine, Python 3.11 or newer)"
)
ADMISSION_VARIABLES = ("object", "oldObject", "params", "namespaceObject", "request", "variables", "authorizer")
STANDARD_VARIABLES = (*ADMISSION_VARIABLES, "resource", "options", "index", "parent")
CROSS_OBJECT_FUNCTIONS = frozenset({"lookup", "select", "selecting"})
# k8slint's own functions: not in the API server's environment, so not for ValidatingAdmissionPolicies.
K8SLINT_FUNCTIONS = frozenset({"selects", *CROSS_OBJECT_FUNCTIONS})

try:
    from cel_expr_python import cel as _cel
    from cel_expr_python.ext import ext_bindings, ext_math, ext_optional, ext_strings
except ImportError:  # the optional extra is not installed
    _cel = None


class CelUnavailable(RuntimeError):
    """The CEL engine is not installed."""

    def __init__(self) -> None:
        super().__init__(MISSING_ENGINE)


class CelCompileError(ValueError):
    """A syntax or type error; line and column are 1-based inside the expression."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class CelEvaluationError(RuntimeError):
    """A runtime error of one evaluation (a missing key, a bad argument to a function...)."""


class ObjectLookup(Protocol):
    """What the cross-object functions read: the objects being linted."""

    def lookup(self, kind: str, name: str, namespace: str | None) -> dict | None: ...
    def select(self, kind: str, namespace: str | None) -> list[dict]: ...
    def selecting(self, kind: str, labels: Mapping, namespace: str | None) -> list[dict]: ...


_objects: ContextVar[ObjectLookup | None] = ContextVar("k8slint_policy_objects", default=None)


@contextlib.contextmanager
def binding_objects(objects: ObjectLookup | None) -> Iterator[None]:
    token = _objects.set(objects)
    try:
        yield
    finally:
        _objects.reset(token)


def _current_objects() -> ObjectLookup:
    objects = _objects.get()
    if objects is None:
        raise ValueError("cross-object functions need the apply set, and none was given")
    return objects


def available() -> bool:
    return _cel is not None


def _selects(selector: Any, labels: Mapping) -> bool:
    """selects(LabelSelector map or selector string, labels); the overloads fix the argument types."""
    from k8slint import selectors

    try:
        parsed = selectors.parse(selector) if isinstance(selector, str) else selectors.from_label_selector(selector)
    except selectors.SelectorError as error:
        raise ValueError(f"invalid selector {selector!r}: {error}") from None
    return parsed.matches(labels)


def _functions(admission: bool = False) -> list:
    """The k8slint and Kubernetes library declarations for cel-expr-python (only Kubernetes' with
    `admission`)."""
    T = _cel.Type
    S, I, B, D, DYN = T.STRING, T.INT, T.BOOL, T.DOUBLE, T.DYN
    M, L = T.Map(T.STRING, T.DYN), T.List(T.DYN)
    declarations: dict[str, list] = {}

    def add(name: str, overload_id: str, result: Any, params: list, impl: Callable, member: bool = False) -> None:
        declarations.setdefault(name, []).append(
            _cel.Overload(overload_id, result, params, is_member=member, impl=impl)
        )

    for name, build, check_name, check in (
        ("quantity", library.quantity, "isQuantity", library.is_quantity),
        ("url", library.url, "isURL", library.is_url),
        ("ip", library.ip, "isIP", library.is_ip),
        ("cidr", library.cidr, "isCIDR", library.is_cidr),
    ):
        add(name, f"{name}_string", M, [S], build)
        add(check_name, f"{check_name}_string", B, [S], check)
    # A quantity written as a YAML number (`memory: 1`) is a string once the API server decodes it.
    add("quantity", "quantity_int", M, [I], lambda number: library.quantity(str(number)))
    add("quantity", "quantity_double", M, [D], lambda number: library.quantity(repr(number)))
    # quantity.go declares sign as a global overload, while its documentation shows q.sign(): take both.
    add("sign", "quantity_sign_global", I, [M], library.quantity_sign)
    add("semver", "semver_string", M, [S], library.semver)
    add("semver", "semver_string_bool", M, [S, B], library.semver)
    add("isSemver", "is_semver_string", B, [S], library.is_semver)
    add("isSemver", "is_semver_string_bool", B, [S, B], library.is_semver)
    add("ip.isCanonical", "ip_is_canonical_string", B, [S], library.ip_is_canonical)
    members: list[tuple[str, Any, list, Callable]] = [
        ("sign", I, [M], library.quantity_sign),
        ("isInteger", B, [M], library.quantity_is_integer),
        ("asInteger", I, [M], library.quantity_as_integer),
        ("asApproximateFloat", D, [M], library.quantity_as_float),
        ("add", M, [M, M], library.quantity_add),
        ("add", M, [M, I], library.quantity_add),
        ("sub", M, [M, M], library.quantity_sub),
        ("sub", M, [M, I], library.quantity_sub),
        ("mul", M, [M, I], library.quantity_mul),
        ("compareTo", I, [M, M], library.compare_to),
        ("isLessThan", B, [M, M], library.is_less_than),
        ("isGreaterThan", B, [M, M], library.is_greater_than),
        ("major", I, [M], library.semver_major),
        ("minor", I, [M], library.semver_minor),
        ("patch", I, [M], library.semver_patch),
        ("getScheme", S, [M], library.url_scheme),
        ("getHost", S, [M], library.url_host),
        ("getHostname", S, [M], library.url_hostname),
        ("getPort", S, [M], library.url_port),
        ("getEscapedPath", S, [M], library.url_escaped_path),
        ("getQuery", T.Map(S, T.List(S)), [M], library.url_query),
        ("family", I, [M], library.ip_family),
        ("isUnspecified", B, [M], library.ip_is_unspecified),
        ("isLoopback", B, [M], library.ip_is_loopback),
        ("isLinkLocalMulticast", B, [M], library.ip_is_link_local_multicast),
        ("isLinkLocalUnicast", B, [M], library.ip_is_link_local_unicast),
        ("isGlobalUnicast", B, [M], library.ip_is_global_unicast),
        ("ip", M, [M], library.cidr_ip),
        ("masked", M, [M], library.cidr_masked),
        ("prefixLength", I, [M], library.cidr_prefix_length),
        ("containsIP", B, [M, M], library.cidr_contains_ip),
        ("containsIP", B, [M, S], library.cidr_contains_ip),
        ("containsCIDR", B, [M, M], library.cidr_contains_cidr),
        ("containsCIDR", B, [M, S], library.cidr_contains_cidr),
        ("isSorted", B, [L], library.list_is_sorted),
        ("sum", DYN, [L], library.list_sum),
        ("min", DYN, [L], library.list_min),
        ("max", DYN, [L], library.list_max),
        ("registry", S, [M], library.image_registry),
        ("repository", S, [M], library.image_repository),
        ("tag", S, [M], library.image_tag),
        ("digest", S, [M], library.image_digest),
        ("identifier", S, [M], library.image_identifier),
        ("containsDigest", B, [M], library.image_contains_digest),
        ("find", S, [S, S], library.regex_find),
        ("findAll", T.List(S), [S, S], library.regex_find_all),
        ("findAll", T.List(S), [S, S, I], library.regex_find_all),
    ]
    for name, result, params, impl in members:
        signature = "_".join(_type_label(param) for param in params)
        add(name, f"k8s_{name}_{signature}", result, params, impl, member=True)
    for name, impl in (
        ("sets.contains", library.sets_contains),
        ("sets.equivalent", library.sets_equivalent),
        ("sets.intersects", library.sets_intersects),
    ):
        add(name, name.replace(".", "_"), B, [L, L], impl)
    add("image", "image_string", M, [S], library.image)
    add("isImage", "is_image_string", B, [S], library.is_image)
    add("selects", "selects_map_map", B, [M, M], _selects)
    add("selects", "selects_string_map", B, [S, M], _selects)
    add("lookup", "lookup_kind_name", DYN, [S, S], lambda kind, name: _current_objects().lookup(kind, name, None))
    add("lookup", "lookup_kind_name_namespace", DYN, [S, S, S], lambda kind, name, ns: _current_objects().lookup(kind, name, ns))
    add("select", "select_kind", L, [S], lambda kind: _current_objects().select(kind, None))
    add("select", "select_kind_namespace", L, [S, S], lambda kind, ns: _current_objects().select(kind, ns))
    add("selecting", "selecting_kind_labels", L, [S, M], lambda kind, labels: _current_objects().selecting(kind, labels, None))
    add(
        "selecting", "selecting_kind_labels_namespace", L, [S, M, S],
        lambda kind, labels, ns: _current_objects().selecting(kind, labels, ns),
    )
    return [
        _cel.FunctionDecl(name, overloads)
        for name, overloads in declarations.items()
        if not (admission and name in K8SLINT_FUNCTIONS)
    ]


def _type_label(cel_type: Any) -> str:
    return re.sub(r"\W+", "", str(cel_type.name() if hasattr(cel_type, "name") else cel_type)).lower() or "dyn"


@lru_cache(maxsize=16)
def _environment(extra_variables: tuple[str, ...], admission: bool = False) -> Any:
    """The k8slint environment, or with `admission` the API server's: its variables and libraries only
    (no cel.bind, math, selects or cross-object functions; environment/base.go)."""
    if _cel is None:
        raise CelUnavailable()
    names = dict.fromkeys((*(ADMISSION_VARIABLES if admission else STANDARD_VARIABLES), *extra_variables))
    extensions = [ext_strings.ExtStrings(), ext_optional.ExtOptional()]
    if not admission:
        extensions += [ext_bindings.ExtBindings(), ext_math.ExtMath()]
    return _cel.NewEnv(
        variables={name: _cel.Type.DYN for name in names}, extensions=extensions, functions=_functions(admission)
    )


_ERROR_POSITION = LazyPattern(r"ERROR: <input>:(\d+):(\d+): ([^\n]*)")


class Bindings(dict):
    """Evaluation data shared by several programs: converted into the engine once, at the first
    evaluation, and reused by every program of the standard environment evaluated with it (the
    conversion is most of an evaluation's cost). Do not change it after the first evaluation."""

    __slots__ = ("_activation",)

    def activation(self) -> Any:
        try:
            return self._activation
        except AttributeError:
            # A plain dict: the engine converts a dict subclass lazily, on every access.
            self._activation = _environment(()).Activation(dict(self))
            return self._activation


class Program:
    """A compiled expression; evaluate it as often as needed."""

    __slots__ = ("_expression", "_standard", "result_type", "source")

    def __init__(self, source: str, expression: Any, standard: bool) -> None:
        self.source = source
        self._expression = expression
        self._standard = standard
        self.result_type = _result_type_name(expression)

    def evaluate(self, data: Mapping[str, Any]) -> Any:
        if self._standard and isinstance(data, Bindings):
            result = self._expression.eval(data.activation())
        else:
            result = self._expression.eval(data=data)
        if result.type() == _cel.Type.ERROR:
            raise CelEvaluationError(_error_text(str(result)))
        return result.plain_value()


def _result_type_name(expression: Any) -> str:
    result = expression.return_type()
    return str(result.name() if hasattr(result, "name") else result).lower()


def _error_text(text: str) -> str:
    """cel-cpp status text without its status-code prefix and suffix."""
    text = re.sub(r"^[A-Z_]+: ", "", text.strip())
    return re.sub(r" \[[A-Z_]+\]$", "", text)


def compile(expression: str, extra_variables: Iterable[str] = (), admission: bool = False) -> Program:
    """Compile and type-check `expression`; raises CelCompileError, or CelUnavailable without the engine.

    `admission`: in the API server's environment, for ValidatingAdmissionPolicies."""
    extra = tuple(sorted(set(extra_variables) - set(STANDARD_VARIABLES)))
    environment = _environment(extra, admission)
    if not isinstance(expression, str) or not expression.strip():
        raise CelCompileError("expression is empty", 1, 1)
    try:
        compiled = environment.compile(expression)
    except RuntimeError as error:
        match = _ERROR_POSITION.search(str(error))
        if match is None:
            raise CelCompileError(_error_text(str(error).splitlines()[0]), 1, 1) from None
        line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
        raise CelCompileError(_lowercase_first(message), line, column) from None
    return Program(expression, compiled, standard=not extra and not admission)


def _lowercase_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def references(expression: str) -> set[str]:
    """Identifiers an expression names (variables and functions), from its tokens; strings are skipped."""
    without_strings = re.sub(r"""(?s)[rR]?(\"\"\".*?\"\"\"|'''.*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')""", " ", expression)
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", without_strings))
