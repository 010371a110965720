"""`k8slint test [PATH...]`: run policy test fixtures and validate the policies themselves.

PATHs are files and directories (default: .). A YAML file holding a `Policy`, a
ValidatingAdmissionPolicy or a Binding is a policy file; every other YAML file is a fixture: a manifest
with `# expect: <policy>[, <policy>]` on each line where a finding must start. A fixture's
`# test-policy: <policy>[, ...]` line names the policies it tests (default: every policy);
`# fixture-options: {...}` overrides their options. The policies of `.k8slint.yaml` `policies:` and of
--policy are tested too. Exit 0 when every fixture matches, 1 on a mismatch, 2 on a broken policy.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from k8slint.text import terminal_safe
from k8slint.regex import LazyPattern

POLICY_KINDS = LazyPattern(r"^kind:\s*['\"]?(Policy|ValidatingAdmissionPolicy|ValidatingAdmissionPolicyBinding)['\"]?\s*(#.*)?$", re.MULTILINE)
TESTED = LazyPattern(r"^#\s*test-policy:\s*(.+)$", re.MULTILINE)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="policy files, fixtures and directories (default: .)")
    parser.add_argument("--policy", action="append", default=[], metavar="PATH", help="also test the policies of this file or directory")


def run(args: argparse.Namespace) -> int:
    from k8slint.config import ConfigError, config_path_for, config_start, load_config
    from k8slint.policy_rules import policy_files

    paths = args.paths or ["."]
    for path in paths:
        if not Path(path).exists():
            sys.stderr.write(f"k8slint: {terminal_safe(path)}: no such file or directory\n")
            return 2
    files = list(policy_files([Path(path) for path in paths]))
    texts = {}
    for file in files:
        try:
            texts[file] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            sys.stderr.write(f"k8slint: {terminal_safe(str(file))}: cannot read: {error}\n")
            return 2
    policy_paths = [file for file in files if POLICY_KINDS.search(texts[file])]
    fixtures = [file for file in files if file not in policy_paths]
    try:
        config = load_config(config_path_for(getattr(args, "config", None), config_start(paths)),
                             policies=[*args.policy, *map(str, policy_paths)])
    except ConfigError as error:
        for message in error.messages():
            sys.stderr.write(f"k8slint: configuration error: {terminal_safe(message)}\n")
        return 2
    return _report(config, fixtures, texts)


def _report(config, fixtures: list[Path], texts: dict[Path, str]) -> int:
    from k8slint.policy.fixtures import run_fixture

    for message in config.policy_errors:
        sys.stdout.write(f"{terminal_safe(message)}\n")
    policies = config.policy_documents
    admission = config.admission_documents
    mismatches = 0
    for fixture in fixtures:
        text = texts[fixture]
        named = TESTED.search(text)
        wanted = {part.strip() for part in named.group(1).split(",")} if named else None
        chosen = [p for p in policies if wanted is None or p.name in wanted]
        chosen_admission = [d for d in admission if wanted is None or _admission_name(d) in wanted]
        result = run_fixture(text, chosen, chosen_admission)
        for (line, name), count in sorted((result.expected - result.actual).items()):
            mismatches += count
            sys.stdout.write(f"{terminal_safe(str(fixture))}:{line}: expected {count} more finding(s) of {name}, got none\n")
        for (line, name), count in sorted((result.actual - result.expected).items()):
            mismatches += count
            messages = "; ".join(result.messages.get((line, name), []))
            sys.stdout.write(f"{terminal_safe(str(fixture))}:{line}: unexpected finding of {name}: {terminal_safe(messages)}\n")
    summary = f"{len(fixtures)} fixture(s), {len(config.policy_rules)} policy(ies): "
    summary += f"{mismatches} mismatch(es)" if mismatches else "every finding as expected"
    if config.policy_errors:
        summary += f", {len(config.policy_errors)} broken policy(ies)"
    sys.stdout.write(summary + "\n")
    if config.policy_errors:
        return 2
    return 1 if mismatches else 0


def _admission_name(document: dict) -> str:
    """The policy a ValidatingAdmissionPolicy defines or a Binding binds."""
    if document.get("kind") == "ValidatingAdmissionPolicyBinding":
        spec = document.get("spec")
        return spec.get("policyName", "") if isinstance(spec, dict) else ""
    metadata = document.get("metadata")
    return metadata.get("name", "") if isinstance(metadata, dict) else ""
