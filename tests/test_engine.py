"""The engine under hostile conditions: a reading process that dies, a malformed object in a whole-set
rule's apply set, one file named twice, names that look like internal markers, stdin decoded like a file."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from k8slint.cli import main
from tests.helpers import lint, make_config

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata: {a: b}\n"


def lint_json(args: list[str], capsys) -> tuple[int, dict]:
    code = main(["lint", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_a_reading_process_that_dies_costs_only_its_file(tmp_path, monkeypatch, capsys):
    from k8slint.linter import Linter

    for index in range(8):
        (tmp_path / f"f{index}.yaml").write_text(CONFIGMAP % f"c{index}" + "  labels: {x: yes}\n" * 0)
    (tmp_path / "f3.yaml").write_text(CONFIGMAP % "Bad_Name")
    (tmp_path / "killer.yaml").write_text(CONFIGMAP % "killer")
    parent = os.getpid()
    original = Linter._process

    def crashing(self, path, stdin_text, display):
        if path.endswith("killer.yaml") and os.getpid() != parent:
            os._exit(139)  # what a segfault in the C composer looks like from the parent
        return original(self, path, stdin_text, display)

    monkeypatch.setattr(Linter, "_process", crashing)
    monkeypatch.chdir(tmp_path)
    code, report = lint_json(["--jobs", "2", "."], capsys)
    by_file = {(f["file"], f["name"]) for f in report["findings"]}
    assert ("killer.yaml", "unreadable-file") in by_file
    assert ("f3.yaml", "invalid-name") in by_file  # its neighbours are still linted, with positions
    (name_finding,) = [f for f in report["findings"] if f["name"] == "invalid-name"]
    assert (name_finding["line"], name_finding["column"]) == (3, 18)
    assert code == 2


SHADOWED = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: broad}
spec:
  matchingPrecedence: 500
  priorityLevelConfiguration: {name: workload-low}
  rules:
    - subjects: [{kind: Group, group: {name: devs}}]
      resourceRules: [{verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"]}]
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: narrow}
spec:
  matchingPrecedence: 600
  priorityLevelConfiguration: {name: workload-low}
  rules:
    - subjects: [{kind: Group, group: {name: devs}}]
      resourceRules: [{verbs: [get], apiGroups: [""], resources: [pods], namespaces: [default]}]
"""
MALFORMED_FLOWSCHEMA = """\
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: malformed}
spec:
  matchingPrecedence: 700
  priorityLevelConfiguration: {name: workload-low}
  rules:
    - subjects: [{kind: {Group: devs}}]
      resourceRules: [{verbs: [get], apiGroups: [""], resources: [pods], namespaces: [default]}]
"""
OVERLAP = """\
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: a}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: b}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}}
"""
MALFORMED_SELECTOR = """\
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: c}
spec:
  selector: {matchExpressions: [{key: app, operator: {In: [x]}}]}
  template: {metadata: {labels: {app: web}}}
"""


@pytest.mark.parametrize(
    "text, malformed, rules",
    [
        (SHADOWED, MALFORMED_FLOWSCHEMA, ["flowschema-shadowed", "flowschema-precedence-tie", "flowschema-overrides-builtin", "flowschema-dangling-priority-level"]),
        (OVERLAP, MALFORMED_SELECTOR, ["selector-overlap", "pod-matched-by-controller"]),
    ],
    ids=["flowschema-subject", "selector-operator"],
)
def test_one_malformed_object_does_not_blind_a_whole_set_rule(text, malformed, rules):
    for rule in rules:
        alone = [(f.line, f.message) for f in lint(text, select=[rule]).findings]
        beside = lint(text + malformed, select=[rule]).findings
        assert not [f for f in beside if "internal error" in f.message], rule
        assert [(f.line, f.message) for f in beside if f.line <= text.count("\n")] == alone, rule


def test_whole_set_rules_survive_wrong_types_at_every_field_of_their_fixtures(tmp_path):
    """Every whole-set rule, on its own fixture, with each field of each object in turn replaced by a
    value of the wrong type: never an internal error."""
    from k8slint import registry
    from k8slint.linter import Linter
    from k8slint.loader import load_text
    from tests.helpers import FIXTURES

    failures = []
    for rule in [r for r in registry.all_rules() if r.check_set is not None]:
        fixture = FIXTURES / f"{rule.name}.yaml"
        documents = [d.value for d in load_text(fixture.read_text()).documents if isinstance(d.value, dict)]
        linter = Linter(make_config([rule.name], tmp_dir=tmp_path))
        for index, document in enumerate(documents):
            for path in list(_leaf_paths(document))[:40]:
                mutated = json.loads(json.dumps(documents))
                _set(mutated[index], path, {"wrong": ["type"]})
                text = "\n---\n".join(json.dumps(value) for value in mutated)
                internal = [f for f in linter.lint_text(text, "m.yaml").findings if "internal error" in f.message]
                if internal:
                    failures.append((rule.name, index, path, internal[0].message))
    assert not failures, "\n".join(map(str, failures[:20]))


def _leaf_paths(value, path=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaf_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaf_paths(child, (*path, index))
    if path:
        yield path


def _set(value, path, new):
    for part in path[:-1]:
        value = value[part]
    value[path[-1]] = new


def test_one_file_named_twice_is_linted_once(tmp_path, monkeypatch, capsys):
    (tmp_path / "good.yaml").write_text(CONFIGMAP % "one")
    monkeypatch.chdir(tmp_path)
    code, report = lint_json(["./good.yaml", "good.yaml"], capsys)
    assert (code, report["findings"], report["summary"]["files"]) == (0, [], 1)


def test_names_that_look_like_internal_markers_change_nothing_between_job_counts(tmp_path, monkeypatch, capsys):
    for index in range(6):
        name = f'"x\\0where:{index}\\0"'
        (tmp_path / f"f{index}.yaml").write_text(CONFIGMAP % name + "---\n" + CONFIGMAP % name)
    monkeypatch.chdir(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        main(["lint", "--format", "json", "--jobs", jobs, "."])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "duplicate-object" in outputs[0]


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n", "not valid UTF-8 (byte 0xe9 at line 3)"),
        ("\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n".encode("utf-16"), None),
    ],
    ids=["invalid-utf8", "utf16-with-bom"],
)
def test_stdin_is_decoded_exactly_like_a_file(monkeypatch, capsys, data, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(["lint", "--format", "json", "-"])
    report = json.loads(capsys.readouterr().out)
    if expected is None:
        assert (code, report["findings"]) == (0, [])
    else:
        (finding,) = report["findings"]
        assert finding["name"] == "unreadable-file" and expected in finding["message"]


def test_a_rule_with_set_kinds_finds_nothing_in_a_set_without_those_kinds():
    """`SET_KINDS` lets the core skip apply sets without such objects (and not import the rule): that is
    only right when the rule finds nothing in them. Run each such rule on every fixture, as it is and
    without the objects of those kinds: what it found must go with them."""
    from k8slint import registry
    from k8slint.inputs import load_objects
    from k8slint.model import Context
    from k8slint.objects import ApplySet
    from tests.helpers import FIXTURES

    config = make_config([])
    sets = [load_objects([str(path)], config)[0] for path in sorted(FIXTURES.glob("*.yaml"))]
    fired = 0
    for rule in [r for r in registry.all_rules() if r.set_kinds is not None]:
        context = Context(rule.default_options(), config.settings)
        for objects in sets:
            fired += bool(list(rule.check_set(objects, context)))
            without = ApplySet(
                [obj for obj in objects if not rule.set_kinds & {(None, obj.kind), (obj.group, obj.kind)}],
                objects.settings, objects.name,
            )
            assert not without.holds(rule.set_kinds)
            assert list(rule.check_set(without, context)) == [], (rule.name, objects.name)
    assert fired > 20


def test_a_small_input_is_linted_in_one_process_whatever_jobs_says(tmp_path, monkeypatch):
    """Forking workers costs more than it saves on a small repository: the default --jobs must never be
    slower than --jobs 1 (bench/bench.py measures where the thresholds lie)."""
    from k8slint import linter as linter_module
    from k8slint.linter import Linter

    monkeypatch.setattr(linter_module, "PARALLEL_READ_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(linter_module, "PARALLEL_SET_OBJECTS", 4_000)
    for index in range(20):
        (tmp_path / f"f{index}.yaml").write_text(CONFIGMAP % f"c{index}")

    def no_fork(*args, **kwargs):
        raise AssertionError("a worker was started for a small input")

    monkeypatch.setattr(linter_module, "ForkPool", no_fork)
    report = Linter(make_config([]), jobs=2).lint_paths([str(tmp_path)])
    assert report.files == 20


def test_findings_are_the_same_when_every_file_drops_its_yaml_nodes(monkeypatch):
    """Past NODE_BUDGET_BYTES (or LARGE_FILE_BYTES) a file keeps no YAML nodes, and is parsed again where a
    position is needed (findings, suppressions, fixes): every finding must stay exactly where it was."""
    from k8slint import linter as linter_module
    from k8slint.linter import Linter
    from tests.helpers import FIXTURES

    config = make_config([])
    kept = Linter(config).lint_paths([str(FIXTURES)]).findings
    monkeypatch.setattr(linter_module, "NODE_BUDGET_BYTES", 0)
    dropped = Linter(config).lint_paths([str(FIXTURES)]).findings
    assert len(kept) > 500
    assert dropped == kept


def test_reading_children_keep_no_nodes_of_an_input_far_past_the_budget(monkeypatch):
    """Past CHILDREN_KEEP_NODES_UP_TO_BYTES reading children keep no YAML nodes, and are closed once they
    have read (their memory goes to the whole-set phase): every position is then parsed again in this
    process, and every finding stays where it was."""
    from k8slint import linter as linter_module
    from k8slint.linter import Linter
    from tests.helpers import FIXTURES

    monkeypatch.setattr(linter_module, "PARALLEL_READ_BYTES", 0)
    config = make_config([])
    files = [str(path) for path in sorted(FIXTURES.glob("*.yaml"))[:80]]
    alone = Linter(config).lint_paths(files).findings
    within = Linter(config, jobs=2)
    assert within.lint_paths(files).findings == alone
    assert not within._released  # the children kept every file's nodes, and were asked for positions
    monkeypatch.setattr(linter_module, "CHILDREN_KEEP_NODES_UP_TO_BYTES", 0)
    far = Linter(config, jobs=2)
    assert far.lint_paths(files).findings == alone
    assert len(alone) > 100 and far._released >= set(files) and far._readers is None


def _requests_to_children(monkeypatch) -> list[str]:
    """The kind of each request this process will send its forked children, in order."""
    from k8slint.scheduler import ForkPool

    asked: list[str] = []
    ask, ask_each = ForkPool.ask, ForkPool.ask_each
    monkeypatch.setattr(ForkPool, "ask", lambda pool, child, request: asked.append(request[0]) or ask(pool, child, request))
    monkeypatch.setattr(
        ForkPool, "ask_each", lambda pool, requests: asked.extend(r[0] for r in requests.values()) or ask_each(pool, requests)
    )
    return asked


def test_whole_set_findings_ask_each_reading_child_for_their_spans_in_one_message(monkeypatch):
    """The positions of whole-set findings in files that reading children hold come from one message a
    child, answered side by side, not a round trip a position; every one stays where it was."""
    from k8slint import linter as linter_module
    from k8slint.linter import Linter
    from tests.helpers import FIXTURES

    monkeypatch.setattr(linter_module, "PARALLEL_READ_BYTES", 0)
    config = make_config([])
    files = [str(path) for path in sorted(FIXTURES.glob("*.yaml"))]
    alone = Linter(config).lint_paths(files).findings
    asked = _requests_to_children(monkeypatch)
    assert Linter(config, jobs=2).lint_paths(files).findings == alone
    assert asked.count("spans") == 2 and "span" not in asked


@pytest.mark.parametrize("scope", ["file", "directory"])
def test_a_reading_child_checks_the_apply_sets_it_read_whole(scope, tmp_path, monkeypatch):
    """A chunk that holds every file of an apply set: its reading child runs the set's whole-set rules
    where the set's YAML nodes are, and this process neither checks the set nor asks where its findings
    are; every finding stays exactly what one process finds (sets of one file each, and of the fixtures
    dealt into 16 directories)."""
    import shutil

    from k8slint import linter as linter_module
    from k8slint.linter import Linter
    from tests.helpers import FIXTURES

    monkeypatch.setattr(linter_module, "PARALLEL_READ_BYTES", 0)
    config = make_config([], {"applySets": {"scope": scope}})
    files = [str(path) for path in sorted(FIXTURES.glob("*.yaml"))]
    if scope == "directory":
        dealt = [str(tmp_path / f"{index % 16:02}" / os.path.basename(file)) for index, file in enumerate(files)]
        for file, copy in zip(files, dealt):
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            shutil.copyfile(file, copy)
        files = sorted(dealt)
    alone = Linter(config).lint_paths(files).findings
    asked = _requests_to_children(monkeypatch)
    checked_here: list[int] = []
    whole_set_problems = Linter._whole_set_problems
    monkeypatch.setattr(
        Linter, "_whole_set_problems", lambda linter, sets, seconds: checked_here.append(len(sets)) or whole_set_problems(linter, sets, seconds)
    )
    forked = Linter(config, jobs=2)
    assert forked.lint_paths(files).findings == alone
    assert len(forked._sets_read_whole) == len(forked._layout.apply_sets) == (len(files) if scope == "file" else 16)
    assert checked_here == [0] and "spans" not in asked and "span" not in asked
    whole_set_rules = {rule.rule.name for rule in forked.whole_set}
    assert sum(finding.name in whole_set_rules for finding in alone) > 100


def test_a_reading_child_orders_a_sets_objects_across_its_files_as_one_process_does(tmp_path, monkeypatch):
    """Rules that name "the first other" object (selector-overlap) order a set's objects by their place
    in the input: a reading child numbers the objects of its files across them, not from 0 in each."""
    from k8slint import linter as linter_module
    from k8slint.linter import Linter

    monkeypatch.setattr(linter_module, "PARALLEL_READ_BYTES", 0)
    controller = (
        "apiVersion: {api}\nkind: {kind}\nmetadata: {{name: {name}}}\nspec:\n  selector: {selector}\n"
        "  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: \"nginx:1.27\"}}]}}\n"
    )
    team = tmp_path / "team"
    team.mkdir()
    for name in ("01-legacy", "02-legacy-canary"):
        (team / f"{name}.yaml").write_text(controller.format(api="v1", kind="ReplicationController", name=name[3:], selector="{app: web}"))
    # Last in the input, though rules are given Deployments before ReplicationControllers.
    (team / "03-deployment.yaml").write_text(controller.format(api="apps/v1", kind="Deployment", name="web", selector="{matchLabels: {app: web}}"))
    for index in range(40):  # other apply sets, so that the team's is a small part of the input, read whole
        (tmp_path / f"other-{index:02}").mkdir()
        (tmp_path / f"other-{index:02}" / "settings.yaml").write_text(f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings-{index}}}\ndata: {{a: '{'x' * 200}'}}\n")
    config = make_config(["selector-overlap"], {"applySets": {"scope": "directory"}})
    alone = Linter(config).lint_paths([str(tmp_path)]).findings
    forked = Linter(config, jobs=2)
    assert forked.lint_paths([str(tmp_path)]).findings == alone
    assert len(forked._sets_read_whole) == len(forked._layout.apply_sets) == 41
    assert [(finding.file.rsplit("/", 1)[1], finding.message.split(":")[0]) for finding in alone] == [
        ("01-legacy.yaml", "selector overlaps with ReplicationController/legacy-canary"),
        ("02-legacy-canary.yaml", "selector overlaps with ReplicationController/legacy"),
        ("03-deployment.yaml", "selector overlaps with ReplicationController/legacy"),
    ]


def test_chunks_never_cut_through_apply_sets_that_share_a_file_and_give_them_to_one_child():
    from k8slint.layout import Layout
    from k8slint.linter import Linter

    linter = Linter(make_config([]), jobs=2)
    files = [f"f{index}.yaml" for index in range(12)]
    linter._layout = Layout(
        apply_sets=[
            ("kustomization a", ["f0.yaml", "f1.yaml", "f2.yaml"]),
            ("kustomization b", ["f2.yaml", "f3.yaml"]),  # shares f2.yaml with a
            *((f"file {file}", [file]) for file in files[4:11]),
            ("kustomization c", ["f11.yaml", "f0.yaml"]),  # shares f0.yaml with a, from the far end
        ]
    )
    sizes = [10] * 12
    chunks, sets_of_chunk = linter._chunks_keeping_apply_sets(files, sizes, 6, 1)
    assert chunks[0] == files  # a, b and c, joined by their files, span the input: no cut
    assert sets_of_chunk == [list(range(10))]
    chunks, sets_of_chunk = linter._chunks_keeping_apply_sets(files, sizes, 6, 2)
    assert [len(chunk) for chunk in chunks] == [2, 2, 2, 2, 2, 2]  # the group spans more than half: kept apart
    assert sets_of_chunk == [[], [], [2, 3], [4, 5], [6, 7], [8]]
    linter._layout.apply_sets.pop()  # without c, a and b span f0-f3: a third of the input
    chunks, sets_of_chunk = linter._chunks_keeping_apply_sets(files, sizes, 6, 2)
    assert chunks[0] == files[:4] and sets_of_chunk[0] == [0, 1]
    assert [len(chunk) for chunk in chunks[1:]] == [2, 2, 2, 2]


def test_a_pool_asks_each_child_at_once_and_leaves_out_one_that_is_gone():
    from k8slint.scheduler import ForkPool, can_fork

    if not can_fork():
        pytest.skip("this platform cannot fork")
    pool = ForkPool(lambda request: request * 2, 3)
    try:
        pool.processes[1].kill()
        pool.processes[1].join()
        assert pool.ask_each({0: 1, 1: 2, 2: 3}) == {0: 2, 2: 6}
    finally:
        pool.close()


def test_a_child_goes_on_with_the_tasks_it_holds_while_this_process_runs_one(tmp_path):
    """With `here`, this process runs tasks too and answers a child only between its own tasks: each
    child holds its next tasks, so that it is not idle while this process is busy (on 40,000 objects
    the whole-set rules were spread 1.6 s / 2.4 s between the two processes, and 1.9 s / 1.9 s so)."""
    import time

    from k8slint.scheduler import ForkPool, can_fork

    if not can_fork():
        pytest.skip("this platform cannot fork")
    done = tmp_path / "done"
    done.mkdir()

    def in_child(task: int) -> int:
        (done / str(task)).touch()
        return task * 2

    seen_while_busy: list[int] = []

    def here(task: int) -> int:
        deadline = time.monotonic() + 20  # only a bound on a failing run: the check is what the child did
        while len(list(done.iterdir())) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        seen_while_busy.append(len(list(done.iterdir())))
        return task * 2

    pool = ForkPool(in_child, 1)
    try:
        assert pool.map(list(range(8)), here=here) == [task * 2 for task in range(8)]
    finally:
        pool.close()
    assert seen_while_busy[0] >= 3  # the child did three tasks while this process ran its first


def test_the_tasks_a_child_held_when_it_died_run_here():
    from k8slint.scheduler import ForkPool, can_fork

    if not can_fork():
        pytest.skip("this platform cannot fork")

    def in_child(task: int) -> int:
        if task == 0:
            os._exit(1)
        return task * 2

    pool = ForkPool(in_child, 1)
    try:
        results = pool.map(list(range(6)), fallback=lambda task: -task, here=lambda task: task * 2)
    finally:
        pool.close()
    assert results[0] == 0 and results[1:] == [task * 2 if task > 2 else -task for task in range(1, 6)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_leaves_no_cycles_behind(monkeypatch, jobs):
    """The command line runs without the cyclic collector: what a cycle holds stays to the end of the run
    (a released file's documents and its reload hold each other, in the parent and in reading children)."""
    import gc

    from k8slint import linter as linter_module
    from k8slint.linter import Linter
    from tests.helpers import FIXTURES

    monkeypatch.setattr(linter_module, "NODE_BUDGET_BYTES", 0)
    monkeypatch.setattr(linter_module, "PARALLEL_READ_BYTES", 0)
    config = make_config([])
    files = [str(path) for path in sorted(FIXTURES.glob("*.yaml"))[:60]]
    Linter(config, jobs=jobs).lint_paths(files)  # imports and caches, once
    gc.collect()
    gc.disable()
    try:
        report = Linter(config, jobs=jobs).lint_paths(files)
        assert report.findings
        del report
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_reading_child_keeps_no_cycles_after_sending_its_files(monkeypatch, tmp_path):
    """What a reading child keeps after its reply (texts, nodes within its budget, places) has no cycle:
    the files it skipped and those whose nodes it dropped included, and the apply sets it checked."""
    import gc

    from k8slint import linter as linter_module
    from k8slint.layout import plan
    from k8slint.linter import Linter
    from tests.helpers import FIXTURES

    monkeypatch.setattr(linter_module, "NODE_BUDGET_BYTES", 0)
    skipped = tmp_path / "skaffold.yaml"
    skipped.write_text("apiVersion: skaffold/v4beta6\nkind: Config\n---\napiVersion: skaffold/v4beta6\nkind: Config\n")
    files = [str(path) for path in sorted(FIXTURES.glob("*.yaml"))[:60]] + [str(skipped)]
    child = Linter(make_config([]), jobs=2)
    child._layout = plan(files, scope="file")  # each file an apply set, which the child checks

    def sets_of(chunk: list[str]) -> list[int]:
        return [index for index, (_, members) in enumerate(child._layout.apply_sets) if set(members) <= set(chunk)]

    assert len(sets_of(files[5:])) > 40
    child._serve_reader(("read", files[:5], sets_of(files[:5])))  # imports and caches, once
    gc.collect()
    gc.disable()
    try:
        assert child._serve_reader(("read", files[5:], sets_of(files[5:])))
        assert gc.collect() == 0
    finally:
        gc.enable()
