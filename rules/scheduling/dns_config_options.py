"""
## What it does
Reports a Pod template whose `dnsConfig.options` lacks one of the options (name and value) the option
`options` requires (default `ndots: "2"`). An option written without a value is compared as such
(kube-linter dereferences the missing value and crashes).

Peer: kube-linter `dnsconfig-options`.

## Why is this bad?
With the default `ndots: 5`, every lookup of an external name first tries each search domain of the
cluster: four or five wasted queries per lookup, and latency when the cluster DNS is loaded.

## Example
```yaml
spec:
  containers: [{name: web, image: "nginx:1.27"}]
```

Use instead:
```yaml
spec:
  dnsConfig:
    options: [{name: ndots, value: "2"}]
  containers: [{name: web, image: "nginx:1.27"}]
```

## Options
- `options` (dict, default `{ndots: "2"}`): DNS option names and the values they must have (`null`: any
  value).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, K8sObject, get, pod_spec

CODE = "K853"
NAME = "dns-config-options"
SUMMARY = "a Pod template's dnsConfig lacks a required resolver option"
SEVERITY = Severity.INFO
REMEDIATION = "Add the required options to `dnsConfig.options`."
KINDS = POD_CARRIERS
PROFILE = "conventions"
OPTIONS = {"options": (dict, {"ndots": "2"})}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = pod_spec(obj)
    if found is None:
        return
    path, spec = found
    written = get(spec, ("dnsConfig", "options"))
    present = {item.get("name"): item.get("value") for item in written if isinstance(item, dict)} if isinstance(written, list) else {}
    for name, value in ctx.options["options"].items():
        if name not in present or (value is not None and str(present[name]) != str(value)):
            at = (*path, "dnsConfig", "options") if isinstance(written, list) else path
            shown = f"{name}:{value}" if value is not None else name
            yield Problem(at, f'dnsConfig.options has no "{shown}"', on_key=True)
