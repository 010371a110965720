"""Policy test fixtures: manifests with `# expect: <policy>[, <policy>]` on the lines that must fire.

`run_fixture` evaluates Policies and ValidatingAdmissionPolicies against every document of a fixture
(the fixture is also the apply set, so Namespaces and PDBs for cross-object policies live in it) and
returns the expected and the actual (line, policy) multisets; a `k8slint test` command compares them.
`# fixture-options: {...}` (a YAML flow mapping) overrides the options of the policies under test.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from k8slint.loader import load_text, locate
from k8slint.policy import vap
from k8slint.policy.document import Policy
from k8slint.policy.evaluate import ApplySet, Subject, evaluate
from k8slint.records import record
from k8slint.regex import LazyPattern

EXPECT = LazyPattern(r"#\s*expect:\s*([A-Za-z0-9.,\s-]+?)\s*(?:#|$)")
OPTIONS = LazyPattern(r"^#\s*fixture-options:\s*(.+)$", re.MULTILINE)


@record(slots=True)
class FixtureResult:
    expected: Counter
    actual: Counter
    messages: dict  # (line, policy) -> [message]

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


def expected_markers(text: str) -> Counter:
    expected: Counter = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for name in filter(None, (part.strip() for part in match.group(1).split(","))):
                expected[(number, name)] += 1
    return expected


def fixture_options(text: str) -> dict:
    match = OPTIONS.search(text)
    if match is None:
        return {}
    loaded = load_text(match.group(1))
    value = loaded.documents[0].value if loaded.documents else None
    return value if isinstance(value, dict) else {}


def run_fixture(text: str, policies: Iterable[Policy] = (), admission_objects: Iterable[dict] = ()) -> FixtureResult:
    loaded = load_text(text)
    documents = [d for d in loaded.documents if isinstance(d.value, dict)]
    values = [d.value for d in documents]
    apply_set = ApplySet(values)
    options = fixture_options(text)
    actual: Counter = Counter()
    messages: dict = {}

    def record(document, path: tuple, policy: str, message: str) -> None:
        span, _ = locate(document.node, path)
        actual[(span.line, policy)] += 1
        messages.setdefault((span.line, policy), []).append(message)

    for policy in policies:
        for document in documents:
            for failure in evaluate(policy, Subject.of(document.value), apply_set, options):
                record(document, failure.path, policy.name, failure.message)
    admission = list(admission_objects)
    if admission:
        for index, result in vap.evaluate([*admission, *values], values).items():
            for failure in result.failures:
                record(documents[index], failure.path, failure.policy, failure.message)
    return FixtureResult(expected_markers(text), actual, messages)
