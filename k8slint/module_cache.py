"""k8slint's compiled modules, kept together in one file of the cache (`modules/`), so that the command line
imports them without looking for a hundred files.

Python's import of a module from a `.pyc` checks the directory, the source and the `.pyc`, reads the
`.pyc` and builds the module's attributes from its path, all in Python code; for the small modules k8slint
is made of (one per rule) that is most of their import. A one-file run imports about 115 k8slint modules
(the command, the core, the rules that apply). The finder here serves a module from the cache file when
its source still has the modification time and size recorded with its code, the check Python makes of a
`.pyc`, with one `stat` and one read: 30 us less a module, 3.5 ms (5%) of a one-file run. Everything
else is left to Python's own import: packages, other projects' modules, and a module whose source
changed or went away.

At the end of a run the command line saves the k8slint modules it imported the usual way, compiled as
Python compiled them (the `.pyc`, else the source), so the next run finds them. An unreadable, corrupt or
unwritable cache file costs only that saving; the module cache of one installation never serves
another's (the file is named after the package's directory, the interpreter and its optimization level).
"""

from __future__ import annotations

import marshal
import os
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType

_FORMAT = 2
# A timestamp-based `.pyc`: magic number, flags (0), source mtime in seconds, source size; then the code.
_PYC_HEADER = 16


# A module's entry in the index: its source's path, mtime_ns and size, and where its marshalled code is
# in the cache file (offset from the end of the index, and length). The file: the index's length (8 bytes),
# the index (marshalled), then each module's code (marshalled).
Entry = tuple[str, int, int, int, int]


class ModuleCache:
    """A `sys.meta_path` finder and loader for the modules of one package, from one cache file."""

    def __init__(
        self, package: str, path: str, index: dict[str, Entry], descriptor: int | None = None, code_start: int = 0
    ) -> None:
        self.package = package
        self.path = path
        self.index = index
        # The file the index was read from, open: the code is read from it by offset (`os.pread`), which
        # stays right in forked processes and when another run replaces the file.
        self._descriptor = descriptor
        self._code_start = code_start
        self.outdated: set[str] = set()
        self._pid = os.getpid()

    @classmethod
    def open(cls, package: str, path: str) -> "ModuleCache":
        """The cache stored at `path`; an empty one if it is missing, unreadable or of another format."""
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return cls(package, path, {})
        try:
            index_size = int.from_bytes(os.pread(descriptor, 8, 0), "little")
            if index_size > os.fstat(descriptor).st_size:
                raise EOFError(index_size)
            version, index = marshal.loads(os.pread(descriptor, index_size, 8))
            if version != _FORMAT or not isinstance(index, dict):
                raise ValueError(version)
        except (OSError, EOFError, ValueError, TypeError):
            os.close(descriptor)
            return cls(package, path, {})
        return cls(package, path, index, descriptor, 8 + index_size)

    def install(self) -> None:
        sys.meta_path.insert(0, self)

    def uninstall(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        entry = self.index.get(name)
        if entry is None:
            return None
        try:
            code = marshal.loads(self._code(entry)) if _current(entry) else None
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            code = None
        if code is None:
            self.outdated.add(name)
            return None
        spec = ModuleSpec(name, self, origin=entry[0], loader_state=code)
        spec.has_location = True
        return spec

    def create_module(self, spec: ModuleSpec) -> None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(module.__spec__.loader_state, module.__dict__)

    def _code(self, entry: Entry) -> bytes:
        *_, offset, length = entry
        code = os.pread(self._descriptor, length, self._code_start + offset)
        if len(code) != length:
            raise EOFError(f"{self.path} is truncated")
        return code

    def save(self) -> None:
        """Store the package's modules this process imported the usual way, if any is new or changed."""
        if os.getpid() != self._pid:
            return
        added = {}
        prefix = self.package + "."
        for name, module in list(sys.modules.items()):
            if not name.startswith(prefix) or (name in self.index and name not in self.outdated):
                continue
            spec = getattr(module, "__spec__", None)
            if spec is None or spec.loader is self or spec.submodule_search_locations is not None:
                continue
            compiled = _compiled(spec.origin, spec.cached)
            if compiled is not None:
                added[name] = compiled
        if not added and not self.outdated:
            return
        modules = {}
        for name, entry in self.index.items():
            if name not in self.outdated and name not in added:
                try:
                    modules[name] = (*entry[:3], self._code(entry))
                except (OSError, EOFError, TypeError, ValueError):
                    continue
        modules.update(added)
        from pathlib import Path

        from k8slint.cache import write_entry

        directory, name = os.path.split(self.path)
        write_entry(Path(directory), name, _file_content(modules))


def _file_content(modules: dict[str, tuple[str, int, int, bytes]]) -> bytes:
    index = {}
    offset = 0
    for name, (origin, mtime_ns, size, code) in modules.items():
        index[name] = (origin, mtime_ns, size, offset, len(code))
        offset += len(code)
    header = marshal.dumps((_FORMAT, index))
    return b"".join([len(header).to_bytes(8, "little"), header, *(code for *_, code in modules.values())])


def _current(entry: Entry) -> bool:
    try:
        stat = os.stat(entry[0])
    except OSError:
        return False
    return stat.st_mtime_ns == entry[1] and stat.st_size == entry[2]


def _compiled(origin: str | None, cached: str | None) -> tuple[str, int, int, bytes] | None:
    """A cache entry for the source at `origin`: its valid `.pyc`'s code, else the source compiled."""
    if not origin or not origin.endswith(".py"):
        return None
    try:
        stat = os.stat(origin)
        code = _pyc_code(cached, stat) if cached else None
        if code is None:
            with open(origin, "rb") as stream:
                source = stream.read()
            code = marshal.dumps(compile(source, origin, "exec", dont_inherit=True))
    except (OSError, SyntaxError, ValueError):
        return None
    return origin, stat.st_mtime_ns, stat.st_size, code


def _pyc_code(cached: str, source: os.stat_result) -> bytes | None:
    """The code in the `.pyc` at `cached`, if Python would load it for a source of this stat."""
    from importlib.util import MAGIC_NUMBER

    try:
        with open(cached, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    header = data[:_PYC_HEADER]
    if (
        len(header) < _PYC_HEADER
        or header[:4] != MAGIC_NUMBER
        or int.from_bytes(header[4:8], "little") != 0
        or int.from_bytes(header[8:12], "little") != int(source.st_mtime) & 0xFFFFFFFF
        or int.from_bytes(header[12:16], "little") != source.st_size & 0xFFFFFFFF
    ):
        return None
    return data[_PYC_HEADER:]


def cache_file(package_directory: str) -> str:
    """Where the module cache of the package installed at `package_directory` is kept."""
    import zlib

    from k8slint.cache import cache_dir

    place = zlib.crc32(os.path.abspath(package_directory).encode("utf-8", "surrogateescape"))
    name = f"{sys.implementation.cache_tag}-O{sys.flags.optimize}-{place:08x}.marshal"
    return os.path.join(cache_dir("modules"), name)


def install_for_k8slint() -> ModuleCache | None:
    """Serve k8slint's own modules from its module cache, for the rest of this process; None where the
    code cannot be read by position (Windows has no `os.pread`), and Python's own import serves."""
    if not hasattr(os, "pread"):
        return None
    import k8slint

    cache = ModuleCache.open("k8slint", cache_file(os.path.dirname(k8slint.__file__)))
    cache.install()
    return cache
