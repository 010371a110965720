"""k8slint.shell: tail calls and written files found in container commands."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8slint.shell import (
    WrittenFile,
    analyse_command,
    analyse_container,
    analyse_script,
    container_argv,
    literal_path,
    parse_tail,
    pod_commands,
    shell_script,
    split_commands,
)

COUNTER_SCRIPT = """\
i=0; while true; do
  echo "$i: $(date)" >> /var/log/1.log;
  echo "$(date) INFO $i" >> /var/log/2.log;
  i=$((i+1));
  sleep 1;
done
"""


def test_docs_counter_writes_two_files_and_tails_nothing():
    analysis = analyse_command(None, ["/bin/sh", "-c", COUNTER_SCRIPT])
    assert analysis is not None
    assert analysis.script == COUNTER_SCRIPT
    assert analysis.tails == ()
    assert analysis.writes == (WrittenFile("/var/log/1.log", ">>"), WrittenFile("/var/log/2.log", ">>"))
    assert all(write.appends for write in analysis.writes)


def test_docs_streaming_sidecar_follows_by_name_from_the_first_line():
    analysis = analyse_command(None, ["/bin/sh", "-c", "tail -n+1 -F /var/log/1.log"])
    (tail,) = analysis.tails
    assert tail.files == ("/var/log/1.log",)
    assert (tail.follow, tail.retry, tail.from_start) == ("name", True, True)


@pytest.mark.parametrize(
    "command, args",
    [
        (["sh", "-c", "tail -f /var/log/app.log"], None),
        (["sh", "-c"], ["tail -f /var/log/app.log"]),
        (None, ["sh", "-c", "tail -f /var/log/app.log"]),
        (["/bin/bash", "-ec", "exec tail -f /var/log/app.log"], None),
        (["bash", "-e", "-o", "pipefail", "-c", "tail -f /var/log/app.log"], None),
        (["sh", "-xc", "set -e\ntail -f /var/log/app.log"], None),
        (["tail", "-f", "/var/log/app.log"], None),
        (["/usr/bin/tail"], ["-f", "/var/log/app.log"]),
        (["busybox", "tail", "-f", "/var/log/app.log"], None),
        (["sh", "-c", "sh -c 'tail -f /var/log/app.log'"], None),
    ],
)
def test_tail_is_found_in_every_command_shape(command, args):
    analysis = analyse_command(command, args)
    assert analysis is not None
    assert [(t.files, t.follow) for t in analysis.tails] == [(("/var/log/app.log",), "descriptor")]


@pytest.mark.parametrize(
    "words, follow, retry, from_start, files",
    [
        (["tail", "-f", "a"], "descriptor", False, False, ("a",)),
        (["tail", "-F", "a"], "name", True, False, ("a",)),
        (["tail", "--follow=name", "a"], "name", False, False, ("a",)),
        (["tail", "--follow=descriptor", "a"], "descriptor", False, False, ("a",)),
        (["tail", "--follow", "a"], "descriptor", False, False, ("a",)),
        (["tail", "--foll=n", "--retry", "a"], "name", True, False, ("a",)),
        (["tail", "-n", "+1", "-f", "a", "b"], "descriptor", False, True, ("a", "b")),
        (["tail", "-n+1", "a"], None, False, True, ("a",)),
        (["tail", "-qfn", "+1", "a"], "descriptor", False, True, ("a",)),
        (["tail", "-fn+1", "a"], "descriptor", False, True, ("a",)),
        (["tail", "-n", "10", "a"], None, False, False, ("a",)),
        (["tail", "--lines=+1", "a"], None, False, True, ("a",)),
        (["tail", "-s", "5", "-F", "a"], "name", True, False, ("a",)),
        (["tail", "a", "-F"], "name", True, False, ("a",)),
        (["tail", "-100f", "a"], "descriptor", False, False, ("a",)),
        (["tail", "--", "-f"], None, False, False, ("-f",)),
        (["tail", "-f", "-"], "descriptor", False, False, ("-",)),
        (["tail"], None, False, False, ()),
    ],
)
def test_tail_options(words, follow, retry, from_start, files):
    tail = parse_tail(words)
    assert (tail.follow, tail.retry, tail.from_start, tail.files) == (follow, retry, from_start, files)
    assert tail.follows is (follow is not None)


def test_redirections_and_tee():
    analysis = analyse_script(
        "app 2>> /logs/err.log | tee -a /logs/out.log /logs/copy.log\n"
        "other > /logs/new.log 2>&1; third &>> /logs/all.log\n"
        "cat < /etc/input >| /logs/clobber.log\n"
        "echo x >&/logs/both.log"
    )
    assert [(w.path, w.operator) for w in analysis.writes] == [
        ("/logs/err.log", ">>"),
        ("/logs/out.log", "tee -a"),
        ("/logs/copy.log", "tee -a"),
        ("/logs/new.log", ">"),
        ("/logs/all.log", "&>>"),
        ("/logs/clobber.log", ">|"),
        ("/logs/both.log", "&>"),
    ]
    assert analysis.commands[0] == ("app", "2", ">>", "/logs/err.log")


def test_io_number_is_not_a_tail_operand():
    (tail,) = analyse_script("tail -F /var/log/a.log 2>/dev/null").tails
    assert tail.files == ("/var/log/a.log",)


def test_comments_continuations_and_heredocs():
    script = (
        "# tail -f /not/a/command\n"
        "echo 'quoted # is text' >> /logs/a.log  # trailing comment\n"
        "tail \\\n  -F /logs/a.log\n"
        "cat <<EOF > /logs/b.log\n"
        "tail -f /inside/heredoc\n"
        "EOF\n"
        "echo done#notacomment"
    )
    analysis = analyse_script(script)
    assert [t.files for t in analysis.tails] == [("/logs/a.log",)]
    assert [w.path for w in analysis.writes] == ["/logs/a.log", "/logs/b.log"]
    assert analysis.commands[-1] == ("echo", "done#notacomment")


def test_keywords_assignments_and_wrappers_are_skipped():
    script = "if true; then LOG=1 nohup tail -F /a; fi\nfor f in tail -f /b; do :; done\nenv -u X tail -f /c"
    assert [t.files for t in analyse_script(script).tails] == [("/a",), ("/c",)]


def test_shell_script_options():
    assert shell_script(["sh", "-c", "x"]) == "x"
    assert shell_script(["bash", "--login", "-c", "x", "name", "arg"]) == "x"
    assert shell_script(["sh", "-e", "-c", "x"]) == "x"
    assert shell_script(["sh", "script.sh"]) is None
    assert shell_script(["sh", "-c"]) is None
    assert shell_script(["python", "-c", "x"]) is None


@pytest.mark.parametrize(
    "command, args",
    [
        (["sh", "-c", "echo 'unbalanced"], None),
        (["sh", "-c", 'tail -f "/var/log/x'], None),
        (["sh", "-c", "sh -c 'tail -f \"x'"], None),
    ],
)
def test_unparseable_shell_gives_no_analysis(command, args):
    assert analyse_command(command, args) is None


@pytest.mark.parametrize(
    "command, args",
    [(None, None), ("sh -c x", None), (["sh", 1], None), (None, [None]), ([], [])],
)
def test_malformed_command_gives_no_analysis(command, args):
    assert analyse_command(command, args) is None


def test_container_argv_and_container_mapping():
    assert container_argv(["a"], ["b", "c"]) == ("a", "b", "c")
    assert container_argv(None, ["b"]) == ("b",)
    assert container_argv(["a"], [2]) is None
    assert analyse_container("not a mapping") is None
    assert analyse_container({"command": ["tail", "-F", "/x"]}).program == "tail"


def test_split_commands_separators():
    assert split_commands("a && b || c | d; e & f\ng") == [["a"], ["b"], ["c"], ["d"], ["e"], ["f"], ["g"]]
    assert split_commands("a 'x") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -fFn+1/'\"\\#;&|<>()\n\t$`{}=")), max_size=60))
def test_never_raises_on_arbitrary_scripts(script):
    result = analyse_command(["sh", "-c"], [script])
    if script[:1] not in ("-", "+"):  # such a word would be read as another shell option
        assert result is None or result.script == script


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=8), max_size=6))
def test_never_raises_on_arbitrary_tail_argv(words):
    tail = parse_tail(["tail", *words])
    assert set(tail.files) <= set(words)


@pytest.mark.parametrize(
    "word, working_dir, path",
    [
        ("/var/log/../log/app.log", None, "/var/log/app.log"),
        ("app.log", "/srv", "/srv/app.log"),
        ("app.log", None, None),
        ("app.log", "relative", None),
        ("-", None, None),
        ("/var/log/*.log", None, None),
        ("/var/log/$(POD).log", None, None),
        ("/var/log/app.%Y%m%d", None, None),
        ("~/app.log", "/srv", None),
        ("/dev/stdout", None, None),
        ("/proc/1/fd/1", None, None),
    ],
)
def test_literal_path(word, working_dir, path):
    assert literal_path(word, working_dir) == path


def test_pod_commands_are_analysed_once_and_locate_their_words():
    from k8slint.objects import K8sObject

    pod = K8sObject(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "p"},
            "spec": {
                "initContainers": [{"name": "setup", "image": "busybox"}],
                "containers": [
                    {"name": "log", "image": "busybox", "command": ["/bin/sh"], "args": ["-c", "tail -F /a"]},
                    {"name": "exec", "image": "busybox", "command": ["tail", "-f", "/b"]},
                ],
            },
        },
        file="pod.yaml",
        document=0,
    )
    commands = pod_commands(pod)
    assert pod_commands(pod) is commands
    assert [(c.name, c.list_name, c.analysis is not None) for c in commands] == [
        ("setup", "initContainers", False),
        ("log", "containers", True),
        ("exec", "containers", True),
    ]
    assert commands[1].script_path() == ("spec", "containers", 0, "args", 1)
    assert commands[2].script_path() == ("spec", "containers", 1, "command", 0)
    assert commands[2].word_path(2) == ("spec", "containers", 1, "command", 2)
