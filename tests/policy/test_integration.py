"""User policies as rules of a run: `policies:` and --policy, `k8slint lint`, `rules`, `explain`, SARIF,
selection, suppressions, broken policies, and `k8slint test` on examples/policies (run in CI here)."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from k8slint import registry
from k8slint.cli import main
from k8slint.config import load_config
from k8slint.linter import Linter
from k8slint.policy.fixtures import expected_markers

pytestmark = pytest.mark.needs_cel
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
# policy file stem -> the rule name it defines (the Kubernetes docs' VAP is named demo-policy.example.com)
EXAMPLE_RULES = {
    "registry-allowlist": "registry-allowlist",
    "resource-bounds": "resource-bounds",
    "critical-workload-has-pdb": "critical-workload-has-pdb",
    "demo-policy": "demo-policy.example.com",
    "no-host-path": "no-host-path",
}
POD = """apiVersion: v1
kind: Pod
metadata: {{name: web, namespace: prod}}
spec:
  containers:
    - name: web
      image: docker.io/nginx:1.27{suppression}
"""


def _findings(paths, policies, select=(), config_path=None):
    config = load_config(config_path, select=select, policies=[str(p) for p in policies])
    return config, Linter(config).lint_paths([str(p) for p in paths]).findings


@pytest.mark.parametrize("stem", EXAMPLE_RULES)
def test_lint_reports_each_example_on_its_marked_lines(stem):
    fixture = EXAMPLES / "tests" / f"{stem}.yaml"
    name = EXAMPLE_RULES[stem]
    _, findings = _findings([fixture], [EXAMPLES / f"{stem}.yaml"], select=[name])
    assert Counter((f.line, f.name) for f in findings) == expected_markers(fixture.read_text())


def test_a_policy_is_a_rule_with_its_metadata_in_sarif(tmp_path, capsys):
    (tmp_path / "pod.yaml").write_text(POD.format(suppression=""))
    code = main(["lint", str(tmp_path / "pod.yaml"), "--policy", str(EXAMPLES / "registry-allowlist.yaml"),
                 "--select", "registry-allowlist", "--format", "sarif", "-j", "1"])
    assert code == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    [rule] = run["tool"]["driver"]["rules"]
    assert rule["name"] == "registry-allowlist"
    assert rule["help"]["text"].startswith("Push the image to an approved registry")
    assert {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]} == {("registry-allowlist", 7)}


def test_config_policies_options_levels_selectors_and_suppressions(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "registry.yaml").write_text((EXAMPLES / "registry-allowlist.yaml").read_text())
    (tmp_path / ".k8slint.yaml").write_text(
        "policies: [policies]\n"
        "rules:\n"
        "  registry-allowlist: {level: warning, registries: [index.docker.io], exclude: ['team=platform']}\n"
    )
    (tmp_path / "pod.yaml").write_text(POD.format(suppression=""))
    _, findings = _findings([tmp_path / "pod.yaml"], [], select=["registry-allowlist"], config_path=tmp_path / ".k8slint.yaml")
    # Docker Hub (index.docker.io) is allowed by the configured option: only the digest assertion fails, at the configured level
    assert [(f.line, f.column, f.name, str(f.severity), f.message) for f in findings] == [
        (7, 14, "registry-allowlist", "warning", 'image "docker.io/nginx:1.27" is not pinned by digest')]
    (tmp_path / "pod.yaml").write_text(POD.format(suppression="").replace("namespace: prod}", "namespace: prod, labels: {team: platform}}"))
    _, findings = _findings([tmp_path / "pod.yaml"], [], select=["registry-allowlist"], config_path=tmp_path / ".k8slint.yaml")
    assert findings == []  # excluded by the configured selector
    (tmp_path / "pod.yaml").write_text(POD.format(suppression="  # k8slint: disable-line=registry-allowlist"))
    _, findings = _findings([tmp_path / "pod.yaml"], [], select=["registry-allowlist", "unused-suppression"],
                            config_path=tmp_path / ".k8slint.yaml")
    assert findings == []


def test_a_policy_option_of_the_wrong_type_is_a_positioned_config_error(tmp_path):
    from k8slint.config import ConfigError

    (tmp_path / ".k8slint.yaml").write_text(f"policies: [{EXAMPLES / 'registry-allowlist.yaml'}]\n"
                                            "rules:\n  registry-allowlist: {registries: [1, 2]}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / ".k8slint.yaml")
    assert raised.value.messages() == [
        f"{tmp_path / '.k8slint.yaml'}:3:3: rules.registry-allowlist.registries: expected a list of strings, got [1, 2]"]


def test_ignore_by_name_turns_a_policy_off(tmp_path):
    (tmp_path / "pod.yaml").write_text(POD.format(suppression=""))
    config = load_config(None, ignore=["registry-allowlist"], policies=[str(EXAMPLES / "registry-allowlist.yaml")])
    assert "registry-allowlist" not in {entry.rule.name for entry in config.rules.values()}
    assert config.policy_errors == ()


def test_a_disabled_policy_runs_only_when_selected(tmp_path):
    text = (EXAMPLES / "registry-allowlist.yaml").read_text().replace("  severity: error\n", "  severity: error\n  enabled: false\n")
    (tmp_path / "p.yaml").write_text(text)
    assert "registry-allowlist" not in {e.rule.name for e in load_config(None, policies=[str(tmp_path / "p.yaml")]).rules.values()}
    selected = load_config(None, select=["registry-allowlist"], policies=[str(tmp_path / "p.yaml")])
    assert {e.rule.name for e in selected.rules.values()} >= {"registry-allowlist"}


def test_the_run_policies_do_not_leak_into_the_registry():
    config = load_config(None, policies=[str(EXAMPLES / "registry-allowlist.yaml")])
    assert registry.lookup("registry-allowlist") is None
    with registry.with_policies(config.policy_rules):
        assert registry.lookup("registry-allowlist").family == "policy"
    assert "registry-allowlist" not in {rule.name for rule in registry.known_rules()}


def test_rules_and_explain_list_policies(capsys):
    assert main(["rules", "--policy", str(EXAMPLES)]) == 0
    listed = capsys.readouterr().out
    assert "registry-allowlist" in listed and "demo-policy.example.com" in listed
    assert main(["explain", "registry-allowlist", "--policy", str(EXAMPLES / "registry-allowlist.yaml")]) == 0
    explained = capsys.readouterr().out
    assert explained.startswith("# registry-allowlist (registry-allowlist)")
    assert "- `registries` (list): ['registry.example.com', 'ghcr.io/example']" in explained


BROKEN = {
    "bad schema": ("    - schema: {type: objekt}\n", 11, 22),
    "CEL syntax error": ("    - expr: \"object.spec.containers.all(c, c.name\"\n", 11, 50),  # at the end of the text
    "unknown kind": ("    - expr: \"true\"\n", 8, 13),
    "wrong type": ("    - expr: \"object.metadata.name + 1\"\n", 11, 13),
}
BROKEN_HEAD = """apiVersion: k8slint.io/v1alpha1
kind: Policy
metadata: {name: broken}
spec:
  severity: error
  summary: a broken policy
  match:
    kinds: [KIND]
  target: object
  assert:
"""


def _broken_policy(case):
    if case == "unknown kind":
        return BROKEN_HEAD.replace("KIND", "Deploymint") + BROKEN[case][0]
    return BROKEN_HEAD.replace("KIND", "Pod") + BROKEN[case][0]


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_policy_is_one_positioned_message_and_exit_2_and_the_others_run(case, tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text(_broken_policy(case))
    (tmp_path / "pod.yaml").write_text(POD.format(suppression=""))
    code = main(["lint", str(tmp_path / "pod.yaml"), "--policy", str(tmp_path / "broken.yaml"),
                 "--policy", str(EXAMPLES / "registry-allowlist.yaml"), "--select", "registry-allowlist",
                 "--format", "concise", "-j", "1"])
    out, err = capsys.readouterr()
    assert code == 2
    [message] = err.splitlines()
    assert message.startswith(f"k8slint: policy error: {tmp_path / 'broken.yaml'}:")
    position = message.removeprefix(f"k8slint: policy error: {tmp_path / 'broken.yaml'}:").split(":")[:2]
    assert position == [str(BROKEN[case][1]), str(BROKEN[case][2])], message
    assert "Traceback" not in err
    assert out.count("registry-allowlist [registry-allowlist]") == 2  # the other policy still ran


def test_a_policy_cannot_take_a_built_in_name(tmp_path):
    (tmp_path / "p.yaml").write_text(BROKEN_HEAD.replace("broken", "invalid-label").replace("KIND", "Pod") + "    - expr: \"true\"\n")
    config = load_config(None, policies=[str(tmp_path / "p.yaml")])
    assert config.policy_errors == (f"{tmp_path / 'p.yaml'}:1:1: policy 'invalid-label': 'invalid-label' is a built-in rule; pick another",)
    assert config.policy_rules == ()


def test_k8slint_test_runs_the_examples(capsys):
    assert main(["test", str(EXAMPLES)]) == 0
    assert capsys.readouterr().out == "5 fixture(s), 5 policy(ies): every finding as expected\n"


def test_k8slint_test_reports_each_mismatch_with_file_and_line(tmp_path, capsys):
    fixture = tmp_path / "registry.yaml"
    fixture.write_text("# test-policy: registry-allowlist\n" + POD.format(suppression="").replace(
        "namespace: prod}", "namespace: prod}   # expect: registry-allowlist"))
    code = main(["test", str(fixture), "--policy", str(EXAMPLES / "registry-allowlist.yaml")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == [
        f"{fixture}:4: expected 1 more finding(s) of registry-allowlist, got none",
        f"{fixture}:8: unexpected finding of registry-allowlist: image \"docker.io/nginx:1.27\" is not from an approved "
        "registry; image \"docker.io/nginx:1.27\" is not pinned by digest",
        "1 fixture(s), 1 policy(ies): 3 mismatch(es)",
    ]


def test_a_run_without_policies_imports_no_policy_module():
    code = ("import sys, k8slint.api; k8slint.api.lint_text('apiVersion: v1\\nkind: Pod\\nmetadata: {name: a}\\n');"
            "print(sorted(m for m in sys.modules if m.startswith('k8slint.polic')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_a_policy_path_vap_also_in_the_input_reports_once(tmp_path):
    (tmp_path / "demo-policy.yaml").write_text((EXAMPLES / "demo-policy.yaml").read_text())
    (tmp_path / "manifests.yaml").write_text((EXAMPLES / "tests" / "demo-policy.yaml").read_text())
    expected = [(14, "admission-policy-denied",
                 'ValidatingAdmissionPolicy "demo-policy.example.com": failed expression: object.spec.replicas <= 5')]
    for policies in ([tmp_path / "demo-policy.yaml"], []):
        _, findings = _findings([tmp_path], policies, select=["demo-policy.example.com", "admission-policy-denied"]
                                if policies else ["admission-policy-denied"])
        assert [(f.line, f.name, f.message) for f in findings] == expected


def test_a_policy_document_in_the_input_is_not_an_unknown_kind():
    _, findings = _findings([EXAMPLES / "registry-allowlist.yaml"], [], select=["unknown-kind"])
    assert findings == []
