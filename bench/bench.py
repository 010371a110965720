"""k8slint's speed targets, measured in one run so that the ratios are comparable on a noisy machine.

    python bench/bench.py                  # every target of issue 22, as ratios measured in one run
    python bench/bench.py --with-peers     # also installs checkov into bench/.peers and compares
    python bench/bench.py --only scale     # one measurement (see MEASUREMENTS); --only huge: 500,000 documents

See bench/README.md for what each number means and the targets.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PEERS = ROOT / "bench" / ".peers"
SUFFIXES = (".yaml", ".yml", ".json")


def corpus_files() -> list[Path]:
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.suffix in SUFFIXES and path.is_file() and not any(p.startswith(".") for p in path.relative_to(CORPUS).parts)
    )


def compose_floor(files: list[Path]) -> float:
    """Composing every file with ruamel's C composer: the floor the throughput target is set against."""
    from ruamel.yaml import YAML

    texts = [path.read_bytes().decode("utf-8", "replace") for path in files]
    yaml = YAML(typ="safe")
    started = time.perf_counter()
    for text in texts:
        try:
            for _ in yaml.compose_all(text):
                pass
        except Exception:  # the corpus has a few broken files; the floor counts the attempt
            pass
    return time.perf_counter() - started


class PeakRss:
    """Peak memory of a process tree, sampled from /proc every 20 ms: the sum of each process's
    proportional set size (PSS), so that pages forked workers share with their parent count once."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self, pid: int) -> list[int]:
        pids = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    for child in handle.read().split():
                        pids.extend(self._tree(int(child)))
        except OSError:
            pass
        return pids

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(self._rss(pid) for pid in self._tree(self.pid)))
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kib


def run_timed(command: list[str], memory: bool = False) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time, and (when asked: the sampler costs CPU) peak RSS in KiB of the process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PeakRss(process.pid) if memory else None
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    peak = sampler.stop() if sampler else 0
    return elapsed, peak, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def k8slint(*args: str) -> list[str]:
    return [sys.executable, "-m", "k8slint", "lint", "--format", "json", *args]


def input_bytes(paths: list[Path]) -> int:
    return sum(path.stat().st_size for path in paths)


def yaml_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.suffix in SUFFIXES and path.is_file())


JOBS = (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]), ("default --jobs", []))


def compare_jobs(label: str, directory: Path, files: list[Path], results: dict, memory: bool = True, rounds: int = 3) -> None:
    """The floor, then `--jobs 1`, `--jobs 2` and the default `--jobs` on the same input, in one run:
    `rounds` rounds of all four, each time the best (a busy machine only ever adds time), then one
    run each with the memory sampler on (it costs CPU, so it times nothing)."""
    floors: list[float] = []
    times: dict[str, list[float]] = {name: [] for name, _ in JOBS}
    outputs = set()
    for _ in range(rounds):
        floors.append(compose_floor(files))
        for name, args in JOBS:
            elapsed, _, done = run_timed(k8slint(*args, str(directory)))
            times[name].append(elapsed)
            outputs.add(done.stdout)
    peaks = {name: run_timed(k8slint(*args, str(directory)), memory=True)[1] for name, args in JOBS} if memory else {}
    floor = min(floors)
    best = {name: min(values) for name, values in times.items()}
    size = input_bytes(files)
    print(f"{label}: {len(files):,} files, {size / 2**20:.1f} MiB (best of {rounds} rounds)")
    print(f"  floor, C composer, serial  {floor:7.2f} s")
    for name, elapsed in best.items():
        peak = peaks.get(name, 0)
        memory_text = f"   peak memory {peak / 1024:6.0f} MiB = {peak * 1024 / size:5.1f}x the input" if memory else ""
        print(f"  k8slint {name:15}    {elapsed:7.2f} s   {elapsed / floor:5.2f}x the floor{memory_text}")
    one, two, default = (best[name] for name, _ in JOBS)
    print(f"  --jobs 2 speed-up {one / two:4.2f}x; default/--jobs 1 {default / one:4.2f}; identical output: {len(outputs) == 1}")
    results[label] = dict(floor=floor, one=one, two=two, default=default, peaks=peaks)


def throughput(results: dict) -> None:
    """The whole corpus (targets: --jobs 1 <= 1.3x the floor, --jobs 2 below the floor)."""
    compare_jobs("throughput (the shared corpus)", CORPUS, corpus_files(), results)


def small(results: dict) -> None:
    """A small repository: 560 files of the corpus (target: the default --jobs never slower than --jobs 1)."""
    every = corpus_files()
    files = every[:: max(1, len(every) // 560)][:560]
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "repo"
        for index, path in enumerate(files):
            target = directory / f"{index // 50:03}" / f"{index:04}{path.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        compare_jobs("small repository (560 corpus files)", directory, yaml_files(directory), results, memory=False, rounds=5)


def generate_replicasets(directory: Path, documents: int = 40_000, files: int = 8) -> None:
    """`documents` ReplicaSets in `files` files, about 290 bytes each (11 MiB for 40,000)."""
    template = (
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: app-{i}\n  namespace: team-{ns}\n"
        "  labels: {{app: app-{i}}}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: app-{i}}}\n"
        "  template:\n    metadata:\n      labels: {{app: app-{i}}}\n    spec:\n      containers:\n"
        "        - name: app\n          image: registry.example/app:1.{i}\n"
    )
    directory.mkdir(parents=True, exist_ok=True)
    per_file = documents // files
    for part in range(files):
        text = "---\n".join(template.format(i=part * per_file + k, ns=k % 20) for k in range(per_file))
        (directory / f"part-{part}.yaml").write_text(text)


def parallel(results: dict) -> None:
    """40,000 ReplicaSets in 8 files (targets: --jobs 2 >= 1.7x --jobs 1; peak RSS <= 20x the input)."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "replicasets"
        generate_replicasets(directory)
        compare_jobs("parallel (40,000 ReplicaSets in 8 files)", directory, yaml_files(directory), results)


def latency(results: dict) -> None:
    """One small file against yamllint (target: <= 0.8x), and the pre-commit hook on it (<= 0.25 s)."""
    # The same interpreter and packages for both, so that start-up costs compare.
    try:
        import yamllint  # noqa: F401
    except ImportError:
        sys.exit("latency needs yamllint in this environment: python -m pip install -e '.[bench]'")
    sample = ROOT / "examples" / "app" / "web.yaml"
    with tempfile.TemporaryDirectory() as scratch:
        python = installed_as_users_install(Path(scratch) / "venv")
        repository = hook_repository(Path(scratch) / "repo", sample, python)
        commands = {
            "k8slint lint FILE": [python, "-m", "k8slint", "lint", str(sample)],
            "pre-commit hook's command": [python, "-m", "k8slint", "lint", "--force-exclude", str(sample)],
            "pre-commit run, end to end": [python, "-m", "pre_commit", "run", "k8slint", "--files", sample.name],
            # pre-commit's own share: the same run of a hook that does nothing
            "pre-commit run, no-op hook": [python, "-m", "pre_commit", "run", "noop", "--files", sample.name],
            "yamllint -d relaxed FILE": [python, "-m", "yamllint", "-d", "relaxed", str(sample)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        # The first run in a fresh environment writes k8slint's cache (schema definitions); the
        # hook's steady state, which the runs after it measure, reads it.
        os.environ["K8SLINT_CACHE_DIR"] = str(Path(scratch) / "cache")
        cwd = os.getcwd()
        os.chdir(repository)
        try:
            first = run_timed(commands["k8slint lint FILE"])[0]
            for _ in range(21):
                for name, command in commands.items():
                    times[name].append(run_timed(command)[0])
        finally:
            os.chdir(cwd)
            del os.environ["K8SLINT_CACHE_DIR"]
    medians = {name: statistics.median(values) for name, values in times.items()}
    peer = medians["yamllint -d relaxed FILE"]
    print(f"latency: one small file ({sample.relative_to(ROOT)}), median of 21 alternating runs")
    for name, value in medians.items():
        print(f"  {name:28} {value * 1000:6.0f} ms   {value / peer:4.2f}x yamllint")
    print(f"  {'k8slint, empty cache (once)':28} {first * 1000:6.0f} ms   {first / peer:4.2f}x yamllint")
    hook_share = medians["pre-commit run, end to end"] - medians["pre-commit run, no-op hook"]
    print(f"  {'the hook, beyond pre-commit':28} {hook_share * 1000:6.0f} ms   (end to end minus the no-op hook's run)")
    results["latency"] = medians


def installed_as_users_install(directory: Path) -> str:
    """A Python that has this checkout installed as `pip install .` installs it (copied, compiled)
    and sees this environment's other packages (yamllint, ruamel.yaml, pre-commit).

    Not this environment's own interpreter: a development install (`pip install -e`) adds an import
    hook that every Python start loads, which costs both programs the same 15 ms and no user pays.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(directory)], check=True)
    site_packages = subprocess.run(
        [str(directory / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--target", site_packages, str(ROOT)],
        check=True,
    )
    # A path line in a .pth file adds the directory without running the .pth files inside it.
    Path(site_packages, "environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return str(directory / "bin" / "python")


def hook_repository(directory: Path, sample: Path, python: str) -> Path:
    """A git repository holding `sample`, whose pre-commit configuration runs the hook of
    .pre-commit-hooks.yaml from this checkout, in `python` (no hook environment to build)."""
    directory.mkdir(parents=True)
    (directory / sample.name).write_bytes(sample.read_bytes())
    hook = yaml_hook()
    (directory / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n"
        f"      - id: k8slint\n        name: k8slint\n        entry: {python} -m k8slint {hook['args']}\n"
        f"        language: system\n        types_or: [{', '.join(hook['types_or'])}]\n        require_serial: true\n"
        "      - id: noop\n        name: noop\n        entry: 'true'\n        language: system\n"
        f"        types_or: [{', '.join(hook['types_or'])}]\n"
    )
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(command, cwd=directory, check=True)
    return directory


def yaml_hook() -> dict:
    """The published hook's arguments (after `k8slint`) and file types, read from .pre-commit-hooks.yaml."""
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {"args": hook["entry"].removeprefix("k8slint "), "types_or": hook["types_or"]}


def generate(directory: Path, documents: int, per_file: int = 100) -> None:
    """A repository of Deployments, Services and ConfigMaps in 20 namespaces, `per_file` documents a file."""
    directory.mkdir(parents=True, exist_ok=True)
    templates = [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: team-{ns}\n"
        "  labels: {{app: app-{i}, tier: web}}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: app-{i}}}\n"
        "  template:\n    metadata:\n      labels: {{app: app-{i}, tier: web}}\n    spec:\n      containers:\n"
        "        - name: app\n          image: registry.example/app:{i}\n          ports: [{{containerPort: 8080}}]\n",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: app-{i}\n  namespace: team-{ns}\nspec:\n"
        "  selector: {{app: app-{i}}}\n  ports: [{{port: 80, targetPort: 8080}}]\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-{i}\n  namespace: team-{ns}\ndata:\n"
        "  setting: \"{i}\"\n",
    ]
    for start in range(0, documents, per_file):
        parts = []
        for index in range(start, min(start + per_file, documents)):
            item = index // 3
            parts.append(templates[index % 3].format(i=item, ns=item % 20))
        (directory / f"part-{start // per_file:05}.yaml").write_text("---\n".join(parts))


def scale(results: dict, sizes: tuple[int, ...] = (10_000, 30_000, 100_000)) -> None:
    print("scale: generated repositories (100 documents a file), default --jobs")
    print("  documents      time   peak memory   per 10k documents   memory / input")
    for documents in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            directory = Path(scratch) / "repo"
            generate(directory, documents)
            size = input_bytes(yaml_files(directory))
            elapsed, peak, done = run_timed(k8slint(str(directory)), memory=True)
            assert done.returncode in (0, 1), done.stderr[-2000:]
        print(f"  {documents:9,}  {elapsed:7.2f} s  {peak / 1024:6.0f} MiB   {elapsed / documents * 10_000:5.2f} s, "
              f"{peak / 1024 / documents * 10_000:5.0f} MiB   {peak * 1024 / size:5.1f}x")


def huge(results: dict) -> None:
    """500,000 documents (about 100 MB): run only when asked (`--only huge`), it takes minutes."""
    scale(results, (500_000,))


def ensure_peers() -> Path:
    bin_dir = PEERS / "bin"
    if not (bin_dir / "checkov").exists():
        print("installing checkov and yamllint into bench/.peers (once) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", "checkov", "yamllint"], check=True)
    return bin_dir


def peers(results: dict) -> None:
    bin_dir = ensure_peers()
    ours = run_timed(k8slint(str(CORPUS)))[0]
    theirs, _, _ = run_timed(
        [str(bin_dir / "checkov"), "-d", str(CORPUS), "--framework", "kubernetes", "--quiet", "--compact", "-o", "json"]
    )
    print("against the peer (same files):")
    print(f"  checkov -d --framework kubernetes  {theirs:7.2f} s")
    print(f"  k8slint                            {ours:7.2f} s   checkov/k8slint = {theirs / ours:5.1f}x   (target >= 10x)")


def render(results: dict) -> None:
    """A base and ten overlays, rendered with kustomize: cold (empty cache) and warm."""
    base = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  selector: {{matchLabels: {{app: web}}}}\n"
        "  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers: [{{name: web, image: 'web:1.{i}'}}]\n"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "repo"
        (root / "base").mkdir(parents=True)
        (root / "base" / "deployment.yaml").write_text(base.format(i=0))
        (root / "base" / "kustomization.yaml").write_text("resources: [deployment.yaml]\n")
        for index in range(10):
            overlay = root / "overlays" / f"env{index}"
            overlay.mkdir(parents=True)
            (overlay / "kustomization.yaml").write_text(
                f"resources: [../../base]\nnamespace: env{index}\nimages: [{{name: web, newTag: '1.{index}'}}]\n"
            )
        environment = dict(os.environ, K8SLINT_CACHE_DIR=str(Path(scratch) / "cache"))
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            done = subprocess.run(k8slint(str(root)), capture_output=True, text=True, env=environment)
            timings.append(time.perf_counter() - started)
        rendered = '"render-failed"' not in done.stdout and done.returncode in (0, 1)
    print("render: a base and ten kustomize overlays")
    print(f"  cold cache   {timings[0]:6.2f} s")
    print(f"  warm cache   {timings[1]:6.2f} s   rendered without failure: {rendered}")


MEASUREMENTS = {
    "throughput": throughput, "small": small, "parallel": parallel, "latency": latency, "scale": scale,
    "render": render, "peers": peers, "huge": huge,
}
ON_REQUEST = {"peers", "huge"}  # slow or installing: only with --with-peers or --only


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--with-peers", action="store_true", help="install checkov (and yamllint) and compare")
    parser.add_argument("--only", choices=MEASUREMENTS, action="append", help="run only these measurements")
    args = parser.parse_args()
    if not CORPUS.is_dir() and (not args.only or {"throughput", "peers"} & set(args.only)):
        sys.exit(f"{CORPUS} is missing: throughput and peer comparisons need ../shared/corpus")
    chosen = args.only or [name for name in MEASUREMENTS if name not in ON_REQUEST or (name == "peers" and args.with_peers)]
    results: dict = {}
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    for name in chosen:
        MEASUREMENTS[name](results)
        print(flush=True)


if __name__ == "__main__":
    main()
