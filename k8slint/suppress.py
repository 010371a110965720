"""Suppressions: `# k8slint: ...` comment directives, `ignore-check.k8slint.io/*` annotations on an
object, and `container.ignore-check.k8slint.io/*` annotations naming some of its containers.

Directives are found with a regex on the few lines that mention `k8slint:`, and kept only where the
`#` really starts a YAML comment: not inside any scalar (quoted, plain or block) of the composed
documents, and at the start of a line or after whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from k8slint import registry
from k8slint.model import Span

DIRECTIVE = re.compile(
    r"#\s*k8slint:\s*(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?:\s*=\s*(?P<rules>[A-Za-z0-9_,\s-]*))?"
)
IGNORE_CHECK_PREFIX = "ignore-check.k8slint.io/"
# value: "web, istio-proxy: reason"; silences the rule's findings inside those containers only
IGNORE_CONTAINER_CHECK_PREFIX = "container.ignore-check.k8slint.io/"
IGNORE_ALL = "k8slint.io/ignore-all"
ALL = "*"
UNSUPPRESSIBLE = frozenset({"invalid-yaml", "unreadable-file", "unused-suppression"})


@dataclass(slots=True, eq=False)
class Suppression:
    """One directive or annotation, and which of its rules it actually silenced."""

    span: Span
    rules: tuple[str, ...]  # codes, or (ALL,)
    first_line: int
    last_line: int  # inclusive; a very large number means "to the end of the file"
    label: str  # how the user wrote it, for messages
    used: set[str] = field(default_factory=set)
    fields: tuple[str, ...] = ()  # when set, only findings at or under these fields (containers' paths)

    def covers(self, code: str, line: int, at: str | None = None) -> bool:
        if not (self.first_line <= line <= self.last_line and (ALL in self.rules or code in self.rules)):
            return False
        return not self.fields or (at is not None and any(_under(at, prefix) for prefix in self.fields))


def _under(at: str, prefix: str) -> bool:
    """Whether the field `at` is `prefix` or inside it ("a.b[1].c" is under "a.b[1]", "a.b[10]" is not)."""
    return at.startswith(prefix) and (len(at) == len(prefix) or at[len(prefix)] in ".[")


@dataclass(slots=True)
class FileSuppressions:
    directives: list[Suppression] = field(default_factory=list)
    by_object: dict[int, list[Suppression]] = field(default_factory=dict)  # annotations, by object index in the file
    invalid: list[tuple[Span, str]] = field(default_factory=list)  # (where, message)


def scan_directives(text: str, lines: list[str], roots: Iterable[Any]) -> FileSuppressions:
    found = FileSuppressions()
    if "k8slint:" not in text:
        return found
    candidates = [
        (number, match)
        for number, line in enumerate(lines)
        if "k8slint:" in line
        for match in DIRECTIVE.finditer(line)
        if _starts_comment(line, match.start())
    ]
    if not candidates:
        return found
    inside = _scalar_regions({number for number, _ in candidates}, roots)
    last_line = len(lines) + 1
    open_blocks: dict[str, Suppression] = {}
    for number, match in candidates:
        if any(start <= (number, match.start()) < end for start, end in inside.get(number, ())):
            continue
        line_no = number + 1
        span = Span(line_no, match.start() + 1, line_no, len(lines[number].rstrip()) + 1)
        kind = match.group("kind")
        codes = _rule_codes(match.group("rules"), span, found)
        if codes is None:
            continue
        label = f"k8slint: {kind}" + (f"={match.group('rules').strip()}" if match.group("rules") else "")
        own_line = not lines[number][: match.start()].strip()
        if kind == "disable-file":
            found.directives.append(Suppression(span, codes, 1, last_line, label))
        elif kind == "disable-line" and not own_line:
            found.directives.append(Suppression(span, codes, line_no, line_no, label))
        elif kind in ("disable-line", "disable-next-line"):
            target = _next_content_line(lines, number)
            found.directives.append(Suppression(span, codes, target, target, label))
        elif kind == "disable":
            block = Suppression(span, codes, line_no, last_line, label)
            found.directives.append(block)
            for code in codes:
                open_blocks[code] = block
        else:  # enable
            for code in codes:
                targets = list(open_blocks.values()) if code == ALL else [open_blocks.get(code), open_blocks.get(ALL)]
                for block in targets:
                    if block is not None and block.last_line == last_line:
                        block.last_line = line_no
                if code == ALL:
                    open_blocks.clear()
                else:
                    open_blocks.pop(code, None)
    return found


def _starts_comment(line: str, index: int) -> bool:
    return index == 0 or line[index - 1] in " \t"


def _next_content_line(lines: list[str], number: int) -> int:
    for following in range(number + 1, len(lines)):
        stripped = lines[following].strip()
        if stripped and not stripped.startswith("#"):
            return following + 1
    return number + 2


def _rule_codes(text: str | None, span: Span, found: FileSuppressions) -> tuple[str, ...] | None:
    if text is None or not text.strip():
        return (ALL,)
    codes = []
    for identifier in filter(None, (part.strip() for part in text.split(","))):
        rule = registry.lookup(identifier)
        if rule is None:
            found.invalid.append((span, f'suppression names unknown rule "{identifier}"'))
            continue
        codes.append(rule.code)
    return tuple(codes) if codes else None


def _scalar_regions(line_numbers: set[int], roots: Iterable[Any]) -> dict[int, list[tuple]]:
    """For each line of interest, the (start, end) marks of scalars covering part of it."""
    from k8slint.loader import scalar_nodes

    regions: dict[int, list[tuple]] = {}
    for node in scalar_nodes(roots):
        start, end = node.start_mark, node.end_mark
        for number in line_numbers:
            if start.line <= number <= end.line:
                regions.setdefault(number, []).append(((start.line, start.column), (end.line, end.column)))
    return regions


def annotation_suppressions(
    annotations: dict, span_of: Any, container_fields: dict[str, str] | None = None
) -> tuple[list[Suppression], list[tuple[Span, str]]]:
    """Suppressions from an object's annotations; `span_of(key)` positions an annotation key;
    `container_fields` maps the object's container names to their fields ("spec.containers[0]")."""
    found: list[Suppression] = []
    invalid: list[tuple[Span, str]] = []
    for key in annotations:
        if not isinstance(key, str):
            continue
        if key.startswith(IGNORE_CONTAINER_CHECK_PREFIX):
            suppression, problem = _container_suppression(key, annotations[key], span_of(key), container_fields or {})
            if suppression is not None:
                found.append(suppression)
            if problem is not None:
                invalid.append((span_of(key), problem))
        elif key == IGNORE_ALL:
            found.append(Suppression(span_of(key), (ALL,), 0, 1 << 62, f"annotation {key}"))
        elif key.startswith(IGNORE_CHECK_PREFIX):
            identifier = key[len(IGNORE_CHECK_PREFIX):]
            rule = registry.lookup(identifier)
            if rule is None:
                invalid.append((span_of(key), f'annotation "{key}" names unknown rule "{identifier}"'))
            else:
                found.append(Suppression(span_of(key), (rule.code,), 0, 1 << 62, f"annotation {key}"))
    return found, invalid


def _container_suppression(
    key: str, value: Any, span: Span, container_fields: dict[str, str]
) -> tuple[Suppression | None, str | None]:
    """`container.ignore-check.k8slint.io/<rule>: "<container>[, <container>...][: <reason>]"`."""
    identifier = key[len(IGNORE_CONTAINER_CHECK_PREFIX):]
    rule = registry.lookup(identifier)
    if rule is None:
        return None, f'annotation "{key}" names unknown rule "{identifier}"'
    names_text = value.partition(":")[0] if isinstance(value, str) else ""
    names = [name.strip() for name in names_text.split(",") if name.strip()]
    if not names:
        return None, f'annotation "{key}" names no container: write "<container>[, <container>...]: <reason>"'
    unknown = [name for name in names if name not in container_fields]
    if unknown:
        known = ", ".join(f'"{name}"' for name in container_fields) or "none"
        return None, f'annotation "{key}" names unknown container "{unknown[0]}" (containers: {known})'
    fields = tuple(container_fields[name] for name in names)
    return Suppression(span, (rule.code,), 0, 1 << 62, f"annotation {key}", fields=fields), None


def scan_suppressions(source: Any) -> None:
    """Directives and annotation suppressions of a file (`inputs.SourceFile`), positioned while its
    YAML nodes are at hand."""
    from k8slint.loader import locate
    from k8slint.model import format_path
    from k8slint.objects import containers

    source.suppressions = scan_directives(source.text, source.lines, [d.node for d in source.documents])
    for index, obj in enumerate(source.objects):
        annotations = obj.annotations
        if any(isinstance(key, str) and "k8slint.io/" in key for key in annotations):
            container_fields = {
                container["name"]: format_path(path)
                for path, container in containers(obj)
                if isinstance(container.get("name"), str)
            }
            found, bad = annotation_suppressions(
                annotations,
                lambda key, obj=obj: locate(obj.source.node, obj.base + ("metadata", "annotations", key), True)[0],
                container_fields,
            )
            source.suppressions.by_object[index] = found
            source.suppressions.invalid.extend(bad)


def apply_suppressions(source: Any, findings: list, enabled: dict) -> list:
    """The findings of a file that no directive or annotation suppresses, plus the suppression
    rules' own findings (unused and invalid suppressions)."""
    directives = source.suppressions.directives
    by_object = source.suppressions.by_object
    owners = {id(finding): index for finding, index in source.raw}
    kept = []
    for finding in findings:
        if finding.name in UNSUPPRESSIBLE:
            kept.append(finding)
            continue
        silenced = False
        for suppression in (*directives, *by_object.get(owners.get(id(finding), -1), ())):
            if suppression.covers(finding.code, finding.line, finding.field):
                suppression.used.add(finding.code)
                silenced = True
        if not silenced:
            kept.append(finding)
    for suppression in [*directives, *(s for group in by_object.values() for s in group)]:
        for code in suppression.rules:
            if code == ALL:
                if suppression.used:
                    continue
                message = f'"{suppression.label}" suppresses nothing'
            elif code in suppression.used or code not in enabled:
                continue
            else:
                message = f'"{suppression.label}" does not suppress any {registry.lookup(code).name} finding'
            finding = registry.core_finding("unused-suppression", source.path, suppression.span, message, enabled)
            if finding is not None:
                kept.append(finding)
    for span, message in source.suppressions.invalid:
        finding = registry.core_finding("invalid-suppression", source.path, span, message, enabled)
        if finding is not None:
            kept.append(finding)
    return kept
