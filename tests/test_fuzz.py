"""Property tests: arbitrary input never makes k8slint raise, and the selector parser round-trips.

The suite runs a modest number of examples; set K8SLINT_FUZZ_EXAMPLES for a long run
(see bench/README.md, "Fuzzing").
"""

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8slint import fluentd, otel, selectors
from tests.helpers import lint

EXAMPLES = int(os.environ.get("K8SLINT_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 150)

KINDS = [
    ("v1", "Pod"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Namespace"), ("apps/v1", "Deployment"),
    ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"), ("apps/v1", "ReplicaSet"), ("batch/v1", "Job"),
    ("batch/v1", "CronJob"), ("networking.k8s.io/v1", "NetworkPolicy"), ("policy/v1", "PodDisruptionBudget"),
    ("flowcontrol.apiserver.k8s.io/v1", "FlowSchema"), ("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration"),
    ("apiserver.config.k8s.io/v1", "TracingConfiguration"), ("kubelet.config.k8s.io/v1beta1", "KubeletConfiguration"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"), ("example.com/v1", "Widget"), ("v1", "List"),
]
FIELD_NAMES = st.sampled_from(
    ["metadata", "spec", "name", "namespace", "labels", "annotations", "selector", "matchLabels", "matchExpressions",
     "key", "operator", "values", "template", "containers", "image", "command", "args", "volumeMounts", "volumes",
     "rules", "subjects", "data", "receivers", "exporters", "service", "pipelines", "tracing", "endpoint", "items",
     "priorityLevelConfiguration", "limited", "queuing", "queues", "handSize", "x"]
) | st.text(max_size=8)
SCALARS = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=20)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(FIELD_NAMES, children, max_size=5),
    max_leaves=30,
)


@st.composite
def manifests(draw):
    api_version, kind = draw(st.sampled_from(KINDS))
    document = draw(st.dictionaries(FIELD_NAMES, VALUES, max_size=6))
    document.update(apiVersion=api_version, kind=kind)
    if draw(st.booleans()):
        document["metadata"] = draw(st.dictionaries(FIELD_NAMES, VALUES, max_size=4))
    return document


def assert_lints_cleanly(text: str) -> None:
    report = lint(text)
    crashes = [f for f in report.findings if f.message.startswith("internal error")]
    assert crashes == []
    for finding in report.findings:
        assert finding.line >= 1 and finding.column >= 1


@FUZZ
@given(st.text(max_size=300))
def test_linter_never_raises_on_arbitrary_text(text):
    assert_lints_cleanly(text)


@FUZZ
@given(st.lists(manifests(), min_size=1, max_size=4))
def test_linter_never_raises_on_yaml_shaped_data(documents):
    assert_lints_cleanly("\n---\n".join(json.dumps(document) for document in documents))


def token_text(tokens, max_size):
    return st.lists(st.sampled_from(tokens), max_size=max_size).map("".join)


SELECTOR_TEXT = token_text(list("abc.-_/=!,() <>0123456789") + ["in", "notin", " in ", "=="], 25)
FLUENTD_TEXT = token_text(
    list("<>/@ \n\t#\"'`*.{}[],=\\") + ["source", "match", "parse", "type", "path", "tag", "in_tail", "pos_file"], 80
)


@FUZZ
@given(SELECTOR_TEXT | st.text(max_size=30))
def test_selector_parser_raises_only_selector_errors_and_round_trips(text):
    try:
        selector = selectors.parse(text)
    except selectors.SelectorError as error:
        assert error.column >= 1
        return
    assert selectors.parse(str(selector)) == selector


@FUZZ
@given(FLUENTD_TEXT | st.text(max_size=200))
def test_fluentd_parser_never_raises(text):
    config = fluentd.parse(text)
    fluentd.validate(config)
    fluentd.deprecated_syntax(config)
    fluentd.unreachable_matches(config)
    for problem in config.problems:
        assert problem.line >= 0 and problem.column >= 0


@FUZZ
@given(VALUES)
def test_collector_analysis_never_raises(config):
    otel.analyze(config)
    otel.analyze({"receivers": config, "exporters": config, "service": {"pipelines": config, "extensions": config}})
