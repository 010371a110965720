"""
## What it does
Checks `metadata.name`, `metadata.generateName` and `metadata.namespace` against the rules the
API server applies to that kind:
- a DNS-1123 subdomain (lowercase alphanumerics, `-` and `.`, at most 253 characters) for most kinds
  and for custom resources;
- a DNS-1123 label (no dots, at most 63 characters) for Namespace and StatefulSet;
- a DNS-1035 label (must also start with a letter) for Service;
- a path segment (no `/` or `%`, not `.` or `..`) for RBAC roles and bindings;
- at most 52 characters for CronJob, whose Job names get a timestamp suffix;
- a DNS-1123 label for `metadata.namespace`.

Not checked:
- the names of the create-only review kinds, which the API server answers without storing and
  never validates as names: TokenReview and SelfSubjectReview (authentication.k8s.io; kubernetes
  pkg/registry/authentication/tokenreview/storage.go and selfsubjectreview/rest.go run no
  ObjectMeta validation), SubjectAccessReview, SelfSubjectAccessReview, LocalSubjectAccessReview
  and SelfSubjectRulesReview (authorization.k8s.io; pkg/apis/authorization/validation/validation.go
  validates only their spec, and requires the metadata of the first two to be empty);
- a name, namespace or label holding a `${VAR}`, `$VAR` or `$(VAR)` placeholder: that is one
  `unsubstituted-variable` finding for the object instead (this rule reports it again only when
  `unsubstituted-variable` is turned off).

## Why is this bad?
The API server rejects the object. Names that are valid for one kind (`web.v2` for a Deployment)
are invalid for another (a Service), which is easy to miss when copying manifests.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: Web_Frontend
```

Use instead:
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web-frontend
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint import validation
from k8slint.model import Context, Problem, Severity
from k8slint.objects import K8sObject, is_config_file
from k8slint.substitution import placeholder

CODE = "K102"
NAME = "invalid-name"
SUMMARY = "metadata.name or namespace is not valid for the kind"
SEVERITY = Severity.ERROR
REMEDIATION = "Rename the object to a lowercase name valid for its kind (letters, digits and '-')."

SUPERSEDED_BY = ("unsubstituted-variable",)

CRONJOB_NAME_MAX = 52
# Created to ask a question and answered without being stored: their names are never validated.
REVIEW_KINDS = frozenset(
    {
        ("authentication.k8s.io", "TokenReview"),
        ("authentication.k8s.io", "SelfSubjectReview"),
        ("authorization.k8s.io", "SubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectAccessReview"),
        ("authorization.k8s.io", "LocalSubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectRulesReview"),
    }
)
RBAC_KINDS = frozenset({"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"})


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_config_file(obj):
        return
    metadata = obj.metadata
    for field in ("name", "generateName") if (obj.group, obj.kind) not in REVIEW_KINDS else ():
        name = metadata.get(field)
        if isinstance(name, str) and name:
            errors = name_errors(obj.kind or "", obj.group, name, prefix=field == "generateName")
            if errors:
                yield Problem(
                    ("metadata", field),
                    f'{field} "{name}" is invalid for {obj.kind}: {"; ".join(errors)}',
                    superseded_by=_unsubstituted(name),
                )
        elif name is not None and not isinstance(name, str):
            yield Problem(("metadata", field), f"{field} must be a string, not {type(name).__name__} {name!r}")
    namespace = metadata.get("namespace")
    if isinstance(namespace, str) and namespace:
        errors = validation.dns1123_label(namespace)
        if errors:
            yield Problem(
                ("metadata", "namespace"),
                f'namespace "{namespace}" is invalid: {"; ".join(errors)}',
                superseded_by=_unsubstituted(namespace),
            )
    elif namespace is not None and not isinstance(namespace, str):
        yield Problem(("metadata", "namespace"), f"namespace must be a string, not {type(namespace).__name__} {namespace!r}")


def name_errors(kind: str, group: str, name: str, prefix: bool = False) -> list[str]:
    if prefix and name.endswith("-"):
        name = name[:-1] + "a"  # apimachinery's maskTrailingDash: a generateName prefix may end in '-'
    if kind in RBAC_KINDS and group == "rbac.authorization.k8s.io":
        return _path_segment_errors(name)
    if group == "":
        if kind == "Namespace":
            return validation.dns1123_label(name)
        if kind == "Service":
            return validation.dns1035_label(name)
    if kind == "StatefulSet" and group == "apps":
        return validation.dns1123_label(name)
    errors = validation.dns1123_subdomain(name)
    if kind == "CronJob" and group == "batch" and len(name) > CRONJOB_NAME_MAX:
        errors.append(f"must be no more than {CRONJOB_NAME_MAX} characters")
    return errors


def _path_segment_errors(name: str) -> list[str]:
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]


def _unsubstituted(text: str) -> str | None:
    return "unsubstituted-variable" if placeholder(text) is not None else None
