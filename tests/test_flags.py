from k8slint.flags import Flag, argv, parse_arguments, parse_container, program_name


def test_program_name_strips_directories_and_exe():
    assert program_name("/usr/local/bin/etcd") == "etcd"
    assert program_name("kube-apiserver") == "kube-apiserver"
    assert program_name("C:\\k\\kube-apiserver.exe") == "kube-apiserver"


def test_kube_apiserver_flags_in_both_forms_with_item_indexes():
    container = {
        "command": ["kube-apiserver", "--feature-gates=APIServerTracing=true", "--tracing-config-file"],
        "args": ["/etc/kubernetes/tracing.yaml", "--v", "2"],
    }
    line = parse_container(container)
    assert line.program == "kube-apiserver"
    assert line.program_at == ("command", 0)
    assert line.flags == [
        Flag("feature-gates", "APIServerTracing=true", ("command", 1), ("command", 1)),
        Flag("tracing-config-file", "/etc/kubernetes/tracing.yaml", ("command", 2), ("args", 0)),
        Flag("v", "2", ("args", 1), ("args", 2)),
    ]
    assert line.last("tracing-config-file").value == "/etc/kubernetes/tracing.yaml"


def test_value_flag_takes_the_next_item_even_when_it_starts_with_a_dash():
    line = parse_container({"command": ["kube-apiserver", "--feature-gates", "-odd", "--x=1"]})
    assert line.last("feature-gates").value == "-odd"
    assert line.last("x").value == "1"


def test_value_flag_at_the_end_has_no_value_and_is_reported():
    line = parse_container({"command": ["kube-apiserver", "--tracing-config-file"]})
    assert line.last("tracing-config-file") == Flag("tracing-config-file", None, ("command", 1), None)
    assert line.problems == [(("command", 1), "flag needs an argument: --tracing-config-file")]


def test_boolean_flag_does_not_consume_the_next_item():
    line = parse_container({"command": ["etcd", "--experimental-enable-distributed-tracing", "--name=a"]})
    assert line.last("experimental-enable-distributed-tracing").value is None
    line = parse_container({"command": ["etcd", "--enable-distributed-tracing", "true", "--name=a"]})
    assert line.last("enable-distributed-tracing").value is None
    # Go's flag package stops at the first non-flag argument: "--name=a" is not parsed as a flag.
    assert line.last("name") is None
    assert [text for text, _ in line.positional] == ["true", "--name=a"]


def test_etcd_accepts_single_dash_flags():
    line = parse_container({"command": ["/usr/local/bin/etcd", "-distributed-tracing-address", "otel:4317"]})
    assert line.program == "etcd"
    assert line.last("distributed-tracing-address") == Flag(
        "distributed-tracing-address", "otel:4317", ("command", 1), ("command", 2)
    )


def test_pflag_allows_interspersed_arguments_and_double_dash_ends_flags():
    items = [("pos", ("args", 0)), ("--a=1", ("args", 1)), ("--", ("args", 2)), ("--b=2", ("args", 3))]
    line = parse_arguments(items, "x")
    assert [flag.name for flag in line.flags] == ["a"]
    assert [text for text, _ in line.positional] == ["pos", "--b=2"]


def test_repeated_flags_are_all_kept_and_the_last_wins():
    line = parse_container({"command": ["kube-apiserver", "--feature-gates=A=true", "--feature-gates=A=false"]})
    assert [flag.value for flag in line.all("feature-gates")] == ["A=true", "A=false"]
    assert line.last("feature-gates").value == "A=false"


def test_without_command_the_program_is_unknown_and_args_are_flags():
    line = parse_container({"args": ["--tracing-config-file=/x"]})
    assert line.program is None
    assert line.last("tracing-config-file") == Flag("tracing-config-file", "/x", ("args", 0), ("args", 0))


def test_malformed_input_never_raises():
    assert parse_container(None).flags == []
    assert parse_container({"command": "kube-apiserver"}).program is None
    line = parse_container({"command": ["kube-apiserver", None, 7, {"a": 1}, "---x", "--=v"]})
    assert line.program == "kube-apiserver"
    assert line.problems == [(("command", 4), 'bad flag syntax: "---x"'), (("command", 5), 'bad flag syntax: "--=v"')]
    assert argv({"command": [True, "x"]}) == [("x", ("command", 1))]


def test_variable_references_are_recognised():
    from k8slint.flags import expands_at_runtime

    assert expands_at_runtime("/etc/$(CONFIG_DIR)/tracing.yaml")
    assert expands_at_runtime("$(POD_IP):4317")
    assert not expands_at_runtime("$$(NOT_EXPANDED)")
    assert not expands_at_runtime("/etc/kubernetes/tracing.yaml")


# --- programs a shell script starts ----------------------------------------------------------------------------


def test_a_shell_script_that_starts_kube_apiserver_is_looked_through():
    container = {
        "command": ["/bin/sh", "-ec"],
        "args": ["echo starting >&2\nexec kube-apiserver --feature-gates=APIServerTracing=true \\\n"
                 "  --tracing-config-file /etc/kubernetes/tracing.yaml 2>&1 | tee /var/log/apiserver.log"],
    }
    line = parse_container(container)
    assert line.program == "kube-apiserver"
    assert line.program_at == ("args", 0)
    assert line.flags == [
        Flag("feature-gates", "APIServerTracing=true", ("args", 0), ("args", 0)),
        Flag("tracing-config-file", "/etc/kubernetes/tracing.yaml", ("args", 0), ("args", 0)),
    ]


def test_shell_expansions_make_a_value_known_only_at_runtime():
    line = parse_container({"command": ["sh", "-c", 'etcd --name "$HOSTNAME" --distributed-tracing-sampling-rate=`cat /r`']})
    assert line.program == "etcd"
    assert [(flag.name, flag.runtime) for flag in line.flags] == [
        ("name", True), ("distributed-tracing-sampling-rate", True)
    ]
    # in exec form there is no shell: "$HOSTNAME" reaches etcd as written; $(VAR) is the kubelet's
    exec_form = parse_container({"command": ["etcd", "--name=$HOSTNAME", "--data-dir=$(DIR)"]})
    assert [(flag.name, flag.runtime) for flag in exec_form.flags] == [("name", False), ("data-dir", True)]


def test_a_script_that_starts_no_known_program_keeps_the_shell_as_the_program():
    line = parse_container({"command": ["sh", "-c", "sleep 10; etcdctl get x"]})
    assert line.program == "sh"
    assert parse_container({"command": ["sh", "-c", "echo 'unclosed"]}).program == "sh"
