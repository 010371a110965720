"""The API Priority and Fairness library: built-in tables, validation, matching model, order and arithmetic."""

from __future__ import annotations

import copy

import pytest

from k8slint import apf
from k8slint.apf import builtins as apf_builtins
from k8slint.apf import (
    Subject,
    covers,
    evaluation_order,
    flowschema_errors,
    max_hand_size,
    may_overlap,
    parse_flowschema,
    prioritylevel_errors,
    required_entropy_bits,
    shadowed_by,
    squish_probability,
)

V1 = "flowcontrol.apiserver.k8s.io/v1"
V1BETA2 = "flowcontrol.apiserver.k8s.io/v1beta2"
V1BETA3 = "flowcontrol.apiserver.k8s.io/v1beta3"
LATEST = (1, 37)


# --- built-in tables ------------------------------------------------------------------------------------------


def _names(objects) -> list[str]:
    return [obj["metadata"]["name"] for obj in objects]


def test_builtin_flowschemas_at_head_in_matching_order():
    assert _names(apf_builtins.builtin_flowschemas(LATEST)) == [
        "exempt",
        "probes",
        "system-leader-election",
        "system-node-high",
        "system-nodes",
        "kube-controller-manager",
        "kube-scheduler",
        "kube-system-service-accounts",
        "service-accounts",
        "global-default",
        "catch-all",
    ]


def test_endpoint_and_workload_leader_election_only_from_1_24_to_1_33():
    for version, present in (((1, 23), False), ((1, 24), True), ((1, 33), True), ((1, 34), False)):
        names = _names(apf_builtins.builtin_flowschemas(version))
        assert ("endpoint-controller" in names) is present, version
        assert ("workload-leader-election" in names) is present, version


def test_probes_and_node_high_from_1_22():
    assert "probes" not in _names(apf_builtins.builtin_flowschemas((1, 21)))
    assert "system-node-high" not in _names(apf_builtins.builtin_flowschemas((1, 21)))
    assert "node-high" not in apf_builtins.builtin_prioritylevel_names((1, 21))
    assert "probes" in _names(apf_builtins.builtin_flowschemas((1, 22)))
    assert "node-high" in apf_builtins.builtin_prioritylevel_names((1, 22))


def test_system_leader_election_before_1_24_also_covers_endpoints_and_configmaps():
    (old,) = [fs for fs in apf_builtins.builtin_flowschemas((1, 23)) if fs["metadata"]["name"] == "system-leader-election"]
    (new,) = [fs for fs in apf_builtins.builtin_flowschemas((1, 24)) if fs["metadata"]["name"] == "system-leader-election"]
    assert [rule["resources"] for rule in old["spec"]["rules"][0]["resourceRules"]] == [["endpoints", "configmaps"], ["leases"]]
    assert [rule["resources"] for rule in new["spec"]["rules"][0]["resourceRules"]] == [["leases"]]


def test_builtin_precedences_and_levels():
    table = {
        fs["metadata"]["name"]: (fs["spec"]["matchingPrecedence"], fs["spec"]["priorityLevelConfiguration"]["name"])
        for fs in apf_builtins.builtin_flowschemas((1, 30))
    }
    assert table == {
        "exempt": (1, "exempt"),
        "probes": (2, "exempt"),
        "system-leader-election": (100, "leader-election"),
        "endpoint-controller": (150, "workload-high"),
        "workload-leader-election": (200, "leader-election"),
        "system-node-high": (400, "node-high"),
        "system-nodes": (500, "system"),
        "kube-controller-manager": (800, "workload-high"),
        "kube-scheduler": (800, "workload-high"),
        "kube-system-service-accounts": (900, "workload-high"),
        "service-accounts": (9000, "workload-low"),
        "global-default": (9900, "global-default"),
        "catch-all": (10000, "catch-all"),
    }


def _levels(version):
    return {pl["metadata"]["name"]: pl for pl in apf_builtins.builtin_prioritylevels(version)}


def test_builtin_prioritylevels_at_head():
    levels = _levels(LATEST)
    summary = {}
    for name, level in levels.items():
        limited = level["spec"].get("limited")
        if limited is None:
            summary[name] = (level["spec"]["type"], level["spec"]["exempt"])
            continue
        queuing = limited["limitResponse"].get("queuing")
        summary[name] = (
            limited["nominalConcurrencyShares"],
            limited["lendablePercent"],
            limited["limitResponse"]["type"],
            queuing and (queuing["queues"], queuing["handSize"], queuing["queueLengthLimit"]),
        )
    assert summary == {
        "exempt": ("Exempt", {"nominalConcurrencyShares": 0, "lendablePercent": 0}),
        "catch-all": (5, 0, "Reject", None),
        "system": (30, 33, "Queue", (64, 6, 50)),
        "node-high": (40, 25, "Queue", (64, 6, 50)),
        "leader-election": (10, 0, "Queue", (16, 4, 50)),
        "workload-high": (40, 50, "Queue", (128, 6, 50)),
        "workload-low": (100, 90, "Queue", (128, 6, 50)),
        "global-default": (20, 50, "Queue", (128, 6, 50)),
    }


def test_builtin_prioritylevels_follow_the_release():
    before_borrowing = _levels((1, 25))["workload-low"]["spec"]["limited"]
    assert "lendablePercent" not in before_borrowing
    assert before_borrowing["assuredConcurrencyShares"] == 100  # v1beta2 spelling
    assert _levels((1, 27))["exempt"]["spec"] == {"type": "Exempt"}
    assert _levels((1, 19))["global-default"]["spec"]["limited"]["assuredConcurrencyShares"] == 100


def test_builtin_objects_pass_their_own_release_validation():
    for version in ((1, 20), (1, 22), (1, 24), (1, 26), (1, 28), (1, 29), (1, 30), (1, 33), LATEST):
        api_version = apf_builtins.preferred_api_version(version)
        for fs in apf_builtins.builtin_flowschemas(version):
            assert flowschema_errors(fs, api_version) == [], (version, fs["metadata"]["name"])
        for pl in apf_builtins.builtin_prioritylevels(version):
            assert prioritylevel_errors(pl, api_version, version) == [], (version, pl["metadata"]["name"])


# --- shuffle-sharding arithmetic --------------------------------------------------------------------------------

# The whole table of https://kubernetes.io/docs/concepts/cluster-administration/flow-control/
# (HandSize, Queues, 1 elephant, 4 elephants, 16 elephants).
DOCS_TABLE = [
    (12, 32, 4.428838398950118e-09, 0.11431348830099144, 0.9935089607656024),
    (10, 32, 1.550093439632541e-08, 0.0626479840223545, 0.9753101519027554),
    (10, 64, 6.601827268370426e-12, 0.00045571320990370776, 0.49999929150089345),
    (9, 64, 3.6310049976037345e-11, 0.00045501212304112273, 0.4282314876454858),
    (8, 64, 2.25929199850899e-10, 0.0004886697053040446, 0.35935114681123076),
    (8, 128, 6.994461389026097e-13, 3.4055790161620863e-06, 0.02746173137155063),
    (7, 128, 1.0579122850901972e-11, 6.960839379258192e-06, 0.02406157386340147),
    (7, 256, 7.597695465552631e-14, 6.728547142019406e-08, 0.0006709661542533682),
    (6, 256, 2.7134626662687968e-12, 2.9516464018476436e-07, 0.0008895654642000348),
    (6, 512, 4.116062922897309e-14, 4.982983350480894e-09, 2.26025764343413e-05),
    (6, 1024, 6.337324016514285e-16, 8.09060164312957e-11, 4.517408062903668e-07),
]


@pytest.mark.parametrize(("hand_size", "queues", "one", "four", "sixteen"), DOCS_TABLE)
def test_squish_probability_reproduces_docs_table(hand_size, queues, one, four, sixteen):
    for elephants, expected in ((1, one), (4, four), (16, sixteen)):
        got = squish_probability(queues, hand_size, elephants)
        assert f"{got:.2e}" == f"{expected:.2e}"  # three significant digits, as the issue asks
        assert got == pytest.approx(expected, rel=1e-12)


def test_squish_probability_edge_cases():
    assert squish_probability(64, 8, 0) == 0.0
    assert squish_probability(1, 1, 1) == 1.0  # a single queue is shared by everyone
    assert squish_probability(64, 8, 1) == pytest.approx(1 / 4_426_165_368)
    assert f"{squish_probability(16, 4, 4):.3g}" == "0.194"  # the suggested leader-election level
    with pytest.raises(ValueError):
        squish_probability(4, 5, 1)


def test_required_entropy_bits_like_go():
    assert required_entropy_bits(64, 10) == 60
    assert required_entropy_bits(64, 11) == 66
    assert required_entropy_bits(16, 15) == 60
    assert required_entropy_bits(1, 1) == 0


@pytest.mark.parametrize(
    ("queues", "largest"),
    [(14, 14), (15, 15), (16, 15), (17, 14), (19, 14), (20, 13), (24, 13), (25, 12), (32, 12), (33, 11),
     (43, 11), (44, 10), (64, 10), (65, 9), (101, 9), (102, 8), (181, 8), (182, 7), (380, 7), (381, 6),
     (1024, 6), (1025, 5), (4096, 5), (4097, 4), (32768, 4), (32769, 3), (1048576, 3), (1048577, 2),
     (10_000_000, 2)],
)
def test_max_hand_size_table(queues, largest):
    assert max_hand_size(queues) == largest


# --- FlowSchema validation ------------------------------------------------------------------------------------


def flowschema(name="fs", **spec) -> dict:
    base = {
        "matchingPrecedence": 500,
        "priorityLevelConfiguration": {"name": "workload-low"},
        "rules": [
            {
                "subjects": [{"kind": "Group", "group": {"name": "devs"}}],
                "resourceRules": [{"verbs": ["get"], "apiGroups": [""], "resources": ["pods"], "namespaces": ["*"]}],
            }
        ],
    }
    base.update(spec)
    return {"apiVersion": V1, "kind": "FlowSchema", "metadata": {"name": name}, "spec": base}


def paths(errors) -> list:
    return [path for path, _ in errors]


def test_valid_flowschema_has_no_errors():
    assert flowschema_errors(flowschema(), V1) == []


def test_matching_precedence_bounds_and_defaulting():
    assert flowschema_errors(flowschema(matchingPrecedence=0), V1) == []  # 0 is defaulted to 1000
    assert flowschema_errors(flowschema(matchingPrecedence=None), V1) == []
    assert flowschema_errors(flowschema(matchingPrecedence=-3), V1) == [
        (("spec", "matchingPrecedence"), "Invalid value: -3: must be a positive value")
    ]
    assert flowschema_errors(flowschema(matchingPrecedence=10001), V1) == [
        (("spec", "matchingPrecedence"), "Invalid value: 10001: must not be greater than 10000")
    ]
    assert flowschema_errors(flowschema(matchingPrecedence=1), V1) == [
        (("spec", "matchingPrecedence"), "Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1")
    ]


def test_distinguisher_and_priority_level_reference():
    errors = flowschema_errors(
        flowschema(distinguisherMethod={"type": "ByGroup"}, priorityLevelConfiguration={}), V1
    )
    assert errors == [
        (
            ("spec", "distinguisherMethod", "type"),
            'Unsupported value: "ByGroup": supported values: "ByNamespace", "ByUser"',
        ),
        (("spec", "priorityLevelConfiguration", "name"), "Required value: must reference a priority level"),
    ]
    assert paths(flowschema_errors(flowschema(priorityLevelConfiguration={"name": "Bad_Name"}), V1)) == [
        ("spec", "priorityLevelConfiguration", "name")
    ]


def test_rule_needs_subjects_and_some_rules():
    errors = flowschema_errors(flowschema(rules=[{"subjects": []}]), V1)
    assert errors == [
        (("spec", "rules", 0, "subjects"), "Required value: subjects must contain at least one value"),
        (
            ("spec", "rules", 0),
            "Required value: at least one of resourceRules and nonResourceRules has to be non-empty",
        ),
    ]


def _rule(subjects=None, resource_rules=None, non_resource_rules=None) -> dict:
    rule: dict = {"subjects": subjects or [{"kind": "Group", "group": {"name": "devs"}}]}
    if resource_rules is not None:
        rule["resourceRules"] = resource_rules
    if non_resource_rules is not None:
        rule["nonResourceRules"] = non_resource_rules
    if resource_rules is None and non_resource_rules is None:
        rule["nonResourceRules"] = [{"verbs": ["get"], "nonResourceURLs": ["/healthz"]}]
    return rule


def test_subject_kind_and_member_mismatches():
    subjects = [
        {"kind": "User", "group": {"name": "x"}},
        {"kind": "ServiceAccount", "serviceAccount": {"name": "default"}},
        {"kind": "Robot", "user": {"name": "x"}},
        {"kind": "Group", "group": {"name": ""}},
        {"kind": "ServiceAccount", "serviceAccount": {"name": "*", "namespace": "*"}},
    ]
    errors = flowschema_errors(flowschema(rules=[_rule(subjects)]), V1)
    base = ("spec", "rules", 0, "subjects")
    assert errors == [
        ((*base, 0, "group"), "Forbidden: group is forbidden when subject kind is not 'Group'"),
        ((*base, 0, "user"), "Required value: user is required when subject kind is 'User'"),
        ((*base, 1, "serviceAccount", "namespace"), "Required value: must specify namespace for service account"),
        ((*base, 2, "kind"), 'Unsupported value: "Robot": supported values: "Group", "ServiceAccount", "User"'),
        ((*base, 3, "group", "name"), "Required value"),
        (
            (*base, 4, "serviceAccount", "namespace"),
            'Invalid value: "*": a lowercase RFC 1123 label must consist of lower case alphanumeric characters '
            "or '-', and must start and end with an alphanumeric character",
        ),
    ]


def test_resource_rule_lists():
    resource_rules = [
        {"verbs": ["get", "*"], "apiGroups": ["*", "apps"], "resources": [], "namespaces": []},
        {"verbs": ["get", "fetch"], "apiGroups": [""], "resources": ["pods"], "namespaces": ["Default", "*x"]},
        {"verbs": ["*"], "apiGroups": [""], "resources": ["nodes"], "clusterScope": True},
        {"verbs": ["*"], "apiGroups": [""], "resources": ["pods"], "namespaces": ["*", "default"]},
    ]
    errors = flowschema_errors(flowschema(rules=[_rule(resource_rules=resource_rules)]), V1)
    base = ("spec", "rules", 0, "resourceRules")
    assert paths(errors) == [
        (*base, 0, "verbs"),
        (*base, 0, "apiGroups"),
        (*base, 0, "resources"),
        (*base, 0, "namespaces"),
        (*base, 1, "verbs", 1),
        (*base, 1, "namespaces", 0),
        (*base, 1, "namespaces", 1),
        (*base, 3, "namespaces"),
    ]
    messages = dict(errors)
    assert messages[(*base, 0, "verbs")] == "Invalid value: []string{\"get\", \"*\"}: if '*' is present, must not specify other verbs"
    assert messages[(*base, 1, "verbs", 1)].startswith('Unsupported value: "fetch": supported values: "create"')
    assert messages[(*base, 1, "namespaces", 0)].startswith("Invalid value: \"Default\": each member of this list must be '*' or a DNS-1123 label; ")
    assert messages[(*base, 0, "namespaces")] == (
        "Required value: resource rules that are not cluster scoped must supply at least one namespace"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("healthz", "must start with slash"),
        ("", "must not be empty"),
        ("/a b", "must not contain white-space"),
        ("/a//b", "must not contain double slash"),
        ("/apis/*/foo", "wildcard can only do suffix matching"),
        ("/apis*", "wildcard can only do suffix matching"),
        ("/a/*/*", "wildcard can only do suffix matching"),
    ],
)
def test_malformed_non_resource_urls(url, message):
    rule = _rule(non_resource_rules=[{"verbs": ["get"], "nonResourceURLs": [url]}])
    assert flowschema_errors(flowschema(rules=[rule]), V1) == [
        (("spec", "rules", 0, "nonResourceRules", 0, "nonResourceURLs", 0), f'Invalid value: "{url}": {message}')
    ]


@pytest.mark.parametrize("url", ["/", "/healthz", "/healthz/*", "/apis/", "/metrics"])
def test_well_formed_non_resource_urls(url):
    rule = _rule(non_resource_rules=[{"verbs": ["*"], "nonResourceURLs": [url]}])
    assert flowschema_errors(flowschema(rules=[rule]), V1) == []


def test_wildcard_url_must_be_alone():
    rule = _rule(non_resource_rules=[{"verbs": ["get"], "nonResourceURLs": ["*", "/healthz"]}])
    assert paths(flowschema_errors(flowschema(rules=[rule]), V1)) == [
        ("spec", "rules", 0, "nonResourceRules", 0, "nonResourceURLs")
    ]


def test_mandatory_flowschemas_must_equal_fixed_spec():
    catch_all = copy.deepcopy(apf_builtins.builtin_flowschemas(LATEST)[-1])
    assert flowschema_errors(catch_all, V1) == []
    catch_all["spec"]["rules"][0]["subjects"].reverse()  # Go compares slices in order
    assert flowschema_errors(catch_all, V1) == [(("spec",), "Invalid value: spec of 'catch-all' must equal the fixed value")]
    exempt = copy.deepcopy(apf_builtins.builtin_flowschemas(LATEST)[0])
    del exempt["spec"]["matchingPrecedence"]  # defaulted to 1000, which is not the fixed 1
    assert paths(flowschema_errors(exempt, V1)) == [("spec",)]


def test_mistyped_values_are_reported_not_raised():
    obj = flowschema(matchingPrecedence="high", rules=[{"subjects": "devs", "resourceRules": [3]}])
    errors = flowschema_errors(obj, V1)
    assert (("spec", "matchingPrecedence"), "cannot unmarshal string into Go value of type int32") in errors
    assert (("spec", "rules", 0, "subjects"), "cannot unmarshal string into Go value of type array") in errors
    assert flowschema_errors({"spec": [1]}, V1)[0][0] == ("spec",)
    assert flowschema_errors("not a mapping", V1) != []
    assert flowschema_errors(flowschema(), "flowcontrol.apiserver.k8s.io/v9")[0][0] == ("apiVersion",)


# kubernetes/kubernetes pkg/registry/flowcontrol/flowschema/strategy.go and
# pkg/registry/flowcontrol/prioritylevelconfiguration/strategy.go: PrepareForCreate resets `status`
# (`fl.Status = flowcontrol.FlowSchemaStatus{}`) and PrepareForUpdate copies the stored status back, before
# ValidateFlowSchema / ValidatePriorityLevelConfiguration run their status checks (validation_test.go
# TestValidateFlowSchemaStatus and TestValidatePriorityLevelConfigurationStatus only reach them through the
# status subresource, which manifests never write).
def test_status_conditions_are_reset_by_the_registry_and_never_validated():
    conditions = {"conditions": [{"type": "Dangling"}, {"type": "Dangling"}, {"status": "True"}]}
    schema = flowschema()
    schema["status"] = conditions
    assert flowschema_errors(schema, V1) == []
    priority = level()
    priority["status"] = conditions
    assert prioritylevel_errors(priority, V1, LATEST) == []


def test_status_of_the_wrong_type_still_fails_decoding():
    schema = flowschema()
    schema["status"] = {"conditions": [{"type": 3}]}
    assert flowschema_errors(schema, V1) == [
        (("status", "conditions", 0, "type"), "cannot unmarshal number into Go value of type string")
    ]
    priority = level()
    priority["status"] = "ready"
    assert prioritylevel_errors(priority, V1, LATEST) == [
        (("status",), "cannot unmarshal string into Go value of type struct")
    ]


# --- PriorityLevelConfiguration validation ----------------------------------------------------------------------


def level(name="pl", api_version=V1, **limited) -> dict:
    body = {
        "nominalConcurrencyShares": 10,
        "limitResponse": {"type": "Queue", "queuing": {"queues": 64, "handSize": 6, "queueLengthLimit": 50}},
    }
    body.update(limited)
    return {"apiVersion": api_version, "kind": "PriorityLevelConfiguration", "metadata": {"name": name},
            "spec": {"type": "Limited", "limited": body}}


def test_valid_level_has_no_errors():
    assert prioritylevel_errors(level(), V1, LATEST) == []


def test_type_exempt_if_and_only_if_name_exempt():
    exempt_named_other = {"metadata": {"name": "vip"}, "spec": {"type": "Exempt"}}
    assert prioritylevel_errors(exempt_named_other, V1, LATEST) == [
        (("spec", "type"), "Invalid value: \"Exempt\": type must be 'Exempt' if and only if name is 'exempt'")
    ]
    assert paths(prioritylevel_errors(level(name="exempt"), V1, LATEST)) == [("spec", "type")]


def test_limit_response_and_queuing():
    reject_with_queuing = level(limitResponse={"type": "Reject", "queuing": {"queues": 4}})
    assert prioritylevel_errors(reject_with_queuing, V1, LATEST) == [
        (
            ("spec", "limited", "limitResponse", "queuing"),
            "Forbidden: must be nil if limited.limitResponse.type is not Limited",
        )
    ]
    queue_without_queuing = level(limitResponse={"type": "Queue"})
    assert prioritylevel_errors(queue_without_queuing, V1, LATEST) == [
        (
            ("spec", "limited", "limitResponse", "queuing"),
            "Required value: must not be empty if limited.limitResponse.type is Limited",
        )
    ]
    assert paths(prioritylevel_errors(level(limitResponse={"type": "Drop"}), V1, LATEST)) == [
        ("spec", "limited", "limitResponse", "type")
    ]


def _queuing_errors(**queuing):
    return prioritylevel_errors(level(limitResponse={"type": "Queue", "queuing": queuing}), V1, LATEST)


def test_queuing_bounds_with_defaulting():
    assert _queuing_errors(queues=0, handSize=0, queueLengthLimit=0) == []  # 64 / 8 / 50
    base = ("spec", "limited", "limitResponse", "queuing")
    assert _queuing_errors(queues=4) == [((*base, "handSize"), "Invalid value: 8: should not be greater than queues (4)")]
    assert _queuing_errors(queues=-1, queueLengthLimit=-5) == [
        ((*base, "queueLengthLimit"), "Invalid value: -5: must be positive"),
        ((*base, "queues"), "Invalid value: -1: must be positive"),
        ((*base, "handSize"), "Invalid value: 8: should not be greater than queues (-1)"),
    ]
    assert _queuing_errors(queues=10_000_001, handSize=2) == [
        ((*base, "queues"), "Invalid value: 10000001: must not be greater than 10000000")
    ]
    assert _queuing_errors(queues=64, handSize=11) == [
        ((*base, "handSize"), "Invalid value: 11: required entropy bits of deckSize 64 and handSize 11 should not be greater than 60")
    ]
    assert _queuing_errors(queues=64, handSize=10) == []


def test_concurrency_share_bounds_per_release():
    zero = level(nominalConcurrencyShares=0)
    assert prioritylevel_errors(zero, V1, (1, 30)) == []
    assert prioritylevel_errors(zero, V1, (1, 29)) == [
        (("spec", "limited", "nominalConcurrencyShares"), "Invalid value: 0: must be positive")
    ]
    assert prioritylevel_errors(level(nominalConcurrencyShares=-1), V1, LATEST) == [
        (("spec", "limited", "nominalConcurrencyShares"), "Invalid value: -1: must be a non-negative integer")
    ]
    # v1beta3 defaults 0 to 30, unless the object asks to keep it.
    v1beta3_zero = level(api_version=V1BETA3, nominalConcurrencyShares=0)
    assert prioritylevel_errors(v1beta3_zero, V1BETA3, (1, 29)) == []
    v1beta3_zero["metadata"]["annotations"] = {apf.PRESERVE_ZERO_SHARES_ANNOTATION: ""}
    assert paths(prioritylevel_errors(v1beta3_zero, V1BETA3, (1, 29))) == [("spec", "limited", "nominalConcurrencyShares")]
    assert prioritylevel_errors(v1beta3_zero, V1BETA3, (1, 30)) == []


# pkg/apis/flowcontrol/validation/validation_test.go, TestPriorityLevelConfigurationValidation case
# "the roundtrip annotation is forbidden" (1.29 to 1.31 revisions, with PriorityLevelValidationOptions): the
# annotation may only reach the server through v1beta3, whose conversion strips it.
FORBIDDEN_ANNOTATION = (
    ("metadata", "annotations"),
    "Forbidden: annotation 'flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares' is forbidden",
)


@pytest.mark.parametrize("release", [(1, 29), (1, 30), (1, 31)])
def test_the_roundtrip_annotation_on_a_v1_priority_level_is_forbidden(release):
    annotated = level(nominalConcurrencyShares=42)
    annotated["metadata"]["annotations"] = {apf.PRESERVE_ZERO_SHARES_ANNOTATION: ""}
    assert prioritylevel_errors(annotated, V1, release) == [FORBIDDEN_ANNOTATION]


def test_the_roundtrip_annotation_is_stripped_by_v1beta3_and_unchecked_outside_1_29_to_1_31():
    annotated = level(api_version=V1BETA3, nominalConcurrencyShares=42)
    annotated["metadata"]["annotations"] = {apf.PRESERVE_ZERO_SHARES_ANNOTATION: ""}
    assert prioritylevel_errors(annotated, V1BETA3, (1, 30)) == []
    annotated["apiVersion"] = V1
    assert prioritylevel_errors(annotated, V1, (1, 28)) == []
    assert prioritylevel_errors(annotated, V1, (1, 32)) == []


def test_the_roundtrip_annotation_does_not_hide_other_errors():
    annotated = level(name="catch-all", nominalConcurrencyShares=42)
    annotated["metadata"]["annotations"] = {apf.PRESERVE_ZERO_SHARES_ANNOTATION: ""}
    errors = prioritylevel_errors(annotated, V1, (1, 30))
    assert errors[-1] == FORBIDDEN_ANNOTATION
    assert errors[0] == (("spec",), "Invalid value: spec of 'catch-all' must equal the fixed value")


def test_lendable_and_borrowing_percent():
    errors = prioritylevel_errors(level(lendablePercent=101, borrowingLimitPercent=-1), V1, LATEST)
    assert errors == [
        (("spec", "limited", "lendablePercent"), "Invalid value: 101: must be between 0 and 100, inclusive"),
        (("spec", "limited", "borrowingLimitPercent"), "Invalid value: -1: if specified, must be a non-negative integer"),
    ]
    assert prioritylevel_errors(level(lendablePercent=100, borrowingLimitPercent=300), V1, LATEST) == []


def test_field_names_of_each_version():
    old_spelling = level(api_version=V1BETA3, assuredConcurrencyShares=10)
    del old_spelling["spec"]["limited"]["nominalConcurrencyShares"]
    assert prioritylevel_errors(old_spelling, V1BETA3, (1, 27)) == [
        (
            ("spec", "limited", "assuredConcurrencyShares"),
            'unknown field "spec.limited.assuredConcurrencyShares" in flowcontrol.apiserver.k8s.io/v1beta3: '
            "this version names it nominalConcurrencyShares",
        )
    ]
    new_spelling = level(api_version=V1BETA2)
    assert paths(prioritylevel_errors(new_spelling, V1BETA2, (1, 25))) == [("spec", "limited", "nominalConcurrencyShares")]
    borrowing_too_early = level(api_version=V1BETA2, lendablePercent=10)
    borrowing_too_early["spec"]["limited"]["assuredConcurrencyShares"] = borrowing_too_early["spec"]["limited"].pop(
        "nominalConcurrencyShares"
    )
    assert paths(prioritylevel_errors(borrowing_too_early, V1BETA2, (1, 25))) == [("spec", "limited", "lendablePercent")]
    assert prioritylevel_errors(borrowing_too_early, V1BETA2, (1, 26)) == []


def test_exempt_and_limited_sections():
    exempt = {"metadata": {"name": "exempt"}, "spec": {"type": "Exempt", "exempt": {"nominalConcurrencyShares": 10, "lendablePercent": 50}}}
    assert prioritylevel_errors(exempt, V1, LATEST) == []  # admins may tune spec.exempt
    exempt["spec"]["exempt"]["lendablePercent"] = 150
    assert paths(prioritylevel_errors(exempt, V1, LATEST)) == [("spec", "exempt", "lendablePercent")]
    assert paths(prioritylevel_errors(exempt, V1BETA3, (1, 27))) == [("spec", "exempt")]
    with_limited = {"metadata": {"name": "exempt"}, "spec": {"type": "Exempt", "limited": {}}}
    assert prioritylevel_errors(with_limited, V1, LATEST) == [
        (("spec", "limited"), "Forbidden: must be nil if the type is not Limited")
    ]
    limited_with_exempt = level()
    limited_with_exempt["spec"]["exempt"] = {}
    assert prioritylevel_errors(limited_with_exempt, V1, LATEST) == [
        (("spec", "exempt"), "Forbidden: must be nil if the type is Limited")
    ]
    assert prioritylevel_errors({"metadata": {"name": "x"}, "spec": {"type": "Limited"}}, V1, LATEST) == [
        (("spec", "limited"), "Required value: must not be empty when type is Limited")
    ]


def test_mandatory_catch_all_level_must_equal_fixed_spec():
    catch_all = copy.deepcopy(_levels(LATEST)["catch-all"])
    assert prioritylevel_errors(catch_all, V1, LATEST) == []
    del catch_all["spec"]["limited"]["lendablePercent"]  # defaulted to 0: still equal
    assert prioritylevel_errors(catch_all, V1, LATEST) == []
    catch_all["spec"]["limited"]["nominalConcurrencyShares"] = 50
    assert prioritylevel_errors(catch_all, V1, LATEST) == [
        (("spec",), "Invalid value: spec of 'catch-all' must equal the fixed value")
    ]


def test_mistyped_level_values_are_reported_not_raised():
    obj = level(nominalConcurrencyShares="lots", limitResponse={"type": "Queue", "queuing": {"queues": [64]}})
    assert paths(prioritylevel_errors(obj, V1, LATEST)) == [
        ("spec", "limited", "nominalConcurrencyShares"),
        ("spec", "limited", "limitResponse", "queuing", "queues"),
    ]
    assert prioritylevel_errors({"spec": "x"}, V1, LATEST)[0][0] == ("spec",)


# --- the matching model -------------------------------------------------------------------------------------------


def rule(*subjects, resources=None, urls=None) -> apf.PolicyRule:
    """A policy rule from short specs: subjects "group:x", "user:x", "sa:ns/name"; resources as dicts."""
    subject_dicts = []
    for subject in subjects:
        kind, _, name = subject.partition(":")
        if kind == "sa":
            namespace, _, sa_name = name.partition("/")
            subject_dicts.append({"kind": "ServiceAccount", "serviceAccount": {"namespace": namespace, "name": sa_name}})
        else:
            subject_dicts.append({"kind": kind.title(), kind: {"name": name}})
    raw = {"subjects": subject_dicts, "resourceRules": resources or [], "nonResourceRules": urls or []}
    return parse_flowschema({"spec": {"rules": [raw]}}).rules[0]


def res(verbs=("*",), groups=("*",), resources=("*",), namespaces=("*",), cluster=False) -> dict:
    return {"verbs": list(verbs), "apiGroups": list(groups), "resources": list(resources),
            "namespaces": list(namespaces), "clusterScope": cluster}


def nonres(*urls, verbs=("*",)) -> dict:
    return {"verbs": list(verbs), "nonResourceURLs": list(urls)}


EVERYTHING = dict(resources=[res(cluster=True)], urls=[nonres("*")])


def test_everyone_is_covered_by_authenticated_plus_unauthenticated():
    everyone = rule("group:system:authenticated", "group:system:unauthenticated", **EVERYTHING)
    for subject in ("user:alice", "group:devs", "sa:default/builder", "user:system:anonymous", "group:*"):
        assert covers(everyone, rule(subject, **EVERYTHING)), subject
    only_authenticated = rule("group:system:authenticated", **EVERYTHING)
    assert covers(only_authenticated, rule("user:alice", **EVERYTHING))
    assert covers(only_authenticated, rule("sa:kube-system/*", **EVERYTHING))
    assert not covers(only_authenticated, rule("user:system:anonymous", **EVERYTHING))
    assert covers(only_authenticated, rule("group:devs", **EVERYTHING))  # groups come from authenticators
    assert not covers(only_authenticated, rule("group:system:unauthenticated", **EVERYTHING))
    assert not covers(rule("group:devs", **EVERYTHING), rule("user:alice", **EVERYTHING))  # membership is unknowable
    assert not covers(rule("group:devs", **EVERYTHING), rule("group:ops", **EVERYTHING))
    assert not covers(only_authenticated, rule("user:*", **EVERYTHING))


def test_service_account_subjects():
    a_namespace = rule("sa:team-a/*", **EVERYTHING)
    assert covers(a_namespace, rule("sa:team-a/builder", **EVERYTHING))
    assert covers(a_namespace, rule("user:system:serviceaccount:team-a:builder", **EVERYTHING))
    assert not covers(a_namespace, rule("sa:team-b/builder", **EVERYTHING))
    assert not covers(rule("sa:team-a/builder", **EVERYTHING), a_namespace)
    assert covers(rule("group:system:serviceaccounts", **EVERYTHING), a_namespace)
    assert covers(rule("group:system:serviceaccounts:team-a", **EVERYTHING), rule("sa:team-a/x", **EVERYTHING))
    assert not covers(rule("group:system:serviceaccounts:team-a", **EVERYTHING), rule("sa:team-b/x", **EVERYTHING))


def test_wildcards_in_resource_rules():
    broad = rule("group:devs", resources=[res(verbs=["*"], groups=["*"], resources=["*"], namespaces=["*"])])
    narrow = rule("group:devs", resources=[res(verbs=["get", "list"], groups=["apps"], resources=["deployments"], namespaces=["team-a"])])
    assert covers(broad, narrow)
    assert not covers(narrow, broad)
    some_verbs = rule("group:devs", resources=[res(verbs=["get", "list", "watch"])])
    assert not covers(some_verbs, rule("group:devs", resources=[res(verbs=["*"])]))  # "*" only under "*"
    assert covers(some_verbs, rule("group:devs", resources=[res(verbs=["list"])]))


def test_subresources_are_separate():
    pods = rule("group:devs", resources=[res(resources=["pods"])])
    assert not covers(pods, rule("group:devs", resources=[res(resources=["pods/log"])]))
    assert covers(rule("group:devs", resources=[res(resources=["*"])]), rule("group:devs", resources=[res(resources=["pods/log"])]))
    assert not may_overlap(pods, rule("group:devs", resources=[res(resources=["pods/log"])]))


def test_cluster_scope_versus_namespaces():
    namespaced_everywhere = rule("group:devs", resources=[res(namespaces=["*"], cluster=False)])
    cluster_too = rule("group:devs", resources=[res(namespaces=["*"], cluster=True)])
    cluster_only = rule("group:devs", resources=[res(namespaces=[], cluster=True)])
    assert not covers(namespaced_everywhere, cluster_too)  # "*" never matches namespace-less requests
    assert not covers(namespaced_everywhere, cluster_only)
    assert not may_overlap(namespaced_everywhere, cluster_only)
    assert covers(cluster_too, cluster_only)
    assert covers(cluster_too, namespaced_everywhere)
    one_namespace = rule("group:devs", resources=[res(namespaces=["team-a"])])
    assert covers(namespaced_everywhere, one_namespace)
    assert not covers(one_namespace, namespaced_everywhere)


def test_union_of_resource_rules_covers():
    split = rule("group:devs", resources=[res(verbs=["get"]), res(verbs=["list"])])
    assert covers(split, rule("group:devs", resources=[res(verbs=["get", "list"])]))
    assert not covers(split, rule("group:devs", resources=[res(verbs=["get", "watch"])]))


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("/healthz", "/healthz", True),
        ("/healthz", "/healthz/etcd", True),
        ("/healthz", "/healthz/*", True),
        ("/healthz/*", "/healthz/etcd", True),
        ("/healthz/*", "/healthz", False),  # the prefix form needs something after the slash
        ("/", "/anything/at/all", True),
        ("/", "*", True),
        ("*", "/", True),
        ("/hea", "/healthz", False),
        ("/healthz/etcd", "/healthz", False),
        ("/apis/", "/apis/*", True),
    ],
)
def test_non_resource_url_cover(earlier, later, expected):
    assert covers(rule("group:devs", urls=[nonres(earlier)]), rule("group:devs", urls=[nonres(later)])) is expected


def test_non_resource_verbs():
    get_only = rule("group:devs", urls=[nonres("*", verbs=["get"])])
    assert not covers(get_only, rule("group:devs", urls=[nonres("/healthz", verbs=["*"])]))
    assert covers(rule("group:devs", urls=[nonres("*")]), rule("group:devs", urls=[nonres("/healthz", verbs=["get"])]))


def test_resource_rules_never_cover_non_resource_requests():
    resources_only = rule("group:devs", resources=[res(cluster=True)])
    assert not covers(resources_only, rule("group:devs", urls=[nonres("/metrics")]))
    assert not may_overlap(resources_only, rule("group:devs", urls=[nonres("*")]))


def test_may_overlap_is_false_only_when_disjoint_for_certain():
    pods = dict(resources=[res(resources=["pods"])])
    assert may_overlap(rule("group:devs", **pods), rule("group:ops", **pods))  # one user may be in both
    assert may_overlap(rule("user:alice", **pods), rule("group:devs", **pods))
    assert not may_overlap(rule("user:alice", **pods), rule("user:bob", **pods))
    assert not may_overlap(rule("sa:a/x", **pods), rule("sa:b/*", **pods))
    assert not may_overlap(rule("user:alice", **pods), rule("group:system:unauthenticated", **pods))
    assert not may_overlap(rule("group:system:authenticated", **pods), rule("user:system:anonymous", **pods))
    assert may_overlap(rule("group:devs", **pods), rule("group:devs", resources=[res(resources=["*"])]))
    assert not may_overlap(rule("group:devs", **pods), rule("group:devs", resources=[res(resources=["secrets"])]))
    assert may_overlap(rule("group:devs", urls=[nonres("/healthz")]), rule("group:devs", urls=[nonres("/healthz/*")]))
    assert not may_overlap(rule("group:devs", urls=[nonres("/livez")]), rule("group:devs", urls=[nonres("/healthz")]))


# --- schemas: shadowing and evaluation order -----------------------------------------------------------------------


BUILTIN_LEVELS = apf_builtins.builtin_prioritylevel_names(LATEST)


def schema(name, precedence, *rules_, level="workload-low") -> apf.FlowSchema:
    return apf.FlowSchema(name=name, precedence=precedence, level=level, distinguisher=None, rules=tuple(rules_))


def test_user_schema_after_global_default_never_matches():
    order = evaluation_order([schema("late", 9950, rule("group:devs", **EVERYTHING))], BUILTIN_LEVELS, apf.builtin_models(LATEST))
    late = next(fs for fs in order if fs.name == "late")
    earlier = order[: order.index(late)]
    assert [fs.name for fs in shadowed_by(late, earlier)] == ["global-default"]


def test_schema_before_global_default_is_reachable():
    order = evaluation_order([schema("early", 5000, rule("group:devs", **EVERYTHING))], BUILTIN_LEVELS, apf.builtin_models(LATEST))
    early = next(fs for fs in order if fs.name == "early")
    assert shadowed_by(early, order[: order.index(early)]) is None


def test_ties_are_broken_by_name_byte_order():
    a = schema("b-second", 300, rule("group:devs", resources=[res(resources=["pods"])]))
    b = schema("a-first", 300, rule("group:devs", resources=[res(resources=["*"])]))
    upper = schema("Z-upper", 300, rule("group:devs", resources=[res(resources=["pods"])]))
    order = [fs.name for fs in evaluation_order([a, b, upper], ["workload-low"])]
    assert order == ["exempt", "Z-upper", "a-first", "b-second", "catch-all"]  # "Z" < "a" in bytes
    assert [fs.name for fs in shadowed_by(a, [upper, b])] == ["Z-upper"]


def test_dangling_schemas_are_dropped_and_builtins_overridden_by_name():
    dangling = schema("lost", 100, rule("group:devs", **EVERYTHING), level="missing")
    override = schema("global-default", 9900, rule("group:devs", **EVERYTHING), level="workload-low")
    order = evaluation_order([dangling, override], ["workload-low", "global-default"], apf.builtin_models(LATEST))
    names = [fs.name for fs in order]
    assert "lost" not in names
    (global_default,) = [fs for fs in order if fs.name == "global-default"]
    assert global_default is override and not global_default.builtin


def test_mandatory_schemas_are_always_in_effect():
    names = [fs.name for fs in evaluation_order([], [])]
    assert names == ["exempt", "catch-all"]


def test_shadowed_by_union_of_earlier_schemas():
    reads = schema("reads", 100, rule("group:devs", resources=[res(verbs=["get", "list", "watch"])]))
    writes = schema("writes", 200, rule("group:devs", resources=[res(verbs=["create", "update", "patch", "delete"])]))
    late = schema("late", 300, rule("group:devs", resources=[res(verbs=["get", "create"])]))
    assert [fs.name for fs in shadowed_by(late, [reads, writes])] == ["reads", "writes"]
    partly = schema("partly", 300, rule("group:devs", resources=[res(verbs=["get", "deletecollection"])]))
    assert shadowed_by(partly, [reads, writes]) is None


def test_schema_matching_nothing_is_not_shadowed():
    empty = schema("empty", 9999)
    assert shadowed_by(empty, apf.builtin_models(LATEST)) is None


def test_captures_from_builtin():
    nodes = schema("my-nodes", 300, rule("group:system:nodes", **EVERYTHING))
    (system_nodes,) = [fs for fs in apf.builtin_models(LATEST) if fs.name == "system-nodes"]
    assert apf.captures_from(nodes, system_nodes) == [Subject("Group", "system:nodes")]
    devs = schema("devs", 300, rule("group:devs", **EVERYTHING))
    assert apf.captures_from(devs, system_nodes) == []


def test_parse_flowschema_never_raises():
    for junk in (None, [], {"spec": None}, {"spec": {"rules": "x"}}, {"spec": {"rules": [{"subjects": [None, 3]}]}}):
        model = parse_flowschema(junk)
        assert model.precedence == apf.DEFAULT_MATCHING_PRECEDENCE
