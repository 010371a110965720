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
    failures = sum(len(evaluate(policy, Subject.of(obj), apply_set)) for obj in objects for policy in loaded)
    elapsed = time.perf_counter() - started
    pairs = count * len(loaded)
    print(f"k8slint.policy: {count} objects x {len(loaded)} policies = {pairs} evaluations in {elapsed:.2f} s "
          f"({elapsed / pairs * 1e6:.1f} us each), {failures} failures (with blame)")


def run_engines(iterations: int = 2000) -> None:
    obj = deployment(1)
    cases = [("replicas >= 2", "object.spec.replicas >= 2"),
             ("has(labels.team)", "has(object.metadata.labels.team)"),
             ("containers.all", "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))")]
    engines = {}
    try:
        from cel_expr_python import cel as expr_cel
        env = expr_cel.NewEnv(variables={"object": expr_cel.Type.DYN})
        engines["cel-expr-python"] = lambda source: (lambda program: lambda: program.eval(data={"object": obj}))(env.compile(source))
    except ImportError:
        print("cel-expr-python: not installed")
    try:
        import cel as rust_cel
        engines["common-expression-language"] = lambda source: (lambda: rust_cel.evaluate(source, {"object": obj}))
    except ImportError:
        print("common-expression-language: not installed")
    try:
        import celpy
        environment = celpy.Environment()
        activation = {"object": celpy.json_to_cel(obj)}
        engines["cel-python"] = lambda source: (lambda program: lambda: program.evaluate(activation))(
            environment.program(environment.compile(source)))
    except ImportError:
        print("cel-python: not installed")
    for engine, prepare in engines.items():
        timings = []
        for label, source in cases:
            call = prepare(source)
            call()
            started = time.perf_counter()
            for _ in range(iterations):
                call()
            timings.append(f"{label} {(time.perf_counter() - started) / iterations * 1e6:.1f} us")
        print(f"{engine}: " + ", ".join(timings))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--engines", action="store_true")
    arguments = parser.parse_args()
    if arguments.engines:
        run_engines()
    run_policies(arguments.objects)
