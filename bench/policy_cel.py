"""10,000 objects x 10 CEL policies through k8slint.policy, and the CEL engines side by side.

    python bench/policy_cel.py [--objects N] [--engines]

Not a test: run it alone on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import time

from k8slint.policy.document import load_policies
from k8slint.policy.evaluate import ApplySet, Subject, evaluate

EXPRESSIONS = [
    ("registry", "container", "['registry.example.com', 'ghcr.io/example'].exists(r, image(object.image).registry == r || object.image.startsWith(r + '/'))"),
    ("labels", "object", "has(object.metadata.labels) && ['team', 'cost-center'].all(k, k in object.metadata.labels)"),
    ("replicas", "object", "!has(object.spec.replicas) || object.spec.replicas >= 2"),
    ("memory", "container", "!has(object.resources.limits.memory) || quantity(object.resources.limits.memory).isLessThan(quantity('8Gi'))"),
    ("requests", "container", "has(object.resources) && has(object.resources.requests) && has(object.resources.requests.cpu)"),
    ("no-latest", "podSpec", "object.containers.all(c, !c.image.endsWith(':latest') && c.image.contains(':'))"),
    ("no-privileged", "podSpec", "object.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)"),
    ("probes", "podSpec", "object.containers.exists(c, has(c.readinessProbe))"),
    ("host-path", "podSpec", "!has(object.volumes) || object.volumes.all(v, !has(v.hostPath))"),
    ("name", "object", "object.metadata.name.matches('^[a-z0-9-]+$') && size(object.metadata.name) <= 63"),
]


def policies():
    text = "\n---\n".join(
        json.dumps({"apiVersion": "k8slint.io/v1alpha1", "kind": "Policy", "metadata": {"name": name},
                    "spec": {"severity": "warning", "summary": name, "match": {"kinds": ["@workloads"]},
                             "target": target, "assert": [{"expr": expression}]}})
        for name, target, expression in EXPRESSIONS
    )
    loaded, errors = load_policies(text)
    assert not errors, errors
    return loaded


def deployment(index: int) -> dict:
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": f"app-{index}", "namespace": "prod", "labels": {"team": "a", **({"cost-center": "1"} if index % 3 else {})}},
        "spec": {
            "replicas": index % 4,
            "template": {
                "metadata": {"labels": {"app": f"app-{index}"}},
                "spec": {
                    "volumes": [{"name": "data", "emptyDir": {}}] + ([{"name": "h", "hostPath": {"path": "/"}}] if index % 10 == 0 else []),
                    "containers": [
                        {"name": "app", "image": f"registry.example.com/app:{index}", "readinessProbe": {"httpGet": {"port": 80}},
                         "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi" if index % 7 else "16Gi"}}},
                        {"name": "sidecar", "image": "nginx:latest" if index % 5 == 0 else "docker.io/envoy:1.30"},
                    ],
                },
            },
        },
    }


def run_policies(count: int) -> None:
    loaded = policies()
    objects = [deployment(i) for i in range(count)]
    apply_set = ApplySet([])
    started = time.perf_counter()
    subjects = [Subject.of(obj) for obj in objects]
    failures = sum(len(evaluate(policy, subject, apply_set)) for subject in subjects for policy in loaded)
    elapsed = time.perf_counter() - started
    pairs = count * len(loaded)
    print(f"k8slint.policy: {count} objects x {len(loaded)} policies = {pairs} evaluations in {elapsed:.2f} s "
          f"({elapsed / pairs * 1e6:.1f} us each), {failures} failures (with blame)")


# Features of Kubernetes' CEL environment, each as an expression that is true when supported natively
# (without k8slint's own declarations of the Kubernetes libraries).
COVERAGE = [
    ("optional types", "object.?spec.?missing.orValue(1) == 1"),
    ("strings ext", "'a-b'.split('-').size() == 2 && ['x', 'y'].join(',') == 'x,y'"),
    ("format", "'%d'.format([1]) == '1'"),
    ("regex matches", "'abc'.matches('^a')"),
    ("regex find (k8s)", "'abc1'.find('[0-9]') == '1'"),
    ("lists (k8s)", "[1, 2].isSorted()"),
    ("sets (k8s)", "sets.contains([1, 2], [1])"),
    ("quantity (k8s)", "quantity('1Gi').isLessThan(quantity('2Gi'))"),
    ("url (k8s)", "url('https://a.b/').getHost() == 'a.b'"),
    ("ip/cidr (k8s)", "cidr('10.0.0.0/8').containsIP(ip('10.1.1.1'))"),
    ("cel.bind", "cel.bind(x, 2, x * x) == 4"),
    ("two-variable all", "{'a': 1}.all(k, v, v > 0)"),
]
SPEED_CASES = [
    ("replicas >= 2", "object.spec.replicas >= 2"),
    ("has(labels.team)", "has(object.metadata.labels.team)"),
    ("containers.all", "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))"),
]


def _engines(obj: dict) -> dict:
    """engine name -> compile(source) returning a zero-argument evaluation."""
    engines = {}
    try:
        from cel_expr_python import cel as expr_cel
        from cel_expr_python.ext import ext_bindings, ext_optional, ext_strings

        env = expr_cel.NewEnv(variables={"object": expr_cel.Type.DYN},
                              extensions=[ext_strings.ExtStrings(), ext_optional.ExtOptional(), ext_bindings.ExtBindings()])

        def compile_expr(source: str):
            program = env.compile(source)

            def run():
                result = program.eval(data={"object": obj})
                if result.type() == expr_cel.Type.ERROR:
                    raise RuntimeError(str(result))
                return result.value()

            return run

        engines["cel-expr-python"] = compile_expr
    except ImportError:
        print("cel-expr-python: not installed")
    try:
        import cel as rust_cel

        def compile_rust(source: str):
            program = rust_cel.compile(source)
            return lambda: program.execute({"object": obj})

        engines["common-expression-language"] = compile_rust
    except ImportError:
        print("common-expression-language: not installed")
    try:
        import celpy

        environment = celpy.Environment()
        activation = {"object": celpy.json_to_cel(obj)}

        def compile_celpy(source: str):
            program = environment.program(environment.compile(source))

            def run():
                result = program.evaluate(activation)
                if isinstance(result, Exception):
                    raise RuntimeError(str(result))  # noqa: TRY004 - celpy returns its errors as values
                return bool(result) if type(result).__name__ == "BoolType" else result

            return run

        engines["cel-python"] = compile_celpy
    except ImportError:
        print("cel-python: not installed")
    return engines


def run_engines(iterations: int = 2000) -> None:
    obj = deployment(1)
    for engine, compile_source in _engines(obj).items():
        supported = []
        for label, source in COVERAGE:
            try:
                supported.append(f"{label} {'yes' if compile_source(source)() is True else 'wrong result'}")
            except Exception as error:  # noqa: BLE001 - every engine reports unsupported features its own way
                supported.append(f"{label} no ({type(error).__name__})")
        timings = []
        for label, source in SPEED_CASES:
            call = compile_source(source)
            call()
            started = time.perf_counter()
            for _ in range(iterations):
                call()
            timings.append(f"{label} {(time.perf_counter() - started) / iterations * 1e6:.1f} us")
        print(f"{engine}: " + ", ".join(timings))
        print("    " + "; ".join(supported))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--engines", action="store_true")
    arguments = parser.parse_args()
    if arguments.engines:
        run_engines()
    run_policies(arguments.objects)
