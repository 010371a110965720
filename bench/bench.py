"""k8slint's speed targets, measured in one run so that the ratios are comparable on a noisy machine.

    python bench/bench.py                  # throughput, latency, parallelism, scale
    python bench/bench.py --with-peers     # also installs checkov into bench/.peers and compares
    python bench/bench.py --only scale     # one measurement: throughput, peers, latency, parallel, scale

See bench/README.md for what each number means and the targets.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
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
    """Peak resident memory of a process tree, sampled from /proc every 20 ms."""

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
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
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


def throughput(results: dict) -> None:
    files = corpus_files()
    floor = compose_floor(files)
    jobs_default, _, done = run_timed(k8slint(str(CORPUS)))
    jobs_one, _, _ = run_timed(k8slint("--jobs", "1", str(CORPUS)))
    findings = done.stdout.count('"code":')
    print(f"throughput: {len(files)} corpus files")
    print(f"  floor, C composer           {floor:7.2f} s")
    print(f"  k8slint (default --jobs)    {jobs_default:7.2f} s   {jobs_default / floor:5.2f}x the floor   (target <= 2x)")
    print(f"  k8slint --jobs 1            {jobs_one:7.2f} s   {jobs_one / floor:5.2f}x the floor")
    print(f"  findings                    {findings}")
    results.update(floor=floor, lint=jobs_default, lint_jobs1=jobs_one)


def ensure_peers() -> Path:
    bin_dir = PEERS / "bin"
    if not (bin_dir / "checkov").exists():
        print("installing checkov and yamllint into bench/.peers (once) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", "checkov", "yamllint"], check=True)
    return bin_dir


def peers(results: dict) -> None:
    bin_dir = ensure_peers()
    ours = results.get("lint") or run_timed(k8slint(str(CORPUS)))[0]
    theirs, _, _ = run_timed(
        [str(bin_dir / "checkov"), "-d", str(CORPUS), "--framework", "kubernetes", "--quiet", "--compact", "-o", "json"]
    )
    print("against the peer (same files):")
    print(f"  checkov -d --framework kubernetes  {theirs:7.2f} s")
    print(f"  k8slint                            {ours:7.2f} s   checkov/k8slint = {theirs / ours:5.1f}x   (target >= 10x)")


def latency(results: dict) -> None:
    # pip compiles the package at install time; a checkout run with PYTHONDONTWRITEBYTECODE would not.
    compileall.compile_dir(str(ROOT / "k8slint"), quiet=1)
    compileall.compile_dir(str(ROOT / "rules"), quiet=1)
    # The same interpreter and site-packages for both, so that start-up costs compare.
    try:
        import yamllint  # noqa: F401
    except ImportError:
        sys.exit("latency needs yamllint in this environment: python -m pip install -e '.[bench]'")
    yamllint_command = [sys.executable, "-m", "yamllint"]
    sample = ROOT / "examples" / "app" / "web.yaml"
    ours, theirs = [], []
    for _ in range(21):
        ours.append(run_timed([sys.executable, "-m", "k8slint", "lint", str(sample)])[0])
        theirs.append(run_timed([*yamllint_command, "-d", "relaxed", str(sample)])[0])
    mine, peer = statistics.median(ours), statistics.median(theirs)
    print(f"latency: one small file ({sample.relative_to(ROOT)}), median of 21 alternating runs")
    print(f"  k8slint lint FILE          {mine * 1000:6.0f} ms")
    print(f"  yamllint -d relaxed FILE   {peer * 1000:6.0f} ms   k8slint/yamllint = {mine / peer:4.2f}   (target <= 1)")


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


def parallel(results: dict) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "repo"
        generate(directory, 30_000)
        one, _, first = run_timed(k8slint("--jobs", "1", str(directory)))
        two, _, second = run_timed(k8slint("--jobs", "2", str(directory)))
    print("parallelism: generated repository, 30,000 documents in 300 files")
    print(f"  --jobs 1   {one:7.2f} s")
    print(f"  --jobs 2   {two:7.2f} s   speed-up {one / two:4.2f}x   (target >= 1.7x)   identical output: {first.stdout == second.stdout}")


def scale(results: dict) -> None:
    print("scale: generated repositories, default --jobs")
    print("  documents      time   peak RSS   per 10k documents")
    for documents in (10_000, 30_000, 100_000):
        with tempfile.TemporaryDirectory() as scratch:
            directory = Path(scratch) / "repo"
            generate(directory, documents)
            elapsed, peak, done = run_timed(k8slint(str(directory)), memory=True)
            assert done.returncode in (0, 1), done.stderr[-2000:]
        print(f"  {documents:9,}  {elapsed:7.2f} s  {peak / 1024:6.0f} MiB   {elapsed / documents * 10_000:5.2f} s, {peak / 1024 / documents * 10_000:5.0f} MiB")


MEASUREMENTS = {"throughput": throughput, "peers": peers, "latency": latency, "parallel": parallel, "scale": scale}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--with-peers", action="store_true", help="install checkov (and yamllint) and compare")
    parser.add_argument("--only", choices=MEASUREMENTS, action="append", help="run only these measurements")
    args = parser.parse_args()
    if not CORPUS.is_dir() and (not args.only or {"throughput", "peers"} & set(args.only)):
        sys.exit(f"{CORPUS} is missing: throughput and peer comparisons need ../shared/corpus")
    chosen = args.only or [name for name in MEASUREMENTS if name != "peers" or args.with_peers]
    results: dict = {}
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    for name in chosen:
        MEASUREMENTS[name](results)
        print(flush=True)


if __name__ == "__main__":
    main()
