"""References between the objects of an apply set: which objects exist by name, which Pods exist by
labels, and when a reference to an absent object is worth reporting.

A repository often holds only part of what a cluster runs: the ServiceAccount comes from a chart, the
Secret from a vault operator, the Service from another directory. So a reference to an absent object
is reported only when the apply set holds objects of the target's kind in the target's namespace (then
the set is where that kind is managed, and the name is most likely a typo), or always under the
`strict-references` profile, where it is an error. One file of a Helm release rendered one template per
file is not a whole apply set, and its references are not judged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from k8slint.model import Context, FieldPath, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject, per_apply_set, pod_labels, shared_path
from k8slint.records import named_tuple
from k8slint.selectors import Selector

STRICT_REFERENCES = "strict-references"

# Labels controllers put on the Pods they create, beyond the template's, with values no manifest can
# predict or that depend on the replica: a selector naming one is not judged against template labels.
CONTROLLER_ASSIGNED_LABELS = frozenset(
    {
        "pod-template-hash",
        "controller-revision-hash",
        "pod-template-generation",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "batch.kubernetes.io/controller-uid",
        "controller-uid",
        "batch.kubernetes.io/job-name",
        "job-name",
        "batch.kubernetes.io/job-completion-index",
    }
)


@named_tuple
class Key:
    group: str
    kind: str
    namespace: str | None


@per_apply_set
def _named(objects: ApplySet) -> dict[Key, dict[str, list[K8sObject]]]:
    """(group, kind, namespace) -> name -> the objects of that identity (several when defined twice)."""
    found: dict[Key, dict[str, list[K8sObject]]] = defaultdict(lambda: defaultdict(list))
    for obj in objects:
        if obj.kind and obj.name:
            found[Key(obj.group, obj.kind, obj.effective_namespace(objects.settings))][obj.name].append(obj)
    return {key: dict(names) for key, names in found.items()}


@per_apply_set
def _kinds_by_namespace(objects: ApplySet) -> dict[tuple[str, str | None], set[str]]:
    """(kind, namespace) -> the API groups of the set's objects of that kind there."""
    found: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for key in _named(objects):
        found[(key.kind, key.namespace)].add(key.group)
    return dict(found)


def find_all(objects: ApplySet, group: str | None, kind: str, namespace: str | None, name: str) -> list[K8sObject]:
    """The objects of that kind (in that API group; None: any group), namespace and name in the set: one,
    or several when the set defines it twice (`duplicate-object` reports that; a reference is satisfied
    by any of them)."""
    named = _named(objects)
    groups = [group] if group is not None else sorted(_kinds_by_namespace(objects).get((kind, namespace), ()))
    return [obj for other in groups for obj in named.get(Key(other, kind, namespace), {}).get(name, ())]


def find(objects: ApplySet, group: str | None, kind: str, namespace: str | None, name: str) -> K8sObject | None:
    """The first object of that kind, namespace and name in the set, if any (see `find_all`)."""
    found = find_all(objects, group, kind, namespace, name)
    return found[0] if found else None


@per_apply_set
def is_part_of_release(objects: ApplySet) -> bool:
    """A one-file apply set (a file of a directory of samples) holding objects rendered by Helm (label
    `helm.sh/chart`): a chart's rendered output written one template per file (`helm template
    --output-dir`) is one release, whose other objects are in the sibling files."""
    return objects.name.startswith("file ") and any("helm.sh/chart" in obj.labels for obj in objects)


def reported(objects: ApplySet, ctx: Context, group: str | None, kind: str, namespace: str | None) -> bool:
    """Whether a reference to an absent object of this kind and namespace is reported: under
    `strict-references`, or when the set holds objects of that kind (and group) in that namespace and is
    not one file of a Helm release."""
    if STRICT_REFERENCES in ctx.settings.profiles:
        return True
    if is_part_of_release(objects):
        return False
    groups = _kinds_by_namespace(objects).get((kind, namespace), set())
    return bool(groups) if group is None else group in groups


def missing(ctx: Context, at: FieldPath, message: str, related: Iterable[Related] = ()) -> Problem:
    """A problem about an absent target: an error under `strict-references`, else the rule's severity."""
    severity = Severity.ERROR if STRICT_REFERENCES in ctx.settings.profiles else None
    return Problem(at, message, severity=severity, related=tuple(related))


# (kind, name) of objects Kubernetes creates in every namespace: the root CA publisher's ConfigMap.
ALWAYS_PRESENT = frozenset({("ConfigMap", "kube-root-ca.crt")})


@per_apply_set
def created_at_runtime(objects: ApplySet) -> dict[str, set[str | None]]:
    """kind ("Secret", "ConfigMap") -> namespaces where a Role of the set lets some workload create objects
    of that kind (None: every namespace, for a ClusterRole). References to absent objects of that kind
    there are not reported: an init Job or an operator makes them once running (Argo CD's redis password)."""
    resources = {"secrets": "Secret", "configmaps": "ConfigMap"}
    found: dict[str, set[str | None]] = defaultdict(set)
    for role in objects.of_kind("Role", "ClusterRole"):
        rules = role.value.get("rules")
        namespace = role.effective_namespace(objects.settings) if role.kind == "Role" else None
        for rule in rules if isinstance(rules, list) else ():
            if not isinstance(rule, dict) or not _has_any(rule.get("apiGroups"), ("", "*")) or not _has_any(rule.get("verbs"), ("create", "*")):
                continue
            named = rule.get("resources")
            for resource, kind in resources.items():
                if _has_any(named, (resource, "*")):
                    found[kind].add(namespace)
    return dict(found)


def _has_any(values: object, wanted: tuple[str, ...]) -> bool:
    return isinstance(values, list) and any(value in wanted for value in values)


def unverifiable(objects: ApplySet, kind: str, namespace: str | None, name: str) -> bool:
    """Whether an absent ConfigMap or Secret may exist anyway: created by Kubernetes in every namespace,
    generated by the set's kustomization, or created at runtime by a workload the set allows to."""
    if (kind, name) in ALWAYS_PRESENT or (kind, name) in generated_names(objects):
        return True
    creators = created_at_runtime(objects).get(kind, set())
    return None in creators or namespace in creators


@per_apply_set
def kustomizations(objects: ApplySet) -> list:
    """The kustomizations an apply set is built from (its root, bases and components), when the set is a
    kustomization read from its sources (see `k8slint.layout`); else none, and none either when the set is
    the kustomization's rendered output, where generators, replica counts and patches are applied."""
    prefix = "kustomization "
    # a rendered object (`k8slint.rendered.RenderedK8sObject`, not imported: the engine imports this module's
    # rules) names the render that made it
    if not objects.name.startswith(prefix) or any(getattr(obj, "rendered_by", "") for obj in objects):
        return []
    from k8slint.render.kustomize import kustomization_tree

    return list(kustomization_tree(Path(objects.name[len(prefix) :]).resolve()).kustomizations.values())


@per_apply_set
def generated_names(objects: ApplySet) -> frozenset[tuple[str, str]]:
    """(kind, name) of the ConfigMaps and Secrets the set's kustomization generates (`configMapGenerator`,
    `secretGenerator`, in it and its bases): they exist once built, though no manifest declares them."""
    found = set()
    for kustomization in kustomizations(objects):
        for field, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
            for generator in kustomization.entries(field):
                if isinstance(generator, dict) and isinstance(generator.get("name"), str):
                    found.add((kind, generator["name"]))
    return frozenset(found)


@named_tuple
class PodLabels:
    """The labels of the Pods a Pod carrier makes, and where they are written."""

    obj: K8sObject
    path: FieldPath
    labels: dict[str, str]


@per_apply_set
def pods_by_namespace(objects: ApplySet) -> dict[str | None, list[PodLabels]]:
    """namespace -> the Pod carriers there (Pods, built-in workloads, `podTemplates:` kinds) with their
    Pods' labels (string values; a null value reads as "")."""
    from k8slint.selector_index import string_labels

    found: dict[str | None, list[PodLabels]] = defaultdict(list)
    for obj in objects:
        if obj.kind != "Pod" and obj.template_path is None:
            continue
        labels = pod_labels(obj)
        if labels is not None:
            found[obj.effective_namespace(objects.settings)].append(PodLabels(obj, shared_path(labels[0]), string_labels(labels[1])))
    return dict(found)


def selects_no_pod(objects: ApplySet, ctx: Context, selector: Selector, namespace: str | None) -> bool:
    """Whether a selector of Pods matches no Pod carrier of the namespace, and that is worth reporting: the
    namespace has Pod carriers (or `strict-references` is on). A selector naming a label controllers
    assign is not judged."""
    if selector.nothing:
        return False
    if any(requirement.key in CONTROLLER_ASSIGNED_LABELS for requirement in selector.requirements):
        return False
    pods = pods_by_namespace(objects).get(namespace, [])
    if any(selector.matches(pod.labels) for pod in pods):
        return False
    if STRICT_REFERENCES in ctx.settings.profiles:
        return True
    return bool(pods) and not is_part_of_release(objects)


def selector_at(value: object, path: FieldPath) -> Selector | None:
    """The structured label selector written at `path` of `value` (a LabelSelector: `matchLabels` and
    `matchExpressions`); None when it is absent or invalid (`invalid-selector` reports those)."""
    from k8slint.objects import get
    from k8slint.selectors import SelectorError, from_label_selector

    written = get(value, path)
    if not isinstance(written, dict):
        return None
    try:
        return from_label_selector(written)
    except SelectorError:
        return None
