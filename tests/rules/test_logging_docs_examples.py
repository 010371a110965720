"""The Kubernetes documentation's logging-architecture examples (tests/fixtures/logging-docs/, copied from
kubernetes/website content/en/examples/admin/logging/) behave as issue 6 requires. The agent Pod keeps
the older `k8s.gcr.io/fluentd-gcp:1.30` image that countless copies of it still use."""

from __future__ import annotations

from pathlib import Path


from tests.helpers import FIXTURES, lint, lint_files

DOCS = FIXTURES / "logging-docs"
LOGGING_RULES = ["K6", "deprecated-registry"]


def found(*names: str) -> list[tuple[str, int, int, str]]:
    report = lint_files([DOCS / name for name in names], select=LOGGING_RULES)
    return sorted((Path(f.file).name, f.line, f.column, f.name) for f in report.findings)


def test_counter_without_sidecars_is_clean():
    assert found("two-files-counter-pod.yaml") == []


def test_streaming_sidecars_are_clean():
    assert found("two-files-counter-pod-streaming-sidecar.yaml") == []


def test_streaming_sidecars_following_descriptors_fire_only_that_rule():
    text = (DOCS / "two-files-counter-pod-streaming-sidecar.yaml").read_text().replace("-F /var", "-f /var")
    report = lint(text, select=LOGGING_RULES)
    assert sorted((f.line, f.name) for f in report.findings) == [
        (34, "sidecar-tail-follows-descriptor"),
        (46, "sidecar-tail-follows-descriptor"),
    ]


def test_agent_sidecar_fires_deprecated_syntax_and_registry_only():
    findings = found("two-files-counter-pod-agent-sidecar.yaml", "fluentd-sidecar-config.yaml")
    assert [name for *_, name in findings].count("fluentd-deprecated-syntax") == 5
    assert [(file, line, name) for file, line, _, name in findings if name != "fluentd-deprecated-syntax"] == [
        ("two-files-counter-pod-agent-sidecar.yaml", 30, "deprecated-registry")
    ]


def test_agent_sidecar_deprecated_syntax_points_at_the_real_lines():
    findings = found("two-files-counter-pod-agent-sidecar.yaml", "fluentd-sidecar-config.yaml")
    assert [(line, column) for file, line, column, name in findings if name == "fluentd-deprecated-syntax"] == [
        (11, 10),
        (12, 10),
        (19, 10),
        (20, 10),
        (27, 10),
    ]
