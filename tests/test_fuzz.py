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


# ---- issue 16: suppression directives, deep nesting, hostile names ----------------------------

SUPPRESSED = (
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name{0}\n  labels: {{a: yes}}{0}\n"
    "spec: {{ports: [{{port: 80}}]}}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Two\nspec: {{}}\n"
)
NON_SUPPRESSION = ("invalid-suppression", "unused-suppression")
KIND_TYPOS = {"disable-next-line": "disable-nextline", "disable-line": "disable-lines", "disable-file": "disabel-file",
              "disable": "disabled", "enable": "enabled"}


@st.composite
def directives(draw):
    """(comment text, whether it is a well-formed directive): exact ones, and ones with one typo."""
    kind = draw(st.sampled_from(sorted(KIND_TYPOS)))
    rules = draw(st.lists(st.sampled_from(["invalid-name", "invalid-label", "K102", "k103"]), max_size=3, unique=True))
    space = draw(st.sampled_from(["", " ", "  "]))
    text = kind + (f"{space}={space}" + f",{space}".join(rules) if rules else "")
    reason = draw(st.sampled_from(["", "  # a reason", "\t# why"]))
    typo = draw(st.sampled_from([None, "kind", "separator", "word", "empty"]))
    if typo == "kind":
        text = KIND_TYPOS[kind] + text[len(kind):]
    elif typo == "separator" and rules:
        text = kind + draw(st.sampled_from([" ", ": ", ":", " - "])) + ",".join(rules)
    elif typo == "word":
        text += " " + draw(st.sampled_from(["please", "invalid-name", "for-now"]))
    elif typo == "empty":
        text = kind + "="
    else:
        typo = None
    return text + reason, typo is None


@FUZZ
@given(directives(), st.sampled_from(["  # k8slint: ", "  #k8slint:", "\n# k8slint: "]))
def test_a_directive_that_does_not_parse_exactly_is_reported_and_suppresses_nothing(directive, prefix):
    text, well_formed = directive
    plain = sorted(f.name for f in lint(SUPPRESSED.format("")).findings)
    report = lint(SUPPRESSED.format(prefix + text))
    assert not [f for f in report.findings if f.message.startswith("internal error")]
    invalid = [f for f in report.findings if f.name == "invalid-suppression"]
    if well_formed:
        assert invalid == [], text
    else:
        assert invalid, text
        assert sorted(f.name for f in report.findings if f.name not in NON_SUPPRESSION) == plain, text


@settings(max_examples=max(EXAMPLES // 5, 10), deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 150)
@given(
    st.lists(st.sampled_from(["[", "{a: ", "- ", "{? ", "[{b: "]), min_size=1, max_size=3),
    st.sampled_from([1, 50, 9_999, 10_001, 30_000]),
    st.booleans(),
)
def test_deep_nesting_is_linted_or_refused_never_crashes(openers, depth, closed):
    unit = "".join(openers)
    closers = {"[": "]", "{a: ": "}", "- ": "", "{? ": "}", "[{b: ": "}]"}
    body = unit * (depth // len(openers))
    if closed:
        body += "x" + "".join(closers[opener] for opener in reversed(openers)) * (depth // len(openers))
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Deep_Name}\n---\n" + body + "\n"
    report = lint(text, select=["invalid-yaml", "invalid-name", "invalid-document"])
    assert ("invalid-name", 3) in [(f.name, f.line) for f in report.findings]
    for finding in report.findings:
        assert finding.line >= 1 and finding.column >= 1


HOSTILE_TEXT = st.lists(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=3)
    | st.sampled_from(["\x1b[31m", "\n::add-mask::x", "\r", "\x9b", "\x85", "\u2028", "]]>", "%0A", "x" * 300]),
    min_size=1, max_size=8,
).map("".join)


@FUZZ
@given(
    HOSTILE_TEXT,
    HOSTILE_TEXT,
    st.text(min_size=1, max_size=20) | st.binary(min_size=1, max_size=12).map(os.fsdecode)
    | st.sampled_from(["::add-mask::x.yaml", "::error file=a::b", "%0A::x"]),
)
def test_hostile_names_and_values_never_break_an_output_format(name, value, file_name):
    import io
    import xml.etree.ElementTree as ElementTree

    from k8slint.formats import FORMATS

    document = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "labels": {"k": value}}, "spec": {}}
    report = lint(json.dumps(document), select=["invalid-name", "invalid-label"], path=file_name)
    for output_format, render in FORMATS.items():
        out = io.StringIO()
        render(report, out)
        text = out.getvalue()
        text.encode("utf-8", "backslashreplace")
        if output_format in ("json", "sarif"):
            json.loads(text)
        elif output_format in ("junit", "checkstyle"):
            ElementTree.fromstring(text.encode("utf-8", "surrogatepass"))
        if output_format != "json" and output_format != "sarif":
            assert not any(char in text for char in "\x1b\x9b\x85\u2028\r"), output_format
            assert [line for line in text.splitlines() if line.lstrip().startswith("::") and output_format != "github"] == []


@st.composite
def whole_set_inputs(draw):
    """Well-formed objects the whole-set rules compare (controllers, Pods, Services, FlowSchemas, priority
    levels, ConfigMaps, Namespaces), some with one field replaced by a value of any type."""
    objects = [
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "a", "labels": {"app": "web"}},
         "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}},
                  "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}}}},
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "web"}},
         "spec": {"containers": [{"name": "c", "image": "nginx:1.27", "ports": [{"name": "http", "containerPort": 80}]}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": "http"}]}},
        {"apiVersion": "flowcontrol.apiserver.k8s.io/v1", "kind": "FlowSchema", "metadata": {"name": "f"},
         "spec": {"matchingPrecedence": 500, "priorityLevelConfiguration": {"name": "pl"},
                  "rules": [{"subjects": [{"kind": "Group", "group": {"name": "devs"}}],
                             "resourceRules": [{"verbs": ["get"], "apiGroups": [""], "resources": ["pods"], "namespaces": ["*"]}]}]}},
        {"apiVersion": "flowcontrol.apiserver.k8s.io/v1", "kind": "PriorityLevelConfiguration", "metadata": {"name": "pl"},
         "spec": {"type": "Limited", "limited": {"nominalConcurrencyShares": 10, "limitResponse": {"type": "Reject"}}}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"k": "v"}},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "pdb"},
         "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}}},
    ]
    for _ in range(draw(st.integers(0, 3))):
        parent, key = objects, draw(st.integers(0, len(objects) - 1))
        for _ in range(draw(st.integers(1, 6))):
            child = parent[key]
            if isinstance(child, dict) and child:
                parent, key = child, draw(st.sampled_from(sorted(child)))
            elif isinstance(child, list) and child:
                parent, key = child, draw(st.integers(0, len(child) - 1))
            else:
                break
        if parent is not objects:
            parent[key] = draw(VALUES)
    return "\n---\n".join(json.dumps(value) for value in objects)


@FUZZ
@given(whole_set_inputs())
def test_malformed_objects_never_break_a_whole_set_rule(text):
    report = lint(text)
    assert not [f for f in report.findings if f.message.startswith("internal error")]


def test_a_port_of_the_wrong_type_declares_nothing_and_breaks_nothing():
    """Found by the long run of the property above: `containerPort: []` made probe-port-not-exposed raise."""
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n"
        "      ports: [{name: http, containerPort: []}]\n      readinessProbe: {httpGet: {port: http}}\n"
    )
    assert not [f for f in lint(text).findings if f.message.startswith("internal error")]
