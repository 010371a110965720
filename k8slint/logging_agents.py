"""Logging agents in Kubernetes: which containers run fluentd or Fluent Bit, which configuration file
each reads (from its command line, its environment or its image's default), and which ConfigMap of an
apply set provides that file. Parsing the configurations themselves is `k8slint.fluentd` and
`k8slint.fluentbit`.
"""

from __future__ import annotations

from typing import Any

from k8slint.images import parse_image
from k8slint.model import FieldPath
from k8slint.objects import ApplySet, K8sObject, containers, per_apply_set
from k8slint.records import record

_CONFIG_ENV = ("FLUENTD_ARGS", "FLUENTD_OPT")
_PROGRAM_DEFAULTS = {
    "fluentd": "/etc/fluent/fluent.conf",
    "td-agent": "/etc/td-agent/td-agent.conf",
    "google-fluentd": "/etc/google-fluentd/google-fluentd.conf",
}
_PROGRAMS = frozenset(_PROGRAM_DEFAULTS)
# fluent/fluentd images start `fluentd -c /fluentd/etc/${FLUENTD_CONF}` and ship files in that directory.
_OFFICIAL_IMAGE_DIRECTORY = "/fluentd/etc"


@record(frozen=True, slots=True)
class AgentConfig:
    """The configuration file a fluentd container reads, and where the manifest names it.

    `at` is the path, relative to the container, of the value that names the file (`env[i].value`,
    `args[j]`); None when the file is the image's default. `image_directory` is a directory the
    image itself fills with configuration files, when known.
    """

    path: str
    at: FieldPath | None
    image_directory: str | None


def is_fluentd_container(container: dict) -> bool:
    image = container.get("image")
    if isinstance(image, str):
        name = parse_image(image).name.lower()
        if "fluentd" in name or "td-agent" in name:
            return True
    return runs_program(container, _PROGRAMS)


def runs_program(container: dict, programs: frozenset[str]) -> bool:
    """Whether the container's argv starts one of `programs`, directly or from a `sh -c` script."""
    words = container_words(container)
    if not words:
        return False
    if words[0].rsplit("/", 1)[-1] in programs:
        return True
    from k8slint.shell import shell_script_index, split_commands

    script_index = shell_script_index(words)
    if script_index is None or not any(program in words[script_index] for program in programs):
        return False  # tokenizing is skipped for the many scripts that never name the program
    commands = split_commands(words[script_index])
    return any(simple and simple[0].rsplit("/", 1)[-1] in programs for simple in _unwrapped(commands or ()))


def fluentd_config(container: dict) -> AgentConfig | None:
    """The configuration a fluentd container reads: `-c`/`--config` in its argv or in FLUENTD_ARGS/FLUENTD_OPT,
    else FLUENTD_CONF for the official image; None when it is not a fluentd container or the file is unknown."""
    if not isinstance(container, dict) or not is_fluentd_container(container):
        return None
    argv = container_words(container)
    found = program_config_option(container, _PROGRAMS)
    if found is not None:
        return _absolute(found[1], found[0], container)
    env = container.get("env")
    official = _is_official_image(container.get("image"))
    if isinstance(env, list):
        for index, variable in enumerate(env):
            if not isinstance(variable, dict) or not isinstance(variable.get("value"), str):
                continue
            if variable.get("name") in _CONFIG_ENV:
                import shlex

                try:
                    words = shlex.split(variable["value"])
                except ValueError:
                    continue
                found = config_option(["fluentd", *words])
                if found is not None:
                    return _absolute(found[1], ("env", index, "value"), container)
            elif variable.get("name") == "FLUENTD_CONF" and official and variable["value"]:
                path = f"{_OFFICIAL_IMAGE_DIRECTORY}/{variable['value']}"
                return AgentConfig(path, ("env", index, "value"), _OFFICIAL_IMAGE_DIRECTORY)
    if official:
        return AgentConfig(f"{_OFFICIAL_IMAGE_DIRECTORY}/fluent.conf", None, _OFFICIAL_IMAGE_DIRECTORY)
    program = argv[0].rsplit("/", 1)[-1] if argv else ""
    if program in _PROGRAM_DEFAULTS:
        # Each program's built-in default; fluentd also reads FLUENT_CONF.
        default = _PROGRAM_DEFAULTS[program]
        if program == "fluentd" and isinstance(env, list):
            for variable in env:
                if isinstance(variable, dict) and variable.get("name") == "FLUENT_CONF" and isinstance(variable.get("value"), str):
                    default = variable["value"] or default
        return AgentConfig(default, None, None) if default.startswith("/") else None
    return None


def container_words(container: dict) -> list[str]:
    """`command` + `args` as strings ("" for a non-string item, which Kubernetes would reject)."""
    words: list[str] = []
    for part in (container.get("command"), container.get("args")):
        if isinstance(part, list):
            words.extend(word if isinstance(word, str) else "" for word in part)
    return words


def program_config_option(container: dict, programs: frozenset[str]) -> tuple[FieldPath, str] | None:
    """(where, path) of the `-c` option the agent program gets, looking through a `sh -c` script.

    Options are read only from an argv that starts with one of `programs`, or with an option (the
    image's entrypoint is the agent); a `-c` elsewhere belongs to another program (a shell's script).
    """
    words = container_words(container)
    if not words:
        return None
    command = container.get("command")
    length = len(command) if isinstance(command, list) else 0

    def word_path(index: int) -> FieldPath:
        return ("command", index) if index < length else ("args", index - length)

    program = words[0].rsplit("/", 1)[-1]
    if program in programs or words[0].startswith("-"):
        found = config_option(words if program in programs else ["", *words])
        if found is None:
            return None
        index = found[0] if program in programs else found[0] - 1
        return word_path(index), found[1]
    from k8slint.shell import shell_script_index, split_commands

    script_index = shell_script_index(words)
    if script_index is None or not any(program in words[script_index] for program in programs):
        return None
    commands = split_commands(words[script_index])
    for simple in _unwrapped(commands or ()):
        if simple and simple[0].rsplit("/", 1)[-1] in programs:
            found = config_option(simple)
            if found is not None:
                return word_path(script_index), found[1]
    return None


def _unwrapped(commands) -> list[list[str]]:
    """Simple commands without `exec`, `nohup`, assignments and the like in front of the program."""
    from k8slint.shell import unwrap

    return [unwrap(list(simple)) for simple in commands]


def config_option(argv: list[str]) -> tuple[int, str] | None:
    """(index, path) of `-c PATH`, `-cPATH`, `--config PATH` or `--config=PATH` (fluentd, Fluent Bit); the last one wins."""
    found = None
    index = 1
    while index < len(argv):
        word = argv[index]
        if word in ("-c", "--config") and index + 1 < len(argv):
            found = (index + 1, argv[index + 1])
            index += 1
        elif word.startswith("--config="):
            found = (index, word[len("--config="):])
        elif word.startswith("-c") and len(word) > 2 and not word.startswith("--"):
            found = (index, word[2:])
        index += 1
    return found


def absolute_config(path: str, at: FieldPath, container: dict, image_directory: str | None) -> AgentConfig | None:
    """An AgentConfig for a path named in the manifest, resolved against `workingDir` when relative."""
    if not path:
        return None
    if not path.startswith("/"):
        working_dir = container.get("workingDir")
        if not isinstance(working_dir, str) or not working_dir.startswith("/"):
            return None  # relative to the image's working directory, which k8slint cannot see
        path = working_dir.rstrip("/") + "/" + path
    return AgentConfig(path, at, image_directory)


def _absolute(path: str, at: FieldPath, container: dict) -> AgentConfig | None:
    official = _is_official_image(container.get("image"))
    return absolute_config(path, at, container, _OFFICIAL_IMAGE_DIRECTORY if official else None)


def _image_location(image: object) -> str:
    return parse_image(image).location if isinstance(image, str) else ""


def _is_official_image(image: object) -> bool:
    """fluent/fluentd and fluent/fluentd-kubernetes-daemonset (Docker Hub), which ship /fluentd/etc."""
    return _image_location(image) in (
        "fluent/fluentd",
        "fluent/fluentd-kubernetes-daemonset",
        "docker.io/fluent/fluentd",
        "docker.io/fluent/fluentd-kubernetes-daemonset",
    )


@record(frozen=True, slots=True)
class AgentUse:
    """A logging agent container of a workload (`agent` is "fluentd" or "fluent-bit") that reads its
    configuration from `key` of a ConfigMap."""

    agent: str
    workload: Any  # K8sObject
    container: str
    path: FieldPath  # of the container in the workload
    mounts: Any  # k8slint.mounts.PodMounts
    config: AgentConfig
    key: str


def logging_agent(container: Any) -> tuple[str, AgentConfig] | None:
    """("fluentd" or "fluent-bit", its configuration file) for a logging agent container, else None."""
    config = fluentd_config(container)
    if config is not None:
        return "fluentd", config
    config = fluentbit_config(container)
    return ("fluent-bit", config) if config is not None else None


@per_apply_set
def agents_by_configmap(objects: ApplySet) -> dict[tuple[str | None, str], list[AgentUse]]:
    """(namespace, ConfigMap name) -> the logging agents of the apply set whose configuration file it provides."""
    from k8slint.mounts import pod_mounts
    from k8slint.podsecurity import pod_carriers

    index: dict[tuple[str | None, str], list[AgentUse]] = {}
    for workload, _ in pod_carriers(objects):
        for path, container in containers(workload, ("initContainers", "containers")):
            name = container.get("name")
            found = logging_agent(container)
            mounts = pod_mounts(workload) if found is not None and isinstance(name, str) else None
            if mounts is None:
                continue
            agent, config = found
            location = mounts.resolve(name, config.path)
            provided = mounts.configmap_file(location) if location is not None else None
            if provided is None or not provided.key:
                continue
            key = (workload.effective_namespace(objects.settings), provided.configmap)
            index.setdefault(key, []).append(AgentUse(agent, workload, name, path, mounts, config, provided.key))
    return index


@per_apply_set
def configmaps_by_name(objects: ApplySet) -> dict[tuple[str | None, str], K8sObject]:
    """(namespace, name) -> the first ConfigMap of that name (objects without a namespace land in the default one)."""
    index: dict[tuple[str | None, str], K8sObject] = {}
    for configmap in objects.of_kind("ConfigMap"):
        if configmap.name is not None:
            index.setdefault((configmap.effective_namespace(objects.settings), configmap.name), configmap)
    return index


# The official images (Docker Hub and cr.fluentbit.io) run `fluent-bit -c /fluent-bit/etc/fluent-bit.conf`.
_FLUENTBIT_OFFICIAL_IMAGES = frozenset(
    {"fluent/fluent-bit", "docker.io/fluent/fluent-bit", "cr.fluentbit.io/fluent/fluent-bit"}
)
_FLUENTBIT_OFFICIAL_DIRECTORY = "/fluent-bit/etc"
_FLUENTBIT_PROGRAMS = frozenset({"fluent-bit"})


def is_fluentbit_container(container: dict) -> bool:
    image = container.get("image")
    if isinstance(image, str) and "fluent-bit" in parse_image(image).name.lower():
        return True
    return runs_program(container, _FLUENTBIT_PROGRAMS)


def fluentbit_config(container: object) -> AgentConfig | None:
    """The configuration file a Fluent Bit container reads (`-c`/`--config`, or the official image's default).

    None when the container is not Fluent Bit or the file is
    unknown (an image other than the official one started without `-c`).
    """
    if not isinstance(container, dict) or not is_fluentbit_container(container):
        return None
    official = _image_location(container.get("image")) in _FLUENTBIT_OFFICIAL_IMAGES
    directory = _FLUENTBIT_OFFICIAL_DIRECTORY if official else None
    found = program_config_option(container, _FLUENTBIT_PROGRAMS)
    if found is not None:
        return absolute_config(found[1], found[0], container, directory)
    if official and not container_words(container):
        return AgentConfig(f"{_FLUENTBIT_OFFICIAL_DIRECTORY}/fluent-bit.conf", None, _FLUENTBIT_OFFICIAL_DIRECTORY)
    return None
