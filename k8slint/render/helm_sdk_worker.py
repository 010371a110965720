"""Renders one chart with the helm-python-sdk wheel, in a child process so that the caller can time it out.

Reads a JSON request on stdin ({"chart", "values_files", "set", "release_name", "namespace"}) and
prints what `helm template --include-crds` prints: each document after `---` and a
`# Source: <chart>/<path>` comment. Errors go to stderr, exit status 1. The SDK (0.2) does not check
that dependencies are vendored; the caller does, before starting this.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

_SEPARATOR = re.compile(r"(?:^|\s*\n)---\s*")


def merge_values(base: dict, override: dict) -> dict:
    """Helm's mergeMaps (pkg/cli/values/options.go): maps merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_values(merged[key], value)
        else:
            merged[key] = value
    return merged


def render(request: dict[str, Any]) -> str:
    import helm_python as helm

    values: dict = {}
    for values_file in request.get("values_files", []):
        with open(values_file, encoding="utf-8") as handle:
            values = merge_values(values, helm.values_from_yaml(handle.read()) or {})
    for pair in request.get("set", []):
        values = merge_values(values, helm.parse_set_string(pair))
    with helm.Chart.load(request["chart"]) as chart:
        sources = {crd["filename"]: crd["data"] for crd in chart.crds}
        manifests = chart.render(values, name=request["release_name"], namespace=request["namespace"], is_install=True)
    sources.update((source, text) for source, text in sorted(manifests.items()) if not source.endswith("NOTES.txt"))
    parts: list[str] = []
    for source, text in sources.items():
        for document in _SEPARATOR.split(text):
            if document.strip():
                parts.append(f"---\n# Source: {source}\n{document.rstrip()}\n")
    return "".join(parts)


def main() -> int:
    try:
        request = json.loads(sys.stdin.read())
        sys.stdout.write(render(request))
    except Exception as error:  # every SDK error is a message for the user, never a traceback
        sys.stderr.write(f"{error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
