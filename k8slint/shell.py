"""What a container's `command` and `args` do with files: the `tail` calls they make and the files they write.

The argv is `command` + `args` (or `args` alone, as for busybox, whose image has no entrypoint); a shell
script (`sh -c '...'`, `bash -ec`, split across command and args) is tokenized with `shlex` and read as
simple commands between control operators. Unparseable shell gives no analysis, never an error.
"""

from __future__ import annotations

import functools
import posixpath
from typing import Any

from k8slint.model import FieldPath
from k8slint.objects import K8sObject, containers, per_object
from k8slint.records import record

SHELLS = frozenset({"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh"})

# Control operators and redirections, longest first so that a run of punctuation splits greedily.
_OPERATORS = (
    "&>>", ";;&", "<<-", ">>", "<<", "&&", "||", ";;", ">&", "<&", ">|", "<>", "&>", "|&", ";&",
    ";", "&", "|", "(", ")", "<", ">", "\n",
)
_PUNCTUATION = "();<>|&\n"
_SEPARATORS = frozenset({";", "&", "&&", "||", "|", "|&", ";;", ";&", ";;&", "(", ")", "\n"})
_WRITE_REDIRECTS = frozenset({">", ">>", ">|", "&>", "&>>", ">&"})
_APPEND_REDIRECTS = frozenset({">>", "&>>"})
_READ_REDIRECTS = frozenset({"<", "<<", "<<-", "<&", "<>"})
# Words that open or continue a compound command; the simple command follows them.
_LEADING_KEYWORDS = frozenset({"if", "then", "else", "elif", "while", "until", "do", "!", "{", "}", "time"})
# Compound commands whose words are not a command to run (`for x in a b`, `case $x in`).
_SKIPPED_COMPOUNDS = frozenset({"for", "case", "select", "function", "done", "fi", "esac"})
_MAX_NESTED_SHELLS = 3

# tail's long options (GNU coreutils); True when the option takes an argument, None when it is optional.
_TAIL_LONG = {
    "bytes": True,
    "follow": None,
    "lines": True,
    "max-unchanged-stats": True,
    "pid": True,
    "quiet": False,
    "silent": False,
    "retry": False,
    "sleep-interval": True,
    "verbose": False,
    "zero-terminated": False,
    "debug": False,
    "help": False,
    "version": False,
}
_TAIL_SHORT_WITH_ARGUMENT = frozenset("cns")


@record(frozen=True, slots=True)
class TailCall:
    """One `tail` invocation. `follow` is "name" (`-F`, `--follow=name`), "descriptor" (`-f`) or None."""

    argv: tuple[str, ...]
    files: tuple[str, ...]
    follow: str | None
    retry: bool
    from_start: bool  # `-n +1`, `-n+1`, `-c +K`: output starts at a line/byte, not at the last lines

    @property
    def follows(self) -> bool:
        return self.follow is not None


@record(frozen=True, slots=True)
class WrittenFile:
    """A file a command writes: `path` as written in the script, and how (`>>`, `>`, `&>>`, `tee`...)."""

    path: str
    operator: str

    @property
    def appends(self) -> bool:
        return self.operator in _APPEND_REDIRECTS or self.operator == "tee -a"


@record(frozen=True, slots=True)
class CommandAnalysis:
    """What a container runs. `script` is the shell script when the argv runs one through `-c`, at `argv[script_index]`."""

    argv: tuple[str, ...]
    script: str | None
    commands: tuple[tuple[str, ...], ...]
    tails: tuple[TailCall, ...]
    writes: tuple[WrittenFile, ...]
    script_index: int | None = None

    @property
    def program(self) -> str:
        """The basename of what runs first (`tail`, `fluentd`, `sh`), or "" for an empty argv."""
        return posixpath.basename(self.argv[0]) if self.argv else ""


@record(frozen=True, slots=True)
class ContainerCommand:
    """A container of a Pod template with the analysis of what it runs (None: no command, or unparseable)."""

    path: FieldPath  # of the container in its object
    name: str | None
    container: dict
    analysis: CommandAnalysis | None

    @property
    def list_name(self) -> str:
        return str(self.path[-2])

    def word_path(self, argv_index: int) -> FieldPath:
        """The path of `argv[argv_index]`: an item of `command`, or of `args` when past the command."""
        command = self.container.get("command")
        length = len(command) if isinstance(command, list) else 0
        if argv_index < length:
            return (*self.path, "command", argv_index)
        return (*self.path, "args", argv_index - length)

    def script_path(self) -> FieldPath:
        """Where the container's script (or, for an exec form, its first word) is written."""
        index = self.analysis.script_index if self.analysis is not None else None
        return self.word_path(index if index is not None else 0)


@per_object
def pod_commands(obj: K8sObject) -> list[ContainerCommand]:
    """Every container of a Pod or workload template with its command analysed, once per object."""
    found = []
    for path, container in containers(obj):
        name = container.get("name")
        found.append(ContainerCommand(path, name if isinstance(name, str) else None, container, analyse_container(container)))
    return found


_DYNAMIC_CHARACTERS = frozenset("$`*?[{~%")
_SPECIAL_DIRECTORIES = ("/dev/", "/proc/", "/sys/")


def literal_path(word: str, working_dir: Any = None) -> str | None:
    """The absolute path a word names, or None when it is not a plain file path.

    None for "-" (standard input/output), words that expand at run time (variables, globs,
    `~`, strftime `%` placeholders), device and kernel files, and relative paths without an
    absolute `workingDir` to resolve them against.
    """
    if not isinstance(word, str) or not word or word == "-" or any(char in _DYNAMIC_CHARACTERS for char in word):
        return None
    if not word.startswith("/"):
        if not isinstance(working_dir, str) or not working_dir.startswith("/"):
            return None
        word = working_dir.rstrip("/") + "/" + word
    path = "/" + posixpath.normpath(word).lstrip("/")
    if path.startswith(_SPECIAL_DIRECTORIES):
        return None
    return path


def container_argv(command: Any, args: Any) -> tuple[str, ...] | None:
    """The argv Kubernetes starts: `command` + `args`, or `args` alone; None when either is not a list of strings.

    Without `command` the image's entrypoint would run first; images used for log sidecars (busybox,
    alpine) have none, so `args` is taken as the whole argv.
    """
    argv: list[str] = []
    for part in (command, args):
        if part is None:
            continue
        if not isinstance(part, list) or not all(isinstance(word, str) for word in part):
            return None
        argv.extend(part)
    return tuple(argv)


def analyse_container(container: Any) -> CommandAnalysis | None:
    """The analysis of a container mapping's `command` and `args`; None when absent, malformed or unparseable."""
    if not isinstance(container, dict):
        return None
    return analyse_command(container.get("command"), container.get("args"))


def analyse_command(command: Any, args: Any) -> CommandAnalysis | None:
    argv = container_argv(command, args)
    if not argv:
        return None
    return analyse_argv(argv)


def analyse_argv(argv: tuple[str, ...] | list[str]) -> CommandAnalysis | None:
    """Analyse an exec-form argv; a shell argv is analysed through its script. None when the script is unparseable."""
    argv = tuple(argv)
    script_index = shell_script_index(argv)
    script = None if script_index is None else argv[script_index]
    if script is None:
        command = unwrap(list(argv))
        tails, writes = _effects([command] if command else [], depth=0)
        if tails is None:
            return None
        return CommandAnalysis(argv, None, (tuple(command),) if command else (), tails, writes)
    commands = split_commands(script)
    if commands is None:
        return None
    tails, writes = _effects(commands, depth=0)
    if tails is None:
        return None
    return CommandAnalysis(argv, script, tuple(tuple(c) for c in commands), tails, writes, script_index)


def program_argv(command: tuple[str, ...] | list[str]) -> list[str]:
    """The argv a simple command of a script starts: without its redirections, assignments and wrappers
    (`exec`, `nohup`, `env`...)."""
    return unwrap(_collect_redirections(list(command), []))


def analyse_script(script: str) -> CommandAnalysis | None:
    """Analyse a shell script given as text; None when it cannot be tokenized."""
    return analyse_argv(("sh", "-c", script)) if isinstance(script, str) else None


def shell_script(argv: tuple[str, ...] | list[str]) -> str | None:
    """The script of `sh -c SCRIPT` (any shell, options such as `-e`, `-ec`, `-o pipefail` before or after `-c`)."""
    index = shell_script_index(argv)
    return None if index is None else argv[index]


def shell_script_index(argv: tuple[str, ...] | list[str]) -> int | None:
    """The index in `argv` of the script a shell runs with `-c`, or None."""
    words = unwrap(list(argv))
    offset = len(argv) - len(words)
    if not words or posixpath.basename(words[0]) not in SHELLS:
        return None
    reads_script = False
    index = 1
    while index < len(words):
        word = words[index]
        if word == "--" or word == "-":
            index += 1
            break
        if word.startswith("--"):  # bash long options (--login, --norc) take no argument
            index += 1
            continue
        if len(word) > 1 and word[0] in "-+":
            cluster = word[1:]
            if word[0] == "-" and "c" in cluster:
                reads_script = True
            if "o" in cluster or "O" in cluster:  # -o OPTION / +O SHOPT name the option in the next word
                index += 1
            index += 1
            continue
        break
    if reads_script and index < len(words):
        return offset + index
    return None


def split_commands(script: str) -> list[list[str]] | None:
    """The simple commands of a script with redirections kept as words; None when the script cannot be tokenized."""
    commands = _tokenized(script)
    return None if commands is None else [list(command) for command in commands]


@functools.lru_cache(maxsize=512)
def _tokenized(script: str) -> tuple[tuple[str, ...], ...] | None:
    """`split_commands`, kept for the next asker: several analyses read each container's script."""
    import shlex

    prepared = _drop_comments_and_continuations(script)
    if prepared is None:
        return None
    lexer = shlex.shlex(prepared, posix=True, punctuation_chars=_PUNCTUATION)
    lexer.whitespace = " \t\r"  # newlines separate commands, so they are punctuation here
    lexer.whitespace_split = True
    lexer.commenters = ""  # comments are removed beforehand: shlex would also swallow the newline
    commands: list[list[str]] = []
    current: list[str] = []
    try:
        for token in lexer:
            if token and all(char in _PUNCTUATION for char in token):
                for operator in _split_operators(token):
                    if operator in _SEPARATORS:
                        if current:
                            commands.append(current)
                        current = []
                    else:
                        current.append(operator)
            else:
                current.append(token)
    except ValueError:  # unbalanced quotes or a trailing escape
        return None
    if current:
        commands.append(current)
    return tuple(tuple(command) for command in commands)


def parse_tail(argv: list[str] | tuple[str, ...]) -> TailCall:
    """Read tail's options and file operands (GNU coreutils and busybox syntax; options may follow files)."""
    words = list(argv)
    follow: str | None = None
    retry = False
    from_start = False
    files: list[str] = []
    index = 1
    if len(words) > 1 and _is_obsolete_option(words[1]):
        follow = "descriptor" if words[1].endswith("f") else None
        index = 2
    only_files = False
    while index < len(words):
        word = words[index]
        index += 1
        if only_files or word == "-" or not word.startswith("-"):
            files.append(word)
            continue
        if word == "--":
            only_files = True
            continue
        if word.startswith("--"):
            name, has_value, value = word[2:].partition("=")
            option = _long_option(name)
            if option is None:
                continue
            takes = _TAIL_LONG[option]
            if takes and not has_value and index < len(words):
                value = words[index]
                index += 1
            if option == "follow":
                follow = _follow_mode(value) if has_value else "descriptor"
            elif option == "retry":
                retry = True
            elif option in ("lines", "bytes"):
                from_start = value.startswith("+")
            continue
        cluster = word[1:]
        for position, letter in enumerate(cluster):
            if letter in _TAIL_SHORT_WITH_ARGUMENT:
                value = cluster[position + 1:]
                if not value and index < len(words):
                    value = words[index]
                    index += 1
                if letter in "nc":
                    from_start = value.startswith("+")
                break
            if letter == "f":
                follow = "descriptor"
            elif letter == "F":
                follow = "name"
                retry = True
    return TailCall(tuple(words), tuple(files), follow, retry, from_start)


def _is_obsolete_option(word: str) -> bool:
    """`tail -20f FILE`: the historical `-NUMBER[bcl][f]` form GNU still accepts as the first argument."""
    if len(word) < 2 or word[0] != "-" or not word[1].isdigit():
        return False
    rest = word[1:].lstrip("0123456789")
    if rest[:1] in ("b", "c", "l"):
        rest = rest[1:]
    return rest in ("", "f")


def _long_option(name: str) -> str | None:
    """getopt_long accepts any unambiguous prefix of a long option."""
    if name in _TAIL_LONG:
        return name
    matches = [option for option in _TAIL_LONG if option.startswith(name)] if name else []
    return matches[0] if len(matches) == 1 else None


def _follow_mode(value: str) -> str | None:
    for mode in ("name", "descriptor"):
        if value and mode.startswith(value):
            return mode
    return None


def _effects(
    commands: list[list[str]], depth: int
) -> tuple[tuple[TailCall, ...], tuple[WrittenFile, ...]] | tuple[None, None]:
    tails: list[TailCall] = []
    writes: list[WrittenFile] = []
    for words in commands:
        command = unwrap(_collect_redirections(words, writes))
        if not command:
            continue
        program = posixpath.basename(command[0])
        if program == "busybox" and len(command) > 1:
            command = command[1:]
            program = command[0]
        if program == "tail":
            tails.append(parse_tail(command))
        elif program == "tee":
            append = any(word.startswith("-") and not word.startswith("--") and "a" in word for word in command[1:])
            append = append or "--append" in command[1:]
            writes.extend(
                WrittenFile(word, "tee -a" if append else "tee")
                for word in command[1:]
                if not word.startswith("-") or word == "-"
            )
        elif program in SHELLS and depth < _MAX_NESTED_SHELLS:
            script = shell_script(command)
            if script is not None:
                inner = split_commands(script)
                if inner is None:
                    return None, None
                inner_tails, inner_writes = _effects(inner, depth + 1)
                if inner_tails is None:
                    return None, None
                tails.extend(inner_tails)
                writes.extend(inner_writes)
    return tuple(tails), tuple(writes)


def _collect_redirections(words: list[str], writes: list[WrittenFile]) -> list[str]:
    """The command's words without its redirections; written targets are appended to `writes`."""
    argv: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in _WRITE_REDIRECTS or word in _READ_REDIRECTS:
            # A number right before a redirection is its file descriptor (`2>>`), not an argument.
            if argv and argv[-1].isdigit():
                argv.pop()
            target = words[index + 1] if index + 1 < len(words) else None
            index += 2
            if target is None or word in _READ_REDIRECTS:
                continue
            if word == ">&" and (target.isdigit() or target == "-"):
                continue  # `2>&1` duplicates a descriptor
            writes.append(WrittenFile(target, "&>" if word == ">&" else word))
            continue
        argv.append(word)
        index += 1
    return argv


def unwrap(words: list[str]) -> list[str]:
    """The command proper: without leading keywords, assignments and wrappers (`exec`, `nohup`, `env`...)."""
    index = 0
    while index < len(words):
        word = words[index]
        if word in _LEADING_KEYWORDS:
            index += 1
        elif word in _SKIPPED_COMPOUNDS:
            return []
        elif _is_assignment(word):
            index += 1
        elif word in ("exec", "nohup", "command", "builtin", "setsid", "nice", "stdbuf", "env"):
            index += 1
            while index < len(words) and (words[index].startswith("-") or _is_assignment(words[index])):
                if word == "exec" and words[index] == "-a" or word == "nice" and words[index] == "-n":
                    index += 1  # the option's argument
                elif word == "env" and words[index] in ("-u", "-C", "-S"):
                    index += 1
                index += 1
        else:
            break
    return words[index:]


def _is_assignment(word: str) -> bool:
    name, equals, _ = word.partition("=")
    return bool(equals) and bool(name) and (name[0].isalpha() or name[0] == "_") and all(
        char.isalnum() or char == "_" for char in name
    )


def _split_operators(token: str) -> list[str]:
    operators: list[str] = []
    position = 0
    while position < len(token):
        for operator in _OPERATORS:
            if token.startswith(operator, position):
                operators.append(operator)
                position += len(operator)
                break
        else:  # every punctuation character is itself an operator, so this cannot loop
            operators.append(token[position])
            position += 1
    return operators


def _drop_comments_and_continuations(script: str) -> str | None:
    """The script without comments, backslash-newlines and here-document bodies; None on an unclosed quote.

    shlex cannot do this itself: it treats `#` inside a word as a comment and consumes the newline
    that ends the comment, which would join two commands.
    """
    if "#" not in script and "\\" not in script and "<<" not in script:
        return script  # nothing to remove; shlex itself rejects an unclosed quote
    out: list[str] = []
    quote: str | None = None
    word_start = True
    heredocs: list[tuple[str, bool]] = []
    index = 0
    length = len(script)
    while index < length:
        char = script[index]
        if quote == "'":
            out.append(char)
            quote = None if char == "'" else quote
            index += 1
            continue
        if char == "\\":
            if script.startswith("\\\n", index):
                index += 2
                continue
            out.append(script[index:index + 2])
            index += 2
            word_start = False
            continue
        if quote == '"':
            out.append(char)
            quote = None if char == '"' else quote
            index += 1
            continue
        if char in "'\"":
            quote = char
            out.append(char)
            word_start = False
            index += 1
            continue
        if char == "#" and word_start:
            end = script.find("\n", index)
            index = length if end < 0 else end
            continue
        if script.startswith("<<", index) and not script.startswith("<<<", index):
            delimiter, strip_tabs, end = _heredoc_delimiter(script, index + 2)
            if delimiter:
                heredocs.append((delimiter, strip_tabs))
            out.append(script[index:end])
            index = end
            word_start = True
            continue
        out.append(char)
        index += 1
        word_start = char in " \t\n;&|()<>"
        if char == "\n" and heredocs:
            index = _skip_heredoc_bodies(script, index, heredocs)
            heredocs = []
    return None if quote else "".join(out)


def _heredoc_delimiter(script: str, index: int) -> tuple[str, bool, int]:
    strip_tabs = script.startswith("-", index)
    if strip_tabs:
        index += 1
    while index < len(script) and script[index] in " \t":
        index += 1
    start = index
    while index < len(script) and script[index] not in " \t\n;&|()<>":
        index += 1
    delimiter = "".join(char for char in script[start:index] if char not in "'\"\\")
    return delimiter, strip_tabs, index


def _skip_heredoc_bodies(script: str, index: int, heredocs: list[tuple[str, bool]]) -> int:
    for delimiter, strip_tabs in heredocs:
        while index < len(script):
            end = script.find("\n", index)
            line = script[index:] if end < 0 else script[index:end]
            index = len(script) if end < 0 else end + 1
            if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                break
    return index
