"""
## What it does
Checks the distributed-tracing flags of an etcd container (a container whose `command` runs `etcd`),
using the etcd release of the image tag when there is one:
- the `--experimental-*distributed-tracing*` names: deprecated in etcd 3.6 (warning), removed in 3.7
  (error);
- the new names (`--enable-distributed-tracing`, `--distributed-tracing-*`) on etcd before 3.6, or
  `--experimental-distributed-tracing-sampling-rate` before 3.5.11, which do not know them (error);
- an old and a new name of the same setting together, which etcd 3.6 rejects (error);
- a sampling rate that is not an integer from 0 to 1000000 (error);
- the address, service-name, instance-id or sampling-rate flags without the enable flag: they have no
  effect (warning);
- tracing flags beside `--config-file`: etcd then takes every setting from the file and ignores the
  other flags (warning; a flag the release does not define is still an error, as flags are parsed
  first). The file's own keys are not checked: etcd reads it with a lenient YAML decoder
  (`embed/config.go` `configFromFile`, `yaml.Unmarshal`), so a key the release does not know is
  dropped silently rather than refused, and which keys each release honours in the file (and, from
  3.6, counts as explicitly set for the old/new name conflict) would need a model of every release's
  `Config` struct that k8slint does not have.

etcd is recognised when `command` runs it directly or through a shell script
(`sh -c "exec etcd --name=a ..."`); values the shell expands (`$VAR`) are not judged.

## Why is this bad?
etcd exits at startup on an unknown flag ("flag provided but not defined") and on conflicting old and
new names ("cannot set --X and --Y at the same time"). A deprecated name stops working on the next
minor upgrade of etcd, and tracing settings without the enable flag silently trace nothing.

## Example
```yaml
containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.6.4-0
    command:
      - etcd
      - --experimental-enable-distributed-tracing=true
      - --experimental-distributed-tracing-address=0.0.0.0:4317
```

Use instead:
```yaml
containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.6.4-0
    command:
      - etcd
      - --enable-distributed-tracing=true
      - --distributed-tracing-address=0.0.0.0:4317
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.flags import ETCD, Flag, program_containers
from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject
from k8slint.tracing import MAX_SAMPLING_RATE_PER_MILLION, go_parse_bool, go_quote
from k8slint.regex import LazyPattern

CODE = "K506"
NAME = "etcd-tracing-flags"
SUMMARY = "etcd distributed-tracing flags that are deprecated, unknown to the release, conflicting or inert"
SEVERITY = Severity.WARNING
REMEDIATION = (
    "Use the flag names of the etcd release you run (--enable-distributed-tracing and "
    "--distributed-tracing-* since 3.6), once each, and enable tracing when you configure it."
)
KINDS = POD_CARRIERS

SETTINGS = ("enable", "address", "service-name", "instance-id", "sampling-rate")
NEW_NAMES = {
    "enable": "enable-distributed-tracing",
    **{setting: f"distributed-tracing-{setting}" for setting in SETTINGS[1:]},
}
OLD_NAMES = {setting: f"experimental-{name}" for setting, name in NEW_NAMES.items()}
NEW_NAMES_SINCE = (3, 6, 0)
OLD_NAMES_REMOVED = (3, 7, 0)
OLD_SAMPLING_RATE_SINCE = (3, 5, 11)

_ETCD_IMAGE = LazyPattern(r"(^|/)etcd$")
_VERSION = LazyPattern(r"v?(\d+)\.(\d+)\.(\d+)")
_GO_INT = LazyPattern(r"[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*)")


def etcd_version(image) -> tuple[int, int, int] | None:
    """`registry.k8s.io/etcd:3.5.15-0` -> (3, 5, 15); None without a version tag."""
    if not isinstance(image, str):
        return None
    from k8slint.images import parse_image

    reference = parse_image(image)
    if reference.tag is None or not _ETCD_IMAGE.search(reference.location):
        return None
    match = _VERSION.match(reference.tag)
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for path, container, line in program_containers(obj, ETCD):
        version = etcd_version(container.get("image"))
        present = {setting: (line.last(OLD_NAMES[setting]), line.last(NEW_NAMES[setting])) for setting in SETTINGS}
        config_file = line.last("config-file")
        if config_file is not None and config_file.value:
            yield from _ignored(path, present, version)
            continue
        yield from _names(path, present, version)
        yield from _values(path, line, present)
        if _enabled(present["enable"]) is False:
            for setting in SETTINGS[1:]:
                for flag in present[setting]:
                    if flag is not None:
                        yield _at(path, flag, f"--{flag.name} has no effect: distributed tracing is not enabled "
                                  "(--enable-distributed-tracing)", None)


def _ignored(path: tuple, present: dict, version) -> Iterator[Problem]:
    """With --config-file etcd takes every setting from the file and ignores the other flags (etcdmain
    help.go: "if a configuration file is provided, other command line flags and environment variables will
    be ignored"); a flag the release does not define still stops it, as flags are parsed first."""
    shown = _shown(version)
    for setting, flags in present.items():
        for flag, old in zip(flags, (True, False)):
            if flag is None:
                continue
            undefined = _undefined(flag, setting, old, version, shown)
            if undefined is not None:
                yield _at(path, flag, undefined, Severity.ERROR)
            else:
                yield _at(path, flag, f"--{flag.name} is ignored: etcd is started with --config-file and takes "
                          f"its settings from that file only (key {flag.name})", None)


def _shown(version) -> str:
    return "etcd" if version is None else "etcd {}.{}.{}".format(*version)


def _undefined(flag: Flag, setting: str, old: bool, version, shown: str) -> str | None:
    """etcd's "flag provided but not defined" for a tracing flag the release does not know, else None."""
    if version is None:
        return None
    if not old and version < NEW_NAMES_SINCE:
        return f"flag provided but not defined: -{flag.name} ({shown} knows only --{OLD_NAMES[setting]})"
    if old and version >= OLD_NAMES_REMOVED:
        return f"flag provided but not defined: -{flag.name} ({shown} knows only --{NEW_NAMES[setting]})"
    if old and setting == "sampling-rate" and version < OLD_SAMPLING_RATE_SINCE:
        return f"flag provided but not defined: -{flag.name} (added in etcd 3.5.11, image is {shown})"
    return None


def _names(path: tuple, present: dict, version) -> Iterator[Problem]:
    """Flag names the etcd release deprecates, does not know, or refuses in combination."""
    shown = _shown(version)
    for setting, (old, new) in present.items():
        if old is not None:
            yield from _old_name(path, old, setting, version, shown)
        if new is not None:
            undefined = _undefined(new, setting, False, version, shown)
            if undefined is not None:
                yield _at(path, new, undefined, Severity.ERROR)
        # In 3.5 the new name, in 3.7 the old one is already reported as unknown.
        if old is not None and new is not None and (version is None or version[:2] == (3, 6)):
            yield _at(path, old, f"cannot set --{old.name} and --{new.name} at the same time, please use "
                      f"--{new.name} only", Severity.ERROR)


def _values(path: tuple, line, present: dict) -> Iterator[Problem]:
    """Values etcd's flag parsing or tracing validation rejects."""
    for flag in (*line.all(OLD_NAMES["sampling-rate"]), *line.all(NEW_NAMES["sampling-rate"])):
        message = _sampling_rate_error(flag)
        if message:
            yield _at(path, flag, message, Severity.ERROR, on_value=True)
    for flag in present["enable"]:
        if flag is None or flag.value is None or flag.runtime:
            continue
        if go_parse_bool(flag.value) is None:
            yield _at(path, flag, f"invalid boolean value {go_quote(flag.value)} for -{flag.name}: parse error",
                      Severity.ERROR)


def _old_name(path: tuple, flag: Flag, setting: str, version, shown: str) -> Iterator[Problem]:
    new = NEW_NAMES[setting]
    undefined = _undefined(flag, setting, True, version, shown)
    if undefined is not None:
        yield _at(path, flag, undefined, Severity.ERROR)
    elif version is None:
        yield _at(path, flag, f"--{flag.name} is deprecated since etcd 3.6 and removed in 3.7; use --{new}", None)
    elif version >= NEW_NAMES_SINCE:
        yield _at(path, flag, f"--{flag.name} is deprecated in {shown} and removed in 3.7; use --{new}", None)


def _enabled(flags: tuple[Flag | None, Flag | None]) -> bool | None:
    """Whether either enable flag turns tracing on; None when a value is not a Go boolean (etcd exits)."""
    enabled = False
    for flag in flags:
        if flag is None:
            continue
        if flag.value is not None and flag.runtime:
            return None
        value = True if flag.value is None else go_parse_bool(flag.value)
        if value is None:
            return None
        enabled = enabled or value
    return enabled


def _sampling_rate_error(flag: Flag) -> str | None:
    if flag.value is None or flag.runtime:
        return None
    text = flag.value
    if not _GO_INT.fullmatch(text) or "__" in text or text.endswith("_"):
        return f"invalid value {go_quote(text)} for flag -{flag.name}: parse error"
    rate = int(_go_int_digits(text), 0)
    if rate < 0:
        return f"--{flag.name}={text}: tracing sampling rate must be positive"
    if rate > MAX_SAMPLING_RATE_PER_MILLION:
        return f"--{flag.name}={text}: tracing sampling rate must be at most {MAX_SAMPLING_RATE_PER_MILLION}"
    return None


def _go_int_digits(text: str) -> str:
    """Go's base-0 integer syntax in Python's: a leading 0 means octal in Go."""
    sign = text[0] if text[0] in "+-" else ""
    body = text.lstrip("+-").replace("_", "")
    if len(body) > 1 and body[0] == "0" and body[1] not in "xXbBoO":
        body = "0o" + body[1:]
    return sign + body


def _at(path: tuple, flag: Flag, message: str, severity, on_value: bool = False) -> Problem:
    where = flag.value_at if on_value and flag.value_at is not None else flag.at
    return Problem((*path, *where), message, severity=severity)
