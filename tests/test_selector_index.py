"""The selector index and the overlap analysis, checked against brute force."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint.selector_index import Overlap, SelectorIndex, overlaps
from k8slint.selectors import EVERYTHING, NOTHING, Requirement, Selector, parse


def test_matching_returns_items_in_insertion_order():
    index = SelectorIndex(
        [
            (parse("app=a"), "plain"),
            (parse("app=a,tier in (x,y)"), "set"),
            (parse("!canary"), "negative"),
            (parse("tier"), "exists"),
            (EVERYTHING, "everything"),
            (NOTHING, "nothing"),
        ]
    )
    assert index.matching({"app": "a", "tier": "x"}) == ["plain", "set", "negative", "exists", "everything"]
    assert index.matching({"canary": "1"}) == ["everything"]
    assert index.matching({}) == ["negative", "everything"]
    assert len(index) == 5  # the NOTHING selector is dropped


def test_selectors_are_filed_under_their_rarest_pair():
    index = SelectorIndex((parse(f"app.kubernetes.io/part-of=shop,app=svc-{n}"), n) for n in range(1000))
    labels = {"app.kubernetes.io/part-of": "shop", "app": "svc-7"}
    assert len(index.candidates(labels)) == 1
    assert index.matching(labels) == [7]


def test_key_requiring_selectors_come_up_only_with_their_key():
    index = SelectorIndex([(parse("replicas>2"), "gt"), (parse("zone"), "exists"), (parse("x notin (a)"), "notin")])
    assert [item for _, item in index.candidates({"other": "1"})] == ["notin"]
    assert index.matching({"replicas": "3", "zone": "a"}) == ["gt", "exists", "notin"]
    assert index.matching({"replicas": "two"}) == ["notin"]


def test_in_requirement_with_repeated_values_is_found_once():
    selector = Selector([Requirement("x", "in", ("a", "a", "b"))])
    index = SelectorIndex([(selector, "only")])
    assert index.matching({"x": "a"}) == ["only"]
    assert index.matching({"x": "b"}) == ["only"]
    assert index.matching({"x": "c"}) == []


def test_adding_after_a_query_rebuilds():
    index: SelectorIndex[str] = SelectorIndex()
    index.add(parse("a=1"), "first")
    assert index.matching({"a": "1"}) == ["first"]
    index.add(parse("a=1,b=2"), "second")
    assert index.matching({"a": "1", "b": "2"}) == ["first", "second"]


def test_non_string_label_values_are_never_candidates_by_pair():
    index = SelectorIndex([(parse("a=1"), "x")])
    assert index.matching({"a": 1}) == []  # type: ignore[dict-item]


# --- overlaps -----------------------------------------------------------------------------------


def controller(selector: str, labels: dict, klass: str = "rs"):
    return parse(selector), labels, klass


def test_two_replicasets_selecting_app_nginx_overlap_both_ways():
    result = overlaps([controller("app=nginx", {"app": "nginx"}), controller("app=nginx", {"app": "nginx"})])
    assert result == [Overlap(first=1, count=1), Overlap(first=0, count=1)]


def test_guestbook_canary_deployments_do_not_overlap():
    stable = controller("app=guestbook,tier=frontend,track=stable", {"app": "guestbook", "tier": "frontend", "track": "stable"})
    canary = controller("app=guestbook,tier=frontend,track=canary", {"app": "guestbook", "tier": "frontend", "track": "canary"})
    assert overlaps([stable, canary]) == [None, None]


def test_one_way_claim_is_reported_on_both():
    broad = controller("app=web", {"app": "web", "track": "stable"})
    narrow = controller("app=web,track=canary", {"app": "web", "track": "canary"})
    # broad's selector matches narrow's Pods; narrow's does not match broad's: still a fight.
    assert overlaps([broad, narrow]) == [Overlap(1, 1), Overlap(0, 1)]


def test_copies_are_grouped_and_counted():
    copies = [controller("app=x", {"app": "x"}) for _ in range(4)]
    other = controller("app=y", {"app": "y"})
    assert overlaps([other, *copies]) == [None, Overlap(2, 3), Overlap(1, 3), Overlap(1, 3), Overlap(1, 3)]


def test_copies_whose_selector_misses_their_labels_do_not_overlap():
    copies = [controller("app=x", {"app": "other"}) for _ in range(3)]
    assert overlaps(copies) == [None, None, None]


def test_exempt_classes_never_overlap():
    deployment = controller("app=web", {"app": "web"}, "deployment")
    owned = controller("app=web,pod-template-hash=abc", {"app": "web", "pod-template-hash": "abc"}, "owned-rs")
    other_rs = controller("app=web", {"app": "web"}, "rs")
    result = overlaps([deployment, owned, other_rs], exempt=[("deployment", "owned-rs")])
    assert result == [Overlap(2, 1), Overlap(2, 1), Overlap(0, 2)]


def test_empty_selector_claims_everything_and_nothing_claims_nothing():
    result = overlaps([controller("", {"a": "1"}), controller("b=2", {"b": "2"}), (NOTHING, {"b": "2"}, "rs")])
    # the third claims nothing, but the first two claim its Pods
    assert result == [Overlap(1, 2), Overlap(0, 2), Overlap(0, 2)]


# --- brute-force equivalence ----------------------------------------------------------------------

_keys = st.sampled_from(["a", "b", "c"])
_values = st.sampled_from(["1", "2", "3"])
_requirement_texts = st.one_of(
    st.builds(lambda k, v: f"{k}={v}", _keys, _values),
    st.builds(lambda k, v: f"{k}!={v}", _keys, _values),
    st.builds(lambda k, vs: f"{k} in ({','.join(vs)})", _keys, st.lists(_values, min_size=1, max_size=3)),
    st.builds(lambda k, vs: f"{k} notin ({','.join(vs)})", _keys, st.lists(_values, min_size=1, max_size=3)),
    st.builds(lambda k: k, _keys),
    st.builds(lambda k: f"!{k}", _keys),
    st.builds(lambda k, v: f"{k}>{v}", _keys, _values),
)
_selectors = st.lists(_requirement_texts, max_size=3).map(lambda texts: parse(",".join(texts)))
_label_sets = st.dictionaries(_keys, _values, max_size=3)


@settings(max_examples=200, deadline=None)
@given(st.lists(_selectors, max_size=12), st.lists(_label_sets, min_size=1, max_size=5))
def test_index_agrees_with_testing_every_selector(selectors, label_sets):
    index = SelectorIndex((selector, position) for position, selector in enumerate(selectors))
    for labels in label_sets:
        assert index.matching(labels) == [n for n, selector in enumerate(selectors) if selector.matches(labels)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_selectors, _label_sets, st.sampled_from(["d", "rs"])), max_size=10))
def test_overlaps_agree_with_comparing_every_pair(controllers):
    exempt = [("d", "rs")]
    expected = []
    for a, (selector_a, labels_a, class_a) in enumerate(controllers):
        others = [
            b
            for b, (selector_b, labels_b, class_b) in enumerate(controllers)
            if b != a
            and {class_a, class_b} != {"d", "rs"}
            and (selector_b.matches(labels_a) or selector_a.matches(labels_b))
        ]
        expected.append(Overlap(first=others[0], count=len(others)) if others else None)
    assert overlaps(controllers, exempt=exempt) == expected


def test_null_map_values_are_the_empty_string_as_the_decoder_stores_them():
    # sigs.k8s.io/json decode.go literalStore: "otherwise, ignore null for primitives/string"
    from k8slint.selector_index import selector_from_map, string_labels

    assert string_labels({"app": None, "tier": "web", "n": 3}) == {"app": "", "tier": "web"}
    assert selector_from_map({"app": None}) == parse("app=")
    assert selector_from_map({"app": 3}) is None
    assert parse("app in (a,,)").matches(string_labels({"app": None}))
