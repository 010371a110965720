"""k8slint.mounts: which container sees which file of a Pod's volumes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint.mounts import ConfigMapFile, PodMounts, normalize


def pod(*containers, volumes=(), init=()):
    spec = {"containers": list(containers), "volumes": list(volumes)}
    if init:
        spec["initContainers"] = list(init)
    return PodMounts(spec)


def container(name, *mounts):
    return {"name": name, "image": "busybox", "volumeMounts": list(mounts)}


def mount(volume, path, **extra):
    return {"name": volume, "mountPath": path, **extra}


EMPTY = {"name": "logs", "emptyDir": {}}


def test_same_volume_at_same_path_is_shared():
    mounts = pod(container("app", mount("logs", "/var/log")), container("tail", mount("logs", "/var/log")), volumes=[EMPTY])
    (seen,) = mounts.shared_with("tail", "/var/log/1.log")
    assert (seen.container, seen.path) == ("app", "/var/log/1.log")
    assert seen.location.writable


def test_same_volume_at_a_different_path_is_shared_under_that_path():
    mounts = pod(container("app", mount("logs", "/app/logs")), container("tail", mount("logs", "/sidecar")), volumes=[EMPTY])
    (seen,) = mounts.shared_with("tail", "/sidecar/app.log")
    assert (seen.container, seen.path) == ("app", "/app/logs/app.log")


def test_path_outside_any_volume_is_not_shared():
    mounts = pod(container("app", mount("logs", "/var/log")), container("tail", mount("logs", "/var/log")), volumes=[EMPTY])
    assert mounts.resolve("tail", "/tmp/app.log") is None
    assert mounts.shared_with("tail", "/tmp/app.log") == []


def test_other_volume_is_not_shared():
    mounts = pod(
        container("app", mount("a", "/var/log")),
        container("tail", mount("b", "/var/log")),
        volumes=[{"name": "a", "emptyDir": {}}, {"name": "b", "emptyDir": {}}],
    )
    assert mounts.shared_with("tail", "/var/log/x.log") == []


def test_sub_path_is_honoured():
    mounts = pod(
        container("app", mount("logs", "/var/log/app", subPath="app")),
        container("tail", mount("logs", "/logs")),
        container("other", mount("logs", "/var/log/app", subPath="other")),
        volumes=[EMPTY],
    )
    location = mounts.resolve("tail", "/logs/app/x.log")
    assert (location.volume, location.inner) == ("logs", "app/x.log")
    assert [(s.container, s.path) for s in mounts.shared_with("tail", "/logs/app/x.log")] == [
        ("app", "/var/log/app/x.log")
    ]
    assert [s.container for s in mounts.shared_with("tail", "/logs/other/x.log")] == ["other"]
    assert mounts.shared_with("tail", "/logs/x.log") == []


def test_deeper_mount_shadows_the_parent():
    mounts = pod(
        container("app", mount("logs", "/data"), mount("cache", "/data/logs")),
        container("tail", mount("logs", "/logs")),
        volumes=[EMPTY, {"name": "cache", "emptyDir": {}}],
    )
    assert mounts.resolve("app", "/data/logs/x").volume == "cache"
    assert mounts.shared_with("tail", "/logs/logs/x") == []
    assert [s.path for s in mounts.shared_with("tail", "/logs/y")] == ["/data/y"]


def test_read_only_mounts_and_configmaps_are_not_writable():
    mounts = pod(
        container("app", mount("logs", "/var/log", readOnly=True), mount("config", "/etc/app")),
        container("tail", mount("logs", "/var/log"), mount("config", "/etc/app")),
        volumes=[EMPTY, {"name": "config", "configMap": {"name": "cm"}}],
    )
    assert mounts.shared_with("tail", "/var/log/a", writable=True) == []
    assert [s.container for s in mounts.shared_with("tail", "/var/log/a")] == ["app"]
    assert mounts.shared_with("tail", "/etc/app/a", writable=True) == []


def test_host_paths_with_the_same_host_directory_are_shared():
    mounts = pod(
        container("app", mount("host-logs", "/var/log")),
        container("agent", mount("host-app", "/logs")),
        volumes=[
            {"name": "host-logs", "hostPath": {"path": "/var/log"}},
            {"name": "host-app", "hostPath": {"path": "/var/log/app/"}},
        ],
    )
    assert [(s.container, s.path) for s in mounts.shared_with("agent", "/logs/x.log")] == [("app", "/var/log/app/x.log")]


def test_claims_with_the_same_name_are_shared():
    mounts = pod(
        container("app", mount("a", "/a")),
        container("agent", mount("b", "/b")),
        volumes=[
            {"name": "a", "persistentVolumeClaim": {"claimName": "logs"}},
            {"name": "b", "persistentVolumeClaim": {"claimName": "logs"}},
        ],
    )
    assert [s.path for s in mounts.shared_with("agent", "/b/x")] == ["/a/x"]


def test_sub_path_expr_may_show_the_file():
    mounts = pod(
        container("app", mount("logs", "/var/log", subPathExpr="$(POD_NAME)")),
        container("tail", mount("logs", "/logs")),
        volumes=[EMPTY],
    )
    assert [s.container for s in mounts.shared_with("tail", "/logs/pod-a/x.log")] == ["app"]


def test_init_containers_are_counted():
    mounts = pod(
        container("tail", mount("logs", "/logs")),
        volumes=[EMPTY],
        init=[container("setup", mount("logs", "/seed"))],
    )
    assert [s.container for s in mounts.shared_with("tail", "/logs/x")] == ["setup"]


def test_volume_kinds():
    mounts = pod(volumes=[EMPTY, {"name": "bare"}, {"name": "cm", "configMap": {"name": "x"}}])
    assert mounts.volume_kind("logs") == "emptyDir"
    assert mounts.volume_kind("bare") == "emptyDir"  # Kubernetes defaults an empty source to emptyDir
    assert mounts.volume_kind("cm") == "configMap"
    assert mounts.volume_kind("missing") is None


def test_configmap_keys_and_items():
    mounts = pod(
        container(
            "agent",
            mount("all", "/etc/all"),
            mount("some", "/etc/some"),
            mount("one", "/etc/one.conf", subPath="fluent.conf"),
            mount("proj", "/etc/proj"),
        ),
        volumes=[
            {"name": "all", "configMap": {"name": "cm-all"}},
            {"name": "some", "configMap": {"name": "cm-some", "optional": True, "items": [{"key": "k", "path": "dir/f.conf"}]}},
            {"name": "one", "configMap": {"name": "cm-one"}},
            {"name": "proj", "projected": {"sources": [{"secret": {"name": "s"}}, {"configMap": {"name": "cm-proj"}}]}},
        ],
    )

    def file(path):
        return mounts.configmap_file(mounts.resolve("agent", path))

    assert file("/etc/all/fluentd.conf") == ConfigMapFile("cm-all", "fluentd.conf", False)
    assert file("/etc/all") == ConfigMapFile("cm-all", None, False)
    assert file("/etc/all/sub/x") == ConfigMapFile("cm-all", "", False)
    assert file("/etc/some/dir/f.conf") == ConfigMapFile("cm-some", "k", True)
    assert file("/etc/some/k") == ConfigMapFile("cm-some", "", True)
    assert file("/etc/one.conf") == ConfigMapFile("cm-one", "fluent.conf", False)
    assert file("/etc/proj/a.conf") == ConfigMapFile("cm-proj", "a.conf", False)


def test_malformed_specs_do_not_raise():
    for spec in (None, [], {"containers": "x"}, {"containers": [1, {"name": 3}, {"name": "a", "volumeMounts": [1, {}]}]},
                 {"volumes": [None, {"name": 1}], "containers": [{"name": "a", "volumeMounts": [{"name": "v", "mountPath": 5}]}]}):
        mounts = PodMounts(spec)
        assert mounts.resolve("a", "/x") is None
        assert mounts.shared_with("a", "/x") == []


def test_normalize():
    assert normalize("var/log/../log//x/") == "/var/log/x"
    assert normalize("/") == "/"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["/", "/x", "/x/y", "x", "/x/../z"]),
                       st.sampled_from([None, "", "s", "s/t", "../s"])), max_size=4),
    st.sampled_from(["/x/y/f", "/f", "/z/s/f", "relative"]),
)
def test_resolution_never_raises(mount_specs, path):
    mounts = [mount(volume, where, **({} if sub is None else {"subPath": sub})) for volume, where, sub in mount_specs]
    pod_mounts = pod(container("one", *mounts), container("two", *mounts), volumes=[{"name": "a", "emptyDir": {}}, {"name": "b"}])
    seen = pod_mounts.shared_with("one", path)
    if pod_mounts.resolve("one", path) is not None and mounts:
        # the second container mounts exactly the same, so it sees the very same file at the same path
        assert [s.container for s in seen] == ["two"]
