"""`k8slint apf order`: the effective FlowSchema evaluation order."""

import json

from k8slint.cli import main

FLOWS = """\
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata:
  name: batch
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 10
    limitResponse: {type: Reject}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: batch-jobs
spec:
  matchingPrecedence: 5000
  priorityLevelConfiguration: {name: batch}
  distinguisherMethod: {type: ByNamespace}
  rules:
    - subjects: [{kind: Group, group: {name: batch-runners}}]
      resourceRules: [{verbs: ["*"], apiGroups: ["batch"], resources: ["jobs"], namespaces: ["*"]}]
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: too-late
spec:
  matchingPrecedence: 9950
  priorityLevelConfiguration: {name: batch}
  rules:
    - subjects: [{kind: Group, group: {name: "system:authenticated"}}]
      nonResourceRules: [{verbs: ["*"], nonResourceURLs: ["*"]}]
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: lost
spec:
  matchingPrecedence: 100
  priorityLevelConfiguration: {name: nowhere}
  rules:
    - subjects: [{kind: Group, group: {name: devs}}]
      nonResourceRules: [{verbs: ["*"], nonResourceURLs: ["*"]}]
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata:
  name: broken
spec:
  matchingPrecedence: -1
  priorityLevelConfiguration: {name: batch}
"""


def _write(tmp_path, text=FLOWS):
    path = tmp_path / "flows.yaml"
    path.write_text(text)
    return path


def test_text_order_lists_user_and_builtin_schemas(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path)
    assert main(["apf", "order", "flows.yaml"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "FlowSchema evaluation order for Kubernetes 1.37 (built-in FlowSchemas included); the first match wins."
    table = [line.split() for line in lines[2 : lines.index("", 2)]]
    assert table[0] == ["#", "PRECEDENCE", "FLOWSCHEMA", "PRIORITY", "LEVEL", "DISTINGUISHER", "DEFINED", "AT"]
    names = [row[2] for row in table[1:]]
    assert names == [
        "exempt", "probes", "system-leader-election", "system-node-high", "system-nodes", "kube-controller-manager",
        "kube-scheduler", "kube-system-service-accounts", "batch-jobs", "service-accounts", "global-default",
        "too-late", "catch-all",
    ]
    assert table[9] == ["9", "5000", "batch-jobs", "batch", "ByNamespace", "flows.yaml:14"]
    assert table[11] == ["11", "9900", "global-default", "global-default", "ByUser", "built-in"]
    assert "  12. too-late never matches: every request it can match is matched first by global-default" in lines
    assert "  lost (flows.yaml:37): priority level \"nowhere\" does not exist, so the API server ignores it" in lines
    assert "  broken (flows.yaml:48): rejected by the API server's validation (see `k8slint lint`)" in lines


def test_json_order_without_builtins_for_an_older_release(tmp_path, capsys):
    path = _write(tmp_path)
    assert main(["apf", "order", "--format", "json", "--no-builtins", "--kubernetes-version", "1.25", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kubernetesVersion"] == "1.25"
    assert [(row["name"], row["precedence"], row["priorityLevel"], row["builtin"]) for row in data["order"]] == [
        ("exempt", 1, "exempt", True),
        ("batch-jobs", 5000, "batch", False),
        ("too-late", 9950, "batch", False),
        ("catch-all", 10000, "catch-all", True),
    ]
    assert data["order"][1]["line"] == 14 and data["order"][1]["file"] == str(path)
    assert data["order"][2]["shadowedBy"] == []  # only catch-all follows once the suggested schemas are left out
    assert [(entry["name"], entry["reason"]) for entry in data["notInEffect"]] == [("broken", "invalid"), ("lost", "dangling")]


def test_builtins_of_the_configured_release(tmp_path, capsys):
    path = _write(tmp_path, "")
    assert main(["apf", "order", "--format", "json", "--kubernetes-version", "1.30", str(path)]) == 0
    names = [row["name"] for row in json.loads(capsys.readouterr().out)["order"]]
    assert "endpoint-controller" in names and "workload-leader-election" in names


def test_later_object_with_the_same_name_replaces_the_earlier(tmp_path, capsys):
    text = FLOWS + "---\n" + FLOWS.split("---\n")[1].replace("matchingPrecedence: 5000", "matchingPrecedence: 4000")
    path = _write(tmp_path, text)
    assert main(["apf", "order", "--format", "json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    (batch,) = [row for row in data["order"] if row["name"] == "batch-jobs"]
    assert batch["precedence"] == 4000
    assert ("batch-jobs", "replaced") in [(entry["name"], entry["reason"]) for entry in data["notInEffect"]]


def test_usage_errors(tmp_path, capsys):
    assert main(["apf", "order", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    assert main(["apf", "order", "--kubernetes-version", "one", str(_write(tmp_path))]) == 2
    assert "configuration error" in capsys.readouterr().err
    assert main(["apf"]) == 2
