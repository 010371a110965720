"""`.k8slint.yaml` discovery and validation, and the rule set a run uses after --select/--ignore."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from k8slint import records, registry
from k8slint.model import Settings, Severity
from k8slint.records import field, record
from k8slint.registry import Rule

CONFIG_NAMES = (".k8slint.yaml", ".k8slint.yml")
NEWEST_KUBERNETES = (1, 37)
OLDEST_KUBERNETES = (1, 16)
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
# Input that cannot be read is always reported, whatever --select and --ignore say (as in ruff):
# a typo in a selection must never hide a broken file.
ALWAYS_ON = frozenset({"invalid-yaml", "unreadable-file"})


class ConfigError(Exception):
    """A mistake in the configuration or the command line; the message names the key. Several mistakes
    found at once are its several arguments, one message each."""

    def messages(self) -> list[str]:
        return [str(message) for message in self.args]


@record(slots=True)
class EnabledRule:
    """A rule as this run uses it: the level the user configured (None: the rule's own severities),
    its options, and which objects it checks (label selectors)."""

    rule: Rule
    options: dict[str, Any]
    level: Severity | None = None
    exclude: tuple = ()  # selectors: objects whose labels match any are not checked
    only: tuple = ()  # selectors: when set, only objects matching one are checked

    def severity(self, problem_severity: Severity | None = None) -> Severity:
        """A level the user configured always wins; then the problem's own severity; then the rule's."""
        if self.level is not None:
            return self.level
        return self.rule.severity if problem_severity is None else problem_severity

    def applies_to(self, labels: dict[str, str]) -> bool:
        """Whether the rule checks an object with these labels (its `exclude` and `only` selectors)."""
        if any(selector.matches(labels) for selector in self.exclude):
            return False
        return not self.only or any(selector.matches(labels) for selector in self.only)


@record(slots=True)
class Config:
    settings: Settings = field(default_factory=Settings)
    rules: dict[str, EnabledRule] = field(default_factory=dict)  # enabled rules, by code
    ignore: Any = None  # a pathspec.PathSpec, relative to `root`
    root: Path = field(default_factory=Path.cwd)
    source: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    render: Any = None  # k8slint.render.settings.RenderSettings
    respect_gitignore: bool = True
    apply_set_scope: str = "directory"  # for files outside kustomizations and charts: directory, file or run
    apply_set_groups: tuple[tuple[str, ...], ...] = ()  # explicit groups of gitignore-style patterns, relative to `root`
    # User policies (`policies:`, --policy) as rules: known to the registry only inside
    # `registry.with_policies(config.policy_rules)`, which a run wraps itself in.
    policy_rules: tuple[Rule, ...] = ()
    policy_errors: tuple[str, ...] = ()  # `file:line:column: message`, one per broken policy (exit 2)
    policy_documents: tuple = ()  # the valid k8slint.policy.document.Policy objects (`k8slint test` runs them)
    admission_documents: tuple = ()  # the valid ValidatingAdmissionPolicies and Bindings of the policy paths

    def is_ignored(self, path: str | Path) -> bool:
        if self.ignore is None:
            return False
        path = Path(path)
        try:
            real = path.resolve()
        except (RuntimeError, OSError):  # a symlink loop: matched by the path as written
            real = Path(os.path.abspath(path))
        try:
            relative = real.relative_to(self.root.resolve())
        except ValueError:
            relative = path
        text = relative.as_posix()
        return self.ignore.match_file(text) or (path.is_dir() and self.ignore.match_file(text + "/"))


def find_config(start: Path) -> Path | None:
    """The nearest .k8slint.yaml from `start` upward, stopping at the home directory."""
    home = Path.home().resolve()
    directory = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        if directory == home or directory.parent == directory:
            return None
        directory = directory.parent


def parse_kubernetes_version(text: str, key: str = "kubernetesVersion") -> tuple[int, int]:
    parts = text.strip().lstrip("v").split(".")
    try:
        major, minor = int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        raise ConfigError(f'{key}: "{text}" is not a Kubernetes version like "1.31"') from None
    version = (major, minor)
    if not OLDEST_KUBERNETES <= version <= NEWEST_KUBERNETES:
        raise ConfigError(
            f'{key}: "{text}" is outside the supported range '
            f"{OLDEST_KUBERNETES[0]}.{OLDEST_KUBERNETES[1]} to {NEWEST_KUBERNETES[0]}.{NEWEST_KUBERNETES[1]}"
        )
    return version


def load_config(
    path: Path | None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    kubernetes_version: str | None = None,
    profiles: Sequence[str] = (),
    policies: Sequence[str] = (),
) -> Config:
    """Read and validate the configuration file (if any), then apply command-line selections
    (`profiles`: --profile names, added to the file's `profiles:`; `policies`: --policy paths, added to
    the file's `policies:`)."""
    data: dict[str, Any] = {}
    root_node = None
    config = Config()
    if path is not None:
        data, root_node = _read(path)
        config.source = str(path)
        config.root = path.resolve().parent
    version = config.settings.kubernetes_version
    if "kubernetesVersion" in data:
        version = parse_kubernetes_version(data["kubernetesVersion"])
    if kubernetes_version is not None:
        version = parse_kubernetes_version(kubernetes_version, "--kubernetes-version")
    config.settings = records.replace(
        config.settings,
        kubernetes_version=version,
        default_namespace=data.get("defaultNamespace", config.settings.default_namespace),
        apf_include_builtins=data.get("apf", {}).get("includeBuiltins", True),
        schema_dirs=tuple(str(config.root / directory) for directory in data.get("schemaDirs", ())),
        profiles=_profiles(data.get("profiles", ()), profiles),
        pod_templates=tuple(_pod_template(key, path) for key, path in data.get("podTemplates", {}).items()),
    )
    config.max_file_size = data.get("maxFileSize", DEFAULT_MAX_FILE_SIZE)
    config.respect_gitignore = data.get("respectGitignore", True)
    apply_sets = data.get("applySets", {})
    config.apply_set_scope = apply_sets.get("scope", "directory")
    config.apply_set_groups = tuple(tuple(group) for group in apply_sets.get("groups", ()))
    if "ignore" in data:
        config.ignore = _pathspec(data["ignore"])
    _load_policies(config, [("policies", config.root / path) for path in data.get("policies", ())]
                   + [("--policy", Path(path)) for path in policies])
    try:
        with registry.with_policies(config.policy_rules):
            config.rules = _rule_settings(data.get("rules", {}), select, ignore, config.settings.profiles)
    except ConfigError as error:
        raise ConfigError(_positioned(str(error), path, root_node)) from None
    from k8slint.render.settings import render_settings

    config.render = render_settings(data.get("render"), config.root)
    return config


def _load_policies(config: Config, paths: list[tuple[str, Path]]) -> None:
    """Policy documents as rules of the run; a broken one is an error message, the others still run.
    Nothing of k8slint.policy is imported when no policy path is configured."""
    if not paths:
        return
    for where, path in paths:
        if not path.exists():
            raise ConfigError(f"{where}: {path}: no such file or directory")
    from k8slint import policy_rules

    loaded = policy_rules.load([path for _, path in paths], config.settings.pod_templates)
    config.policy_rules = tuple(loaded.rules)
    config.policy_errors = tuple(loaded.errors)
    config.policy_documents = tuple(loaded.policies)
    config.admission_documents = tuple(loaded.admission_documents)


def _profiles(configured: Sequence[str], command_line: Sequence[str]) -> frozenset[str]:
    named = [(f"profiles[{index}]", name) for index, name in enumerate(configured)]
    named += [("--profile", name) for name in command_line]
    for where, name in named:
        if name not in registry.PROFILES:
            known = ", ".join(sorted(registry.PROFILES))
            raise ConfigError(f"{where}: unknown profile {name!r} (profiles: {known})")
    return frozenset(name for _, name in named)


def _pod_template(key: str, path: str) -> tuple[str | None, str, tuple[str, ...]]:
    """A `podTemplates:` entry: "Kind" (any API group) or "Kind.group", and the dotted path of the
    PodTemplateSpec (the mapping with `metadata` and `spec`)."""
    kind, dot, group = key.partition(".")
    return (group if dot else None), kind, tuple(path.split("."))


def _positioned(message: str, path: Path | None, root_node: Any) -> str:
    """A message about `rules.KEY...` prefixed with the file, line and column of that key."""
    from k8slint.loader import locate

    if path is None or root_node is None or not message.startswith("rules."):
        return message
    key = message.split(":", 1)[0].split(".")[1]
    span, _ = locate(root_node, ("rules", key), on_key=True)
    return f"{path}:{span.line}:{span.column}: {message}"


def _read(path: Path) -> tuple[dict[str, Any], Any]:
    from k8slint.loader import load_text

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the configuration: {error}") from None
    loaded = load_text(text)
    if loaded.problems:
        problem = loaded.problems[0]
        raise ConfigError(f"{path}:{problem.span.line}:{problem.span.column}: {problem.message}")
    if not loaded.documents or loaded.documents[0].value is None:
        return {}, None
    if len(loaded.documents) > 1:
        raise ConfigError(f"{path}: the configuration must be a single YAML document")
    data = loaded.documents[0].value
    _validate(data, path, loaded.documents[0].node, text.splitlines())
    return data, loaded.documents[0].node


def _validate(data: Any, path: Path, root: Any, lines: list[str]) -> None:
    import json

    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("k8slint").joinpath("data/config.schema.json").read_text())
    errors = sorted(
        jsonschema.Draft7Validator(schema).iter_errors(data), key=lambda error: list(error.absolute_path)
    )
    if errors:
        raise ConfigError(*(_describe(error, path, root, lines) for error in errors))


def _describe(error: Any, path: Path, root: Any, lines: list[str]) -> str:
    """`file:line:column: key: what is wrong`, at the key or value a person edits."""
    from k8slint.loader import locate

    while error.context:  # a oneOf: the branch that got furthest into the value explains it best
        error = max(error.context, key=lambda sub: len(sub.absolute_path))
    at = tuple(error.absolute_path)
    key = ".".join(str(part) for part in at) or "(top level)"
    unknown: list[str] = []
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        at = (*at, unknown[0])
    span, _ = locate(root, at, on_key=bool(unknown))
    where = f"{path}:{span.line}:{span.column}"
    if unknown:
        known = list(error.schema.get("properties", {}))
        hints = [f"{name!r}{_did_you_mean(name, known)}" for name in unknown]
        return f"{where}: {key}: unknown key {', '.join(hints)}"
    if at == ("kubernetesVersion",) and isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool):
        written = lines[span.line - 1][span.column - 1:].split("#")[0].strip() if 0 < span.line <= len(lines) else str(error.instance)
        return f'{where}: kubernetesVersion: {written} is read as the number {error.instance!r}; quote it: kubernetesVersion: "{written}"'
    return f"{where}: {_describe_value(error, key)}"


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    lowered = {option.lower(): option for option in known}
    if not close and name.lower() in lowered:
        close = [lowered[name.lower()]]
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe_value(error: Any, key: str) -> str:
    if error.validator == "enum":
        return f"{key}: {error.instance!r} is not one of {', '.join(repr(v) for v in error.validator_value)}"
    if error.validator == "type":
        return f"{key}: expected {error.validator_value}, got {type(error.instance).__name__} {error.instance!r}"
    return f"{key}: {error.message}"


def _pathspec(patterns: str | list[str]) -> Any:
    import pathspec

    lines = patterns.splitlines() if isinstance(patterns, str) else patterns
    for line in lines:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error) as error:  # pathspec's GitIgnorePatternError is a ValueError
            reason = error.msg if isinstance(error, re.error) else "not a gitignore pattern"
            raise ConfigError(f"ignore: {line!r} is not a valid pattern ({reason})") from None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _rule_settings(
    configured: dict[str, Any], select: Sequence[str], ignore: Sequence[str], profiles: frozenset[str]
) -> dict[str, EnabledRule]:
    known = registry.known_rules()
    enabled = {rule.code: rule.on_by_default and (rule.profile is None or rule.profile in profiles) for rule in known}
    table = {rule.code: EnabledRule(rule, rule.default_options()) for rule in known}
    for key, value in configured.items():
        rule = registry.lookup(key)
        if rule is None:
            names = [rule.name for rule in known]
            hint = _did_you_mean(key, names) or " (see `k8slint rules`)"
            raise ConfigError(f"rules.{key}: unknown rule {key!r}{hint}")
        entry = table[rule.code]
        if value in ("enable", "disable"):
            enabled[rule.code] = value == "enable"
            continue
        enabled[rule.code] = True
        for option, option_value in value.items():
            where = f"rules.{key}.{option}"
            if option == "level":
                if option_value == "disable":
                    enabled[rule.code] = False
                else:
                    entry.level = Severity.parse(option_value)
            elif option in ("exclude", "only"):
                setattr(entry, option, tuple(_selector(text, f"{where}[{i}]") for i, text in enumerate(option_value)))
            elif option in rule.options:
                entry.options[option] = _typed_option(option_value, rule.options[option][0], where)
            else:
                known = ", ".join(sorted(rule.options)) or "none"
                hint = _did_you_mean(option, [*rule.options, "level", "exclude", "only"])
                raise ConfigError(f"{where}: unknown option {option!r}{hint} for rule {rule.name!r} (options: {known})")
    for key in configured:
        rule = registry.lookup(key)
        if rule.name in ALWAYS_ON and (configured[key] == "disable" or (isinstance(configured[key], dict) and configured[key].get("level") == "disable")):
            raise ConfigError(f"rules.{key}: {rule.name} cannot be disabled: input that cannot be read is always reported")
    for identifier in (*select, *ignore):
        if not registry.matching(identifier):
            raise ConfigError(f"unknown rule or code prefix {identifier!r} (see `k8slint rules`)")
    if select or ignore:
        for code in enabled:
            decision = _cli_decision(table[code].rule, select, ignore)
            if decision is not None:
                enabled[code] = decision
            elif select:
                enabled[code] = False
    return {code: table[code] for code, on in enabled.items() if on or table[code].rule.name in ALWAYS_ON}


def _cli_decision(rule: Rule, select: Iterable[str], ignore: Iterable[str]) -> bool | None:
    """The most specific matching --select/--ignore entry decides; on a tie, --ignore wins."""
    best: tuple[int, int] | None = None
    for entries, verdict in ((select, 1), (ignore, 0)):
        for entry in entries:
            if rule in registry.matching(entry):
                candidate = (registry.specificity(entry), 1 - verdict)
                if best is None or candidate > best:
                    best = candidate
    return None if best is None else best[1] == 0


def _typed_option(value: Any, expected: type, where: str) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
        raise ConfigError(f"{where}: expected {expected.__name__}, got {type(value).__name__} {value!r}")
    # Every list option (built-in, and a policy's `list[str]`) is a list of strings.
    if expected is list and not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return value


def _selector(text: Any, where: str) -> Any:
    from k8slint import selectors

    if not isinstance(text, str):
        raise ConfigError(f"{where}: expected a label selector string, got {text!r}")
    try:
        return selectors.parse(text)
    except selectors.SelectorError as error:
        raise ConfigError(f"{where}: invalid selector {text!r}: {error} (column {error.column})") from None


def config_path_for(explicit: str | None, start: Path | None = None) -> Path | None:
    if explicit is not None:
        path = Path(explicit)
        if path.is_dir():
            raise ConfigError(f"--config: {explicit} is a directory; name the configuration file ({path / CONFIG_NAMES[0]})")
        if not path.is_file():
            raise ConfigError(f"--config: {explicit}: no such file")
        return path
    return find_config(start or Path.cwd())


def config_start(paths: Sequence[str]) -> Path:
    """Where the configuration is looked for: the nearest .k8slint.yaml above the linted paths
    (their common directory), so that `k8slint lint proj` uses proj's configuration."""
    named = [os.path.abspath(path) for path in paths if path != "-"]
    if not named:
        return Path.cwd()
    common = os.path.commonpath(named)
    return Path(common if os.path.isdir(common) else os.path.dirname(common))
