"""`k8slint lint PATH...`: lint manifests and print the findings."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import time
from typing import Iterator

from k8slint import records
from k8slint.model import Severity
from k8slint.text import terminal_safe

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def configure(parser: argparse.ArgumentParser) -> None:
    from k8slint.config import NEWEST_KUBERNETES, OLDEST_KUBERNETES
    from k8slint.formats import FORMATS

    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads stdin (default: .)")
    parser.add_argument(
        "--format",
        choices=("auto", *FORMATS),
        default="auto",
        help="output format (auto: github under GitHub Actions, full on a terminal, concise otherwise)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="warning",
        help="exit 1 when a finding is at or above this severity (default: warning)",
    )
    parser.add_argument("--select", action="append", default=[], metavar="RULES", help="only these rules: codes, names or code prefixes, comma-separated")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES", help="skip these rules: codes, names or code prefixes, comma-separated")
    parser.add_argument(
        "--profile", action="append", default=[], metavar="NAME",
        help="also run the rules of this opt-in profile (repeatable; see `k8slint rules`)",
    )
    parser.add_argument(
        "--policy", action="append", default=[], metavar="PATH",
        help="also run the user policies of this file or directory (repeatable; see docs/policies.md)",
    )
    parser.add_argument("--stdin-filename", metavar="NAME", help="the path to report for input read from stdin")
    parser.add_argument(
        "--kubernetes-version", metavar="X.Y",
        help=f"the Kubernetes version the manifests target ({_version(OLDEST_KUBERNETES)} to {_version(NEWEST_KUBERNETES)}; "
        f"default {_version(NEWEST_KUBERNETES)})",
    )
    parser.add_argument("--selector", "-l", metavar="EXPR", help="lint only objects whose labels match this label selector")
    parser.add_argument("--schema-dir", action="append", default=[], metavar="DIR", help="extra JSON schemas ({kind}-{group}-{version}.json)")
    parser.add_argument("--max-file-size", type=int, metavar="BYTES", help="skip (and report) files larger than this")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--output-format", action="append", default=[], choices=tuple(FORMATS), metavar="FORMAT",
        help="also write the report in FORMAT to the matching --output-file (repeatable, in pairs): "
        "e.g. --output-format sarif --output-file k8slint.sarif beside the terminal output",
    )
    parser.add_argument("--output-file", action="append", default=[], metavar="FILE", help="where the matching --output-format goes")
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour in the concise and full formats (auto: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it)",
    )
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument("--quiet", "-q", action="store_true", help="print the findings only: no summary, no notes on stderr")
    amount.add_argument("--summary-only", action="store_true", help="print only the summary line (concise and full formats)")
    parser.add_argument(
        "--jobs", "-j", type=_positive, default=os.cpu_count() or 1, metavar="N",
        help="processes for reading and per-object rules (default: the number of CPUs)",
    )
    parser.add_argument("--statistics", action="store_true", help="print per-rule finding counts and per-phase times to stderr")
    parser.add_argument(
        "--force-exclude", action="store_true",
        help="apply the configuration's ignore patterns to files named on the command line too (the pre-commit hook does)",
    )
    adoption = parser.add_argument_group("adopting k8slint on an existing repository")
    adoption.add_argument(
        "--baseline", metavar="FILE",
        help="do not report the findings recorded in FILE (by fingerprint); the summary counts the fixed ones",
    )
    adoption.add_argument("--write-baseline", metavar="FILE", help="record every current finding in FILE and exit 0")
    adoption.add_argument(
        "--add-suppressions", action="store_true",
        help="add a `# k8slint: disable-line=RULE` comment for every current finding, and exit 0",
    )
    adoption.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    adoption.add_argument(
        "--fail-if-no-objects-found", action="store_true",
        help="exit 1 when no Kubernetes object was found in the paths",
    )
    fixing = parser.add_argument_group("fixing")
    fixing.add_argument(
        "--fix", action="store_true",
        help="apply the safe fixes (marked [*]) to the files, then report what remains; with - (stdin), print the fixed text",
    )
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff and change nothing")
    fixing.add_argument(
        "--unsafe-fixes", action="store_true",
        help="also apply (with --fix, --diff) and mark the unsafe fixes, which change behaviour (see docs/fixes.md)",
    )
    parser.add_argument(
        "--show-files", action="store_true",
        help="list the files that would be linted, with their apply sets, and the files skipped and why; no findings",
    )


def _version(version: tuple[int, int]) -> str:
    return ".".join(map(str, version))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a number of processes (1 or more)")
    return value


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def run(args: argparse.Namespace) -> int:
    from k8slint.config import ConfigError, config_path_for, config_start, load_config
    from k8slint.formats import HUMAN_FORMATS

    try:
        config = load_config(
            config_path_for(getattr(args, "config", None), config_start(args.paths)),
            select=_split(args.select),
            ignore=_split(args.ignore),
            kubernetes_version=args.kubernetes_version,
            profiles=_split(args.profile),
            policies=args.policy,
        )
        object_filter = _selector(args.selector) if args.selector else None
    except ConfigError as error:
        for message in error.messages():
            sys.stderr.write(f"k8slint: configuration error: {terminal_safe(message)}\n")
        return EXIT_USAGE
    usage = _usage_error(args)
    if usage:
        sys.stderr.write(f"k8slint: {terminal_safe(usage)}\n")
        return EXIT_USAGE
    if args.schema_dir:
        config.settings = records.replace(config.settings, schema_dirs=(*config.settings.schema_dirs, *args.schema_dir))
    if args.max_file_size:
        config.max_file_size = args.max_file_size
    output_format = args.format if args.format != "auto" else _auto_format()
    if (args.quiet or args.summary_only) and output_format not in HUMAN_FORMATS:
        sys.stderr.write(f"k8slint: --quiet and --summary-only apply to the concise and full formats, not {output_format}\n")
        return EXIT_USAGE
    for message in config.policy_errors:
        sys.stderr.write(f"k8slint: policy error: {terminal_safe(message)}\n")
    progress = Progress() if Progress.wanted(output_format) else None
    from k8slint.registry import with_policies

    with collector_paused(), with_policies(config.policy_rules):
        code = _lint(args, config, object_filter, output_format, progress)
    # A broken policy is a usage error even though the other policies ran and reported.
    return EXIT_USAGE if config.policy_errors else code


def _lint(args: argparse.Namespace, config, object_filter, output_format: str, progress) -> int:
    from k8slint.formats import FORMATS, HUMAN_FORMATS, OutputOptions, fails
    from k8slint.inputs import STDIN
    from k8slint.linter import Linter

    from k8slint.tracking import Baseline, BaselineError

    try:
        baseline = Baseline.read(args.baseline) if args.baseline else None
    except BaselineError as error:
        sys.stderr.write(f"k8slint: {terminal_safe(str(error))}\n")
        return EXIT_USAGE
    paths = args.paths or ["."]
    stdin_text = sys.stdin.buffer.read() if STDIN in paths else None  # decoded exactly like a file
    linter = Linter(config, object_filter, jobs=args.jobs, progress=progress)
    statistics = linter.collect_statistics() if args.statistics else None
    report = linter.lint_paths(paths, stdin_text, args.stdin_filename, force_exclude=args.force_exclude)
    if progress is not None:
        progress.clear()
    if args.show_files:
        _show_files(report)
        return EXIT_CLEAN
    if args.write_baseline:
        return _write_baseline(args.write_baseline, report)
    if args.add_suppressions:
        # Text read from stdin is not the file its --stdin-filename names: that file is never edited.
        return _add_suppressions(report, excluded={args.stdin_filename} if STDIN in paths else set())
    if args.fix or args.diff:
        outcome = _fix(args, config, object_filter, report, paths, stdin_text)
        if outcome is None:
            return EXIT_USAGE
        fixed, fixed_stdin = outcome
        if args.diff:
            return EXIT_FINDINGS if fixed else EXIT_CLEAN  # as ruff: the diff is what would fail
        if fixed:  # what remains: everything linted again, stdin as fixed
            if fixed_stdin is not None:
                stdin_text = fixed_stdin
            linter = Linter(config, object_filter, jobs=args.jobs)
            report = linter.lint_paths(paths, stdin_text, args.stdin_filename, force_exclude=args.force_exclude)
        report.fixed = fixed
    if baseline is not None:
        new, known, fixed = baseline.split(report.findings)
        report = records.replace(report, findings=new, baseline=(known, fixed))
    if not report.documents and not args.quiet:
        what = f"no Kubernetes objects in {report.files} file(s)" if report.files else "no Kubernetes manifests"
        skipped = f" ({len(report.skipped)} file(s) skipped; --show-files lists them)" if report.skipped else ""
        sys.stderr.write(terminal_safe(f"k8slint: nothing was linted: {what} found in {' '.join(paths)}{skipped}") + "\n")
    started = time.perf_counter()
    outputs = [(output_format, args.output), *zip(args.output_format, args.output_file)]
    # With --fix on stdin, stdout carries the fixed text (as ruff): the report goes to stderr.
    terminal = sys.stderr if args.fix and STDIN in paths else sys.stdout
    for name, path in outputs:
        options = OutputOptions(
            color=_colour(args.color, path) and name in HUMAN_FORMATS,
            findings=not args.summary_only,
            summary=not args.quiet,
            fail_on=None if args.fail_on == "never" else Severity.parse(args.fail_on),
            unsafe_fixes=args.unsafe_fixes,
        )
        if path is None:
            FORMATS[name](report, terminal, options)
            continue
        try:
            # A file name that is not UTF-8 (its bytes kept as surrogates) is escaped, never a crash.
            with open(path, "w", encoding="utf-8", errors="backslashreplace") as out:
                FORMATS[name](report, out, options)
        except OSError as error:
            sys.stderr.write(terminal_safe(f"k8slint: cannot write the report to {path}: {error.strerror or error}") + "\n")
            return EXIT_USAGE
    if statistics is not None:
        statistics.phases["output"] = time.perf_counter() - started
        sys.stderr.write(statistics.render())
    if any(finding.name == "unreadable-file" for finding in report.findings):
        return EXIT_USAGE
    if args.fail_if_no_objects_found and not report.documents:
        return EXIT_FINDINGS
    if args.exit_zero:
        return EXIT_CLEAN
    threshold = None if args.fail_on == "never" else Severity.parse(args.fail_on)
    return EXIT_FINDINGS if any(fails(finding, threshold) for finding in report.findings) else EXIT_CLEAN


def _fix(
    args: argparse.Namespace, config, object_filter, report, paths: list[str], stdin_text: bytes | None
) -> tuple[int, bytes | None] | None:
    """Apply (--fix) or print (--diff) the fixes of every file: the number of findings fixed and the
    fixed bytes of stdin (None: unchanged); None when a file cannot be written. Text from stdin is never
    its --stdin-filename's file: with --fix, its text (fixed or not) goes to stdout, as ruff does."""
    from k8slint.fixes import applicable, fix_text, unified_diff
    from k8slint.inputs import STDIN, decode
    from k8slint.linter import Linter

    stdin_name = args.stdin_filename or "<stdin>"
    by_file: dict[str, list] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    fixed_total = 0
    stdin_fixed: bytes | None = None
    for file, findings in by_file.items():
        from_stdin = STDIN in paths and file == stdin_name
        if file not in report.sources or not any(applicable(f, args.unsafe_fixes) for f in findings):
            continue
        if not from_stdin and not os.path.isfile(file):
            continue  # a rendered chart's output: no file of its own to edit
        text = report.sources[file]
        prefix = b""
        if from_stdin:
            prefix = b"\xef\xbb\xbf" if (stdin_text or b"").startswith(b"\xef\xbb\xbf") else b""
            if (stdin_text or b"").startswith((b"\xff\xfe", b"\xfe\xff")):
                sys.stderr.write("k8slint: stdin is UTF-16: not fixed\n")
                continue
        else:
            with open(file, "rb") as handle:
                data = handle.read()
            if data.startswith(b"\xef\xbb\xbf"):
                prefix, data = data[:3], data[3:]
            if data.startswith((b"\xff\xfe", b"\xfe\xff")) or decode(data) != text:  # UTF-16 is not written back
                sys.stderr.write(terminal_safe(f"k8slint: {file}: not UTF-8, or changed since it was read: not fixed") + "\n")
                continue

        def lint(candidate: str, file: str = file) -> list:
            return Linter(config, object_filter).lint_text(candidate, file).findings

        result = fix_text(text, findings, lint, args.unsafe_fixes)
        for finding, why in result.rejected:
            sys.stderr.write(
                terminal_safe(f"k8slint: {file}:{finding.line}:{finding.column}: {finding.code} fix not applied: {why}") + "\n"
            )
        if result.text == text:
            continue
        fixed_total += len(result.fixed)
        if args.diff:
            _write_diff(unified_diff(file, text, result.text))
        elif from_stdin:
            stdin_fixed = prefix + result.text.encode("utf-8")
        else:
            try:
                with open(file, "wb") as handle:
                    handle.write(prefix + result.text.encode("utf-8"))
            except OSError as error:
                sys.stderr.write(terminal_safe(f"k8slint: cannot write {file}: {error.strerror or error}") + "\n")
                return None
    if args.fix and STDIN in paths:  # the input as read, byte for byte, when nothing was fixed
        _write_bytes(stdin_fixed if stdin_fixed is not None else stdin_text or b"")
    return fixed_total, stdin_fixed


def _write_bytes(data: bytes) -> None:
    """To stdout as they are (UTF-8 text with its line ends), whatever the terminal's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8", "replace"))
    else:
        buffer.write(data)
        buffer.flush()


def _write_diff(diff: str) -> None:
    """The diff as it is for a pipe (`| git apply`: carriage returns kept); on a terminal, each line's
    control characters made visible."""
    if not sys.stdout.isatty():
        _write_bytes(diff.encode("utf-8", "surrogateescape"))
        return
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        sys.stdout.write(terminal_safe(body) + line[len(body):].replace("\r", ""))


def _usage_error(args: argparse.Namespace) -> str | None:
    """A mistake in the command line that the parser cannot see, or None."""
    if args.fix and args.diff:
        return "--fix and --diff do not go together: --diff shows the fixes without applying them"
    if (args.fix or args.diff) and (args.write_baseline or args.add_suppressions or args.show_files):
        return "--fix and --diff do not go with --write-baseline, --add-suppressions or --show-files"
    if len(args.output_format) != len(args.output_file):
        return "--output-format and --output-file go in pairs: each extra format needs its file"
    for directory in args.schema_dir:
        if not os.path.isdir(directory):
            return f"--schema-dir: {directory}: {'not a directory' if os.path.exists(directory) else 'no such directory'}"
    return None


def _colour(choice: str, path: str | None) -> bool:
    """--color, then NO_COLOR and FORCE_COLOR (https://no-color.org, https://force-color.org), then
    whether the output is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return path is None and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _write_baseline(path: str, report) -> int:
    from k8slint.tracking import write_baseline

    try:
        write_baseline(path, report.findings)
    except OSError as error:
        sys.stderr.write(terminal_safe(f"k8slint: cannot write the baseline {path}: {error.strerror or error}") + "\n")
        return EXIT_USAGE
    sys.stderr.write(terminal_safe(f"k8slint: recorded {len(report.findings)} finding(s) in {path}") + "\n")
    return EXIT_CLEAN


def _add_suppressions(report, excluded: set) -> int:
    from k8slint.inputs import decode
    from k8slint.suppression_edits import with_suppressions

    by_file: dict[str, list] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    added = files = 0
    for file, findings in by_file.items():
        if file in excluded or file not in report.sources or not os.path.isfile(file):
            continue  # stdin, or a rendered chart's output: no file of its own to edit
        with open(file, "rb") as handle:
            data = handle.read()
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or isinstance(decode(data), tuple):
            sys.stderr.write(terminal_safe(f"k8slint: {file}: not UTF-8, left unchanged") + "\n")
            continue
        text, edited, skipped = with_suppressions(data.decode("utf-8"), findings)
        for line, why in skipped:
            sys.stderr.write(terminal_safe(f"k8slint: {file}:{line}: no suppression comment added ({why})") + "\n")
        if edited:
            with open(file, "wb") as handle:
                handle.write(text.encode("utf-8"))
            added += edited
            files += 1
    sys.stderr.write(f"k8slint: added {added} suppression comment(s) in {files} file(s)\n")
    return EXIT_CLEAN


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the run (linting and writing the report).

    Reading YAML allocates millions of small, long-lived objects and almost no reference
    cycles; the collector would re-scan the growing heap again and again (measured: more than
    half the run time on the shared corpus). Memory is freed by reference counting as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _show_files(report) -> None:
    for name, files in report.apply_sets:
        for file in files:
            sys.stdout.write(terminal_safe(f"{file}  ({name})") + "\n")
    for file, reason in report.skipped:
        sys.stdout.write(terminal_safe(f"{file}  skipped: {reason}") + "\n")


def _auto_format() -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if sys.stdout.isatty() else "concise"


def _selector(text: str):
    from k8slint import selectors
    from k8slint.config import ConfigError

    try:
        return selectors.parse(text)
    except selectors.SelectorError as error:
        raise ConfigError(f"--selector: invalid selector {text!r}: {error} (column {error.column})") from None


class Progress:
    """`files done/total` on stderr, only on a terminal, outside CI, and once a run has taken a second."""

    DELAY = 1.0

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False

    @staticmethod
    def wanted(output_format: str) -> bool:
        from k8slint.formats import HUMAN_FORMATS

        return sys.stderr.isatty() and not os.environ.get("CI") and output_format in HUMAN_FORMATS

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.started >= self.DELAY:
            sys.stderr.write(f"\rk8slint: {done}/{total} files")
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
