"""
## What it does
Reports the `pos_file` of a fluentd `in_tail` source (in a ConfigMap) that the fluentd container
reading that ConfigMap cannot keep: the path is on no volume, or on a read-only one (a ConfigMap,
Secret or projected volume, or a `readOnly` mount).

## Why is this bad?
`in_tail` records how far it has read each file in the position file. On the container's own
filesystem that record is lost whenever the container restarts, so fluentd starts over: it re-reads
files from the beginning (`read_from_head true`) and ships duplicates, or skips to their end and loses
what was written meanwhile. On a read-only volume fluentd cannot write it at all. A position file on
the volume it tails (as in the Kubernetes documentation's example) or on its own emptyDir or hostPath
survives container restarts.

## Example
```yaml
containers:
  - name: count-agent
    image: registry.k8s.io/fluentd-gcp:1.30
    env: [{name: FLUENTD_ARGS, value: -c /etc/fluentd-config/fluentd.conf}]
    volumeMounts:
      - {name: varlog, mountPath: /var/log}
      - {name: config-volume, mountPath: /etc/fluentd-config}
---
data:
  fluentd.conf: |
    <source>
      @type tail
      path /var/log/1.log
      pos_file /tmp/1.log.pos
      tag count.format1
      <parse>
        @type none
      </parse>
    </source>
```

Use instead:
```yaml
      pos_file /var/log/1.log.pos
```
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import ApplySet, K8sObject

CODE = "K608"
NAME = "fluentd-pos-file-not-persistent"
SUMMARY = "a fluentd in_tail pos_file is not on a writable volume, so read positions are lost on restart"
SEVERITY = Severity.INFO
SET_KINDS = ("ConfigMap",)  # check_set reports only on these
REMEDIATION = "Put the pos_file on a writable volume of the agent container (the shared emptyDir, or a hostPath)."


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """Each ConfigMap holding a fluentd config, against the agents of the apply set that mount it."""
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.fluentd import configmap_configs
    from k8slint.logging_agents import agents_by_configmap

    for obj in objects.of_kind("ConfigMap"):
        configs = configmap_configs(obj) if obj.name is not None else None
        if configs:
            users = agents_by_configmap(objects).get((obj.effective_namespace(ctx.settings), obj.name), ())
            for problem in _pos_files(configs, users):
                yield obj, problem


def _pos_files(configs: dict, users) -> Iterator[Problem]:
    from k8slint.fluentd import in_tail_sources
    from k8slint.shell import literal_path

    for use in users:
        config = configs.get(use.key) if use.agent == "fluentd" else None
        if config is None:
            continue
        for source in in_tail_sources(config):
            param = source.param("pos_file")
            path = literal_path(param.value) if param is not None else None
            if path is None:
                continue
            location = use.mounts.resolve(use.container, path)
            if location is None:
                reason = "is on no volume"
            elif not location.writable:
                reason = f'is on read-only volume "{location.volume}"'
            else:
                continue
            yield Problem(
                ("data", use.key),
                f'pos_file "{param.value}" {reason} of container "{use.container}" in {use.workload.describe()}',
                inner=(param.value_line, param.value_column),
            )
