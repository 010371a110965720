"""The module cache: the command line imports k8slint's modules from one cache file, never stale code."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from k8slint.module_cache import ModuleCache, cache_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A package `toypkg` with two modules, importable from tmp_path; forgotten again after the test."""
    package = tmp_path / "src" / "toypkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("VALUE = 1\n")
    (package / "second.py").write_text("from toypkg.first import VALUE\nDOUBLE = VALUE * 2\n")
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    failures: list[ImportError] = []

    def run(*names: str, opened=None) -> ModuleCache:
        """A fresh process's import of `names` with the cache installed, then its save."""
        for name in [name for name in sys.modules if name == "toypkg" or name.startswith("toypkg.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        cache = ModuleCache.open("toypkg", str(tmp_path / "cache" / "modules" / "toy.marshal"))
        cache.install()
        try:
            for name in names:
                try:
                    importlib.import_module(name)
                except ImportError as error:
                    failures.append(error)
        finally:
            cache.uninstall()
        cache.save()
        return cache

    yield package, run, failures
    for name in [name for name in sys.modules if name == "toypkg" or name.startswith("toypkg.")]:
        del sys.modules[name]


def served(cache: ModuleCache, name: str) -> bool:
    return sys.modules[name].__spec__.loader is cache


def test_a_module_imported_once_is_served_from_the_cache_next_time(toy):
    package, run, failures = toy
    first = run("toypkg.second")
    assert not served(first, "toypkg.second")
    second = run("toypkg.second")
    assert served(second, "toypkg.first") and served(second, "toypkg.second")
    assert not served(second, "toypkg")  # packages are left to Python
    module = sys.modules["toypkg.second"]
    assert module.DOUBLE == 2
    assert module.__file__ == str(package / "second.py")
    assert module.__name__ == "toypkg.second" and module.__package__ == "toypkg"


def test_a_changed_source_is_imported_from_the_source_and_replaces_its_entry(toy):
    package, run, failures = toy
    run("toypkg.first")
    (package / "first.py").write_text("VALUE = 21\n")
    changed = run("toypkg.second")
    assert not served(changed, "toypkg.first")
    assert sys.modules["toypkg.second"].DOUBLE == 42
    again = run("toypkg.second")
    assert served(again, "toypkg.first") and sys.modules["toypkg.second"].DOUBLE == 42


def test_a_source_that_went_away_is_not_imported_from_the_cache(toy):
    package, run, failures = toy
    run("toypkg.first", "toypkg.second")
    (package / "first.py").unlink()
    run("toypkg.first")
    assert [type(error) for error in failures] == [ModuleNotFoundError]
    assert set(run().index) == {"toypkg.second"}


def test_a_module_without_a_pyc_is_compiled_for_the_cache(toy, monkeypatch):
    package, run, failures = toy
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    run("toypkg.first")
    assert not any(package.glob("__pycache__/first.*"))
    cache = run("toypkg.first")
    assert served(cache, "toypkg.first") and sys.modules["toypkg.first"].VALUE == 1


@pytest.mark.parametrize("content", [b"", b"\x00" * 3, b"\xff" * 8 + b"garbage", b"\x05" + b"\x00" * 7 + b"garbage"])
def test_a_corrupt_cache_file_is_ignored_and_rewritten(toy, tmp_path, content):
    package, run, failures = toy
    path = tmp_path / "cache" / "modules" / "toy.marshal"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert run("toypkg.first").index == {}
    assert served(run("toypkg.first"), "toypkg.first")


def test_a_truncated_cache_file_serves_nothing_it_cannot_read(toy, tmp_path):
    package, run, failures = toy
    run("toypkg.first", "toypkg.second")
    path = tmp_path / "cache" / "modules" / "toy.marshal"
    path.write_bytes(path.read_bytes()[:-20])
    cache = run("toypkg.second")
    assert sys.modules["toypkg.second"].DOUBLE == 2
    assert not served(cache, "toypkg.second")
    assert served(run("toypkg.second"), "toypkg.second")


def test_an_unwritable_cache_costs_only_the_saving(toy, tmp_path):
    package, run, failures = toy
    (tmp_path / "cache").write_text("a file where the directory would be")
    run("toypkg.first")
    assert sys.modules["toypkg.first"].VALUE == 1
    assert run("toypkg.first").index == {} and not failures


def test_a_forked_process_leaves_the_file_to_its_parent(toy, tmp_path, monkeypatch):
    package, run, failures = toy
    path = tmp_path / "cache" / "modules" / "toy.marshal"
    cache = ModuleCache.open("toypkg", str(path))
    monkeypatch.setattr(os, "getpid", lambda: -1)  # every process but the one that opened the cache
    cache.install()
    try:
        importlib.import_module("toypkg.first")
    finally:
        cache.uninstall()
    cache.save()
    assert not path.exists()


def test_without_positioned_reads_python_imports_everything_itself(monkeypatch):
    from k8slint.module_cache import install_for_k8slint

    monkeypatch.delattr(os, "pread")
    finders = list(sys.meta_path)
    assert install_for_k8slint() is None and sys.meta_path == finders


def test_each_installation_and_interpreter_has_its_own_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("K8SLINT_CACHE_DIR", str(tmp_path))
    one, other = cache_file("/opt/a/k8slint"), cache_file("/opt/b/k8slint")
    assert one != other and Path(one).parent == tmp_path / "modules"
    assert sys.implementation.cache_tag in Path(one).name
    monkeypatch.setattr(sys, "flags", type("Flags", (), {"optimize": 2})())
    assert cache_file("/opt/a/k8slint") != one


def test_the_command_line_serves_its_modules_from_the_cache_and_prints_the_same(tmp_path):
    environment = {**os.environ, "K8SLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "k8slint", "lint", "--format", "json", str(ROOT / "examples")]
    first = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=tmp_path)
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['k8slint', *sys.argv[1:]]\n"
        "import k8slint.module_cache as cache\n"
        "install = cache.install_for_k8slint\n"
        "def counting():\n"
        "    modules = install()\n"
        "    save = modules.save\n"
        "    def report():\n"
        "        served = [n for n, m in sys.modules.items() if getattr(m, '__spec__', None) and m.__spec__.loader is modules]\n"
        "        sys.stderr.write(f'served {len(served)} linter {\"k8slint.linter\" in served}\\n')\n"
        "        save()\n"
        "    modules.save = report\n"
        "    return modules\n"
        "import k8slint.cli\n"
        "k8slint.cli.install_for_k8slint = counting\n"
        "k8slint.cli.entry_point()\n"
    )
    second = subprocess.run(
        [sys.executable, "-c", probe, *command[3:]], capture_output=True, text=True, env=environment, cwd=tmp_path
    )
    assert (second.stdout, second.returncode) == (first.stdout, first.returncode)
    served_line = second.stderr.strip().splitlines()[-1]
    count = int(served_line.split()[1])
    assert count > 50 and served_line.endswith("linter True"), second.stderr
