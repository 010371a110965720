"""
## What it does
Runs the ValidatingAdmissionPolicies of the input, through their ValidatingAdmissionPolicyBindings, on
the other objects of the same apply set, offline, as the API server would on their creation: match
constraints, the binding's match resources (a namespaceSelector reads the Namespace objects of the
set), match conditions, variables, params found among the objects, and validations with their
`message` or `messageExpression`. A finding points at the field the failing expression read when
that can be determined. The binding's `validationActions` set its severity: Deny is an error, Warn a
warning, Audit info.

Out of reach offline, and so never reported: expressions that read the `authorizer`, a
namespaceSelector for an object whose Namespace is not in the set, and `oldObject` (every object is
a creation). User policies named with `policies:` or --policy (including ValidatingAdmissionPolicies)
are rules of their own name (see docs/policies.md); when such a policy is also in the input, this
rule reports it and the policy's own rule stays quiet on that apply set. Needs the `cel` extra
(`pip install 'k8slint[cel]'`); without it, each policy is reported once as not evaluated.

## Why is this bad?
The API server rejects (Deny), warns about (Warn) or audits (Audit) the object when it is applied
together with the policy, so the change fails in the cluster.

## Example
```yaml
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: max-replicas}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]
  validations: [{expression: "object.spec.replicas <= 5"}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: max-replicas}
spec: {policyName: max-replicas, validationActions: [Deny]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 7
```

Use instead:
```yaml
spec:
  replicas: 5
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Related, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K305"
NAME = "admission-policy-denied"
SUMMARY = "a ValidatingAdmissionPolicy of the input rejects, warns about or audits the object"
SEVERITY = Severity.ERROR
REMEDIATION = "Change the object so that the policy admits it, or the policy or its binding if it is wrong."
SET_KINDS = ("ValidatingAdmissionPolicy",)  # check_set reports nothing without a policy
ADMISSION_GROUP = "admissionregistration.k8s.io"
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    policies = {obj.name: obj for obj in objects if obj.group == ADMISSION_GROUP and obj.kind == "ValidatingAdmissionPolicy"}
    if not policies:  # k8slint.policy is imported only for sets that hold a policy
        return
    from k8slint.policy import cel, vap

    if not cel.available():
        for policy in policies.values():
            yield policy, Problem(("metadata", "name"), f"not evaluated: {cel.MISSING_ENGINE}", severity=Severity.INFO)
        return
    manifests = [obj for obj in objects
                 if not (obj.group == ADMISSION_GROUP and obj.kind.startswith("ValidatingAdmissionPolicy"))]
    results = vap.evaluate([obj.value for obj in objects], [obj.value for obj in manifests], ctx.settings.default_namespace)
    for index, result in results.items():
        for failure in result.failures:
            message = f'ValidatingAdmissionPolicy "{failure.policy}": {failure.message}'
            related = (Related(policies[failure.policy], ("metadata", "name"), "the policy"),) if failure.policy in policies else ()
            yield manifests[index], Problem(failure.path, message, severity=_SEVERITIES[failure.severity], related=related)
