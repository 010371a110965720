"""Fluentd configuration (the v1 syntax of fluent/fluentd:lib/fluent/config/v1_parser.rb) parsed into a tree
whose directives and parameters carry 0-based lines and columns, with syntax errors returned as data (one
pass reports them all; nothing raises); fluentd's tag patterns (lib/fluent/match.rb) as a small automaton
that also decides exactly whether one pattern covers another; and where a Pod's fluentd reads its config.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import deque
from typing import Iterator

from k8slint import regex
from k8slint.objects import K8sObject, parsed_data, per_object
from k8slint.records import field, record
from k8slint.regex import LazyPattern

# lib/fluent/config/basic_parser.rb; Ruby's \z is Python's \Z.
_LINE_END = LazyPattern(r"(?:[ \t]*(?:#.*)?(?:\Z|[\r\n]))+")
_SPACING = LazyPattern(r"(?:[ \t\r\n]|#.*?(?:\Z|[\r\n]))+")
_SPACING_WITHOUT_COMMENT = LazyPattern(r"[ \t\r\n]+")
_TAG_ARGUMENT_END = LazyPattern(r"(?:[ \t\r\n]|#.*?(?:\Z|[\r\n]))*>")
_NEWLINE = LazyPattern(r"[\r\n]")
_ELEMENT_NAME = LazyPattern(r"[a-zA-Z0-9_]+")
_INCLUDE = LazyPattern(r"(@include|include)(?:[ \t\r\n]|\Z|#.*?(?:\Z|[\r\n]))+")

RESERVED_PARAMETERS = frozenset({"@type", "@id", "@label", "@log_level"})
# The bare names fluentd still reads when the @-name is absent (lib/fluent/config/element.rb).
COMPAT_PARAMETERS = {"@type": "type", "@id": "id", "@log_level": "log_level"}
# Directives and sections that instantiate a plugin, so that `@type` (or its bare form) selects it.
PLUGIN_ELEMENTS = frozenset(
    {"source", "match", "filter", "store", "parse", "format", "buffer", "storage", "secondary", "service_discovery"}
)
_STRICT_ELEMENTS = frozenset({"match", "source", "filter", "system"})
# Directives each level of the routing structure understands (lib/fluent/root_agent.rb, agent.rb).
DIRECTIVES = {
    "ROOT": frozenset({"source", "match", "filter", "label", "system", "worker"}),
    "worker": frozenset({"source", "match", "filter", "label"}),
    "label": frozenset({"filter", "match"}),
}
# Pattern comparisons per routing scope; real configurations need a few dozen.
MAX_PATTERN_COMPARISONS = 5_000
_ESCAPES = {'"': '"', "'": "'", "r": "\r", "n": "\n", "t": "\t", "f": "\f", "b": "\b"}


@record(slots=True, eq=False)
class Param:
    """`key value`; positions are 0-based. `value` is unquoted and unescaped as fluentd reads it."""

    key: str
    value: str
    line: int
    column: int
    value_line: int
    value_column: int
    quoted: bool = False  # written in quotes (or as JSON): `value` is not the text at its position

    def offset(self, index: int) -> tuple[int, int]:
        """The position of `value[index]` in the text, for an unquoted value; the value's start otherwise."""
        if self.quoted:
            return self.value_line, self.value_column
        return self.value_line, self.value_column + index


@record(slots=True, eq=False)
class Element:
    """A directive (`<source>`, `<match a.**>`) or the ROOT of the file, with its parameters and children."""

    name: str
    arg: str
    line: int
    column: int
    arg_line: int = 0
    arg_column: int = 0
    params: list[Param] = field(default_factory=list)
    elements: list["Element"] = field(default_factory=list)
    includes: list[Param] = field(default_factory=list)  # `@include path`, value = path

    def param(self, key: str) -> Param | None:
        """The parameter fluentd uses: the last one with that key (later lines overwrite earlier ones)."""
        for param in reversed(self.params):
            if param.key == key:
                return param
        return None

    def get(self, key: str, default: str | None = None) -> str | None:
        param = self.param(key)
        return default if param is None else param.value

    def reserved(self, key: str) -> Param | None:
        """A reserved parameter (`@type`...), falling back to its deprecated bare name as fluentd does."""
        found = self.param(key)
        if found is None and key in COMPAT_PARAMETERS:
            found = self.param(COMPAT_PARAMETERS[key])
        return found

    def children(self, *names: str) -> list["Element"]:
        return [element for element in self.elements if not names or element.name in names]

    def walk(self) -> Iterator["Element"]:
        """This element and all below it, in file order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.elements))


@record(frozen=True, slots=True)
class ConfigProblem:
    message: str
    line: int
    column: int
    rename: tuple[str, str] | None = None  # (old, new) name at (line, column) that fixes it, when one does


@record(slots=True, eq=False)
class Config:
    root: Element
    problems: list[ConfigProblem]

    def sources(self) -> list[Element]:
        return [element for element in self.root.walk() if element.name == "source"]


def plugin_type(element: Element) -> str | None:
    param = element.reserved("@type")
    return param.value if param is not None else None


def parse(text: str) -> Config:
    """Parse a fluentd configuration; syntax errors are returned in `problems`, never raised."""
    return _Parser(text if isinstance(text, str) else "").parse()


class _ParseError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.problems: list[ConfigProblem] = []
        self.open_names: dict[str, int] = {}  # how many elements of each name are open, for unbalanced end tags
        self.line_starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line, offset - self.line_starts[line]

    def problem(self, message: str, offset: int) -> None:
        self.problems.append(ConfigProblem(message, *self.where(offset)))

    def skip(self, pattern: re.Pattern[str]) -> str | None:
        match = pattern.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        return match.group()

    def eof(self) -> bool:
        return self.pos >= len(self.text)

    def parse(self) -> Config:
        root = Element("ROOT", "", 0, 0)
        stack: list[Element] = [root]
        while True:
            self.skip(_SPACING)
            if self.eof():
                break
            start = self.pos
            try:
                self.statement(stack)
            except _ParseError as error:
                self.problem(error.message, error.offset)
                # Resume on the line after the error, unless the failed statement already went past it.
                newline = _NEWLINE.search(self.text, error.offset)
                line_end = len(self.text) if newline is None else newline.end()
                self.pos = max(self.pos, start + 1, line_end)
        for element in stack[1:]:
            self.problems.append(
                ConfigProblem(
                    f"<{element.name}> is never closed: expected '</{element.name}>' before the end of the file",
                    element.line,
                    element.column,
                )
            )
        return Config(root, self.problems)

    def statement(self, stack: list[Element]) -> None:
        text, start = self.text, self.pos
        current = stack[-1]
        if text.startswith("</", start):
            self.pos += 2
            name = self.skip(_ELEMENT_NAME) or ""
            self.skip(_SPACING)
            if not text.startswith(">", self.pos):
                raise _ParseError("expected '>' to end the closing tag", self.pos)
            self.pos += 1
            if self.skip(_LINE_END) is None:
                raise _ParseError("expected end of line after end tag", self.pos)
            self.close(stack, name, start)
            return
        if text.startswith("<", start):
            self.pos += 1
            name = self.skip(_ELEMENT_NAME)
            if not name:
                raise _ParseError("expected a directive name after '<'", self.pos)
            self.skip(_SPACING)
            arg_start = self.pos
            arg = self.string(_TAG_ARGUMENT_END) or ""
            self.skip(_SPACING)
            line, column = self.where(start)
            element = Element(name, arg, line, column, *self.where(arg_start))
            # Opened even when the tag line is malformed, so that its end tag still pairs with it.
            current.elements.append(element)
            stack.append(element)
            self.open_names[name] = self.open_names.get(name, 0) + 1
            if not text.startswith(">", self.pos):
                raise _ParseError(f"expected '>' to end the <{name}> tag", self.pos)
            self.pos += 1
            if self.skip(_LINE_END) is None:
                raise _ParseError("expected end of line after tag", self.pos)
            return
        if len(stack) == 1 and self.skip(_INCLUDE):
            self.include(current, start, bare=not text.startswith("@", start))
            return
        key = self.string(_SPACING)
        if key is None:
            raise _ParseError("expected a parameter name", self.pos)
        key_end = self.pos
        spacing = self.skip(_SPACING_WITHOUT_COMMENT) or ""
        line, column = self.where(start)
        if "\n" in spacing or "\r" in spacing or self.eof():
            current.params.append(Param(key, "", line, column, *self.where(key_end)))
            return
        if key == "@include":
            self.include(current, start, bare=False)
            return
        if key.startswith("@") and key not in RESERVED_PARAMETERS and (
            len(stack) == 1 or current.name in _STRICT_ELEMENTS
        ):
            raise _ParseError(
                f"'@' is the system reserved prefix; '{key}' is not a reserved parameter", start
            )
        value_start = self.pos
        value = self.literal()
        quoted = text.startswith(('"', "'", "[", "{"), value_start)
        current.params.append(Param(key, value or "", line, column, *self.where(value_start), quoted))
        if self.skip(_LINE_END) is None:
            raise _ParseError("expected end of line after the value", self.pos)

    def close(self, stack: list[Element], name: str, start: int) -> None:
        if not self.open_names.get(name):
            raise _ParseError(f"unmatched end tag '</{name}>': no <{name}> is open", start)
        while stack[-1].name != name:
            inner = self.pop(stack)
            self.problems.append(
                ConfigProblem(f"<{inner.name}> is not closed before '</{name}>'", inner.line, inner.column)
            )
        self.pop(stack)

    def pop(self, stack: list[Element]) -> Element:
        element = stack.pop()
        self.open_names[element.name] -= 1
        return element

    def include(self, current: Element, start: int, bare: bool) -> None:
        value_start = self.pos
        path = self.string(_LINE_END) or ""
        self.skip(_LINE_END)
        line, column = self.where(start)
        key = "include" if bare else "@include"
        current.includes.append(Param(key, path, line, column, *self.where(value_start)))

    def literal(self) -> str | None:
        if self.text.startswith("[", self.pos) or self.text.startswith("{", self.pos):
            return self.json_value()
        return self.string(_LINE_END)

    def string(self, boundary: re.Pattern[str]) -> str | None:
        if self.text.startswith('"', self.pos):
            return self.quoted('"')
        if self.text.startswith("'", self.pos):
            return self.quoted("'")
        return self.nonquoted(boundary)

    def nonquoted(self, boundary: re.Pattern[str]) -> str | None:
        """An unquoted string: characters up to where `boundary` matches (a `#` is always taken).

        A run of blanks either ends the string everywhere in it or nowhere (each boundary first
        skips blanks), so it is tested once, keeping the scan linear in the line's length.
        """
        text, start = self.text, self.pos
        position = start
        length = len(text)
        while position < length:
            char = text[position]
            if char == "#":
                position += 1
                continue
            if char in "\r\n":
                break
            if boundary is _SPACING:
                if char in " \t":
                    break
            elif char in " \t" or char == ">":
                if boundary.match(text, position):
                    break
                while position < length and text[position] in " \t":
                    position += 1
                if position < length and text[position] == ">":
                    position += 1  # a '>' that does not end the tag (only possible inside LINE_END values)
                continue
            position += 1
        self.pos = position
        return text[start:position] or None

    def quoted(self, quote: str) -> str:
        text, start = self.text, self.pos
        position = start + 1
        out: list[str] = []
        while position < len(text):
            char = text[position]
            if char == quote:
                self.pos = position + 1
                return "".join(out)
            if char == "\\" and position + 1 < len(text):
                escaped = text[position + 1]
                if quote == "'":
                    out.append(escaped if escaped in "'\\" else "\\" + escaped)
                elif escaped in _ESCAPES:
                    out.append(_ESCAPES[escaped])
                elif escaped.isascii() and escaped.isalnum():
                    self.pos = position + 2
                    raise _ParseError(f"unexpected back-slash escape character '{escaped}'", position)
                else:
                    out.append(escaped)
                position += 2
                continue
            if quote == '"' and text.startswith("#{", position):
                end = _embedded_code_end(text, position + 2)
                if end < 0:
                    self.pos = len(text)
                    raise _ParseError("expected '}' to end the embedded code", position)
                out.append(text[position:end])  # Ruby code fluentd evaluates at start-up; kept verbatim
                position = end
                continue
            out.append(char)
            position += 1
        self.pos = len(text)
        kind = "double" if quote == '"' else "single"
        raise _ParseError(f"unexpected end of file in a {kind} quoted string", start)

    def json_value(self) -> str:
        """A JSON array or hash value, which may span lines; `#` outside JSON strings starts a comment."""
        text, start = self.text, self.pos
        position = start
        depth = 0
        in_string = False
        kept: list[str] = []
        while position < len(text):
            char = text[position]
            if in_string:
                if char == "\\" and position + 1 < len(text):
                    kept.append(text[position:position + 2])
                    position += 2
                    continue
                in_string = char != '"'
            elif char == '"':
                in_string = True
            elif char == "#":
                end = text.find("\n", position)
                position = len(text) if end < 0 else end
                continue
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
            kept.append(char)
            position += 1
            if depth == 0:
                break
        self.pos = position
        candidate = "".join(kept)
        try:
            return json.dumps(json.loads(candidate))
        except ValueError:
            kind = "array" if text[start] == "[" else "hash"
            raise _ParseError(f"got incomplete or invalid JSON {kind}", start) from None


def _embedded_code_end(text: str, position: int) -> int:
    """The offset just after the `}` closing an embedded `#{...}`, or -1."""
    depth = 1
    while position < len(text):
        char = text[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return -1


def in_tail_sources(config: Config) -> list[Element]:
    return [source for source in config.sources() if plugin_type(source) == "tail"]


def validate(config: Config, name: str = "the configuration") -> list[ConfigProblem]:
    """Errors beyond syntax: what fluentd refuses at start-up (missing `@type`, broken in_tail sources), and
    unknown routing directives, which it skips with only a warning.

    `name` names the file in messages that refer to another line of it.
    """
    problems: list[ConfigProblem] = []
    # Only the routing levels have a fixed set of directives; plugins define the sections inside theirs.
    levels = [(config.root, DIRECTIVES["ROOT"])]
    while levels:
        parent, allowed = levels.pop()
        for child in parent.elements:
            if child.name not in allowed:
                where = "at the top level" if parent is config.root else f"inside <{parent.name}>"
                problems.append(ConfigProblem(f"unknown directive <{child.name}> {where}", child.line, child.column))
            elif child.name in ("worker", "label"):
                levels.append((child, DIRECTIVES[child.name]))
    for element in config.root.walk():
        if element is config.root:
            continue
        if element.name in ("source", "match", "filter") and element.reserved("@type") is None:
            problems.append(
                ConfigProblem(f"missing '@type' parameter on <{element.name}> directive", element.line, element.column)
            )
        elif element.name == "label" and not element.arg:
            problems.append(ConfigProblem("missing label name on <label> directive", element.line, element.column))
    pos_files: dict[str, Param] = {}
    for source in in_tail_sources(config):
        for required in ("path", "tag"):
            if source.param(required) is None:
                problems.append(
                    ConfigProblem(f"in_tail source has no '{required}' parameter", source.line, source.column)
                )
        parsers = source.children("parse")
        if not parsers and source.param("format") is None:
            problems.append(
                ConfigProblem("in_tail source has no parser: add a <parse> section", source.line, source.column)
            )
        for section in parsers:
            # Other inputs default their parser's @type; in_tail has no default.
            if section.reserved("@type") is None:
                problems.append(ConfigProblem("'@type' is required in <parse>", section.line, section.column))
        pos_file = source.param("pos_file")
        if pos_file is None:
            follow_inodes = source.param("follow_inodes")
            if follow_inodes is not None and follow_inodes.value in ("true", "yes", ""):
                problems.append(
                    ConfigProblem(
                        "in_tail 'follow_inodes true' requires 'pos_file'", follow_inodes.line, follow_inodes.column
                    )
                )
            continue
        first = pos_files.setdefault(pos_file.value, pos_file)
        if first is not pos_file:
            problems.append(
                ConfigProblem(
                    f"pos_file '{pos_file.value}' is already used by the in_tail source on line {first.line + 1} of {name};"
                    " two in_tail sources may not share one pos_file",
                    pos_file.value_line,
                    pos_file.value_column,
                )
            )
    return problems


def deprecated_syntax(config: Config) -> list[ConfigProblem]:
    """v0.12-era syntax fluentd v1 still converts with a warning: bare `type`/`id`/`log_level`, flat `format`, `include`."""
    problems: list[ConfigProblem] = []
    for element in config.root.walk():
        for include in element.includes:
            if include.key == "include":
                problems.append(
                    ConfigProblem("'include' is deprecated; use '@include'", include.line, include.column, ("include", "@include"))
                )
        if element.name not in PLUGIN_ELEMENTS:
            continue  # elsewhere `type` may be a plain key, as in record_transformer's <record>
        for reserved, bare in COMPAT_PARAMETERS.items():
            param = element.param(bare)
            if param is not None and element.param(reserved) is None:
                problems.append(
                    ConfigProblem(
                        f"'{bare}' is a deprecated parameter name (fluentd v0.14+); use '{reserved}'",
                        param.line,
                        param.column,
                        (bare, reserved),
                    )
                )
        if element.name in ("source", "match", "filter") and not element.children("parse", "format"):
            flat = element.param("format")
            if flat is not None:
                section = "<parse>" if element.name == "source" or plugin_type(element) == "parser" else "<format>"
                shown = flat.value if len(flat.value) <= 32 else flat.value[:29] + "..."
                problems.append(
                    ConfigProblem(
                        f"flat 'format {shown}' is v0.12 syntax; use a {section} section with '@type'",
                        flat.line,
                        flat.column,
                    )
                )
    return problems


# ---------------------------------------------------------------------------------------------
# Tag patterns (lib/fluent/match.rb)

_OTHER = object()  # stands for every character no pattern names


class _Nfa:
    """A Thompson automaton for the regex fluentd compiles a glob into, zero-width assertions included."""

    def __init__(self) -> None:
        self.edges: list[list[tuple[object, int]]] = []
        self.final = -1

    def state(self) -> int:
        self.edges.append([])
        return len(self.edges) - 1

    def literals(self) -> set[str]:
        return {label[1] for edges in self.edges for label, _ in edges if isinstance(label, tuple)}

    def closure(self, states: frozenset[int] | set[int], at_start: bool, next_char: object) -> set[int]:
        seen = set(states)
        work = list(states)
        while work:
            state = work.pop()
            for label, target in self.edges[state]:
                if target in seen:
                    continue
                if (
                    label == "eps"
                    or (label == "eps-at-start" and at_start)
                    or (label == "eps-before-dot" and (next_char is None or next_char == "."))
                ):
                    seen.add(target)
                    work.append(target)
        return seen

    def step(self, states: frozenset[int], at_start: bool, char: object) -> frozenset[int]:
        moved: set[int] = set()
        for state in self.closure(states, at_start, char):
            for label, target in self.edges[state]:
                if (
                    label == "any"
                    or (label == "non-dot" and char != ".")
                    or (isinstance(label, tuple) and label[1] == char)
                ):
                    moved.add(target)
        return frozenset(moved)

    def accepts(self, states: frozenset[int], at_start: bool) -> bool:
        return self.final in self.closure(states, at_start, None)


def _glob_tree(pattern: str) -> list:
    """The regex fluentd's GlobMatchPattern builds, as nested sequences: mirrors its loop step by step.

    The regex source of each part is kept beside it for one case: fluentd closes a `{` left open with
    `Regexp.union` of its alternatives' *sources*, which escapes them, so `{a,b*` matches the tags
    "a" and "b[^\\.]*" literally."""
    stack: list[list[tuple[list, str]]] = []  # open groups: their finished alternatives, (tree, source)
    sequences: list[list] = [[]]
    sources = [""]
    escape = dot = False
    index = 0

    def emit(item: tuple, source: str) -> None:
        sequences[-1].append(item)
        sources[-1] += source

    while index < len(pattern):
        char = pattern[index]
        if escape:
            emit(("char", char), re.escape(char))
            escape = False
            index += 1
            continue
        if pattern.startswith("**", index):
            if dot:
                emit(("before-dot",), r"(?![^\.])")
                dot = False
            if pattern.startswith(".", index + 2):
                emit(("start-or-any-dot",), r"(?:.*\.|\A)")
                index += 3
            else:
                emit(("any*",), ".*")
                index += 2
            continue
        if dot:
            emit(("char", "."), r"\.")
            dot = False
        if char == "\\":
            escape = True
        elif char == ".":
            dot = True
        elif char == "*":
            emit(("non-dot*",), r"[^\.]*")
        elif char == "{":
            stack.append([])
            sequences.append([])
            sources.append("")
        elif char == "}" and stack:
            stack[-1].append((sequences.pop(), sources.pop()))
            group = stack.pop()
            emit(("alt", [tree for tree, _ in group]), "(?:" + "|".join(source for _, source in group) + ")")
        elif char == "," and stack:
            stack[-1].append((sequences.pop(), sources.pop()))
            sequences.append([])
            sources.append("")
        else:
            emit(("char", char), re.escape(char))
        index += 1
    # A dot still pending here is dropped, as fluentd does: "a." compiles to /\Aa\Z/.
    while stack:
        stack[-1].append((sequences.pop(), sources.pop()))
        group = stack.pop()
        literal = [[("char", char) for char in source] for _, source in group]
        emit(("alt", literal), "(?:" + "|".join(re.escape(source) for _, source in group) + ")")
    return sequences[-1]


def _has_unclosed_brace(pattern: str) -> bool:
    depth = 0
    escape = False
    for char in pattern:
        if escape:
            escape = False
        elif char == "\\":
            escape = True
        elif char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
    return depth > 0


def _build(nfa: _Nfa, sequence: list, start: int) -> int:
    current = start
    for item in sequence:
        kind = item[0]
        if kind == "char":
            target = nfa.state()
            nfa.edges[current].append((("char", item[1]), target))
        elif kind in ("non-dot*", "any*"):
            target = nfa.state()
            nfa.edges[current].append(("eps", target))
            nfa.edges[target].append(("non-dot" if kind == "non-dot*" else "any", target))
        elif kind == "before-dot":
            target = nfa.state()
            nfa.edges[current].append(("eps-before-dot", target))
        elif kind == "start-or-any-dot":
            target = nfa.state()
            middle = nfa.state()
            nfa.edges[current].append(("eps-at-start", target))
            nfa.edges[current].append(("eps", middle))
            nfa.edges[middle].append(("any", middle))
            nfa.edges[middle].append((("char", "."), target))
        else:  # alternation
            target = nfa.state()
            for branch in item[1]:
                branch_start = nfa.state()
                nfa.edges[current].append(("eps", branch_start))
                nfa.edges[_build(nfa, branch, branch_start)].append(("eps", target))
        current = target
    return current


def _compile_globs(patterns: list[str]) -> _Nfa:
    nfa = _Nfa()
    start = nfa.state()
    final = nfa.state()
    for pattern in patterns:
        branch = nfa.state()
        nfa.edges[start].append(("eps", branch))
        end = _build(nfa, _glob_tree(pattern), branch)
        nfa.edges[end].append(("eps", final))
    nfa.final = final
    return nfa


def _is_literal(pattern: str) -> bool:
    return not any(char in pattern for char in "*{}\\") and ".." not in pattern and not pattern.endswith(".")


class MatchPattern:
    """The tag pattern of a `<match>` or `<filter>`: space-separated globs or `/regexes/`; empty means `**`."""

    MAX_STATES = 20_000

    def __init__(self, text: str) -> None:
        self.text = text
        words = text.split() or ["**"]
        self.matches_all = "**" in words
        self.globs = [word for word in words if not word.startswith("/")]
        self.regexes: list[str] = []
        self.invalid: list[str] = []
        self.compiled: list[regex.Pattern] = []
        for word in words:
            if word.startswith("/"):
                if not word.endswith("/"):
                    self.invalid.append(word)  # fluentd: "invalid match - regex"
                    continue
                self.regexes.append(word)
                compiled = regex.compile(word[1:-1])
                if compiled is not None:  # else Ruby syntax RE2 refuses: matching treats it as matching nothing
                    self.compiled.append(compiled)
        # Globs with an unclosed `{` match in the automaton, but `covers` cannot reason about them.
        self.irregular = [glob for glob in self.globs if _has_unclosed_brace(glob)]
        self.nfa = _compile_globs(self.globs)
        self.globs = [glob for glob in self.globs if glob not in self.irregular]

    def matches(self, tag: str) -> bool:
        if self.matches_all:
            return True
        if any(regex.fullmatch(tag) for regex in self.compiled):
            return True
        states = frozenset({0})
        at_start = True
        for char in tag:
            states = self.nfa.step(states, at_start, char)
            at_start = False
            if not states:
                return False
        return self.nfa.accepts(states, at_start)

    def covers(self, other: "MatchPattern") -> bool:
        """True only when every tag `other` matches is also matched here (so an `other` placed after is dead)."""
        if self.matches_all:
            return True
        if other.invalid or other.irregular:
            return False
        for regex in other.regexes:
            if regex not in self.regexes and not self._globs_cover(MatchPattern("**").nfa):
                return False
        literal = [glob for glob in other.globs if _is_literal(glob)]
        if any(not self.matches(tag) for tag in literal):
            return False
        rest = [glob for glob in other.globs if not _is_literal(glob)]
        return not rest or self._globs_cover(_compile_globs(rest))

    def _globs_cover(self, other: _Nfa) -> bool:
        """Language inclusion of `other` in this pattern's globs, by exploring both automata in step."""
        alphabet: list[object] = [".", _OTHER, *sorted((self.nfa.literals() | other.literals()) - {"."})]
        start = (frozenset({0}), frozenset({0}), True)
        seen = {start}
        queue = deque([start])
        while queue:
            theirs, ours, at_start = queue.popleft()
            if other.accepts(theirs, at_start) and not self.nfa.accepts(ours, at_start):
                return False
            for char in alphabet:
                next_theirs = other.step(theirs, at_start, char)
                if not next_theirs:
                    continue
                state = (next_theirs, self.nfa.step(ours, at_start, char), False)
                if state not in seen:
                    if len(seen) >= self.MAX_STATES:
                        return False  # too large to decide: claim nothing
                    seen.add(state)
                    queue.append(state)
        return True


def routing_scopes(config: Config) -> list[Element]:
    """The elements whose `<match>` children compete for the same events: ROOT, each <label>, each <worker>."""
    scopes = [config.root]
    for element in config.root.elements:
        if element.name == "label":
            scopes.append(element)
        elif element.name == "worker":
            scopes.append(element)
            scopes.extend(child for child in element.elements if child.name == "label")
    return scopes


def unreachable_matches(config: Config) -> list[tuple[Element, Element]]:
    """(dead, earlier) pairs: fluentd routes an event to the first <match> that matches its tag, so a
    <match> whose every tag an earlier one in the same scope matches never receives anything."""
    found: list[tuple[Element, Element]] = []
    for scope in routing_scopes(config):
        earlier: list[tuple[Element, MatchPattern]] = []
        budget = MAX_PATTERN_COMPARISONS
        for match in scope.children("match"):
            pattern = MatchPattern(match.arg)
            cover = None
            for element, seen in earlier:
                if budget <= 0 and not seen.matches_all:
                    continue  # past the budget only `**` is tested: fewer reports, never a wrong one
                budget -= 1
                if seen.covers(pattern):
                    cover = element
                    break
            if cover is not None:
                found.append((match, cover))
            else:
                earlier.append((match, pattern))  # a dead <match> cannot shadow anything itself
    return found


# ---- configurations held by ConfigMaps -----------------------------------------------------

_DIRECTIVE_START = LazyPattern(r"^[ \t]*(?:<(?:source|match|filter|label|system|worker)\b|@include\s)", re.MULTILINE)


def looks_like_fluentd(text: object) -> bool:
    """Whether a ConfigMap value is a fluentd configuration: it has a routing directive at a line start."""
    return isinstance(text, str) and ("<" in text or "@include" in text) and _DIRECTIVE_START.search(text) is not None


@per_object
def configmap_configs(obj: K8sObject) -> dict[str, Config]:
    """The fluentd configurations in a ConfigMap's `data`, by key, parsed once."""
    return parsed_data(obj, looks_like_fluentd, parse)
