"""The apiserver's view of an input set: the order in which FlowSchemas are tried, which are
dangling, replaced or shadowed. Shared by the APF rules and `k8slint apf order`."""

from __future__ import annotations

from typing import Any, Iterable

from k8slint.apf.builtins import (
    GROUP,
    MANDATORY_FLOWSCHEMA_NAMES,
    MANDATORY_FLOWSCHEMA_SPECS,
    MANDATORY_PRIORITY_LEVEL_NAMES,
)
from k8slint.apf.cover import shadowed_by
from k8slint.apf.model import FlowSchema, parse_flowschema, parse_spec
from k8slint.apf.validation import flowschema_errors
from k8slint.model import FieldPath, Related
from k8slint.objects import ApplySet, per_apply_set
from k8slint.records import record

# --- evaluation order ---------------------------------------------------------------------------------------------


def evaluation_order(
    schemas: Iterable[FlowSchema],
    priority_levels: Iterable[str],
    builtins: Iterable[FlowSchema] = (),
) -> list[FlowSchema]:
    """The FlowSchemas the apiserver tries, in order: first match wins.

    `schemas` are the user's (a later one replaces an earlier one of the same name), `builtins` the
    built-in ones they may override by name. Schemas whose priority level is not in `priority_levels`
    (plus the mandatory levels) are dangling and dropped. Sorted by matchingPrecedence, then name byte
    order; the mandatory `exempt` and `catch-all` schemas are always in effect.
    """
    levels = set(priority_levels) | set(MANDATORY_PRIORITY_LEVEL_NAMES)
    by_name: dict[str, FlowSchema] = {schema.name: schema for schema in builtins}
    for schema in schemas:
        by_name[schema.name] = schema
    for name in MANDATORY_FLOWSCHEMA_NAMES:
        if name not in by_name or by_name[name].level not in levels:
            fixed = parse_spec(name, MANDATORY_FLOWSCHEMA_SPECS[name])
            fixed.builtin = True
            by_name[name] = fixed
    effective = [schema for schema in by_name.values() if schema.level in levels]
    return sorted(effective, key=FlowSchema.sort_key)


def builtin_models(kubernetes_version: tuple[int, int], *, suggested: bool = True) -> list[FlowSchema]:
    """The built-in FlowSchemas of a release as matching models."""
    from k8slint.apf.builtins import builtin_flowschemas

    return [parse_flowschema(obj, builtin=True) for obj in builtin_flowschemas(kubernetes_version, suggested=suggested)]



# --- the analysis of an input set, shared by the rules and `k8slint apf order` -----------------------------------


def is_flowcontrol(obj: Any) -> bool:
    """Whether a K8sObject-like object (with `.group`) belongs to the flowcontrol API group."""
    return getattr(obj, "group", None) == GROUP


@record(eq=False, slots=True)
class Analysis:
    """How the apiserver would see the input's FlowSchemas and priority levels.

    `order` is the effective evaluation order (user schemas that pass validation, the built-ins they do
    not override, the mandatory ones); `invalid`, `dangling` and `replaced` (by a later object of the same
    name) are the user schemas left out. `shadowed` maps a schema in `order` to the earlier ones covering it.
    """

    kubernetes_version: tuple[int, int]
    include_builtins: bool
    level_names: frozenset[str]
    builtin_level_names: frozenset[str]
    order: list[FlowSchema]
    invalid: list[FlowSchema]
    dangling: list[FlowSchema]
    replaced: list[FlowSchema]
    shadowed: dict[int, list[FlowSchema]]  # id(schema) -> the schemas that cover it
    in_effect: dict[int, FlowSchema]  # id(source object) -> its schema, for user schemas in `order`

    def shadowing(self, schema: FlowSchema) -> list[FlowSchema] | None:
        return self.shadowed.get(id(schema))

    def model_of(self, source: Any) -> FlowSchema | None:
        """The schema in effect for a user object; None when it is invalid, dangling or replaced by a later one."""
        return self.in_effect.get(id(source))


def analyze(
    flowschema_objects: Iterable[Any],
    level_objects: Iterable[Any],
    kubernetes_version: tuple[int, int],
    include_builtins: bool = True,
) -> Analysis:
    """Analyse K8sObject-like FlowSchemas and PriorityLevelConfigurations (`.value`, `.api_version`, `.name`).

    A priority level exists when the input defines one of that name or the release builds it in, so a
    FlowSchema pointing at neither is dangling. Shadowing is computed once for every schema here.
    """
    from k8slint.apf.builtins import builtin_prioritylevel_names

    builtin_levels = builtin_prioritylevel_names(kubernetes_version)
    levels = frozenset(obj.name for obj in level_objects if obj.name) | builtin_levels
    valid, invalid, dangling = [], [], []
    for obj in flowschema_objects:
        model = parse_flowschema(obj.value, source=obj)
        if flowschema_errors(obj.value, obj.api_version):
            invalid.append(model)
        elif model.level not in levels:
            dangling.append(model)
        else:
            valid.append(model)
    builtins = builtin_models(kubernetes_version, suggested=include_builtins)
    order = evaluation_order(valid, levels, builtins)
    shadowed: dict[int, list[FlowSchema]] = {}
    for index, schema in enumerate(order):
        covering = shadowed_by(schema, order[:index])
        if covering:
            shadowed[id(schema)] = covering
    in_effect = {id(schema.source): schema for schema in order if schema.source is not None}
    return Analysis(
        kubernetes_version=kubernetes_version,
        include_builtins=include_builtins,
        level_names=levels,
        builtin_level_names=builtin_levels,
        order=order,
        invalid=invalid,
        dangling=dangling,
        replaced=[schema for schema in valid if id(schema.source) not in in_effect],
        shadowed=shadowed,
        in_effect=in_effect,
    )


@per_apply_set
def set_analysis(objects: ApplySet) -> Analysis:
    """The analysis of an apply set's FlowSchemas and priority levels, built once and shared by every APF rule."""
    return analyze(
        [obj for obj in objects.of_kind("FlowSchema") if is_flowcontrol(obj)],
        [obj for obj in objects.of_kind("PriorityLevelConfiguration") if is_flowcontrol(obj)],
        objects.settings.kubernetes_version,
        objects.settings.apf_include_builtins,
    )


def describe_schema(schema: FlowSchema) -> str:
    """`FlowSchema "x" (built-in, precedence 9900)` or `FlowSchema "x" (precedence 500)`."""
    if schema.builtin or schema.source is None:
        return f'FlowSchema "{schema.name}" (built-in, precedence {schema.precedence})'
    return f'FlowSchema "{schema.name}" (precedence {schema.precedence})'


def related_schemas(schemas: Iterable[FlowSchema]) -> tuple[Related, ...]:
    """Where the user-defined ones among `schemas` are, for a finding that names them."""
    return tuple(
        Related(schema.source, ("metadata", "name"), describe_schema(schema))
        for schema in schemas
        if not schema.builtin and schema.source is not None
    )


def precedence_path(schema_value: dict) -> FieldPath:
    """Where findings about a schema's place in the order point: its matchingPrecedence, if written."""
    spec = schema_value.get("spec")
    if isinstance(spec, dict) and "matchingPrecedence" in spec:
        return ("spec", "matchingPrecedence")
    return ("metadata", "name")
