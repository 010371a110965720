"""Measure what schema validation adds to a lint of the corpus (../shared/corpus by default).

Reads every YAML/JSON file once (timed: the cost of composing the YAML), then validates every
object with k8slint's compiled validator, and, for comparison, with jsonschema over the same
compacted schemas (one validator built per kind and version). Prints seconds and objects.

    python bench/schema_cost.py [CORPUS] [--version 1.37] [--no-jsonschema]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter

from k8slint import schemas
from k8slint.loader import load_text


def corpus_files(root: str) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith((".yaml", ".yml", ".json")):
                found.append(os.path.join(folder, name))
    return sorted(found)


def objects_of(value: object) -> list[dict]:
    if not isinstance(value, dict):
        return []
    items = value.get("items")
    kind = value.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
        return [item for item in items if isinstance(item, dict)]
    return [value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_corpus = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")
    parser.add_argument("corpus", nargs="?", default=default_corpus)
    parser.add_argument("--version", default="1.37")
    parser.add_argument("--no-jsonschema", action="store_true")
    args = parser.parse_args(argv)
    major, minor = (int(part) for part in args.version.split(".")[:2])
    version = (major, minor)

    files = corpus_files(args.corpus)
    started = time.perf_counter()
    objects: list[dict] = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as stream:
                text = stream.read()
        except (OSError, UnicodeDecodeError):
            continue
        for document in load_text(text).documents:
            objects.extend(objects_of(document.value))
    compose = time.perf_counter() - started

    crds = [obj for obj in objects if obj.get("kind") == "CustomResourceDefinition"]
    started = time.perf_counter()
    custom = schemas.CustomSchemas(crds, k8s_version=version)
    outcome: Counter = Counter()
    errors = 0
    for obj in objects:
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if not isinstance(api_version, str) or not isinstance(kind, str):
            outcome["no apiVersion/kind"] += 1
            continue
        node = schemas.find_validator(api_version, kind, version, custom)
        if node is None:
            outcome["no schema"] += 1
            continue
        found = schemas.check(node, obj)
        outcome["invalid" if found else "valid"] += 1
        errors += len(found)
    compiled = time.perf_counter() - started
    for problem_crd in crds:
        schemas.crd_problems(problem_crd)
    with_crd_checks = time.perf_counter() - started

    print(f"files: {len(files)}  objects: {len(objects)}  CRDs: {len(crds)}  version: {version[0]}.{version[1]}")
    print(f"compose YAML:                 {compose:6.2f} s")
    print(f"compiled validator:           {compiled:6.2f} s  ({dict(outcome)}, {errors} errors)")
    print(f"  + crd-invalid checks:       {with_crd_checks:6.2f} s")

    if not args.no_jsonschema:
        import jsonschema

        started = time.perf_counter()
        validators: dict = {}
        checked = 0
        invalid = 0
        for obj in objects:
            api_version, kind = obj.get("apiVersion"), obj.get("kind")
            if not isinstance(api_version, str) or not isinstance(kind, str):
                continue
            key = (api_version, kind)
            if key not in validators:
                schema = schemas.builtin_json_schema(api_version, kind, version)
                validators[key] = jsonschema.Draft202012Validator(schema) if schema is not None else None
            validator = validators[key]
            if validator is None:
                continue
            checked += 1
            invalid += any(True for _ in validator.iter_errors(obj))
        elapsed = time.perf_counter() - started
        print(f"jsonschema (built-in kinds):  {elapsed:6.2f} s  ({checked} objects, {invalid} invalid)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
