"""Benchmark: the selector-overlap rule over N controllers in one namespace.

    python bench/selector_overlap.py                 # 10k, 30k, 100k controllers
    python bench/selector_overlap.py 5000 50000      # other sizes
    python bench/selector_overlap.py --end-to-end 10000   # YAML text through the whole linter

Each size runs in a fresh process, so its peak RSS is its own. The default mode builds the objects
as the loader would (plain dicts in K8sObjects) and runs the real rule module, `check(obj, ctx)` for
every controller with a real rule Context; only file positions are not resolved, since there is no
YAML source. `--end-to-end` writes the controllers as YAML and lints the text with only
selector-overlap selected, so reading the YAML is included (and dominates).

The generated mix: every controller carries a shared `app.kubernetes.io/part-of: shop` label and a
unique `app`; one in ten also selects `track in (stable, canary)`, one in ten uses only
matchExpressions (`app in (...)`, `tier notin (db)`), and one in fifty copies its predecessor's
selector and labels, so about 4% of the controllers overlap.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")


def controller(index: int) -> dict:
    app = f"svc-{index - 1}" if index % 50 == 49 else f"svc-{index}"
    labels = {"app.kubernetes.io/part-of": "shop", "app": app, "team": f"team-{index % 40}", "track": "stable"}
    if index % 10 == 3:
        selector = {
            "matchLabels": {"app.kubernetes.io/part-of": "shop", "app": app},
            "matchExpressions": [{"key": "track", "operator": "In", "values": ["stable", "canary"]}],
        }
    elif index % 10 == 7:
        selector = {
            "matchExpressions": [
                {"key": "app", "operator": "In", "values": [app, f"{app}-legacy"]},
                {"key": "tier", "operator": "NotIn", "values": ["db"]},
            ]
        }
    else:
        selector = {"matchLabels": {"app.kubernetes.io/part-of": "shop", "app": app}}
    kind = KINDS[index % len(KINDS)]
    pod_spec = {"containers": [{"name": "c", "image": "nginx:1.27"}]}
    spec = {"selector": selector, "template": {"metadata": {"labels": labels}, "spec": pod_spec}}
    if kind == "StatefulSet":
        spec["serviceName"] = app
    metadata = {"name": f"{kind.lower()}-{index}", "namespace": "shop"}
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": metadata, "spec": spec}


def run_rule(size: int) -> tuple[float, int]:
    from k8slint.model import Context, Settings
    from k8slint.objects import ApplySet, K8sObject
    from k8slint.rules.selectors import selector_overlap

    settings = Settings()
    objects = ApplySet([K8sObject(controller(index), "bench.yaml", index, ordinal=index) for index in range(size)], settings)
    start = time.perf_counter()
    findings = sum(1 for _ in selector_overlap.check_set(objects, Context({}, settings)))
    return time.perf_counter() - start, findings


def run_end_to_end(size: int) -> tuple[float, int]:
    import json

    from k8slint.config import load_config
    from k8slint.linter import Linter

    # JSON is YAML; one flow document per controller keeps generation cheap.
    text = "".join("---\n" + json.dumps(controller(index)) + "\n" for index in range(size))
    linter = Linter(load_config(None, select=("selector-overlap",)))
    start = time.perf_counter()
    report = linter.lint_text(text, "bench.yaml")
    return time.perf_counter() - start, sum(1 for finding in report.findings if finding.name == "selector-overlap")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 30_000, 100_000])
    parser.add_argument("--end-to-end", action="store_true", help="lint generated YAML text with the whole linter")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        seconds, findings = (run_end_to_end if args.end_to_end else run_rule)(args.sizes[0])
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
        size = args.sizes[0]
        print(f"{size:>8,} controllers  {seconds:7.2f} s  {peak_mib:7.0f} MiB peak RSS  {findings:>6,} findings")
        return
    mode = "end to end (YAML text -> linter)" if args.end_to_end else "rule (objects -> selector-overlap check)"
    print(f"selector-overlap, {mode}, one namespace")
    for size in args.sizes:
        command = [sys.executable, __file__, "--child", str(size)] + (["--end-to-end"] if args.end_to_end else [])
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
