"""Suppressions: `# k8slint: ...` comment directives, `ignore-check.k8slint.io/*` annotations on an
object, and `container.ignore-check.k8slint.io/*` annotations naming some of its containers.

Directives are found with a regex on the few lines that mention `k8slint:`, and kept only where the
`#` really starts a YAML comment: not inside any scalar (quoted, plain or block) of the composed
documents, and at the start of a line or after whitespace.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import Any, Iterable

from k8slint import registry
from k8slint.model import Span
from k8slint.records import field, record
from k8slint.text import shorten
from k8slint.regex import LazyPattern

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
# Where a comment that starts with `k8slint:` begins; what follows must then parse as EXACT, else the
# comment is reported and suppresses nothing (a typo must never turn rules off).
DIRECTIVE_START = LazyPattern(r"#\s*k8slint:")
EXACT = LazyPattern(
    r"#\s*k8slint:[ \t]*(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?:[ \t]*=[ \t]*(?P<rules>[A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*))?"
    r"[ \t]*(?:$|#)"
)
# A loose reading of a comment that failed EXACT, to suggest what was meant.
LOOSE = LazyPattern(r"#\s*k8slint:\s*(?P<kind>[A-Za-z_-]*)[\s:=]*(?P<rules>[^#]*)")
IGNORE_CHECK_PREFIX = "ignore-check.k8slint.io/"
# value: "web, istio-proxy: reason"; silences the rule's findings inside those containers only
IGNORE_CONTAINER_CHECK_PREFIX = "container.ignore-check.k8slint.io/"
IGNORE_ALL = "k8slint.io/ignore-all"
ALL = "*"
UNSUPPRESSIBLE = frozenset({"invalid-yaml", "unreadable-file", "unused-suppression"})


@record(slots=True, eq=False)
class Suppression:
    """One directive or annotation, and which of its rules it actually silenced."""

    span: Span
    rules: tuple[str, ...]  # codes, or (ALL,)
    first_line: int
    last_line: int  # inclusive; a very large number means "to the end of the file"
    label: str  # how the user wrote it, for messages
    used: set[str] = field(default_factory=set)
    enabled_at: dict[str, int] = field(default_factory=dict)  # for a bare `disable`: rules enabled again, and where
    fields: tuple[str, ...] = ()  # when set, only findings at or under these fields (containers' paths)

    def covers(self, code: str, line: int, at: str | None = None) -> bool:
        if not self.first_line <= line <= self.last_line:
            return False
        if not (code in self.rules or (ALL in self.rules and line <= self.enabled_at.get(code, line))):
            return False
        return not self.fields or (at is not None and any(_under(at, prefix) for prefix in self.fields))


def _under(at: str, prefix: str) -> bool:
    """Whether the field `at` is `prefix` or inside it ("a.b[1].c" is under "a.b[1]", "a.b[10]" is not)."""
    return at.startswith(prefix) and (len(at) == len(prefix) or at[len(prefix)] in ".[")


@record(slots=True)
class FileSuppressions:
    directives: list[Suppression] = field(default_factory=list)
    by_object: dict[int, list[Suppression]] = field(default_factory=dict)  # annotations, by object index in the file
    invalid: list[tuple[Span, str]] = field(default_factory=list)  # (where, message)
    _index: _DirectiveIndex | None = None

    def covering(self, code: str, line: int) -> list[Suppression]:
        """The directives that cover `code` at `line`, found without scanning them all."""
        if self._index is None:
            self._index = _DirectiveIndex(self.directives)
        return [s for s in self._index.candidates(code, line) if s.covers(code, line)]


class _DirectiveIndex:
    """Line directives by line; `disable` blocks by rule, where a later start never has an earlier end
    (each ends at the first `enable` after it), so the blocks around a line are one slice."""

    def __init__(self, directives: list[Suppression]) -> None:
        self.by_line: dict[int, list[Suppression]] = {}
        self.whole_file: list[Suppression] = []  # `disable-file`, which starts before the blocks around it
        blocks: dict[str, list[Suppression]] = {}
        end = max((directive.last_line for directive in directives), default=0)
        for directive in directives:
            if directive.first_line == directive.last_line:
                self.by_line.setdefault(directive.first_line, []).append(directive)
            elif directive.first_line == 1 and directive.last_line == end:
                self.whole_file.append(directive)
            else:
                blocks.setdefault(directive.rules[0], []).append(directive)
        self.blocks = {
            code: ([b.first_line for b in group], [b.last_line for b in group], group)
            for code, group in blocks.items()
        }

    def candidates(self, code: str, line: int) -> list[Suppression]:
        found = [*self.by_line.get(line, ()), *self.whole_file]
        for key in (code, ALL):
            if key in self.blocks:
                starts, ends, group = self.blocks[key]
                found.extend(group[bisect.bisect_left(ends, line) : bisect.bisect_right(starts, line)])
        return found


def scan_directives(text: str, lines: list[str], roots: Iterable[Any]) -> FileSuppressions:
    """The directives of a file. `disable` and `enable` do not nest (as in yamllint): `enable=X` ends
    every open `disable` of X, however many there were, and exempts X from an open bare `disable`."""
    found = FileSuppressions()
    if "k8slint:" not in text:
        return found
    candidates = [
        (number, match.start())
        for number, line in enumerate(lines)
        if "k8slint:" in line
        for match in DIRECTIVE_START.finditer(line)
        if _starts_comment(line, match.start())
    ]
    if not candidates:
        return found
    inside = _scalar_regions({number for number, _ in candidates}, roots)
    last_line = len(lines) + 1
    open_blocks: dict[str, list[Suppression]] = {}
    done_line = -1
    for number, start in candidates:
        if number == done_line or _inside(inside.get(number), start):
            continue
        done_line = number  # the rest of the line is this comment
        line = lines[number]
        line_no = number + 1
        span = Span(line_no, start + 1, line_no, len(line.rstrip()) + 1)
        match = EXACT.match(line, start)
        if match is None:
            found.invalid.append((span, _malformed(line[start:])))
            continue
        kind = match.group("kind")
        codes = _rule_codes(match.group("rules"), span, found)
        if codes is None:
            continue
        label = f"k8slint: {kind}" + (f"={match.group('rules')}" if match.group("rules") else "")
        own_line = not line[:start].strip()
        if kind == "disable-file":
            found.directives.append(Suppression(span, codes, 1, last_line, label))
        elif kind == "disable-line" and not own_line:
            found.directives.append(Suppression(span, codes, line_no, line_no, label))
        elif kind in ("disable-line", "disable-next-line"):
            target = _next_content_line(lines, number)
            found.directives.append(Suppression(span, codes, target, target, label))
        elif kind == "disable":
            # One block per rule, so that `enable` of one of them leaves the others disabled.
            for code in codes:
                block = Suppression(span, (code,), line_no, last_line, label)
                found.directives.append(block)
                open_blocks.setdefault(code, []).append(block)
        else:
            _enable(codes, line_no, open_blocks)
    return found


def _enable(codes: tuple[str, ...], line_no: int, open_blocks: dict[str, list[Suppression]]) -> None:
    if codes == (ALL,):
        for blocks in open_blocks.values():
            for block in blocks:
                block.last_line = line_no
        open_blocks.clear()
        return
    for code in codes:
        for block in open_blocks.pop(code, ()):
            block.last_line = line_no
        for block in open_blocks.get(ALL, ()):
            block.enabled_at.setdefault(code, line_no)


def _malformed(comment: str) -> str:
    """The message for a `# k8slint:` comment that is not a directive, with the directive it resembles."""
    import difflib  # off the start-up path: only suggestions need it

    loose = LOOSE.match(comment)
    kind = loose.group("kind") if loose else ""
    wanted = difflib.get_close_matches(kind.lower(), KINDS, n=1, cutoff=0.6)
    shown = shorten(comment.lstrip("#").strip(), 80)
    if not wanted:
        return f'"{shown}" is not a k8slint directive (expected one of {", ".join(KINDS)}); it suppresses nothing'
    names = [_suggest_rule(name) for name in re.split(r"[\s,:=]+", loose.group("rules")) if name]
    suggestion = f"k8slint: {wanted[0]}" + (f"={','.join(names)}" if names else "")
    return f'"{shown}" is not a valid directive and suppresses nothing; did you mean "{suggestion}"?'


def _suggest_rule(identifier: str) -> str:
    import difflib  # off the start-up path: only suggestions need it

    if registry.lookup(identifier) is not None:
        return identifier
    close = difflib.get_close_matches(identifier, [rule.name for rule in registry.all_rules()], n=1, cutoff=0.75)
    return close[0] if close else identifier


def _starts_comment(line: str, index: int) -> bool:
    return index == 0 or line[index - 1] in " \t"


def _next_content_line(lines: list[str], number: int) -> int:
    for following in range(number + 1, len(lines)):
        stripped = lines[following].strip()
        if stripped and not stripped.startswith("#"):
            return following + 1
    return number + 2


def _rule_codes(text: str | None, span: Span, found: FileSuppressions) -> tuple[str, ...] | None:
    """The codes a directive names, or None (it then suppresses nothing) when any name is unknown."""
    if text is None:
        return (ALL,)
    codes = []
    for identifier in (part.strip() for part in text.split(",")):
        rule = registry.lookup(identifier)
        if rule is None:
            message = f'suppression names unknown rule "{shorten(identifier)}"'
            found.invalid.append((span, _unknown_rule(message, identifier)))
            return None
        codes.append(rule.code)
    return tuple(dict.fromkeys(codes))


def _unknown_rule(message: str, identifier: str) -> str:
    suggestion = _suggest_rule(identifier)
    return message if suggestion == identifier else f'{message}; did you mean "{suggestion}"?'


def _inside(regions: list[tuple[int, int]] | None, column: int) -> bool:
    """Whether `column` falls in one of the sorted, merged [start, end) regions."""
    if not regions:
        return False
    index = bisect.bisect_right(regions, (column, math.inf)) - 1
    return index >= 0 and column < regions[index][1]


def _scalar_regions(line_numbers: set[int], roots: Iterable[Any]) -> dict[int, list[tuple[int, int]]]:
    """For each line of interest, the merged column ranges covered by scalars.

    Linear in scalars plus directive lines: each scalar looks up only the lines of interest it spans."""
    from k8slint.loader import scalar_nodes

    wanted = sorted(line_numbers)
    spans: dict[int, list[tuple[int, int]]] = {}
    for node in scalar_nodes(roots):
        start, end = node.start_mark, node.end_mark
        index = bisect.bisect_left(wanted, start.line)
        while index < len(wanted) and wanted[index] <= end.line:
            number = wanted[index]
            index += 1
            begin = start.column if number == start.line else 0
            stop = end.column if number == end.line else math.inf
            spans.setdefault(number, []).append((begin, stop))
    regions: dict[int, list[tuple[int, int]]] = {}
    for number, ranges in spans.items():
        ranges.sort()
        merged = [ranges[0]]
        for begin, stop in ranges[1:]:
            if begin <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
            else:
                merged.append((begin, stop))
        regions[number] = merged
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
                message = f'annotation "{shorten(key)}" names unknown rule "{shorten(identifier)}"'
                invalid.append((span_of(key), _unknown_rule(message, identifier)))
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
        for suppression in (*source.suppressions.covering(finding.code, finding.line), *by_object.get(owners.get(id(finding), -1), ())):
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
