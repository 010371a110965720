"""
## What it does
Checks the apiVersion of built-in kinds against the Kubernetes deprecation table: a warning while
the configured `kubernetesVersion` still serves a deprecated apiVersion, an error once it no longer
serves it. The message names the replacement apiVersion.

## Why is this bad?
A removed apiVersion is rejected by the API server ("no matches for kind"), so the manifest stops
applying on upgrade; a deprecated one will, at a known release.

## Example
```yaml
apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: nightly}
```

Use instead:
```yaml
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, ProblemFix, Replace, Severity
from k8slint.objects import K8sObject

CODE = "K304"
NAME = "deprecated-api-version"
SUMMARY = "apiVersion is deprecated, or no longer served by the configured Kubernetes version"
SEVERITY = Severity.WARNING
REMEDIATION = "Migrate the manifest to the replacement apiVersion."
CHECKS_PATCHES = True  # a kustomize patch is checked for the fields it sets
FIX = "safe"  # only for the migrations that rename the version and change no field (k8slint.deprecations)


def _release(version: tuple) -> str:
    return f"{version[0]}.{version[1]}"


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not obj.api_version or not obj.kind:
        return
    from k8slint import deprecations

    version = ctx.settings.kubernetes_version
    entry = deprecations.deprecation_for(obj.api_version, obj.kind, version)
    if entry is None:
        return
    target = deprecations.current_replacement(entry)
    replacement = f'; use "{target}"' if target else "; it has no replacement"
    fix = None
    if target and deprecations.same_fields(entry, target):
        group, _, old_version = entry.api_version.rpartition("/")
        new_version = target.rpartition("/")[2]
        start = len(group) + 1 if group else 0
        fix = ProblemFix(f'replace "{entry.api_version}" with "{target}"', (Replace(("apiVersion",), old_version, new_version, start),))
    subject = f'apiVersion "{entry.api_version}" of {obj.kind}'
    if entry.is_removed(version):
        # Alpha versions that disappeared without a deprecation period have no "deprecated in" to tell.
        history = f" (deprecated in {_release(entry.deprecated_in)})" if entry.deprecated_in != entry.removed_in else ""
        yield Problem(
            ("apiVersion",),
            f"{subject} is no longer served since Kubernetes {_release(entry.removed_in)}{history}{replacement}",
            severity=Severity.ERROR,
            fix=fix,
        )
        return
    removal = f", removed in {_release(entry.removed_in)}" if entry.removed_in else ""
    yield Problem(
        ("apiVersion",),
        f"{subject} is deprecated since Kubernetes {_release(entry.deprecated_in)}{removal}{replacement}",
        fix=fix,
    )
