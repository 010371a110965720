"""The Pod Security Standards, as the `PodSecurity` admission plugin evaluates them.

Each check here mirrors one `Check` of `kubernetes/pod-security-admission` (in the Kubernetes tree at
`staging/src/k8s.io/pod-security-admission/policy/check_<id>.go`): the same fields, the same allowed
values compared the same way (exactly, case-sensitively), the same policy versions. Where upstream
reports one reason per Pod, a check here yields one violation per offending field, so that a finding
can point at it. Containers are visited as `policy/visitor.go` does: init containers (native sidecars
included: PSS gives them no special treatment), containers, ephemeral containers.

A rule of the `podsecurity` family reports one check at the default level: the configured Kubernetes
version selects the policy version. Workloads in a Namespace of the apply set that carries
`pod-security.kubernetes.io/<mode>` labels are instead evaluated at exactly that level and version by
`namespace-pod-security`, so the per-check rules leave them alone (see `labelled_namespaces`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from k8slint.model import Context, FieldPath, Problem, Settings
from k8slint.objects import (
    ApplySet,
    K8sObject,
    container_field,
    containers,
    get,
    per_apply_set,
    per_object,
    pod_spec,
    shared_path,
)
from k8slint.records import record

Version = tuple[int, int]
Violation = tuple[FieldPath, str]  # (where inside the object, what is wrong)

PRIVILEGED, BASELINE, RESTRICTED = "privileged", "baseline", "restricted"
LEVELS = (PRIVILEGED, BASELINE, RESTRICTED)
LABEL_PREFIX = "pod-security.kubernetes.io/"
MODES = ("enforce", "warn", "audit")


@record(frozen=True, slots=True)
class PodView:
    """A pod spec and the metadata of its Pods, wherever the object keeps them."""

    spec_path: FieldPath
    spec: dict
    annotations_path: FieldPath
    annotations: dict
    containers: tuple[tuple[FieldPath, dict], ...]  # init, regular, ephemeral: policy/visitor.go's order

    def security_context(self) -> dict:
        context = self.spec.get("securityContext")
        return context if isinstance(context, dict) else {}

    def user_namespace(self) -> bool:
        """`hostUsers: false`: policy/helpers.go `relaxPolicyForUserNamespacePod`."""
        return self.spec.get("hostUsers") is False

    def windows(self) -> bool:
        return get(self.spec, ("os", "name")) == "windows"


@per_object
def pod_view(obj: K8sObject) -> PodView | None:
    return _pod_view(obj)


def _pod_view(obj: K8sObject) -> PodView | None:
    found = pod_spec(obj)
    if found is None:
        return None
    spec_path, spec = found
    metadata_path: FieldPath = ("metadata",) if spec_path == ("spec",) else (*spec_path[:-1], "metadata")
    annotations_path = (*metadata_path, "annotations")
    annotations = get(obj.value, annotations_path)
    # The views of a whole apply set are kept (`pod_carriers`).
    return PodView(
        shared_path(spec_path),
        spec,
        shared_path(annotations_path),
        annotations if isinstance(annotations, dict) else _NO_ANNOTATIONS,
        tuple((shared_path(path), container) for path, container in containers(obj)),
    )


_NO_ANNOTATIONS: dict = {}  # read only, like every value of an object


def container_context(container: dict) -> dict:
    context = container.get("securityContext")
    return context if isinstance(context, dict) else {}


def effective_security(pod: PodView, path: FieldPath, container: dict, field: str) -> tuple[FieldPath | None, object]:
    """(where it is written, value) of a securityContext field a container runs with: its own, else the
    pod's (for the fields both levels have: runAsUser, runAsGroup, runAsNonRoot, seccompProfile,
    seLinuxOptions, appArmorProfile, windowsOptions); (None, None) when neither sets it."""
    own = container_context(container)
    if own.get(field) is not None:
        return (*path, "securityContext", field), own[field]
    pod_value = pod.security_context().get(field)
    if pod_value is not None:
        return (*pod.spec_path, "securityContext", field), pod_value
    return None, None


def who(path: FieldPath, container: dict) -> str:
    """How a message names a container: `container "web"`, `init container "setup"`."""
    kind = {"initContainers": "init container", "ephemeralContainers": "ephemeral container"}.get(path[-2], "container")
    name = container.get("name")
    return f'{kind} "{name}"' if isinstance(name, str) else f"{kind} {path[-1]}"


def _set(value: object) -> bool:
    """A string field Go would see as non-empty."""
    return isinstance(value, str) and value != ""


def _is_zero(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value == 0


# -- baseline checks


def privileged(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_privileged.go: `securityContext.privileged` must be false or unset."""
    for path, container in pod.containers:
        if container_context(container).get("privileged") is True:
            yield (*path, "securityContext", "privileged"), f"{who(path, container)} is privileged"


def _host_namespace(field: str, what: str) -> Callable[[PodView, Version], Iterator[Violation]]:
    def check(pod: PodView, version: Version) -> Iterator[Violation]:
        if pod.spec.get(field) is True:
            yield (*pod.spec_path, field), f"{field} is true: the Pods share the node's {what}"

    check.__doc__ = f"policy/check_hostNamespaces.go: `spec.{field}` must be false or unset."
    return check


host_network = _host_namespace("hostNetwork", "network namespace")
host_pid = _host_namespace("hostPID", "process namespace")
host_ipc = _host_namespace("hostIPC", "IPC namespace")


def host_ports(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_hostPorts.go: every container's `ports[*].hostPort` must be 0 or unset."""
    for path, container in pod.containers:
        ports = container.get("ports")
        for index, port in enumerate(ports if isinstance(ports, list) else ()):
            host_port = port.get("hostPort") if isinstance(port, dict) else None
            if isinstance(host_port, int) and not isinstance(host_port, bool) and host_port != 0:
                yield (*path, "ports", index, "hostPort"), f"{who(path, container)} binds host port {host_port}"


def _volumes(pod: PodView) -> Iterator[tuple[FieldPath, dict]]:
    volumes = pod.spec.get("volumes")
    for index, volume in enumerate(volumes if isinstance(volumes, list) else ()):
        if isinstance(volume, dict):
            yield (*pod.spec_path, "volumes", index), volume


def _volume_name(volume: dict, path: FieldPath) -> str:
    name = volume.get("name")
    return f'volume "{name}"' if isinstance(name, str) else f"volume {path[-1]}"


def host_path_volumes(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_hostPathVolumes.go: no `volumes[*].hostPath`."""
    for path, volume in _volumes(pod):
        source = volume.get("hostPath")
        if source is not None:
            where = get(source, ("path",))
            shown = f" ({where})" if isinstance(where, str) else ""
            yield (*path, "hostPath"), f"{_volume_name(volume, path)} mounts a path of the node{shown}"


BASELINE_CAPABILITIES = frozenset(
    {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
     "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}
)


def runtime_capability(capability: object) -> str | None:
    """A capability as the container runtime reads it: upper-cased, without `CAP_` (None for a non-string)."""
    return capability.upper().removeprefix("CAP_") if isinstance(capability, str) else None


def _spelling_hint(capability: str, allowed: frozenset[str]) -> str:
    """PSS compares capabilities exactly; the runtime does not (`runtime_capability`)."""
    canonical = runtime_capability(capability)
    if canonical != capability and canonical in allowed:
        return f' (Pod Security compares names exactly: write "{canonical}")'
    return ""


def _added_capabilities(container: dict) -> Iterator[tuple[int, object]]:
    added = get(container, ("securityContext", "capabilities", "add"))
    yield from enumerate(added if isinstance(added, list) else ())


def capabilities_baseline(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_capabilities_baseline.go: `capabilities.add` only from the 13 default capabilities."""
    for path, container in pod.containers:
        for index, capability in _added_capabilities(container):
            if capability not in BASELINE_CAPABILITIES:
                hint = _spelling_hint(capability, BASELINE_CAPABILITIES) if isinstance(capability, str) else ""
                yield (
                    (*path, "securityContext", "capabilities", "add", index),
                    f'{who(path, container)} adds capability "{capability}"{hint}',
                )


SECCOMP_TYPES = ("RuntimeDefault", "Localhost")
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"


def _seccomp_annotation_allowed(value: object) -> bool:
    return value in ("runtime/default", "docker/default") or (isinstance(value, str) and value.startswith("localhost/"))


def seccomp_baseline(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_seccompProfile_baseline.go: from policy v1.19 a `seccompProfile.type`, where set,
    is RuntimeDefault or Localhost; before, the seccomp annotations are runtime/default, docker/default
    or localhost/*."""
    if version < (1, 19):
        keys = [SECCOMP_POD_ANNOTATION]
        keys += [SECCOMP_CONTAINER_ANNOTATION + c["name"] for _, c in pod.containers if isinstance(c.get("name"), str)]
        for key in keys:
            if key in pod.annotations and not _seccomp_annotation_allowed(pod.annotations[key]):
                yield (*pod.annotations_path, key), f'annotation {key} is "{pod.annotations[key]}"'
        return
    profile = pod.security_context().get("seccompProfile")
    if isinstance(profile, dict) and profile.get("type") not in SECCOMP_TYPES:
        yield (*pod.spec_path, "securityContext", "seccompProfile", "type"), f'the pod sets seccompProfile type "{profile.get("type")}"'
    for path, container in pod.containers:
        profile = container_context(container).get("seccompProfile")
        if isinstance(profile, dict) and profile.get("type") not in SECCOMP_TYPES:
            yield (
                container_field(path, container, ("securityContext", "seccompProfile", "type")),
                f'{who(path, container)} sets seccompProfile type "{profile.get("type")}"',
            )


APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
APPARMOR_TYPES = ("RuntimeDefault", "Localhost")


def app_armor(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_appArmorProfile.go (all policy versions): `appArmorProfile.type` is RuntimeDefault or
    Localhost, and the deprecated annotations are empty, runtime/default or localhost/*."""
    for key, value in pod.annotations.items():
        if isinstance(key, str) and key.startswith(APPARMOR_ANNOTATION):
            if not (value in ("", "runtime/default") or (isinstance(value, str) and value.startswith("localhost/"))):
                yield (*pod.annotations_path, key), f'annotation {key} is "{value}"'
    profile = pod.security_context().get("appArmorProfile")
    if isinstance(profile, dict) and profile.get("type") not in APPARMOR_TYPES:
        yield (*pod.spec_path, "securityContext", "appArmorProfile", "type"), f'the pod sets appArmorProfile type "{profile.get("type")}"'
    for path, container in pod.containers:
        profile = container_context(container).get("appArmorProfile")
        if isinstance(profile, dict) and profile.get("type") not in APPARMOR_TYPES:
            yield (
                container_field(path, container, ("securityContext", "appArmorProfile", "type")),
                f'{who(path, container)} sets appArmorProfile type "{profile.get("type")}"',
            )


SELINUX_TYPES = {(1, 0): frozenset({"", "container_t", "container_init_t", "container_kvm_t"})}
SELINUX_TYPES[(1, 31)] = SELINUX_TYPES[(1, 0)] | {"container_engine_t"}


def _since(table: dict[Version, frozenset[str]], version: Version) -> frozenset[str]:
    """The entry of the newest policy version at or below `version`."""
    return table[max(since for since in table if since <= version)]


def se_linux_options(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_seLinuxOptions.go: `seLinuxOptions.type` from the allowed types (container_engine_t
    from v1.31); `user` and `role` unset."""
    allowed = _since(SELINUX_TYPES, version)
    places = [(pod.spec_path, pod.security_context(), "the pod")]
    places += [(path, container_context(container), who(path, container)) for path, container in pod.containers]
    for path, context, name in places:
        options = context.get("seLinuxOptions")
        if not isinstance(options, dict):
            continue
        at = (*path, "securityContext", "seLinuxOptions")
        selinux_type = options.get("type", "")
        if selinux_type is not None and selinux_type not in allowed:
            yield (*at, "type"), f'{name} sets SELinux type "{selinux_type}"'
        for field in ("user", "role"):
            if _set(options.get(field)):
                yield (*at, field), f'{name} sets SELinux {field} "{options[field]}"'


def _proc_mount(pod: PodView, version: Version, relaxed: bool) -> Iterator[Violation]:
    if relaxed and version >= (1, 35) and pod.user_namespace():
        return
    for path, container in pod.containers:
        proc_mount = container_context(container).get("procMount")
        if proc_mount is not None and proc_mount != "Default":
            yield (*path, "securityContext", "procMount"), f'{who(path, container)} sets procMount "{proc_mount}"'


def proc_mount_baseline(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_procMount_baseline.go: `procMount` Default or unset; from v1.35 any value in a
    user namespace (`hostUsers: false`)."""
    return _proc_mount(pod, version, relaxed=True)


def proc_mount_restricted(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_procMount_restricted.go (v1.35+): `procMount` Default or unset, even in a user namespace."""
    return _proc_mount(pod, version, relaxed=False)


SYSCTLS = {
    (1, 0): frozenset({"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
                       "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"}),
}
SYSCTLS[(1, 27)] = SYSCTLS[(1, 0)] | {"net.ipv4.ip_local_reserved_ports"}
SYSCTLS[(1, 29)] = SYSCTLS[(1, 27)] | {"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                                      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"}
SYSCTLS[(1, 32)] = SYSCTLS[(1, 29)] | {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}
SYSCTLS[(1, 37)] = SYSCTLS[(1, 32)] | {"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"}


def sysctls(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_sysctls.go: each `securityContext.sysctls[*].name` from the allow-list of the version."""
    allowed = _since(SYSCTLS, version)
    entries = pod.security_context().get("sysctls")
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or name in allowed:
            continue
        dotted = name.replace("/", ".")
        if dotted in allowed:
            hint = f' (Pod Security compares names exactly: write "{dotted}")'
        elif dotted in SYSCTLS[max(SYSCTLS)]:
            first = min(since for since, names in SYSCTLS.items() if dotted in names)
            hint = f" (allowed from policy v{first[0]}.{first[1]})"
        else:
            hint = ""
        yield (
            (*pod.spec_path, "securityContext", "sysctls", index, "name"),
            f'sysctl "{name}" is not in the allow-list of policy v{version[0]}.{version[1]}{hint}',
        )


def windows_host_process(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_windowsHostProcess.go: `windowsOptions.hostProcess` false or unset, pod and containers."""
    if get(pod.security_context(), ("windowsOptions", "hostProcess")) is True:
        yield (*pod.spec_path, "securityContext", "windowsOptions", "hostProcess"), "the pod runs as a Windows host process"
    for path, container in pod.containers:
        if get(container, ("securityContext", "windowsOptions", "hostProcess")) is True:
            yield (
                (*path, "securityContext", "windowsOptions", "hostProcess"),
                f"{who(path, container)} runs as a Windows host process",
            )


PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
LIFECYCLE_HANDLERS = (("lifecycle", "postStart"), ("lifecycle", "preStop"))


def host_probes_and_lifecycle(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_hostProbesAndhostLifecycle.go (v1.34+): no `host` in a probe's or lifecycle
    handler's `httpGet` or `tcpSocket`."""
    for path, container in pod.containers:
        for handler in (*((probe,) for probe in PROBES), *LIFECYCLE_HANDLERS):
            for action in ("httpGet", "tcpSocket"):
                host = get(container, (*handler, action, "host"))
                if _set(host):
                    where = ".".join((*handler, action))
                    yield (*path, *handler, action, "host"), f'{who(path, container)} {where} targets host "{host}"'


# -- restricted checks


def allow_privilege_escalation(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_allowPrivilegeEscalation.go: every container sets `allowPrivilegeEscalation: false`;
    from v1.25 Windows pods are exempt."""
    if version >= (1, 25) and pod.windows():
        return
    for path, container in pod.containers:
        value = container_context(container).get("allowPrivilegeEscalation")
        if value is not False:
            at = container_field(path, container, ("securityContext", "allowPrivilegeEscalation"))
            state = "allows privilege escalation" if value is True else "does not set allowPrivilegeEscalation: false"
            yield at, f"{who(path, container)} {state}"


def capabilities_restricted(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_capabilities_restricted.go: every container drops "ALL" (exactly) and adds nothing
    but NET_BIND_SERVICE; from v1.25 Windows pods are exempt."""
    if version >= (1, 25) and pod.windows():
        return
    only = frozenset({"NET_BIND_SERVICE"})
    for path, container in pod.containers:
        dropped = get(container, ("securityContext", "capabilities", "drop"))
        dropped = dropped if isinstance(dropped, list) else []
        if "ALL" not in dropped:
            near = [item for item in dropped if isinstance(item, str) and item.upper() == "ALL"]
            hint = f' ("{near[0]}" is not "ALL": Pod Security compares case-sensitively)' if near else ""
            at = container_field(path, container, ("securityContext", "capabilities", "drop"))
            yield at, f'{who(path, container)} does not drop "ALL" capabilities{hint}'
        for index, capability in _added_capabilities(container):
            if capability not in only:
                hint = _spelling_hint(capability, only) if isinstance(capability, str) else ""
                yield (
                    (*path, "securityContext", "capabilities", "add", index),
                    f'{who(path, container)} adds capability "{capability}"{hint}',
                )


def run_as_non_root(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_runAsNonRoot.go: `runAsNonRoot: true` on the pod, or on every container; an explicit
    false anywhere fails; from v1.35 skipped in a user namespace (`hostUsers: false`)."""
    if version >= (1, 35) and pod.user_namespace():
        return
    pod_value = pod.security_context().get("runAsNonRoot")
    if pod_value is False:
        yield (*pod.spec_path, "securityContext", "runAsNonRoot"), "the pod sets runAsNonRoot: false"
    for path, container in pod.containers:
        value = container_context(container).get("runAsNonRoot")
        if value is False:
            yield (*path, "securityContext", "runAsNonRoot"), f"{who(path, container)} sets runAsNonRoot: false"
        elif value is None and pod_value is None:
            yield (
                container_field(path, container, ("securityContext", "runAsNonRoot")),
                f"{who(path, container)} does not set runAsNonRoot: true, nor does the pod",
            )


def run_as_user(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_runAsUser.go (v1.23+): `runAsUser` is not 0, pod or containers; from v1.35 skipped
    in a user namespace (`hostUsers: false`)."""
    if version >= (1, 35) and pod.user_namespace():
        return
    if _is_zero(pod.security_context().get("runAsUser")):
        yield (*pod.spec_path, "securityContext", "runAsUser"), "the pod sets runAsUser: 0 (root)"
    for path, container in pod.containers:
        if _is_zero(container_context(container).get("runAsUser")):
            yield (*path, "securityContext", "runAsUser"), f"{who(path, container)} sets runAsUser: 0 (root)"


def seccomp_restricted(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_seccompProfile_restricted.go (v1.19+): `seccompProfile.type` RuntimeDefault or
    Localhost on the pod, or on every container; from v1.25 Windows pods are exempt."""
    if version >= (1, 25) and pod.windows():
        return
    profile = pod.security_context().get("seccompProfile")
    pod_set = isinstance(profile, dict)
    if pod_set and profile.get("type") not in SECCOMP_TYPES:
        yield (*pod.spec_path, "securityContext", "seccompProfile", "type"), f'the pod sets seccompProfile type "{profile.get("type")}"'
    for path, container in pod.containers:
        profile = container_context(container).get("seccompProfile")
        if isinstance(profile, dict):
            if profile.get("type") not in SECCOMP_TYPES:
                yield (
                    container_field(path, container, ("securityContext", "seccompProfile", "type")),
                    f'{who(path, container)} sets seccompProfile type "{profile.get("type")}"',
                )
        elif not pod_set:
            yield (
                container_field(path, container, ("securityContext", "seccompProfile")),
                f"{who(path, container)} sets no seccompProfile, nor does the pod",
            )


RESTRICTED_VOLUME_SOURCES = frozenset(
    {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"}
)


def restricted_volumes(pod: PodView, version: Version) -> Iterator[Violation]:
    """policy/check_restrictedVolumes.go: every volume is configMap, csi, downwardAPI, emptyDir, ephemeral,
    image, persistentVolumeClaim, projected or secret."""
    for path, volume in _volumes(pod):
        sources = [key for key, value in volume.items() if key != "name" and value is not None]
        if any(source in RESTRICTED_VOLUME_SOURCES for source in sources):
            continue
        if sources:
            yield (*path, sources[0]), f'{_volume_name(volume, path)} is a {sources[0]} volume'
        else:
            yield path, f"{_volume_name(volume, path)} has no volume source"


@record(frozen=True, slots=True)
class Check:
    """One check of pod-security-admission: its id there, the k8slint rule that reports it, its level,
    the first policy version it exists in, and the baseline checks it replaces at restricted level."""

    id: str
    rule: str
    level: str
    since: Version
    evaluate: Callable[[PodView, Version], Iterator[Violation]]
    overrides: tuple[str, ...] = ()


CHECKS = (
    Check("privileged", "privileged-container", BASELINE, (1, 0), privileged),
    Check("hostNamespaces/hostNetwork", "host-network", BASELINE, (1, 0), host_network),
    Check("hostNamespaces/hostPID", "host-pid", BASELINE, (1, 0), host_pid),
    Check("hostNamespaces/hostIPC", "host-ipc", BASELINE, (1, 0), host_ipc),
    Check("hostPorts", "host-port", BASELINE, (1, 0), host_ports),
    Check("hostPathVolumes", "host-path-volume", BASELINE, (1, 0), host_path_volumes),
    Check("capabilities_baseline", "capabilities-beyond-baseline", BASELINE, (1, 0), capabilities_baseline),
    Check("seccompProfile_baseline", "seccomp-profile-unconfined", BASELINE, (1, 0), seccomp_baseline),
    Check("appArmorProfile", "apparmor-profile-disallowed", BASELINE, (1, 0), app_armor),
    Check("seLinuxOptions", "selinux-options-disallowed", BASELINE, (1, 0), se_linux_options),
    Check("procMount", "proc-mount-unmasked", BASELINE, (1, 0), proc_mount_baseline),
    Check("sysctls", "unsafe-sysctl", BASELINE, (1, 0), sysctls),
    Check("windowsHostProcess", "windows-host-process", BASELINE, (1, 0), windows_host_process),
    Check("hostProbesAndHostLifecycle", "probe-or-lifecycle-host", BASELINE, (1, 34), host_probes_and_lifecycle),
    Check("allowPrivilegeEscalation", "allow-privilege-escalation", RESTRICTED, (1, 8), allow_privilege_escalation),
    Check("capabilities_restricted", "capabilities-drop-all", RESTRICTED, (1, 22), capabilities_restricted,
          ("capabilities_baseline",)),
    Check("runAsNonRoot", "run-as-non-root", RESTRICTED, (1, 0), run_as_non_root),
    Check("runAsUser", "run-as-user-root", RESTRICTED, (1, 23), run_as_user),
    Check("seccompProfile_restricted", "seccomp-profile-missing", RESTRICTED, (1, 19), seccomp_restricted,
          ("seccompProfile_baseline",)),
    Check("restrictedVolumes", "restricted-volume-type", RESTRICTED, (1, 0), restricted_volumes, ("hostPathVolumes",)),
    # The restricted variant of procMount is reported by the same rule as the baseline one.
    Check("procMount_restricted", "proc-mount-unmasked", RESTRICTED, (1, 35), proc_mount_restricted, ("procMount",)),
)
CHECKS_BY_ID = {check.id: check for check in CHECKS}
RESTRICTED_PROFILE = "pss-restricted"


def checks_at(level: str, version: Version) -> list[Check]:
    """The checks a Pod must pass at a level and policy version, with restricted checks replacing the
    baseline ones they override (policy/registry.go)."""
    wanted = (BASELINE,) if level == BASELINE else (BASELINE, RESTRICTED) if level == RESTRICTED else ()
    active = [check for check in CHECKS if check.level in wanted and check.since <= version]
    replaced = {overridden for check in active for overridden in check.overrides}
    return [check for check in active if check.id not in replaced]


def _replacement(check: Check, version: Version) -> Check | None:
    """The restricted check that takes over `check` at this version, if any."""
    for other in CHECKS:
        if check.id in other.overrides and other.since <= version:
            return other
    return None


# -- namespaces and where each Pod is evaluated


@record(frozen=True, slots=True)
class Mode:
    """One `pod-security.kubernetes.io/<mode>` label of a Namespace: the level and policy version."""

    mode: str  # enforce, warn or audit
    level: str
    version: Version
    version_text: str  # as written ("latest", "v1.30")


@record(frozen=True, slots=True)
class NamespacePolicy:
    namespace: K8sObject
    modes: tuple[Mode, ...]


def policy_version(text: object, settings: Settings) -> Version:
    """A `<mode>-version` label: "latest" (or unset, or malformed, which admission also reads as latest)
    is the configured Kubernetes version; a pinned version newer than that is clamped to it."""
    if isinstance(text, str) and text.startswith("v"):
        major, dot, minor = text[1:].partition(".")
        if major.isdigit() and minor.isdigit():
            return min((int(major), int(minor)), settings.kubernetes_version)
    return settings.kubernetes_version


@per_apply_set
def labelled_namespaces(objects: ApplySet) -> dict[str, NamespacePolicy]:
    """Namespaces of the apply set with Pod Security labels, by name. Only these are evaluated by their
    labels; a Namespace with any such label is governed by its labels alone (an absent mode is
    `privileged`, as in admission)."""
    found: dict[str, NamespacePolicy] = {}
    for namespace in objects.of_kind("Namespace"):
        if namespace.group or namespace.name is None:
            continue
        labels = namespace.labels
        modes = []
        for mode in MODES:
            level = labels.get(LABEL_PREFIX + mode)
            if level in LEVELS:
                version_text = labels.get(f"{LABEL_PREFIX}{mode}-version")
                modes.append(Mode(mode, level, policy_version(version_text, objects.settings),
                                  version_text if isinstance(version_text, str) else "latest"))
        if modes:
            found[namespace.name] = NamespacePolicy(namespace, tuple(modes))
    return found


@per_apply_set
def pod_carriers(objects: ApplySet) -> list[tuple[K8sObject, PodView]]:
    """Every object of the set that makes Pods (built-in kinds and `podTemplates:`), with its pod view."""
    carriers = []
    for obj in objects:
        if obj.kind == "Pod" or obj.template_path is not None:
            view = _pod_view(obj)  # kept here, not also in each object's cache
            if view is not None:
                carriers.append((obj, view))
    return carriers


def default_level_pods(objects: ApplySet, ctx: Context) -> Iterator[tuple[K8sObject, PodView]]:
    """The Pod carriers a per-check rule judges: every one outside the namespaces whose labels decide
    (`namespace-pod-security` reports those)."""
    labelled = labelled_namespaces(objects)
    for obj, view in pod_carriers(objects):
        if not (labelled and obj.effective_namespace(ctx.settings) in labelled):
            yield obj, view


@functools.lru_cache(maxsize=None)
def _rule_checks(rule: str, version: Version, restricted: bool) -> tuple[tuple[Check, str | None], ...]:
    """The checks one per-check rule runs at this version, each with the rule that supersedes its problems
    (every apply set asks: computed once)."""
    checks = [check for check in CHECKS if check.rule == rule and check.since <= version]
    if len(checks) > 1:  # a baseline and a restricted variant of one control
        checks = [check for check in checks if (check.level == RESTRICTED) == restricted]
    found = []
    for check in checks:
        replacement = _replacement(check, version)
        found.append((check, replacement.rule if replacement is not None and replacement.rule != rule else None))
    return tuple(found)


def default_level_problems(objects: ApplySet, ctx: Context, rule: str) -> Iterator[tuple[K8sObject, Problem]]:
    """The findings of one per-check rule: its checks at the configured version, on every Pod carrier
    of `default_level_pods`.

    With the `pss-restricted` profile on, a rule with both variants (procMount) runs its restricted
    one, and a baseline problem that a restricted check replaces says so (`superseded_by`)."""
    version = ctx.settings.kubernetes_version
    for check, superseded_by in _rule_checks(rule, version, RESTRICTED_PROFILE in ctx.settings.profiles):
        for obj, view in default_level_pods(objects, ctx):
            for at, message in check.evaluate(view, version):
                yield obj, Problem(at, message, superseded_by=superseded_by)
