"""Reading YAML and JSON into plain values with positions, the way Kubernetes reads them.

Every ruamel import lives here. Nodes are composed with ruamel's C composer, with a resolver
that only separates plain scalars from the rest; plain scalars are then typed by the
resolution table of the YAML decoder Kubernetes uses (go-yaml v2 behind sigs.k8s.io/yaml,
a YAML 1.1 table: `yes`, `on` and `y` are booleans there). Values are built by a shallow
recursion for plain trees (most documents) and iteratively otherwise, so neither deep nesting
nor alias bombs can exhaust the stack or memory, and each document keeps its root node so
that any path can be turned into a line and column afterwards.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any, Iterator

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag

from k8slint.model import FieldPath, Span
from k8slint.records import field, record
from k8slint.regex import LazyPattern

try:  # the C extension; the pure-Python parser is a slow but correct fallback
    from ruamel.yaml.clib._ruamel_yaml import CParser as _Parser  # type: ignore

    _FAST = True
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    _FAST = False

PLAIN = "k8slint:plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_CORE = "tag:yaml.org,2002:"
_MERGE_TAGS = (PLAIN, _CORE + "merge")
_COLLECTION_TAGS = frozenset({_SEQ, _MAP, _CORE + "omap", _CORE + "set", _CORE + "pairs"})
# The tags the resolver gives, one object each: a node given a string makes a Tag of its own, and
# the converter recognises untagged nodes by identity.
_PLAIN_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG = (Tag(suffix=tag) for tag in (PLAIN, _STR, _SEQ, _MAP))

# A document whose aliases expand it to more than this many characters, and to many times its own
# size, is an alias bomb. Characters, not nodes: 500 aliases of one 20 KB value are few nodes but
# 10 MB of text, and padding a document with empty lists adds nodes but hardly any characters.
MAX_EXPANDED_CHARACTERS = 4_000_000
MAX_EXPANSION_RATIO = 10
# go-yaml (scannerc.go, max_flow_level and max_indents) refuses nesting deeper than this; ruamel's
# C composer recurses once per level and overflows the C stack at a few tens of thousands.
MAX_DEPTH = 10_000


@record(slots=True)
class LoadProblem:
    """A problem found while reading, before any rule runs (invalid YAML, duplicate keys...)."""

    rule: str
    message: str
    span: Span
    document: int | None = None


class Document:
    """One document of a text: its index, its value, its root YAML node (for positions) and its span.

    The nodes of a text take about fifty times its size: `load_text(keep_nodes=False)` and `release` drop
    them, and the first position asked for in a document parses it again.
    """

    __slots__ = ("index", "value", "span", "_node", "_reload", "_root_mark")

    def __init__(self, index: int, value: Any, node: Any, span: Span, root_mark: tuple[int, int, int] | None = None) -> None:
        self.index = index
        self.value = value
        self.span = span
        self._node = node
        self._reload: Any = None
        # (line, column, index) where a mapping root starts: `release` composes such a document alone.
        self._root_mark = root_mark

    @property
    def node(self) -> Any:
        if self._node is None and self._reload is not None:
            self._reload(self)
        return self._node

    def discard(self) -> None:
        """Let go of the value, the nodes and the way back to them, once nothing will ask for a position
        in the document. The documents of a `release`d text and their shared reload refer to each other:
        without this, a process that runs without the cyclic collector (the command line) would keep
        them, and their values, to the end."""
        self.value = None
        self._node = None
        self._reload = None


def release(documents: list[Document], text: str) -> None:
    """Drop the YAML nodes of `documents` (all those of `text`); the first position asked for in one of them
    gives it its node back, identical to the first parse: a mapping document is composed alone, from the
    line its root starts on, the lines before left blank (a large file's findings are in a few of its
    documents); any other, or any document of a text with directives, with the whole text, which gives
    every document its node back."""
    alone: list[str | None] = []  # made on the first reload: `text` as composed, or None if it has directives

    def reload(document: Document) -> None:
        if not alone:
            composed = _as_kubectl_reads(text)
            alone.append(None if composed.startswith("%") or _DIRECTIVE.search(composed) else composed)
        root = None
        if document._root_mark is not None and alone[0] is not None:
            root = _mapping_root_at(alone[0], *document._root_mark)
        if root is not None:
            document._node = root
            document._reload = None
            return
        roots = _roots(text)
        for other in documents:
            if other._node is None:
                other._node = roots.get(other.index)
                other._reload = None

    for document in documents:
        document._node = None
        document._reload = reload


def _mapping_root_at(text: str, line: int, column: int, index: int) -> Any:
    """The mapping that starts at (line, column), `index` characters into `text`, composed alone; None if
    it is not one. Composing from the start of its line keeps every column, and blank lines before keep
    every line; indexes move by the same amount, so they still order the nodes."""
    start = index - column
    try:
        for root, _ in _compose("\n" * line + text[start:], 1):
            mark = root.start_mark
            if isinstance(root, MappingNode) and (mark.line, mark.column) == (line, column):
                return root
    except (YAMLError, ValueError, TypeError, AttributeError, UnboundLocalError, RecursionError):
        pass
    return None


@record(slots=True, eq=False)
class LoadedText:
    documents: list[Document] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


class _Resolver:
    """Tags plain scalars as PLAIN and leaves their typing to `_resolve_plain` (cheaper than regexes here),
    and counts the nodes composed (an alias is the node its anchor names: composed once)."""

    composed = 0

    def descend_resolver(self, *args: Any) -> None:
        self.composed += 1

    def ascend_resolver(self, *args: Any) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
        if kind is ScalarNode:
            return _PLAIN_TAG if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


if _FAST:

    class _Composer(_Parser, _Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, text: str) -> None:
            _Parser.__init__(self, text)

    def _compose(text: str, documents: int | None = None) -> Iterator[tuple[Any, int | None]]:
        """The root node of each document and how many nodes were composed for it (None: not counted);
        of the first `documents` only, when given."""
        composer = _Composer(text)
        try:
            while (documents is None or documents > 0) and composer.check_node():
                before = composer.composed
                root = composer.get_node()
                yield root, composer.composed - before
                documents = None if documents is None else documents - 1
        finally:
            composer.dispose()

else:  # pragma: no cover
    from ruamel.yaml import YAML

    def _compose(text: str, documents: int | None = None) -> Iterator[tuple[Any, int | None]]:
        import itertools

        yaml = YAML(typ="safe", pure=True)
        yaml.Resolver = _PureResolver
        for root in itertools.islice(yaml.compose_all(text), documents):
            yield root, None

    from ruamel.yaml.resolver import BaseResolver

    class _PureResolver(_Resolver, BaseResolver):  # type: ignore[misc]
        pass


# go-yaml v2 resolve.go: the words it reads as something other than a string.
_WORDS: dict[str, Any] = {}
for _value, _words in (
    (True, "y Y yes Yes YES true True TRUE on On ON"),
    (False, "n N no No NO false False FALSE off Off OFF"),
    (None, "~ null Null NULL"),
    (math.nan, ".nan .NaN .NAN"),
    (math.inf, ".inf .Inf .INF +.inf +.Inf +.INF"),
    (-math.inf, "-.inf -.Inf -.INF"),
):
    for _word in _words.split():
        _WORDS[_word] = _value
_YAML_FLOAT = LazyPattern(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_INT = LazyPattern(
    r"[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)"
)
_TIMESTAMP_START = LazyPattern(r"[0-9]{4}-")
_INT64 = 1 << 63
_UINT64 = 1 << 64


def _resolve_plain(text: str) -> Any:
    """Type a plain scalar exactly as go-yaml v2 does when decoding into interface{}."""
    if text == "":
        return None
    first = text[0]
    if first in "yYnNtTfFoO~.+-" or first.isdigit() or first == "<":
        if text in _WORDS:
            return _WORDS[text]
        if first == ".":
            return _go_float(text)
        if first.isdigit() or first in "+-":
            return _resolve_number(text)
    return text


def _resolve_number(text: str) -> Any:
    # go-yaml keeps timestamps as strings when the target is interface{}.
    if _TIMESTAMP_START.match(text):
        return text
    plain = text.replace("_", "")
    if _GO_INT.fullmatch(plain):
        sign = -1 if plain[0] == "-" else 1
        digits = plain.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1] in "xXoObB":
            base, body = {"x": 16, "o": 8, "b": 2}[digits[1].lower()], digits[2:]
        elif len(digits) > 1 and digits[0] == "0":
            base, body = 8, digits
        else:
            base, body = 10, digits
        # No 64-bit integer has more than 64 significant digits in any base; longer ones are never
        # converted (Python refuses int() of more than 4,300 digits).
        significant = body.lstrip("0") or "0"
        if len(significant) <= 64:
            number = sign * int(significant, base)
            if -_INT64 <= number < _UINT64:
                return number
    if _YAML_FLOAT.fullmatch(plain):
        return _go_float(plain)
    return text


def _go_float(text: str) -> Any:
    """strconv.ParseFloat: a number too large for a float64 is an error there, so go-yaml keeps the text."""
    try:
        number = float(text)
    except ValueError:
        return text
    return text if math.isinf(number) else number


def json_key(value: Any) -> str:
    """A decoded YAML key as the JSON object key sigs.k8s.io/yaml makes of it."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "+Inf" if value > 0 else "-Inf"
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def _span(node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _mark_span(mark: Any) -> Span:
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)


class _Converter:
    """Turns one composed document into plain values, iteratively, reporting what Kubernetes would reject."""

    def __init__(self, index: int, problems: list[LoadProblem], measure: bool = True, strings: dict[str, str] | None = None) -> None:
        self.index = index
        self.problems = problems
        self.measure = measure  # count expanded sizes: only a text with anchors (`&`) can have aliases
        # Values take several times the text they come from; the same few strings (an apiVersion, a
        # namespace, an app's name) and label maps (metadata, selector, template) recur, so each is kept
        # once: strings across the text, mappings of strings within the document, like aliases' values.
        self.strings: dict[str, str] = {} if strings is None else strings
        self.string_maps: dict[tuple, dict] = {}
        self.done: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}  # expanded size in characters, by collection node
        self.recursive = False

    def problem(self, rule: str, message: str, node: Any) -> None:
        self.problems.append(LoadProblem(rule, message, _span(node), self.index))

    def scalar(self, node: Any) -> Any:
        tag = node.ctag.suffix
        if tag == PLAIN:
            return _resolve_plain(node.value)
        if tag == _STR:
            return node.value
        if tag.startswith(_CORE):
            short = tag[len(_CORE):]
            if short in ("str", "binary", "timestamp"):
                return node.value
            if short == "null":
                return None
            if short in ("bool", "int", "float"):
                resolved = _resolve_plain(node.value)
                wanted = {"bool": bool, "int": int, "float": (int, float)}[short]
                if isinstance(resolved, wanted) and not (short == "int" and isinstance(resolved, bool)):
                    return float(resolved) if short == "float" else resolved
                self.problem("unsupported-yaml", f"cannot decode {node.value!r} as !!{short}", node)
                return node.value
            if short == "merge":
                return "<<"
        self.problem(
            "unsupported-yaml",
            f"tag {tag!r} is not a standard YAML type; Kubernetes cannot decode it and k8slint never constructs it",
            node,
        )
        return node.value

    def convert(self, root: Any) -> Any:
        """Post-order, explicit-stack conversion; shared (aliased) nodes are converted once."""
        if isinstance(root, ScalarNode):
            return self.scalar(root)
        done, sizes = self.done, self.sizes
        in_progress: set[int] = set()
        stack: list[Any] = [root]
        while stack:
            node = stack[-1]
            key = id(node)
            if key in done:
                stack.pop()
                continue
            if key not in in_progress:
                in_progress.add(key)
                children = (
                    node.value
                    if isinstance(node, SequenceNode)
                    else [part for pair in node.value for part in pair]
                )
                for child in reversed(children):
                    child_key = id(child)
                    if child_key in done or isinstance(child, ScalarNode):
                        continue
                    if child_key in in_progress:
                        # go-yaml: "anchor ... value contains itself"; the document cannot be decoded.
                        self.problem(
                            "unsupported-yaml",
                            "recursive alias: the value contains itself; Kubernetes cannot decode this document"
                            " and it is not linted",
                            child,
                        )
                        self.recursive = True
                        return None

                    stack.append(child)
                continue
            stack.pop()
            in_progress.discard(key)
            self.check_collection_tag(node)
            if isinstance(node, SequenceNode):
                items = []
                size = 2
                for child in node.value:
                    items.append(self.value_of(child))
                if self.measure:
                    size += sum(self.size_of(child) for child in node.value)
                done[key] = items
            else:
                done[key], size = self.mapping(node)
            sizes[key] = size
        return done[id(root)]

    def check_collection_tag(self, node: Any) -> None:
        tag = node.ctag.suffix
        if tag not in _COLLECTION_TAGS:
            self.problem(
                "unsupported-yaml",
                f"tag {tag!r} is not a standard YAML type; Kubernetes cannot decode it and k8slint never constructs it",
                node,
            )

    def size_of(self, node: Any) -> int:
        """Characters the node stands for once aliases are expanded (about its length as JSON)."""
        if isinstance(node, ScalarNode):
            return len(node.value) + 2
        return self.sizes[id(node)]

    def value_of(self, node: Any) -> Any:
        if isinstance(node, ScalarNode):
            value = self.scalar(node)
            return self.strings.setdefault(value, value) if type(value) is str else value
        return self.done[id(node)]

    def mapping(self, node: Any) -> tuple[dict, int]:
        result: dict[str, Any] = {}
        merged: list[tuple[Any, Any]] = []
        size = 2
        seen_at: dict[str, Any] = {}
        measure = self.measure
        for key_node, value_node in node.value:
            if measure:
                size += self.size_of(key_node) + self.size_of(value_node)
            if isinstance(key_node, ScalarNode):
                key_value = self.scalar(key_node)
            else:
                self.problem(
                    "unsupported-yaml", "a mapping key must be a scalar; Kubernetes cannot decode complex keys", key_node
                )
                continue
            if key_value == "<<" and key_node.ctag.suffix in _MERGE_TAGS:
                merged.append((key_node, value_node))
                continue
            name = sys.intern(json_key(key_value))  # the same few keys in every object: stored once
            if name in seen_at:
                self.problem(
                    "duplicate-key",
                    f'duplicate key "{name}" (first defined at line {seen_at[name].start_mark.line + 1})',
                    key_node,
                )
            else:
                seen_at[name] = key_node
            result[name] = self.value_of(value_node)
        for key_node, value_node in merged:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                value = self.value_of(source)
                if not isinstance(value, dict):
                    self.problem("unsupported-yaml", "a merge key (<<) must refer to a mapping", source)
                    continue
                for name, item in value.items():
                    result.setdefault(name, item)
        return _kept_once(result, self.string_maps), size


def _kept_once(mapping: dict, kept: dict[tuple, dict]) -> dict:
    """`mapping`, or an equal mapping of strings its document already has (labels recur in a workload's
    metadata, selector and template): values are read only, so they can share it, as aliases do."""
    if mapping and all(item.__class__ is str for item in mapping.values()):
        return kept.setdefault(tuple(mapping.items()), mapping)
    return mapping


# Most documents are plain trees: no aliases, merge keys, tags, duplicate or complex keys, and shallow.
# Those are converted by plain recursion, many times faster than `_Converter`; anything else is left to it.
_NOT_A_TREE = object()
_TREE_DEPTH = 100
_PLAIN_KEY_NAMES: dict[str, str] = {}  # a plain key's text -> its JSON key, interned: the same few keys everywhere
_PLAIN_KEYS_KEPT = 16_384


class _NotATree(Exception):
    pass


def _tree_value(root: Any, composed: int, strings: dict[str, str]) -> Any:
    """The value of a document whose root node heads a plain tree, else `_NOT_A_TREE`.

    `composed` is the number of nodes composed for the document: the walk meets more only through an
    alias, and stops there. It reports nothing: every document that would need a problem reported (a
    tag, a duplicate key) is not a plain tree, and `_Converter` converts it again and reports. Strings
    and mappings of strings are kept once, as `_Converter` keeps them (`strings` is the text's)."""
    met = 1
    keep = strings.setdefault
    string_maps: dict[tuple, dict] = {}

    def scalar(node: Any) -> Any:
        if node.ctag is _PLAIN_TAG:
            value = _resolve_plain(node.value)
            return keep(value, value) if value.__class__ is str else value
        if node.ctag is _STR_TAG:
            return keep(node.value, node.value)
        raise _NotATree

    def value_of(node: Any, depth: int) -> Any:
        nonlocal met
        if node.__class__ is ScalarNode:
            return scalar(node)
        depth += 1
        if depth > _TREE_DEPTH:
            raise _NotATree
        if node.ctag is _SEQ_TAG:
            met += len(node.value)
            if met > composed:
                raise _NotATree
            return [value_of(child, depth) for child in node.value]
        if node.ctag is not _MAP_TAG:
            raise _NotATree
        met += 2 * len(node.value)
        if met > composed:
            raise _NotATree
        result: dict[str, Any] = {}
        names = _PLAIN_KEY_NAMES
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _NotATree
            text = key_node.value
            if key_node.ctag is _PLAIN_TAG:
                name = names.get(text)
                if name is None:
                    if text == "<<":
                        raise _NotATree
                    if len(names) >= _PLAIN_KEYS_KEPT:
                        names.clear()
                    name = names[text] = sys.intern(json_key(_resolve_plain(text)))
            elif key_node.ctag is _STR_TAG:
                name = sys.intern(text)
            else:
                raise _NotATree
            result[name] = scalar(value_node) if value_node.__class__ is ScalarNode else value_of(value_node, depth)
        if len(result) != len(node.value):  # a key defined twice
            raise _NotATree
        return _kept_once(result, string_maps)

    try:
        value = value_of(root, 0)
    except _NotATree:
        return _NOT_A_TREE
    finally:
        # value_of refers to itself: without the collector (the command line runs without it) the
        # cycle would keep this document's mappings and the text's strings to the end of the run.
        del value_of
    return value if met == composed else _NOT_A_TREE


def _roots(text: str) -> dict[int, Any]:
    """The root node of each document `_load` composes from `text`, by index (positions need no values)."""
    text = _as_kubectl_reads(text)
    too_deep = _too_deep(text)
    roots: dict[int, Any] = {}
    try:
        for index, (root, _) in enumerate(_compose(text, None if too_deep is None else too_deep[0])):
            roots[index] = root
    except (YAMLError, ValueError, TypeError, AttributeError, UnboundLocalError, RecursionError):
        pass  # `_load` reported it; the documents before it are all there are
    return roots


def load_text(text: str, keep_nodes: bool = True) -> LoadedText:
    """Compose every document of `text`; documents before a syntax error are kept.

    Without `keep_nodes`, each document's YAML nodes are dropped as soon as its value is built (memory
    then follows the values, not the nodes), and parsed again from `text` when a position is asked for."""
    loaded = _load(text, keep_nodes)
    if not keep_nodes:
        release(loaded.documents, text)
    return loaded


def _load(text: str, keep_nodes: bool) -> LoadedText:
    loaded = LoadedText()
    text = _as_kubectl_reads(text)
    too_deep = _too_deep(text)
    anchored = "&" in text
    strings: dict[str, str] = {}
    index = -1
    try:
        # Only the documents before one nested too deeply are composed: composing it would crash.
        for index, (root, composed) in enumerate(_compose(text, None if too_deep is None else too_deep[0])):
            value = _NOT_A_TREE if composed is None else _tree_value(root, composed, strings)
            expanded = 0
            if value is _NOT_A_TREE:
                converter = _Converter(index, loaded.problems, measure=anchored, strings=strings)
                value = converter.convert(root)
                if converter.recursive:
                    continue
                expanded = converter.size_of(root) if anchored else 0
            source_size = max(root.end_mark.index - root.start_mark.index, 1)
            if expanded > MAX_EXPANDED_CHARACTERS and expanded > MAX_EXPANSION_RATIO * source_size:
                loaded.problems.append(
                    LoadProblem(
                        "unsupported-yaml",
                        f"aliases expand this document to {expanded:,} characters from {source_size:,}"
                        " (an alias bomb); it is not linted",
                        _span(root),
                        index,
                    )
                )
            else:
                mark = root.start_mark
                root_mark = (mark.line, mark.column, mark.index) if isinstance(root, MappingNode) else None
                loaded.documents.append(Document(index, value, root if keep_nodes else None, _span(root), root_mark))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        span = _mark_span(mark) if mark is not None else Span(1, 1, 1, 2)
        loaded.problems.append(LoadProblem("invalid-yaml", message, span, index + 1))
        return loaded
    except ReaderError as error:
        loaded.problems.append(_reader_problem(text, error, index + 1))
        return loaded
    except (YAMLError, ValueError, TypeError, AttributeError, UnboundLocalError) as error:
        # The C parser raises plain Python errors on some malformed streams.
        loaded.problems.append(LoadProblem("invalid-yaml", f"invalid YAML: {error}", Span(1, 1, 1, 2), index + 1))
        return loaded
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses in Python
        message = "nested too deeply for the pure-Python YAML parser (install ruamel.yaml.clib)"
        loaded.problems.append(LoadProblem("invalid-yaml", message, Span(1, 1, 1, 2), index + 1))
        return loaded
    if too_deep is not None:
        document, mark = too_deep
        loaded.problems.append(
            LoadProblem(
                "invalid-yaml",
                f"nesting deeper than {MAX_DEPTH:,} levels: Kubernetes' YAML parser refuses it"
                f' ("exceeded max depth of {MAX_DEPTH}")',
                _mark_span(mark),
                document,
            )
        )
    return loaded


# A directive (`%YAML`, `%TAG`) applies to the documents after it: a text with one is composed whole.
_DIRECTIVE = LazyPattern("[\n\r\x85\u2028\u2029]%")  # after a line break (or at the start)
# After a `---` line, as kubectl's YAMLReader splits documents: each then starts a stream of its own.
_BOM_AFTER_SEPARATOR = LazyPattern(r"^(---[ \t]*(?:#[^\n]*)?\r?\n)\ufeff", re.MULTILINE)
_SURROGATE_ESCAPE = LazyPattern(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_JSON_STRING_WITH_SURROGATES = LazyPattern(r'"(?:[^"\\\n]|\\.)*?\\u[dD][89a-fA-F](?:[^"\\\n]|\\.)*"')
# A pair, a lone surrogate, or any other escape (`\\\\` included), skipped so that matching stays in step.
_SURROGATE_PAIR = LazyPattern(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|(\\u[dD][89a-fA-F][0-9a-fA-F]{2})|\\."
)


def _as_kubectl_reads(text: str) -> str:
    """The text as kubectl's decoders see it, where they differ from YAML's rules, without moving lines.

    A byte-order mark starts the stream or a document (kubectl decodes each document on its own);
    a JSON stream (the first character `{`) is read by encoding/json, which joins UTF-16 surrogate
    escapes (`\\ud83d\\ude80`, as json.dumps writes an emoji) and turns a lone one into U+FFFD, where
    YAML refuses both."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\ufeff" in text:
        text = _BOM_AFTER_SEPARATOR.sub(r"\1", text)
    if text.lstrip(" \t\r\n").startswith("{") and _SURROGATE_ESCAPE.search(text):
        text = _JSON_STRING_WITH_SURROGATES.sub(_join_surrogates, text)
    return text


def _join_surrogates(string: re.Match) -> str:
    shortened = 0

    def replace(escape: re.Match) -> str:
        nonlocal shortened
        if escape.group(3) is not None:
            return "\\ufffd"
        if escape.group(1) is None:
            return escape.group()
        high, low = int(escape.group(1), 16), int(escape.group(2), 16)
        shortened += 2
        return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"

    joined = _SURROGATE_PAIR.sub(replace, string.group())
    return joined + " " * shortened  # keeps every later column of the line where it was


def _too_deep(text: str) -> tuple[int, Any] | None:
    """(document index, mark) of the first collection nested deeper than MAX_DEPTH, else None.

    Depth is bounded by the flow brackets plus twice the longest line (block levels need indentation
    or a `- ` each), so the events are only read when that bound is above the limit."""
    if text.count("[") + text.count("{") + 2 * max(map(len, text.splitlines()), default=0) + 2 <= MAX_DEPTH:
        return None
    parser = _Parser(text) if _FAST else None
    if parser is None:  # pragma: no cover - the pure-Python composer is iterative
        return None
    open_styles: list[bool] = []  # flow_style of each open collection
    depth = {True: 0, False: 0}  # go-yaml limits flow and block nesting separately
    document = -1
    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event).__name__
            if kind in ("SequenceStartEvent", "MappingStartEvent"):
                flow = bool(event.flow_style)
                open_styles.append(flow)
                depth[flow] += 1
                if depth[flow] > MAX_DEPTH:
                    return document, event.start_mark
            elif kind in ("SequenceEndEvent", "MappingEndEvent"):
                depth[open_styles.pop()] -= 1
            elif kind == "DocumentStartEvent":
                document += 1
    except (YAMLError, ValueError, TypeError, AttributeError):
        return None  # a syntax error before the limit: composing reports it
    finally:
        parser.dispose()
    return None


_LINE_BREAK = LazyPattern("\r\n|[\n\r\x85\u2028\u2029]")


def _reader_problem(text: str, error: Any, document: int) -> LoadProblem:
    """A character YAML does not allow, positioned (the parser gives a UTF-8 byte offset)."""
    offset = len(text.encode("utf-8", "surrogatepass")[: max(error.position or 0, 0)].decode("utf-8", "ignore"))
    line, line_start = 1, 0
    for line_break in _LINE_BREAK.finditer(text, 0, offset):
        line, line_start = line + 1, line_break.end()
    column = offset - line_start + 1
    character = error.character
    code = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return LoadProblem(
        "invalid-yaml",
        f"{error.reason}: character {code} (YAML allows only printable characters, tab and line breaks)",
        Span(line, column, line, column + 1),
        document,
    )


# ---- positions -------------------------------------------------------------------------------


def locate(node: Any, path: FieldPath, on_key: bool = False) -> tuple[Span, bool]:
    """The span of `path` below `node`; the bool is False when only an ancestor exists.

    A block mapping or sequence is reported at its key (`metadata:`), the line a reader
    looks at, rather than at its first entry on the next line.
    """
    key_node = None
    complete = True
    for part in path:
        child, child_key = _child(node, part)
        if child is None:
            complete = False
            break
        node, key_node = child, child_key
    if key_node is not None and (on_key or (not isinstance(node, ScalarNode) and not node.flow_style)):
        return _span(key_node), complete
    return _span(node), complete


def _child(node: Any, part: Any) -> tuple[Any, Any]:
    if isinstance(node, SequenceNode):
        if isinstance(part, int) and 0 <= part < len(node.value):
            return node.value[part], None
        return None, None
    # Merged mappings are searched depth first, in order, as they were merged; each once, so that a
    # merge that refers back to its own mapping (`&a {<<: *a}`) ends.
    stack, seen = [node], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, MappingNode) or id(node) in seen:
            continue
        seen.add(id(node))
        keys, merges = _keys_of(node)
        if part in keys:
            return keys[part]
        for merge in reversed(merges):
            stack.extend(reversed(merge.value) if isinstance(merge, SequenceNode) else [merge])
    return None, None


# Key indexes of the large mappings positions were last looked up in: without them, locating one
# finding per key of a mapping costs keys x findings. Nodes take no attributes, so they are kept
# here, by id, beside their index (which keeps the id from being reused while it is cached).
_KEY_INDEXES: dict[int, tuple[Any, dict[Any, tuple[Any, Any]], list[Any]]] = {}
_INDEXED_SIZE = 16


def _keys_of(node: Any) -> tuple[dict[Any, tuple[Any, Any]], list[Any]]:
    cached = _KEY_INDEXES.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1], cached[2]
    keys: dict[Any, tuple[Any, Any]] = {}
    merges: list[Any] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        if key_node.value == "<<" and key_node.ctag.suffix in _MERGE_TAGS:
            merges.append(value_node)
        else:
            keys.setdefault(_key_text(key_node), (value_node, key_node))
    if len(node.value) > _INDEXED_SIZE:
        if len(_KEY_INDEXES) >= 64:
            _KEY_INDEXES.clear()
        _KEY_INDEXES[id(node)] = (node, keys, merges)
    return keys, merges


def _key_text(key_node: Any) -> str:
    if key_node.ctag.suffix == PLAIN:
        return json_key(_resolve_plain(key_node.value))
    return key_node.value


def scalar_nodes(roots: Any) -> Iterator[Any]:
    """Every scalar node below the given roots, each once (aliases are not followed twice)."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack.append(key_node)
                stack.append(value_node)


def inner_position(node: Any, path: FieldPath, lines: list[str], inner: tuple[int, int]) -> tuple[int, int] | None:
    """The 0-based file position of (line, column) inside the string value at `path`.

    The string is decoded again from the source with the position of every character kept
    (escapes, folded line breaks, quoted and block styles), and used only if it decodes to the
    same value the parser produced; otherwise None, and the caller points at the value.
    """
    for part in path:
        node, _ = _child(node, part)
        if node is None:
            return None
    if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
        return None
    try:
        decoded = _ScalarSource(node, lines).decode()
    except IndexError:
        return None
    if decoded is None or "".join(char for char, _ in decoded) != node.value:
        return None
    line, column = inner
    index = 0
    for _ in range(line):
        index = next((i + 1 for i in range(index, len(decoded)) if decoded[i][0] == "\n"), None)
        if index is None:
            return None
    index += column
    if index < len(decoded):
        return decoded[index][1]
    if index == len(decoded) and decoded:
        last_line, last_column = decoded[-1][1]
        return last_line, last_column + 1
    return None


_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


class _ScalarSource:
    """Decodes a scalar from its source lines, pairing each character with its (line, column)."""

    def __init__(self, node: Any, lines: list[str]) -> None:
        self.node = node
        self.lines = lines
        self.start = (node.start_mark.line, node.start_mark.column)
        self.end = (node.end_mark.line, node.end_mark.column)

    def decode(self) -> list[tuple[str, tuple[int, int]]] | None:
        style = self.node.style or None
        if style == "|":
            return self._block(folded=False)
        if style == ">":
            return self._block(folded=True)
        if style in ('"', "'"):
            line, column = self.start
            return self._flow(line, column + 1, style)
        return self._flow(*self.start, None)

    def _flow(self, line: int, column: int, quote: str | None) -> list[tuple[str, tuple[int, int]]]:
        out: list[tuple[str, tuple[int, int]]] = []
        pending: list[tuple[str, tuple[int, int]]] = []  # white space that a line break would strip
        end_line, end_column = self.end
        closing = (end_line, end_column - 1) if quote else (end_line, end_column)
        while (line, column) < closing:
            text = self.lines[line]
            if column >= len(text):  # an unescaped line break: fold it
                pending.clear()
                breaks, line, column = self._skip_breaks(line)
                out.extend(("\n", (line, column)) for _ in range(breaks - 1)) if breaks > 1 else out.append((" ", (line, column)))
                continue
            char = text[column]
            if quote == '"' and char == "\\":
                out.extend(pending)
                pending.clear()
                if column + 1 >= len(text):  # an escaped line break: joins the lines, no space
                    line, column = line + 1, self._indent(line + 1)
                    continue
                code = text[column + 1]
                if code in _HEX_ESCAPES:
                    width = _HEX_ESCAPES[code]
                    out.append((chr(int(text[column + 2 : column + 2 + width], 16)), (line, column)))
                    column += 2 + width
                else:
                    out.append((_ESCAPES[code], (line, column)))
                    column += 2
                continue
            if quote == "'" and char == "'":
                out.extend(pending)
                pending.clear()
                out.append(("'", (line, column)))
                column += 2
                continue
            if char in " \t":
                pending.append((char, (line, column)))
            else:
                out.extend(pending)
                pending.clear()
                out.append((char, (line, column)))
            column += 1
        if quote:
            out.extend(pending)
        return out

    def _skip_breaks(self, line: int) -> tuple[int, int, int]:
        breaks = 1
        line += 1
        while line < self.end[0] and not self.lines[line].strip():
            breaks += 1
            line += 1
        return breaks, line, self._indent(line)

    def _indent(self, line: int) -> int:
        text = self.lines[line]
        return len(text) - len(text.lstrip(" \t"))

    def _block(self, folded: bool) -> list[tuple[str, tuple[int, int]]] | None:
        line, column = self.start
        header = self.lines[line][column:].split("#", 1)[0]
        digits = [c for c in header if c.isdigit()]
        first, last = line + 1, min(self.end[0], len(self.lines))
        if digits:
            parent = self.lines[line]
            indent = len(parent) - len(parent.lstrip(" ")) + int(digits[0])
        else:
            content = next((self.lines[n] for n in range(first, last) if self.lines[n].strip()), "")
            indent = len(content) - len(content.lstrip(" "))
        rows = list(range(first, last))
        while rows and not self.lines[rows[-1]].strip():
            rows.pop()
        out: list[tuple[str, tuple[int, int]]] = []
        for position, number in enumerate(rows):
            text = self.lines[number][indent:]
            if position:
                previous = self.lines[rows[position - 1]][indent:]
                joined = folded and previous and text and not previous[0].isspace() and not text[0].isspace()
                if folded and previous and not text and not previous[0].isspace():
                    pass  # the first break before empty lines is folded away
                else:
                    out.append((" " if joined else "\n", (rows[position - 1], indent + len(previous))))
            out.extend((char, (number, indent + offset)) for offset, char in enumerate(text))
        chomping = "-" if "-" in header else "+" if "+" in header else ""
        if rows and chomping != "-":
            out.append(("\n", (rows[-1], indent + len(self.lines[rows[-1]][indent:]))))
            if chomping == "+":
                out.extend(("\n", (n, 0)) for n in range(rows[-1] + 1, last))
        return out
