"""Which of many label selectors match a label set, without testing every selector.

`SelectorIndex` answers "which selectors match these labels" in time proportional to the
selectors that could match; `overlaps` uses it to find controllers that claim each other's Pods;
`claim` reads the selector and Pod labels a controller object claims Pods with.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

from k8slint.objects import K8sObject, get, pod_labels
from k8slint.records import record
from k8slint.selectors import (
    EQUALITY_OPERATORS,
    EQUALS,
    EXISTS,
    GREATER_THAN,
    LESS_THAN,
    Requirement,
    Selector,
    SelectorError,
    from_label_selector,
)
from k8slint.regex import LazyPattern

T = TypeVar("T")

# Operators that hold only when the key is present: a selector with one is a candidate only for
# label sets carrying that key.
_KEY_REQUIRING = frozenset({EXISTS, GREATER_THAN, LESS_THAN})


class SelectorIndex(Generic[T]):
    """Selectors with an item each (an object, an index); `matching(labels)` returns the items whose
    selector matches, in the order they were added.

    Each selector is filed under one anchor: a key=value pair it requires (from `=`, `==` or `in`),
    else a key it requires to be present (`exists`, `>`, `<`), else a short list of selectors that
    can match without any particular label (`!=`, `notin`, `!key`, the empty selector). A query looks
    up each of its labels and tests only the selectors filed there. Anchors are chosen once all
    selectors are known, each selector taking its least shared pair, so buckets stay small even
    when every selector also requires a common label such as `app.kubernetes.io/part-of`.

    Cost: building is O(total requirements) and happens on the first query after an `add`; a query
    is O(labels + candidates), candidates being the selectors filed under the query's labels.
    """

    def __init__(self, entries: Iterable[tuple[Selector, T]] = ()) -> None:
        self._entries: list[_Entry] = []
        self._by_pair: dict[tuple[str, str], list[_Entry]] = {}
        self._by_key: dict[str, list[_Entry]] = {}
        self._unanchored: list[_Entry] = []
        self._built = True
        for selector, item in entries:
            self.add(selector, item)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, selector: Selector, item: T) -> None:
        """File `item` under `selector`; a selector that matches nothing is dropped."""
        if not selector.nothing:
            self._entries.append((len(self._entries), selector, item))
            self._built = False

    def candidates(self, labels: Mapping[str, str]) -> list[tuple[Selector, T]]:
        """The (selector, item) entries that may match `labels`: a superset of the matching ones."""
        return [(selector, item) for _, selector, item in self._candidates(labels)]

    def matching(self, labels: Mapping[str, str]) -> list[T]:
        """The items whose selector matches `labels`, in the order they were added."""
        found = [entry for entry in self._candidates(labels) if entry[1].matches(labels)]
        if len(found) > 1:
            found.sort(key=_position)
        return [item for _, _, item in found]

    def _candidates(self, labels: Mapping[str, str]) -> list[_Entry]:
        if not self._built:
            self._build()
        found = list(self._unanchored)
        by_pair, by_key = self._by_pair, self._by_key
        for key, value in labels.items():
            if isinstance(value, str):
                bucket = by_pair.get((key, value))
                if bucket:
                    found.extend(bucket)
            bucket = by_key.get(key)
            if bucket:
                found.extend(bucket)
        return found

    def _build(self) -> None:
        # How many selectors require each key=value pair: the rarest pair makes the smallest bucket.
        pair_counts: Counter[tuple[str, str]] = Counter()
        for _, selector, _ in self._entries:
            for requirement in selector.requirements:
                if requirement.operator in EQUALITY_OPERATORS:
                    for value in requirement.values:
                        pair_counts[(requirement.key, value)] += 1
        by_pair: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
        by_key: dict[str, list[_Entry]] = defaultdict(list)
        unanchored: list[_Entry] = []
        for entry in self._entries:
            anchor = None
            anchor_cost = 0
            key_anchor = None
            for requirement in entry[1].requirements:
                if requirement.operator in EQUALITY_OPERATORS:
                    cost = sum(pair_counts[(requirement.key, value)] for value in requirement.values)
                    if anchor is None or cost < anchor_cost:
                        anchor, anchor_cost = requirement, cost
                elif key_anchor is None and requirement.operator in _KEY_REQUIRING:
                    key_anchor = requirement.key
            if anchor is not None:
                # An `in` requirement files the selector under each of its distinct values: a label
                # set has one value per key, so the selector still comes up at most once per query.
                for value in dict.fromkeys(anchor.values):
                    by_pair[(anchor.key, value)].append(entry)
            elif key_anchor is not None:
                by_key[key_anchor].append(entry)
            else:
                unanchored.append(entry)
        self._by_pair, self._by_key, self._unanchored = dict(by_pair), dict(by_key), unanchored
        self._built = True


_Entry = tuple  # (position, selector, item)


def _position(entry: _Entry) -> int:
    return entry[0]


@record(frozen=True, slots=True)
class Overlap:
    """For one controller: how many other controllers fight over Pods with it, and the first of them."""

    first: int  # position in the input of the earliest other controller
    count: int


def overlaps(
    controllers: Sequence[tuple[Selector, Mapping[str, str], Hashable]],
    exempt: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[Overlap | None]:
    """For each controller (selector, Pod template labels, class), the others it overlaps with.

    A and B overlap when B's selector matches A's template labels or A's selector matches B's: both
    would claim the same Pods. Pairs whose classes appear in `exempt` (in either order) never
    overlap; classes let a caller say, e.g., that a Deployment and the ReplicaSets it owns do not
    fight. Controllers with the same selector, labels and class are handled as one group, so copies
    of one controller cost one query. Cost: O(controllers + labels) plus, per distinct label set, the
    index candidates, plus one step per overlapping pair of groups.
    """
    exempt_pairs = {frozenset(pair) for pair in exempt}
    group_of: dict[tuple, int] = {}
    members: list[list[int]] = []
    group_selector: list[Selector] = []
    group_labels: list[frozenset] = []
    group_class: list[Hashable] = []
    label_sets: dict[frozenset, Mapping[str, str]] = {}  # each distinct label set -> one of its mappings
    for position, (selector, labels, klass) in enumerate(controllers):
        label_set = frozenset((key, value) for key, value in labels.items() if isinstance(value, str))
        group_key = (selector, label_set, klass)
        group = group_of.get(group_key)
        if group is None:
            group = group_of[group_key] = len(members)
            members.append([])
            group_selector.append(selector)
            group_labels.append(label_set)
            group_class.append(klass)
            label_sets.setdefault(label_set, labels)
        members[group].append(position)

    index: SelectorIndex[int] = SelectorIndex((selector, group) for group, selector in enumerate(group_selector))
    # claimed_by[label set] = the groups whose selector matches it
    claimed_by = {label_set: index.matching(labels) for label_set, labels in label_sets.items()}

    partners: list[set[int]] = [set() for _ in members]
    self_overlap = [False] * len(members)
    for group, label_set in enumerate(group_labels):
        for claimant in claimed_by[label_set]:
            if claimant == group:
                self_overlap[group] = True
            elif not _is_exempt(exempt_pairs, group_class[group], group_class[claimant]):
                partners[group].add(claimant)
                partners[claimant].add(group)

    results: list[Overlap | None] = [None] * len(controllers)
    for group, positions in enumerate(members):
        others = sum(len(members[partner]) for partner in partners[group])
        earliest_partner = min((members[partner][0] for partner in partners[group]), default=None)
        # Copies of one controller claim each other's Pods when its selector matches its own labels.
        twins = self_overlap[group] and len(positions) > 1 and not _is_exempt(
            exempt_pairs, group_class[group], group_class[group]
        )
        for position in positions:
            count = others + (len(positions) - 1 if twins else 0)
            if not count:
                continue
            candidates = [earliest_partner] if earliest_partner is not None else []
            if twins:
                candidates.append(positions[0] if positions[0] != position else positions[1])
            results[position] = Overlap(first=min(candidates), count=count)
    return results


def _is_exempt(exempt_pairs: set[frozenset], one: Hashable, other: Hashable) -> bool:
    return bool(exempt_pairs) and frozenset((one, other)) in exempt_pairs


# ---------------------------------------------------------------------------------------------
# Controllers: the objects that own Pods through a selector

# kind -> path of the spec holding `selector` and `template`
CONTROLLER_SPECS: dict[str, tuple] = {
    "Deployment": ("spec",),
    "ReplicaSet": ("spec",),
    "ReplicationController": ("spec",),
    "StatefulSet": ("spec",),
    "DaemonSet": ("spec",),
    "Job": ("spec",),
}
CONTROLLER_KINDS = tuple(CONTROLLER_SPECS)


@record(frozen=True, slots=True)
class Claim:
    """What a controller claims: Pods matching `selector`; its own Pods carry `labels`."""

    selector: Selector
    selector_path: tuple
    labels: dict
    labels_path: tuple


def claim(obj: K8sObject) -> Claim | None:
    """The selector and template labels of a controller the API server would accept, else None.

    None for non-controllers, a Job without `manualSelector: true` (the server generates a unique
    selector for it), and a null, empty or invalid selector (other rules report those).
    A ReplicationController's empty selector is defaulted to its template labels, as the server does.
    """
    spec_path = CONTROLLER_SPECS.get(obj.kind or "")
    if spec_path is None:
        return None
    spec = get(obj.value, spec_path)
    if not isinstance(spec, dict):
        return None
    found = pod_labels(obj)
    labels_path, raw_labels = found if found is not None else ((*spec_path, "template", "metadata", "labels"), {})
    labels = string_labels(raw_labels)
    raw_selector = spec.get("selector")
    selector_path = (*spec_path, "selector")
    if obj.kind == "Job" and spec.get("manualSelector") is not True:
        return None
    if obj.kind == "ReplicationController":
        selector = selector_from_map(raw_selector) if raw_selector else None
        if selector is None:
            if raw_selector or not labels:  # an invalid map, or nothing to default from
                return None
            selector = selector_from_map(labels)
            if selector is None:
                return None
    else:
        try:
            selector = from_label_selector(raw_selector)
        except SelectorError:
            return None
        if selector.empty or selector.nothing:
            return None
    return Claim(selector, selector_path, labels, labels_path)


# Controllers that adopt every orphaned Pod their selector matches: their sync calls
# `PodControllerRefManager.ClaimPods` without a filter (kubernetes pkg/controller/replicaset/replica_set.go
# `claimPods`, which also runs ReplicationControllers; pkg/controller/daemon/daemon_controller.go
# `getDaemonPods`; pkg/controller/job/job_controller.go `getPodsForJob`, whose selector matches no
# other Pod unless `manualSelector` is true, see `claim`).
ORPHAN_POD_ADOPTERS = frozenset({"ReplicaSet", "ReplicationController", "DaemonSet", "Job"})

# pkg/controller/statefulset/stateful_set_utils.go `statefulPodRegex`: a StatefulSet's Pod is
# `<statefulset name>-<ordinal>`.
_STATEFUL_POD_NAME = LazyPattern(r"(.*)-([0-9]+)")


def adopts_orphan_pod(controller: K8sObject, pod_name: str | None) -> bool:
    """Whether `controller` adopts an orphaned Pod named `pod_name` (None: a Pod it did not name)
    once its selector matches the Pod's labels.

    A Deployment never adopts Pods: it adopts ReplicaSets, and the ReplicaSets it creates add the
    `pod-template-hash` label to their selector (pkg/controller/deployment/sync.go
    `getNewReplicaSet`). A StatefulSet claims only Pods its name is the parent of
    (pkg/controller/statefulset/stateful_set.go `getPodsForStatefulSet` filters with `isMemberOf`).
    """
    if controller.kind == "StatefulSet":
        if pod_name is None:
            return False
        parent = _STATEFUL_POD_NAME.fullmatch(pod_name)
        return parent is not None and parent.group(1) == controller.name
    return controller.kind in ORPHAN_POD_ADOPTERS


def selector_from_map(value: object) -> Selector | None:
    """The selector of a plain map (Service, ReplicationController): every key equal to its value (a
    null value is "", as the decoder stores it); None when the map is not a map of strings."""
    if not isinstance(value, Mapping) or not all(item is None or isinstance(item, str) for item in value.values()):
        return None
    return Selector([Requirement(str(key), EQUALS, (_decoded(item),)) for key, item in value.items()])


def string_labels(labels: object) -> dict[str, str]:
    """The labels that can take part in matching: string values, and null ones read as "" (others are
    rejected by the server)."""
    if not isinstance(labels, Mapping):
        return {}
    if type(labels) is dict and all(type(key) is str and type(value) is str for key, value in labels.items()):
        return labels  # already that: not copied (analyses keep the labels of every Pod carrier of a set)
    return {str(key): _decoded(value) for key, value in labels.items() if value is None or isinstance(value, str)}


def _decoded(value: str | None) -> str:
    """A value of a Go map[string]string as the API server's JSON decoder stores it: null leaves the
    string's zero value, "" (sigs.k8s.io/json, internal/golang/encoding/json/decode.go literalStore:
    "otherwise, ignore null for primitives/string")."""
    return "" if value is None else value


def is_controlled(obj: K8sObject) -> bool:
    """True when an ownerReference marks the object as owned by a controller."""
    references = obj.metadata.get("ownerReferences")
    return isinstance(references, list) and any(
        isinstance(reference, dict) and reference.get("controller") is True for reference in references
    )
