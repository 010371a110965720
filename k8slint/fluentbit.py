"""Fluent Bit's classic configuration format (`[INPUT]`/`[OUTPUT]` sections of `Key Value` entries), read line
by line as fluent/fluent-bit:src/config_format/flb_cf_fluentbit.c reads it, with 0-based positions: entries
repeat the indentation of the file's first entry exactly, keys are case-insensitive, and the value is the
rest of the line after the first space. Where Fluent Bit stops at the first error, this parser records it,
skips the line and goes on; it never raises.
"""

from __future__ import annotations

import re

from k8slint.objects import K8sObject, parsed_data, per_object
from k8slint.records import field, record
from k8slint.regex import LazyPattern

SECTIONS = frozenset(
    {"SERVICE", "INPUT", "FILTER", "OUTPUT", "PARSER", "MULTILINE_PARSER", "PLUGINS", "UPSTREAM", "NODE", "CUSTOM"}
)
_DIRECTIVE_START = LazyPattern(r"^\[(?:INPUT|OUTPUT|FILTER|SERVICE)\][ \t]*$", re.MULTILINE | re.IGNORECASE)


@record(slots=True, eq=False)
class Entry:
    key: str
    value: str
    line: int
    column: int
    value_column: int


@record(slots=True, eq=False)
class Section:
    """`[NAME]` and its entries; `name` is upper-cased, as Fluent Bit compares section names case-insensitively."""

    name: str
    line: int
    column: int
    entries: list[Entry] = field(default_factory=list)

    def entry(self, key: str) -> Entry | None:
        """The entry for a key (case-insensitive); the last one when repeated."""
        wanted = key.lower()
        for entry in reversed(self.entries):
            if entry.key.lower() == wanted:
                return entry
        return None

    def get(self, key: str, default: str | None = None) -> str | None:
        entry = self.entry(key)
        return default if entry is None else entry.value


@record(frozen=True, slots=True)
class ConfigProblem:
    message: str
    line: int
    column: int


@record(slots=True, eq=False)
class Config:
    sections: list[Section]
    includes: list[Entry]  # `@INCLUDE path`: key "@INCLUDE", value the path
    commands: list[Entry]  # other `@` lines (`@SET key=value`)
    problems: list[ConfigProblem]

    def of(self, name: str) -> list[Section]:
        wanted = name.upper()
        return [section for section in self.sections if section.name == wanted]

    def inputs(self, plugin: str) -> list[Section]:
        """The `[INPUT]` sections of one plugin (`tail`), by their `Name`."""
        return [section for section in self.of("INPUT") if (section.get("Name") or "").lower() == plugin.lower()]


def looks_like_fluentbit(text: object) -> bool:
    """Whether a ConfigMap value is a classic Fluent Bit configuration: it has an [INPUT]/[OUTPUT]/[FILTER]/[SERVICE] line."""
    return isinstance(text, str) and "[" in text and _DIRECTIVE_START.search(text) is not None


def parse(text: str) -> Config:
    config = Config([], [], [], [])
    if not isinstance(text, str):
        return config
    indent: str | None = None
    current: Section | None = None
    for number, raw in enumerate(text.split("\n")):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line or line[0] == "#":
            continue
        if len(line) > 9 and line[:9].upper() == "@INCLUDE ":
            config.includes.append(Entry("@INCLUDE", line[9:], number, 0, 9))
            continue
        if line[0] == "@" and len(line) > 3:
            command, _, rest = line.partition(" ")
            config.commands.append(Entry(command, rest, number, 0, len(command) + 1))
            continue
        if line[0] == "[":
            end = line.find("]")
            if end < 0:
                config.problems.append(ConfigProblem("bad header definition: expected ']'", number, 0))
                end = len(line)  # still opened, so that its entries are not reported again
            name = line[1:end].upper()
            if name not in SECTIONS and end < len(line):
                config.problems.append(ConfigProblem(f"unknown section [{line[1:end]}]", number, 1))
            current = Section(name, number, 0)
            config.sections.append(current)
            continue
        if indent is None:
            blanks = len(line) - len(line.lstrip(" \t"))
            if blanks == len(line):
                continue  # a blank line before the first entry
            if blanks == 0:
                config.problems.append(ConfigProblem("invalid indentation level: entries must be indented", number, 0))
                continue
            indent = line[:blanks]
        if not line.startswith(indent):
            config.problems.append(
                ConfigProblem("invalid indentation level: it differs from the file's first entry", number, 0)
            )
            continue
        start = len(indent)
        extra = len(line) - start - len(line[start:].lstrip(" \t"))
        if extra and start + extra < len(line):
            # Only a group's contents may indent deeper, and then by as many blanks again.
            if extra != start:
                config.problems.append(ConfigProblem("extra indentation level found", number, start))
                continue
            start += extra
        if start == len(line) or line[start] == "#":
            continue
        separator = line.find(" ", start)
        if separator < 0:
            config.problems.append(ConfigProblem(f"key '{line[start:]}' has no value", number, start))
            continue
        key, value = line[start:separator], line[separator + 1:]
        if key.startswith("["):
            if "]" not in key:
                config.problems.append(ConfigProblem("expected a valid group name: [..]", number, start))
            continue
        stripped = value.strip(" \t")
        if not stripped:
            config.problems.append(ConfigProblem(f"key '{key}' has an empty value", number, start))
            continue
        if current is None:
            config.problems.append(ConfigProblem(f"entry '{key}' is outside of any section", number, start))
            continue
        value_column = separator + 1 + (len(value) - len(value.lstrip(" \t")))
        current.entries.append(Entry(key, stripped, number, start, value_column))
    return config


@per_object
def configmap_configs(obj: K8sObject) -> dict[str, Config]:
    """The classic Fluent Bit configurations in a ConfigMap's `data`, by key, parsed once."""
    return parsed_data(obj, looks_like_fluentbit, parse)
