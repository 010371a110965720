"""The ServiceAccount a pod spec runs as, read as the API server reads it."""

from __future__ import annotations

from k8slint.model import FieldPath
from k8slint.objects import ApplySet, K8sObject, per_apply_set


def service_account_name(spec_path: FieldPath, spec: dict) -> tuple[FieldPath, str]:
    """(where it is written, name) of a pod spec's ServiceAccount: `serviceAccountName`, else the
    deprecated `serviceAccount` (pkg/apis/core/v1/conversion.go copies it over when the new field is
    empty), else `default` (the ServiceAccount admission plugin's choice), written nowhere: the spec."""
    for field in ("serviceAccountName", "serviceAccount"):
        name = spec.get(field)
        if isinstance(name, str) and name:
            return (*spec_path, field), name
    return spec_path, "default"


@per_apply_set
def service_accounts(objects: ApplySet) -> dict[tuple[str | None, str], K8sObject]:
    """The ServiceAccounts of an apply set by (effective namespace, name); the first definition wins."""
    found: dict[tuple[str | None, str], K8sObject] = {}
    for account in objects.of_kind("ServiceAccount"):
        if isinstance(account.name, str):
            found.setdefault((account.effective_namespace(objects.settings), account.name), account)
    return found
