from tests.helpers import check_fixture, messages, positions

RULE = "tracing-config-not-mounted"



def test_kubeadm_manifest_position_and_message():
    report = check_fixture("tracing-config-not-mounted.yaml")
    (finding,) = [f for f in report.findings if f.obj.name == "kube-apiserver"]
    assert (finding.line, finding.column) == (22, 7)
    assert finding.field == "spec.containers[0].command[8]"
    assert finding.message == (
        'tracing config file "/etc/kubernetes/apitracing-config.yaml" is not inside any volumeMounts mountPath '
        'of container "kube-apiserver"'
    )


def test_relative_path_uses_working_dir_or_is_skipped():
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver}
spec:
  containers:
    - name: kube-apiserver
      command: [kube-apiserver, --tracing-config-file=conf/tracing.yaml]
      {working_dir}
      volumeMounts: [{name: conf, mountPath: /srv/conf}]
  volumes: [{name: conf, emptyDir: {}}]
"""
    assert positions(text.replace("{working_dir}", ""), RULE) == []
    assert positions(text.replace("{working_dir}", "workingDir: /srv"), RULE) == []
    assert positions(text.replace("{working_dir}", "workingDir: /opt"), RULE) == [(7, 33)]


def test_other_programs_are_ignored():
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: sh
      command: [sh, -c, "echo kube-apiserver --tracing-config-file=/x; kube-apiserver-probe --tracing-config-file=/y"]
    - name: wrapper
      command: [/bin/run-kube-apiserver, --tracing-config-file=/z]
"""
    assert messages(text, RULE) == []


def test_paths_from_env_references_are_not_judged():
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver}
spec:
  containers:
    - name: kube-apiserver
      command: [kube-apiserver, "--tracing-config-file=/etc/$(TRACING_DIR)/tracing.yaml"]
"""
    assert positions(text, RULE) == []


def test_kube_apiserver_started_by_a_shell_script_is_recognised():
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver}
spec:
  containers:
    - name: kube-apiserver
      command: [sh, -c, "exec kube-apiserver --tracing-config-file={file} --v=2"]
      volumeMounts: [{name: conf, mountPath: /srv/conf}]
  volumes: [{name: conf, emptyDir: {}}]
"""
    assert messages(text.replace("{file}", "/etc/tracing.yaml"), RULE) == [
        'tracing config file "/etc/tracing.yaml" is not inside any volumeMounts mountPath of container "kube-apiserver"'
    ]
    assert positions(text.replace("{file}", "/etc/tracing.yaml"), RULE) == [(7, 25)]
    assert messages(text.replace("{file}", "/srv/conf/tracing.yaml"), RULE) == []
    assert messages(text.replace("{file}", "$CONF_DIR/tracing.yaml"), RULE) == []
