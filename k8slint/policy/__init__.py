"""User-written policies: the `Policy` document, CEL with Kubernetes' environment, and
ValidatingAdmissionPolicies evaluated offline. Self-contained: nothing here imports k8slint.linter.

Modules: `document` (read and validate Policy files, positioned errors), `evaluate` (one Policy on one
object, failures with field paths), `vap` (ValidatingAdmissionPolicy + Binding on manifests), `cel`
(the engine, extra `cel`), `library` (Kubernetes' CEL functions), `blame` (which field a false CEL
expression read), `schema` (JSON Schema with quantity keywords), `paths`, `kinds`, `fixtures`
(`# expect:` fixtures for `k8slint test`).

## What the integration into the rule engine needs

- **Loading.** `.k8slint.yaml` `policies:` and `--policy PATH`: read each file with
  `document.load_policies(text)`; every `PolicyError` (message, 1-based line/column inside the policy
  file) is a load error with exit code 2, and the other policies keep working. ValidatingAdmissionPolicy
  and Binding documents of the same files (and of the inputs) go to `vap.evaluate`.
- **A Policy is a rule.** NAME = `policy.name` (must not shadow a built-in: check at registration),
  CODE = `policy.code` (X001-X999, check clashes) or none, SEVERITY = `policy.severity`,
  SUMMARY/REMEDIATION/docs (for `rules`, `explain`, SARIF), ENABLED = `policy.enabled`,
  OPTIONS = `policy.options` (name -> (type name, default); user overrides are passed to `evaluate`),
  KINDS for cheap dispatch from `policy.kinds` (`KindMatch(group, kind)`; empty = every kind).
- **Per object vs whole set.** `policy.cross_object` is True when an expression calls `lookup`,
  `select` or `selecting`, or the policy has a `namespaceSelector` (reads Namespace objects):
  such a policy runs in the whole-set phase (`check_set(objects, ctx)`), building one
  `evaluate.ApplySet(values, default_namespace)` per run and calling `evaluate` per object; the others
  can run per object in the parallel phase with `ApplySet([])` — but a `namespaceSelector` still needs
  the Namespaces, so treat it as cross-object. `namespaceObject` in CEL is read from the ApplySet.
- **Pod templates.** `.k8slint.yaml` `podTemplates:` ("group/Kind" -> path pattern) goes through
  `evaluate.pod_templates(config)` once (a `PathError` is a config error) and is passed to every
  `evaluate(..., extra_templates=...)`; kind groups such as `@workloads` then take those kinds in, and
  `target: podSpec|podTemplate|container` extracts from them.
- **Failures.** `evaluate(policy, Subject.of(value, default_namespace), apply_set, options)` returns
  `Failure(path, message, assertion, error)`: yield `Problem(path, message)`; `error=True` is a runtime
  error (the design's `policy-error`, K903) and must not pass silently. VAP results
  (`vap.evaluate(...)` -> index -> `Result(failures, skipped)`) carry their own severity
  (validationActions) and the policy name as rule name; `skipped` lists what needs a cluster, to show
  once (e.g. in `k8slint test` or verbose output).
- **`k8slint test`.** `fixtures.run_fixture(text, policies, admission_objects)` gives expected and actual
  (line, policy) multisets for a fixture; the command reports each mismatch with file and line.
- **Without the extra.** Policies without CEL need nothing; a CEL policy without `cel-expr-python`
  is one `PolicyError` naming the extra (`cel.MISSING_ENGINE`).
"""
