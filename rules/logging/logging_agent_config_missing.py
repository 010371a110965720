"""
## What it does
Checks that the configuration file of a logging agent (fluentd or Fluent Bit) is provided: the file
named by `-c`/`--config` (in the container's command or args, or for fluentd in `FLUENTD_ARGS` or
`FLUENTD_OPT`), or the image's default configuration when a volume is mounted over it. It reports a file on no volume, a ConfigMap volume whose `items` do not
project it, and a ConfigMap without the key. A ConfigMap that is not in the apply set is reported only
with the `strict` option: it is often applied separately (a sibling file applied on its own, another tool),
so its absence from the apply set says nothing about the cluster.

## Why is this bad?
Without its configuration fluentd exits at start-up ("config file ... not found") and the container
crash-loops; when a ConfigMap volume lacks the key, the file is simply absent. Either way no logs are
shipped, and a ConfigMap mounted over the image's configuration directory hides the image's own file.

## Example
```yaml
containers:
  - name: count-agent
    image: registry.k8s.io/fluentd-gcp:1.30
    env:
      - {name: FLUENTD_ARGS, value: -c /etc/fluentd-config/fluentd.conf}
    volumeMounts: [{name: config-volume, mountPath: /etc/fluentd-config}]
volumes:
  - {name: config-volume, configMap: {name: fluentd-config}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fluentd-config}
data:
  fluent.conf: |
    <source>
      @type forward
    </source>
```

Use instead:
```yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: fluentd-config}
data:
  fluentd.conf: |
    <source>
      @type forward
    </source>
```

## Options
- `strict` (default `false`): a ConfigMap missing from the apply set is an error too.
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.model import Context, Problem, Severity
from k8slint.objects import POD_CARRIERS, ApplySet, K8sObject, pod_spec

CODE = "K604"
NAME = "logging-agent-config-missing"
SUMMARY = "a logging agent's configuration file is not provided"
SEVERITY = Severity.ERROR
REMEDIATION = "Mount a ConfigMap that has the configuration under the right key at the path the agent reads."
KINDS = POD_CARRIERS
OPTIONS = {"strict": (bool, False)}


def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    """What the Pod's own volumes show: a config file on no volume, or not among a volume's items."""
    for _, problem in _problems(obj, None, ctx):
        yield problem


def check_set(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """What needs the apply set: the ConfigMap that provides a config file, and its key."""
    from k8slint.logging_agents import is_fluentbit_container, is_fluentd_container
    from k8slint.podsecurity import pod_carriers

    for obj, pod in pod_carriers(objects):
        if any(is_fluentd_container(c) or is_fluentbit_container(c) for _, c in pod.containers):
            yield from _problems(obj, objects, ctx)


def _problems(obj: K8sObject, objects: ApplySet | None, ctx: Context) -> Iterator[tuple[K8sObject, Problem]]:
    """Per-object problems when `objects` is None, else the problems about ConfigMaps of `objects`."""
    # Imported here, not at module level: the CLI imports every rule at start-up.
    from k8slint.logging_agents import configmaps_by_name, logging_agent
    from k8slint.mounts import is_within, pod_mounts
    from k8slint.shell import pod_commands

    mounts = pod_mounts(obj)
    found = pod_spec(obj)
    if mounts is None or found is None:
        return
    spec_path = found[0]
    for command in pod_commands(obj):
        agent = logging_agent(command.container)
        if agent is None or command.name is None or command.list_name == "ephemeralContainers":
            continue
        config = agent[1]
        location = mounts.resolve(command.name, config.path)
        if location is None:
            if objects is None and config.at is not None and not (config.image_directory and is_within(config.path, config.image_directory)):
                yield obj, Problem(
                    (*command.path, *config.at),
                    f'config file "{config.path}" of container "{command.name}" is on no volume, '
                    "so nothing provides it",
                )
            continue
        at = (*command.path, *config.at) if config.at is not None else (*spec_path, *location.mount.path)
        provided = mounts.configmap_file(location)
        if provided is None or provided.key is None:
            continue  # not a ConfigMap volume, or the path names the volume's directory itself
        if provided.key == "":
            if objects is None:
                yield obj, Problem(
                    at,
                    f'config file "{config.path}" of container "{command.name}" is not among the items '
                    f'that volume "{location.volume}" projects from ConfigMap "{provided.configmap}"',
                )
            continue
        if objects is None:
            continue
        configmap = configmaps_by_name(objects).get((obj.effective_namespace(ctx.settings), provided.configmap))
        if configmap is None:
            if ctx.options["strict"]:
                yield obj, Problem(
                    at,
                    f'ConfigMap "{provided.configmap}", which provides config file "{config.path}" of container '
                    f'"{command.name}", is not in the apply set',
                )
            continue
        if not any(_has_key(configmap.value.get(field), provided.key) for field in ("data", "binaryData")):
            yield obj, Problem(
                at,
                f'ConfigMap "{provided.configmap}" has no key "{provided.key}" for config file "{config.path}" '
                f'of container "{command.name}"',
            )


def _has_key(data, key: str) -> bool:
    return isinstance(data, dict) and key in data
