"""Fixes: the text edits that carry out a rule's `ProblemFix`, and `--fix`, which applies them.

A rule proposes edits of values (`Replace` characters of a string or key, `Quote` a plain scalar);
this module turns each into a `TextEdit` of the file from the node's position, never re-dumping YAML:
everything outside the edited characters (comments, quoting, order, indentation, anchors, other
documents, CRLF line ends) stays byte for byte. An edit is given only where it is certain: the file
must spell the replaced characters literally (no escape, no line fold, no anchor or alias on the
way), and the new characters must mean the same in that scalar's style. Otherwise the finding has no fix.

`fix_text` applies the fixes of one file in rounds, as ruff does: the fixes of a round do not
overlap; the text is linted again, and the next round applies what the first could not, until nothing
changes or `MAX_ROUNDS` is reached. A round is kept only if the new text reads as the same documents,
differing only in the edited scalars, and lints without any finding that was not there before; when a
round fails, its fixes are tried one by one and the one that breaks it is set aside, with the reason.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Callable

from k8slint.loader import PLAIN, _keys_of, _resolve_plain, _ScalarSource, load_text
from k8slint.model import Finding, ProblemFix, Quote, Replace, TextEdit
from k8slint.records import field, record
from k8slint.regex import LazyPattern

MAX_ROUNDS = 100  # as ruff

# Line breaks as the YAML parser counts lines. A text whose positions may not be the file's gets no fix:
# one with the other breaks `str.splitlines` splits at, or with what the loader rewrites before parsing
# as kubectl reads it (a byte order mark after `---`, JSON surrogate escapes), which moves columns.
_YAML_BREAK = LazyPattern(r"\r\n|[\r\n\x85\u2028\u2029]")
_UNRELIABLE_POSITIONS = LazyPattern(r"[\v\f\x1c\x1d\x1e]|(?<!^)\ufeff|\\u[dD][89a-fA-F]")
# Characters a replacement may bring into a plain or quoted scalar: they mean themselves in every style.
_LITERAL = LazyPattern(r"[A-Za-z0-9@._/+=-]*")
_FORBIDDEN_IN_BLOCK = LazyPattern(r"[\r\n\x85\u2028\u2029\t]")
# What a plain scalar may not start with: YAML indicators (`-`, `?` and `:` only before a space or the end).
_PLAIN_START = LazyPattern(r"[,\[\]{}#&*!|>'\"%@`]|[-?:](?![^\s,\[\]{}])")


def text_edits(root: Any, base: tuple, lines: list[str], text: str, fix: ProblemFix) -> tuple[TextEdit, ...] | None:
    """The text edits of a rule's fix in the document whose root node is `root` (the object at `base`
    in it), or None when any of its edits cannot be made with certainty."""
    if not _positions_reliable(text):
        return None
    edits: list[TextEdit] = []
    for change in fix.edits:
        node = _owned_node(root, base + tuple(change.at), isinstance(change, Replace) and change.on_key)
        if node is None or not _is_scalar(node):
            return None
        edit = _quote(node, lines) if isinstance(change, Quote) else _replace(node, lines, change)
        if edit is None:
            return None
        edits.append(edit)
    edits.sort(key=_start)
    if any(_end(one) > _start(other) for one, other in zip(edits, edits[1:])):
        return None
    return tuple(edits)


@functools.lru_cache(maxsize=2)
def _positions_reliable(text: str) -> bool:
    """Whether the parser's positions are those of `text` as `str.splitlines` numbers it (once per
    text: a file's findings share it)."""
    return not _UNRELIABLE_POSITIONS.search(text)


def _is_scalar(node: Any) -> bool:
    return isinstance(getattr(node, "value", None), str)


def _owned_node(root: Any, path: tuple, on_key: bool) -> Any:
    """The node at `path` (its key node with `on_key`), if it is written where the path leads: not
    reached through an alias or a merge key, whose edit would change other places too."""
    node, key = root, None
    for part in path:
        kind = getattr(node, "id", None)
        if kind == "mapping":
            found = _keys_of(node)[0].get(part) if isinstance(part, str) else None
            if found is None:
                return None  # absent, or only in a merged mapping
            child, key = found
            if child.start_mark.index < key.end_mark.index:
                return None  # an alias of an earlier node
        elif kind == "sequence":
            if not isinstance(part, int) or not 0 <= part < len(node.value):
                return None
            child, key = node.value[part], None
            if child.start_mark.index < node.start_mark.index or (
                part > 0 and child.start_mark.index < node.value[part - 1].end_mark.index
            ):
                return None
        else:
            return None
        node = child
    return key if on_key else node


def _replace(node: Any, lines: list[str], change: Replace) -> TextEdit | None:
    try:
        decoded = _ScalarSource(node, lines).decode()
    except (IndexError, KeyError, ValueError):
        return None
    value = node.value
    if decoded is None or "".join(char for char, _ in decoded) != value:
        return None
    index = _index(value, change.start)
    if index is None or not change.old or value[index : index + len(change.old)] != change.old:
        return None
    positions = [position for _, position in decoded[index : index + len(change.old)]]
    line, column = positions[0]
    if any(position != (line, column + offset) for offset, position in enumerate(positions)):
        return None  # folded over lines, or escaped: not the literal characters
    if lines[line][column : column + len(change.old)] != change.old:
        return None
    if not _fits(node, change.new, at_start=index == 0, at_line_start=column == _indent(lines[line])):
        return None
    if node.ctag.suffix == PLAIN:
        new_value = value[:index] + change.new + value[index + len(change.old) :]
        if not isinstance(_resolve_plain(new_value), str) and isinstance(_resolve_plain(value), str):
            return None  # `v1` stays a string; a replacement must not turn one into a number
    return TextEdit(line + 1, column + 1, line + 1, column + 1 + len(change.old), change.new)


def _fits(node: Any, new: str, at_start: bool, at_line_start: bool) -> bool:
    """Whether `new` means its own characters in this scalar's style at this place."""
    style = node.style or None
    if style in ("|", ">"):
        return not _FORBIDDEN_IN_BLOCK.search(new) and not (at_line_start and new[:1].isspace())
    if not _LITERAL.fullmatch(new):
        return False
    return style is not None or not at_start or not _PLAIN_START.match(new)


def _quote(node: Any, lines: list[str]) -> TextEdit | None:
    """`yes` -> `"yes"`: a plain scalar on one line, spelled as its value."""
    if node.ctag.suffix != PLAIN or node.style or node.start_mark.line != node.end_mark.line:
        return None
    line, column, end = node.start_mark.line, node.start_mark.column, node.end_mark.column
    if line >= len(lines) or lines[line][column:end] != node.value or not node.value:
        return None
    quoted = '"' + node.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return TextEdit(line + 1, column + 1, line + 1, end + 1, quoted)


def _index(value: str, start: int | tuple[int, int]) -> int | None:
    if isinstance(start, int):
        return start if 0 <= start <= len(value) else None
    line, column = start
    index = 0
    for _ in range(line):
        found = value.find("\n", index)
        if found < 0:
            return None
        index = found + 1
    return index + column


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _start(edit: TextEdit) -> tuple[int, int]:
    return (edit.line, edit.column)


def _end(edit: TextEdit) -> tuple[int, int]:
    return (edit.end_line, edit.end_column)


# -- applying edits


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character, lines broken as the YAML parser breaks them."""
    return [0, *(match.end() for match in _YAML_BREAK.finditer(text))]


def apply_edits(text: str, edits: list[TextEdit] | tuple[TextEdit, ...]) -> str:
    """`text` with non-overlapping edits applied (1-based lines and character columns)."""
    starts = line_starts(text)

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    out, previous = [], 0
    for edit in sorted(edits, key=_start):
        begin, end = offset(edit.line, edit.column), offset(edit.end_line, edit.end_column)
        out.append(text[previous:begin])
        out.append(edit.text)
        previous = end
    out.append(text[previous:])
    return "".join(out)


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


@record(slots=True)
class FixResult:
    """What `fix_text` did to one file: the fixed text, the findings it fixed and the fixes it set aside."""

    text: str
    fixed: list[Finding] = field(default_factory=list)
    rejected: list[tuple[Finding, str]] = field(default_factory=list)


def fix_text(text: str, findings: list[Finding], lint: Callable[[str], list[Finding]], unsafe: bool = False) -> FixResult:
    """Apply the applicable fixes of `findings` (one file's, as linted from `text` in its run) in rounds;
    `lint` lints a text of the same file, and judges every round against its findings of the text before
    (the same way both times: the run's findings may have seen other files)."""
    result = FixResult(text)
    refused: set[tuple] = set()  # identities of findings whose fix was set aside
    proposed, findings = findings, lint(text)
    for _ in range(MAX_ROUNDS):
        candidates = [f for f in proposed if applicable(f, unsafe) and _identity(f) not in refused]
        if not candidates:
            break
        chosen = _non_overlapping(candidates)
        outcome = _attempt(result.text, findings, chosen, lint)
        if isinstance(outcome, str) and len(chosen) > 1:
            # Find the fix that breaks the round: one at a time, on this text (the positions of the
            # others hold only until one is applied); the next round takes the rest together again.
            for finding in chosen:
                outcome = _attempt(result.text, findings, [finding], lint)
                if not isinstance(outcome, str):
                    chosen = [finding]
                    break
                refused.add(_identity(finding))
                result.rejected.append((finding, outcome))
            continue_with = None if isinstance(outcome, str) else outcome
        elif isinstance(outcome, str):
            refused.add(_identity(chosen[0]))
            result.rejected.append((chosen[0], outcome))
            continue_with = None
        else:
            continue_with = outcome
        if continue_with is not None:
            result.text, findings = continue_with
            proposed = findings
            result.fixed.extend(chosen)
    return result


def _non_overlapping(candidates: list[Finding]) -> list[Finding]:
    chosen: list[Finding] = []
    taken: list[TextEdit] = []
    for finding in sorted(candidates, key=lambda f: min(map(_start, f.fix.edits)) if f.fix.edits else (0, 0)):
        edits = finding.fix.edits
        if any(_start(edit) < _end(other) and _start(other) < _end(edit) or _start(edit) == _start(other) for edit in edits for other in taken):
            continue
        chosen.append(finding)
        taken.extend(edits)
    return chosen


def _attempt(text: str, findings: list[Finding], chosen: list[Finding], lint: Callable[[str], list[Finding]]):
    """(new text, its findings) when applying `chosen` keeps every other value and adds no finding;
    else the reason it does not."""
    edits = [edit for finding in chosen for edit in finding.fix.edits]
    new_text = apply_edits(text, edits)
    if new_text == text:
        return "the fix changes nothing"
    why = _values_differ(text, new_text, len(edits))
    if why is not None:
        return why
    new_findings = lint(new_text)
    before = Counter(map(_identity, findings))
    for finding in chosen:
        before[_identity(finding)] -= 1
    after = Counter(map(_identity, new_findings))
    fixed = {_identity(finding) for finding in chosen}
    for identity, count in after.items():
        if count > max(before.get(identity, 0), 0):
            if identity in fixed:
                return "the fix does not remove the finding"
            added = next(f for f in new_findings if _identity(f) == identity)
            return f"the fixed text would have a new finding: {added.code} {added.name} {added.message}"
    return new_text, new_findings


def _identity(finding: Finding) -> tuple:
    """A finding's identity across edits, which move columns, rename keys in field paths and change
    messages that quote values, but never move lines (no edit adds or removes a line break)."""
    return (finding.code, finding.line, finding.obj.document if finding.obj is not None else None)


def _values_differ(old: str, new: str, edits: int) -> str | None:
    """Why the edited text does not read as the same documents with at most `edits` scalars changed, or None."""
    before, after = load_text(old), load_text(new)
    if len(after.problems) > len(before.problems):
        return f"the fixed text would not read: {after.problems[-1].message}"
    if len(before.documents) != len(after.documents):
        return "the fixed text would have another number of documents"
    changed = 0
    for one, other in zip(before.documents, after.documents):
        count = _changed_scalars(one.value, other.value)
        if count is None:
            return "the fixed text would change the structure of a document"
        changed += count
    if changed > edits:
        return "the fix would change other values too (an anchor used elsewhere)"
    return None


def _changed_scalars(one: Any, other: Any) -> int | None:
    """How many scalars (keys included) differ between two values of the same shape; None when the shapes differ."""
    stack, changed = [(one, other)], 0
    while stack:
        a, b = stack.pop()
        if isinstance(a, dict) or isinstance(b, dict):
            if not (isinstance(a, dict) and isinstance(b, dict)) or len(a) != len(b):
                return None
            for (key_a, value_a), (key_b, value_b) in zip(a.items(), b.items()):
                changed += key_a != key_b
                stack.append((value_a, value_b))
        elif isinstance(a, list) or isinstance(b, list):
            if not (isinstance(a, list) and isinstance(b, list)) or len(a) != len(b):
                return None
            stack.extend(zip(a, b))
        elif type(a) is not type(b) or a != b:
            changed += not (a != a and b != b)  # NaN is itself
    return changed


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of one file, its lines and line ends as they are."""
    import difflib  # off the start-up path: only --diff needs it

    diff = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    out = []
    for line in diff:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)

