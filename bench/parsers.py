"""Could rapidyaml replace ruamel's C composer? Speed, and every value, type, position and error compared.

    python bench/parsers.py                  # the corpus and 900 generated snippets, timed once
    python bench/parsers.py --rounds 3       # the timings three times, interleaved (the best of each kept)
    python bench/parsers.py --snippets 3000  # more generated snippets

rapidyaml (`pip install rapidyaml`) gives a tree of strings: no YAML 1.1 typing, no merge keys, and in its
Python binding no position of any node. The replacement measured here therefore builds the nodes k8slint's
loader reads (ruamel's node classes, with start and end marks) from rapidyaml's tree: scalar offsets come from
the addresses of its in-place parse, and the marks ruamel derives from tokens (indicators, brackets, the next
token after a block) from scanning the source. Everything after composing, typing included, is k8slint's own
loader, so the timings compare what a replacement would cost and the comparison shows what it would change.
See bench/README.md, "parsers.py".
"""

from __future__ import annotations

import argparse
import bisect
import collections
import contextlib
import ctypes
import json
import math
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from ruamel.yaml.error import MarkedYAMLError, StreamMark
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from bench import CORPUS, compose_floor, corpus_files
from k8slint import loader

try:
    import ryml
except ImportError:
    ryml = None

_CORE = "tag:yaml.org,2002:"
_BREAKS = re.compile(rb"\r\n|[\n\r]|\xc2\x85|\xe2\x80[\xa8\xa9]")  # YAML 1.1's line breaks, as ruamel counts lines
_SPACE = b" \t\r\n"
_BLOCK_INDENT = re.compile(rb"[ ]*(?:-[ ]+)*")


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p), ("obj", ctypes.c_void_p), ("len", ctypes.c_ssize_t), ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int), ("ndim", ctypes.c_int), ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p), ("suboffsets", ctypes.c_void_p), ("internal", ctypes.c_void_p),
    ]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]


def address(view: Any) -> int:
    """Where a buffer's bytes are: rapidyaml's scalars are read-only views into the parsed buffer."""
    buffer = _PyBuffer()
    _get_buffer(view, ctypes.byref(buffer), 0)
    try:
        return buffer.buf or 0
    finally:
        _release_buffer(ctypes.byref(buffer))


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """rapidyaml writes every parse error to file descriptor 2 before raising it."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class RymlError(MarkedYAMLError):
    pass


class _Source:
    """The UTF-8 text rapidyaml parsed, with byte offsets turned into ruamel's marks (0-based, in characters)."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)
        self.line_starts = [0] + [found.end() for found in _BREAKS.finditer(self.data)]
        self.line_indexes = self.line_starts
        self.stream_end = len(self.data) + (self.line_starts[-1] < len(self.data))  # see `mark`
        if not self.ascii:
            self.line_indexes = [0]
            for start, end in zip(self.line_starts, self.line_starts[1:]):
                self.line_indexes.append(self.line_indexes[-1] + len(self.data[start:end].decode("utf-8", "surrogatepass")))

    def mark(self, offset: int) -> StreamMark:
        if offset > len(self.data):  # the line break ruamel's reader adds to a last line without one
            return StreamMark(None, self.line_indexes[-1] + self.mark(len(self.data) - 1).column + 1, len(self.line_starts), 0)
        line = bisect.bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        if self.ascii:
            column = offset - start
        else:
            column = len(self.data[start:offset].decode("utf-8", "surrogatepass"))
        return StreamMark(None, self.line_indexes[line] + column, line, column)

    def next_token(self, offset: int) -> int:
        """The first offset at or after `offset` that is neither white space nor inside a comment."""
        data, size = self.data, len(self.data)
        while offset < size:
            byte = data[offset]
            if byte in _SPACE:
                offset += 1
            elif byte == 0x23 and (offset == 0 or data[offset - 1] in _SPACE):  # '#'
                line_end = data.find(b"\n", offset)
                offset = size if line_end < 0 else line_end + 1
            else:
                return offset
        return self.stream_end

    def closing_quote(self, opening: int) -> int:
        """The offset just past the quote that closes the one at `opening`."""
        data, quote = self.data, self.data[opening]
        offset = opening + 1
        while True:
            found = data.find(bytes([quote]), offset)
            if found < 0:
                return len(data)
            if quote == 0x27 and data[found + 1 : found + 2] == b"'":  # '' inside single quotes
                offset = found + 2
            elif quote == 0x22 and _escaped(data, found):
                offset = found + 1
            else:
                return found + 1

    def plain_end(self, start: int, value: bytes) -> int:
        """The end of a plain scalar: its folded line breaks are single spaces in `value`."""
        if self.data.startswith(value, start):
            return start + len(value)
        offset = start
        for word in value.replace(b"\n", b" ").split(b" "):
            if word:
                found = self.data.find(word, offset)
                offset = found + len(word) if found >= 0 else offset
        return offset

    def block_end(self, header: int) -> int:
        """The end of a block scalar whose indicator is at `header`: the start of the first line after it
        that is neither blank nor indented deeper than the header's line."""
        line = bisect.bisect_right(self.line_starts, header) - 1
        first = self.line_starts[line]
        # The content is indented deeper than its parent: the key of `- key: |`, the last `-` of `- |`.
        prefix = _BLOCK_INDENT.match(self.data, first)
        if b":" in self.data[prefix.end() : header]:
            header_indent = prefix.end() - first
        else:
            header_indent = len(prefix.group().rstrip(b" ").rstrip(b"-"))
        for start, end in zip(self.line_starts[line + 1 :], self.line_starts[line + 2 :] + [len(self.data)]):
            text = self.data[start:end]
            if text.strip(b" \t\r\n") and len(text) - len(text.lstrip(b" ")) <= header_indent:
                return start
        return self.stream_end


def _escaped(data: bytes, offset: int) -> bool:
    backslashes = 0
    while data[offset - 1 - backslashes] == 0x5C:
        backslashes += 1
    return backslashes % 2 == 1


def _tag(text: str) -> str:
    if text.startswith("!!"):
        return _CORE + text[2:]
    if text.startswith("!<") and text.endswith(">"):
        return text[2:-1]
    return text


class RymlComposer:
    """The root node of every document of `text`, as ruamel's composer would give it, built from rapidyaml's tree."""

    def __init__(self, text: str) -> None:
        self.source = _Source(text)
        self.buffer = bytearray(self.source.data)
        try:
            self.tree = ryml.parse_in_place(self.buffer)
        except ryml.ExceptionBasic as error:
            location = getattr(getattr(error, "errdata_parse", None), "ymlloc", None)
            message = (getattr(error, "msg", "") or "").split("\n", 1)[0] or "rapidyaml: invalid YAML"
            self.raise_at(location.offset if location is not None else 0, message)
        self.base = address(memoryview(self.buffer))
        self.anchors: dict[str, Any] = {}
        self.cursor = 0

    def raise_at(self, offset: int, message: str) -> None:
        raise RymlError(problem=message, problem_mark=self.source.mark(offset))

    def documents(self) -> Iterator[Any]:
        tree = self.tree
        root = tree.root_id()
        if tree.is_stream(root):
            ids = list(ryml.children(tree, root))
        elif tree.type(root) == ryml.NOTYPE:
            ids = []
        else:
            ids = [root]
        for node_id in ids:
            self.anchors = {}
            start = self.source.next_token(self.cursor)
            while self.source.data.startswith((b"%", b"..."), start):  # directives, document end markers
                line_end = self.source.data.find(b"\n", start)
                start = self.source.next_token(len(self.source.data) if line_end < 0 else line_end)
            if self.source.data.startswith(b"---", start):
                start += 3
            if self.tree.has_val(node_id) and self.tree.val(node_id) is None:
                start = self.source.next_token(start)  # an empty document is at the token after it
            yield self.value(node_id, start)

    def offset(self, view: Any) -> int:
        offset = address(view) - self.base
        return offset if 0 <= offset <= len(self.buffer) else -1

    def value(self, node_id: int, indicator_end: int) -> Any:
        """The value node of `node_id`, which starts at the first token after `indicator_end`."""
        tree, source = self.tree, self.source
        start = source.next_token(indicator_end)
        if tree.is_val_ref(node_id):
            name = bytes(tree.val_ref(node_id)).decode("utf-8", "surrogatepass")
            self.cursor = start + 1 + len(name.encode("utf-8", "surrogatepass"))
            if name not in self.anchors:
                self.raise_at(start, f"found undefined alias {name!r}")
            return self.anchors[name]
        anchor = bytes(tree.val_anchor(node_id)).decode() if tree.has_val_anchor(node_id) else None
        explicit_tag = _tag(bytes(tree.val_tag(node_id)).decode()) if tree.has_val_tag(node_id) else None
        if tree.is_map(node_id) or tree.is_seq(node_id):
            node = self.collection(node_id, start, explicit_tag)
        else:
            node = self.scalar(node_id, start, indicator_end, explicit_tag)
        if anchor is not None:
            node.anchor = anchor
            self.anchors[anchor] = node
        return node

    def scalar(self, node_id: int, start: int, indicator_end: int, explicit_tag: str | None) -> ScalarNode:
        tree, source = self.tree, self.source
        view = tree.val(node_id)
        if view is None or tree.val_is_null(node_id) and not tree.is_val_quoted(node_id) and len(view) == 0:
            if explicit_tag is None:
                mark = source.mark(indicator_end)
                self.cursor = indicator_end
                return ScalarNode(loader.PLAIN, "", mark, mark, style="")
            view = b""
        value = bytes(view)
        content = self.offset(view) if len(value) else -1
        style = ""
        if tree.is_val_squo(node_id):
            style = "'"
        elif tree.is_val_dquo(node_id):
            style = '"'
        elif tree.is_val_literal(node_id):
            style = "|"
        elif tree.is_val_folded(node_id):
            style = ">"
        if style in ("'", '"'):
            opening = source.data.find(style.encode(), start)
            end = source.closing_quote(opening)
        elif style:
            end = source.block_end(source.data.find(style.encode(), start))
        else:
            end = source.plain_end(content if content >= 0 else start, value) if value else start
        self.cursor = end
        tag = explicit_tag or (loader.PLAIN if not style else _CORE + "str")
        return ScalarNode(tag, value.decode("utf-8", "surrogatepass"), source.mark(start), source.mark(end), style=style)

    def key(self, node_id: int) -> Any:
        tree, source = self.tree, self.source
        start = source.next_token(self.cursor)
        if start < len(source.data) and source.data[start] in b"?,{":
            start = source.next_token(start + 1)
        if tree.is_key_ref(node_id):
            name = bytes(tree.key_ref(node_id)).decode("utf-8", "surrogatepass")
            self.cursor = start + 1 + len(name.encode("utf-8", "surrogatepass"))
            if name not in self.anchors:
                self.raise_at(start, f"found undefined alias {name!r}")
            return self.anchors[name]
        view = tree.key(node_id)
        value = bytes(view) if view is not None else b""
        style = "'" if tree.is_key_squo(node_id) else '"' if tree.is_key_dquo(node_id) else ""
        content = self.offset(view) if value else -1
        if style:
            opening = source.data.find(style.encode(), start)
            end = source.closing_quote(opening)
        else:
            start = content if content >= 0 else start
            end = source.plain_end(start, value) if value else start
        self.cursor = end
        explicit_tag = _tag(bytes(tree.key_tag(node_id)).decode()) if tree.has_key_tag(node_id) else None
        tag = explicit_tag or (loader.PLAIN if not style else _CORE + "str")
        node = ScalarNode(tag, value.decode("utf-8", "surrogatepass"), source.mark(start), source.mark(end), style=style)
        if tree.has_key_anchor(node_id):
            node.anchor = bytes(tree.key_anchor(node_id)).decode()
            self.anchors[node.anchor] = node
        return node

    def collection(self, node_id: int, start: int, explicit_tag: str | None) -> Any:
        tree, source = self.tree, self.source
        flow = tree.is_flow(node_id)
        is_map = tree.is_map(node_id)
        self.cursor = start  # ruamel's collection starts at its anchor or tag; its content after them
        while source.data.startswith((b"&", b"!"), self.cursor):
            property_end = self.cursor
            while property_end < len(source.data) and source.data[property_end] not in _SPACE:
                property_end += 1
            self.cursor = source.next_token(property_end)
        if flow:
            self.cursor += 1  # the opening bracket
        items: list[Any] = []
        for child in ryml.children(tree, node_id):
            if is_map:
                key = self.key(child)
                colon = source.next_token(self.cursor)
                indicator_end = colon + 1 if source.data[colon : colon + 1] == b":" else colon
                items.append((key, self.value(child, indicator_end)))
            else:
                item = source.next_token(self.cursor)
                indicator = b"," if flow else b"-"
                indicator_end = item + 1 if source.data[item : item + 1] == indicator else item
                items.append(self.value(child, indicator_end))
        if flow:
            closing = source.next_token(self.cursor)
            while closing < len(source.data) and source.data[closing] == 0x2C:  # a trailing ','
                closing = source.next_token(closing + 1)
            end = closing + 1
        else:
            end = source.next_token(self.cursor)
        self.cursor = end
        node_class = MappingNode if is_map else SequenceNode
        tag = explicit_tag or (_CORE + ("map" if is_map else "seq"))
        return node_class(tag, items, source.mark(start), source.mark(end), flow_style=flow)


def ryml_compose(text: str, documents: int | None = None) -> Iterator[Any]:
    """A drop-in for k8slint.loader._compose."""
    composer = RymlComposer(text)
    for index, root in enumerate(composer.documents()):
        if documents is not None and index >= documents:
            return
        yield root


@contextlib.contextmanager
def composer(compose: Any) -> Iterator[None]:
    original = loader._compose
    loader._compose = compose
    try:
        yield
    finally:
        loader._compose = original


# ---- timing ----------------------------------------------------------------------------------


def timed(action: Any, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        try:
            action(text)
        except Exception:  # a few files of the corpus are invalid: the attempt is what is timed
            pass
    return time.perf_counter() - started


def ryml_parse(text: str) -> None:
    ryml.parse_in_place(bytearray(text.encode("utf-8", "surrogatepass")))


def ruamel_compose(text: str) -> None:
    for _ in loader._compose(text):
        pass


def ryml_load(text: str) -> None:
    with composer(ryml_compose):
        loader.load_text(text)


def measure_speed(files: list[Path], texts: list[str], rounds: int) -> None:
    times: dict[str, list[float]] = collections.defaultdict(list)
    with quiet_stderr():
        for _ in range(rounds):
            times["floor"].append(compose_floor(files))
            times["ryml parse"].append(timed(ryml_parse, texts))
            times["ruamel compose"].append(timed(ruamel_compose, texts))
            times["k8slint load"].append(timed(loader.load_text, texts))
            times["ryml load"].append(timed(ryml_load, texts))
    best = {name: min(values) for name, values in times.items()}
    megabytes = sum(map(len, texts)) / 1e6
    print(f"speed, {len(texts)} files ({megabytes:.1f} MB), best of {rounds}:")
    print(f"  ruamel's C composer (the floor)           {best['floor']:7.2f} s")
    print(f"  rapidyaml, parse only                     {best['ryml parse']:7.2f} s   {best['floor'] / best['ryml parse']:5.2f}x faster than the floor")
    print(f"  ruamel's C composer, k8slint's resolver   {best['ruamel compose']:7.2f} s   (the loader's composing share)")
    print(f"  k8slint's loader, ruamel                  {best['k8slint load']:7.2f} s")
    print(
        f"  k8slint's loader, rapidyaml nodes         {best['ryml load']:7.2f} s   "
        f"{best['ryml load'] / best['k8slint load']:5.2f}x the time of ruamel's (values, YAML 1.1 typing, positions)"
    )


# ---- equivalence -----------------------------------------------------------------------------


def typed(value: Any) -> Any:
    """A value with its types spelled out, so that 1, 1.0 and True differ and NaN equals NaN."""
    if isinstance(value, dict):
        return ("map", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("seq", [typed(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def positions(node: Any, seen: set[int] | None = None) -> Iterator[tuple[str, Any]]:
    """(class, facts) of every node below `node`, in document order, aliased nodes once."""
    seen = set() if seen is None else seen
    stack = [("value", node)]
    while stack:
        role, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        start, end = node.start_mark, node.end_mark
        kind = "scalar" if isinstance(node, ScalarNode) else "collection"
        yield f"{role} {kind} start", (start.line, start.column)
        yield f"{role} {kind} end", (end.line, end.column)
        yield f"{role} {kind} tag or style", (node.ctag.suffix, getattr(node, "style", None) or None, getattr(node, "flow_style", None))
        if isinstance(node, MappingNode):
            for key, item in reversed(node.value):
                stack.append(("value", item))
                stack.append(("key", key))
        elif isinstance(node, SequenceNode):
            stack.extend(("value", item) for item in reversed(node.value))


def load_both(text: str) -> tuple[Any, Any]:
    ruamel_loaded = loader.load_text(text)
    with composer(ryml_compose):
        try:
            ryml_loaded = loader.load_text(text)
        except Exception as error:  # a crash of the replacement is a difference of its own
            ryml_loaded = error
    return ruamel_loaded, ryml_loaded


def compare(text: str, differences: collections.Counter, examples: dict, label: str) -> int:
    """Adds the classes of difference of `text` to `differences` (one count per document); its documents."""
    ruamel_loaded, ryml_loaded = load_both(text)
    documents = max(len(ruamel_loaded.documents), 1)
    if isinstance(ryml_loaded, Exception):
        note(differences, examples, "the replacement raised " + type(ryml_loaded).__name__, label, documents)
        return documents
    errors = {}
    for name, loaded in (("ruamel", ruamel_loaded), ("rapidyaml", ryml_loaded)):
        errors[name] = [(p.rule, p.span.line, p.span.column) for p in loaded.problems if p.rule in ("invalid-yaml", "duplicate-key")]
    if errors["ruamel"] or errors["rapidyaml"]:
        first_ruamel = next((e for e in errors["ruamel"] if e[0] == "invalid-yaml"), None)
        first_ryml = next((e for e in errors["rapidyaml"] if e[0] == "invalid-yaml"), None)
        if first_ruamel and not first_ryml:
            note(differences, examples, "error: ruamel rejects, rapidyaml accepts", label, 1)
            return documents
        if first_ryml and not first_ruamel:
            note(differences, examples, "error: rapidyaml rejects what ruamel accepts", label, 1)
            return documents
        if first_ruamel and first_ryml:
            same = first_ruamel[1:] == first_ryml[1:]
            same_line = first_ruamel[1] == first_ryml[1]
            kind = "same line and column" if same else "same line" if same_line else "another line"
            differences[f"(agreement) both reject, {kind}"] += 1
        duplicates = {name: [e for e in found if e[0] == "duplicate-key"] for name, found in errors.items()}
        if duplicates["ruamel"] != duplicates["rapidyaml"]:
            note(differences, examples, "error: duplicate keys found differently", label, 1)
    if len(ruamel_loaded.documents) != len(ryml_loaded.documents):
        # ruamel composes one document at a time; rapidyaml parses the whole stream before giving any
        lost = errors["ruamel"] and len(ryml_loaded.documents) < len(ruamel_loaded.documents)
        name = "documents before a syntax error are lost" if lost else "number of documents"
        note(differences, examples, name, label, documents)
        return documents
    for ours, theirs in zip(ruamel_loaded.documents, ryml_loaded.documents):
        classes = set()
        if typed(ours.value) != typed(theirs.value):
            classes.add("values or types")
        elif ours.node is not None and theirs.node is not None:
            for (name, expected), (_, got) in zip(positions(ours.node), positions(theirs.node)):
                if expected != got:
                    classes.add(name)
        if (ours.span.line, ours.span.column) != (theirs.span.line, theirs.span.column):
            classes.add("document start")
        for name in classes:
            note(differences, examples, name, f"{label} (document {ours.index})", 1)
        if not classes:
            differences["(agreement) identical documents"] += 1
    return documents


def note(differences: collections.Counter, examples: dict, name: str, label: str, count: int) -> None:
    differences[name] += count
    examples.setdefault(name, label)


# ---- generated YAML 1.1 snippets -----------------------------------------------------------------

YAML11_SCALARS = [
    "yes", "no", "on", "off", "y", "n", "Y", "N", "True", "FALSE", "~", "null", "NULL", "0755", "0o755", "0x1F",
    "0b101", "1:20", "190:20:30", "1_000", "+1", "-0", ".inf", "-.Inf", ".NaN", "1e3", "1.5e-3", "6.8523015e+5",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", "12e03", "0.", "-.5", "0999", "08", "9223372036854775808",
    "18446744073709551616", "0x_1F", "+.5", "=", "plain words", "a: b c", "'it''s'", '"tab\\there"', '"\\u00e9\\x41"',
    "'yes'", '"0755"', "é ☃ 😀", "http://example.com/#anchor", "- not a list", "@", "`", "%x", "multi\n  line",
    "!!str 0755", "!!int '12'", "!!bool yes", "!!float 1", "!!null ''", "!custom x", "!!binary aGk=", "&a 1", "*a",
]
KEYS = ["name", "yes", "on", "0755", "1:20", "'quoted'", '"dq"', "<<", "~", "key with spaces", "é", "x", "y"]


def random_value(rng: random.Random, depth: int, indent: int) -> str:
    """A YAML value, written to follow `key:` or `- ` at `indent`."""
    pad = " " * (indent + 2)
    choice = rng.random()
    if depth <= 0 or choice < 0.45:
        scalar = rng.choice(YAML11_SCALARS)
        if "\n" in scalar:
            scalar = scalar.replace("\n  ", "\n" + pad)
        return " " + scalar + rng.choice(["", "", "  # comment"])
    if choice < 0.55:
        header = rng.choice(["|", "|-", "|+", ">", ">-", "|2"])
        lines = "".join(f"{pad}{rng.choice(['text', 'more text', '', '  indented'])}\n" for _ in range(rng.randint(1, 3)))
        return f" {header}\n{lines.rstrip(chr(10))}"
    if choice < 0.65:
        items = ", ".join(rng.choice(YAML11_SCALARS[:30]) for _ in range(rng.randint(0, 3)))
        return rng.choice([f" [{items}]", f" {{a: {rng.choice(YAML11_SCALARS[:30])}, b: [{items}]}}", " {}", " []"])
    if choice < 0.7:
        return rng.choice([" &base\n" + pad + "a: 1\n" + pad + "b: yes", " *base", " &s [1, 2]"])
    if choice < 0.85:
        return "\n" + random_mapping(rng, depth - 1, indent + 2)
    return "\n" + "\n".join(
        pad + "-" + random_value(rng, depth - 1, indent + 2) for _ in range(rng.randint(1, 3))
    )


def random_mapping(rng: random.Random, depth: int, indent: int) -> str:
    pad = " " * indent
    lines = []
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(KEYS)
        value = " *base" if key == "<<" and rng.random() < 0.7 else random_value(rng, depth, indent)
        if key == "<<" and rng.random() < 0.3:
            value = " [*base, {c: 3}]"
        lines.append(f"{pad}{key}:{value}")
    return "\n".join(lines)


def snippets(count: int, seed: int = 22) -> Iterator[str]:
    """Valid-looking YAML 1.1 streams, JSON manifests as tests/test_fuzz.py writes them, and broken variants."""
    rng = random.Random(seed)
    for number in range(count):
        kind = number % 3
        if kind == 0:
            documents = [random_mapping(rng, 3, 0) for _ in range(rng.randint(1, 3))]
            text = "base: &base {a: 1, b: 2}\n" + "\n---\n".join(documents) + "\n"
            if rng.random() < 0.1:
                text = text.replace("\n", "\r\n")
        elif kind == 1:
            manifest = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": rng.choice(["a", "yes", "0755"])}}
            manifest["data"] = {rng.choice(KEYS): rng.choice([None, True, 1, 2.5, -(2**65), "x\ty", "é", [], {}]) for _ in range(3)}
            text = "\n---\n".join(json.dumps(manifest) for _ in range(rng.randint(1, 2)))
        else:
            text = random_mapping(rng, 2, 0) + "\n"
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(text) + 1)
                text = text[:at] + rng.choice(list(":[]{}'\"\t&*!|>%@`#,-?") + ["", "\n  ", "\nkey: dup"]) + text[at + 1 :]
        yield text


def check_equivalence(named_texts: list[tuple[str, str]], title: str) -> None:
    differences: collections.Counter = collections.Counter()
    examples: dict[str, str] = {}
    documents = 0
    with quiet_stderr():
        for label, text in named_texts:
            documents += compare(text, differences, examples, label)
    print(f"{title}: {len(named_texts)} texts, {documents} documents")
    for name, count in sorted(differences.items(), key=lambda item: (item[0].startswith("("), -item[1])):
        example = f"   e.g. {examples[name]}" if name in examples else ""
        print(f"  {count:6}  {name}{example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=1, help="time every parser this many times, interleaved")
    parser.add_argument("--snippets", type=int, default=900, help="generated YAML 1.1 snippets to compare")
    args = parser.parse_args()
    if ryml is None:
        sys.exit("rapidyaml is not installed: `pip install rapidyaml` (PyPI) to run this comparison")
    print(f"python {sys.version.split()[0]}; rapidyaml {ryml.version}; ruamel's C composer: {loader._FAST}")
    sys.setrecursionlimit(20_000)  # the replacement builds nodes recursively
    if CORPUS.is_dir():
        files = corpus_files()
        texts = [path.read_bytes().decode("utf-8", "replace") for path in files]
        measure_speed(files, texts, args.rounds)
        print(flush=True)
        check_equivalence([(str(path.relative_to(CORPUS)), text) for path, text in zip(files, texts)], "the corpus")
    else:
        print(f"{CORPUS} is missing: the speed comparison and the corpus are skipped")
    print(flush=True)
    check_equivalence([(f"snippet {n}", text) for n, text in enumerate(snippets(args.snippets))], "generated snippets")


if __name__ == "__main__":
    main()
