"""Larger than memory: the Dask engine on millions of posts in gzipped JSON-lines files, memory capped.

Generates POSTS twarc2-flattened tweets (realistic_replies.py's generator: the sample's
words reshuffled with a Zipf tail of new words, @mentions, links, a tenth retweets) as
FILES gzipped JSON-lines files, streamed file by file (or takes --input
files), then runs the analysis (`replyscope.analyse_files(..., engine="dask", workers=N,
memory_limit=MEMORY / N)`, no report written) in a child process for each N in --workers,
and prints wall time, CPU time of the whole process tree, posts per second (overall and
per worker) and the peak memory of the process tree (the client and every Dask worker,
sampled twice a second with psutil, which distributed installs). With --default it also
runs the default engine (load + analyse in one process) on the same files, for the crossover.

    python benchmarks/dask_scale.py                                  # 10M posts, 40 files, 2 workers, 4 GB
    python benchmarks/dask_scale.py --input /tmp/posts_1m.jsonl --workers 2
    python benchmarks/dask_scale.py --posts 200000 --files 4 --workers 1 2 --default
"""

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing import Pool
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from realistic_replies import ReplyMaker, post_records  # noqa: E402


def write_file(job: tuple[Path, int, int]) -> int:
    """Write posts [first, first + count) to one gzipped JSON-lines file, streamed; the same job gives the same posts.

    Every file draws from realistic_replies' maker (the sample's words reshuffled, a Zipf tail of new
    words, 20,000 authors), its texts from a generator seeded by the file's first post."""
    path, first, count = job
    maker = ReplyMaker()
    maker.rng = random.Random(first)
    with gzip.open(path, "wb", compresslevel=1) as out:
        for line in post_records(maker, first, count):
            out.write(line)
    return count


def generate(folder: Path, posts: int, files: int, processes: int) -> None:
    per_file = -(-posts // files)
    jobs = [(folder / f"posts-{i:03d}.jsonl.gz", i * per_file, min(per_file, posts - i * per_file))
            for i in range(files) if i * per_file < posts]
    with Pool(processes) as pool:
        pool.map(write_file, jobs, chunksize=1)


class TreeMemory:
    """Peak resident memory of a process and all its children (summed, and of the root alone) and each one's CPU
    seconds, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.5):
        self.root, self.every = psutil.Process(pid), every
        self.peak = self.peak_single = self.peak_root = 0
        self.cpu: dict[int, float] = {}  # pid -> user + sys seconds, last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
                sizes = []
                for process in processes:
                    try:
                        sizes.append(process.memory_info().rss)
                        times = process.cpu_times()
                        self.cpu[process.pid] = times.user + times.system
                        if process.pid == self.root.pid:
                            self.peak_root = max(self.peak_root, sizes[-1])
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, sum(sizes))
                self.peak_single = max([self.peak_single, *sizes])
            except psutil.Error:
                pass
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# The run, in a child process: prints one JSON line of its replies, its own CPU seconds and when each step ended.
CHILD = """
import json, sys, time
from replyscope.engines import analyse_files
engine, workers, memory, inputs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
started, steps = time.perf_counter(), {}
def progress(step, done, total):
    steps[step] = (round(time.perf_counter() - started, 1), time.process_time())
extra = dict(workers=workers, memory_limit=memory) if engine == "dask" else {}
analysis = analyse_files(inputs, engine=engine, progress=progress, **extra)
last = max(steps.values(), default=(0, 0.0))[1]  # this process's CPU when the last partition step ended
print(json.dumps({"replies": len(analysis.replies), "cpu": time.process_time(), "whole_cpu": time.process_time() - last,
                  "wall": round(time.perf_counter() - started, 1),
                  "steps": {step: seconds for step, (seconds, _) in steps.items()}}))
"""


def run(inputs: list[str], engine: str, workers: int, memory: str, label: str, posts: int) -> dict | None:
    """Run one engine in a child process; print and return its figures (None when it failed)."""
    command = [sys.executable, "-c", CHILD, engine, str(workers), memory, *inputs]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(child.pid)
    said, errors = child.communicate()
    memory.stop()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        print(f"{label}: FAILED after {seconds:.0f} s\n{errors[-2000:]}", flush=True)
        return None
    figures = json.loads(said.strip().splitlines()[-1])
    client_cpu = figures["cpu"]
    cluster_cpu = sum(cpu for pid, cpu in memory.cpu.items() if pid != child.pid)
    cpu = client_cpu + cluster_cpu
    figures.update(engine=engine, workers=workers, seconds=seconds, client_cpu=client_cpu, cluster_cpu=cluster_cpu,
                   posts=posts)
    worker_rate = f"; {posts / cluster_cpu:,.0f} posts per worker CPU-second" if engine == "dask" else ""
    print(f"{label}: {seconds:,.0f} s wall, {cpu:,.0f} s CPU (this process {client_cpu:,.0f} s, of which "
          f"{figures['whole_cpu']:,.0f} s whole-thread steps after the partitions; workers {cluster_cpu:,.0f} s), "
          f"{posts / seconds:,.0f} posts/s wall ({posts / seconds / workers:,.0f} per worker), {posts / cpu:,.0f} posts "
          f"per CPU-second{worker_rate}; peak memory {memory.peak / 1024**3:.2f} GB in all processes (this process "
          f"{memory.peak_root / 1024**3:.2f} GB, largest one {memory.peak_single / 1024**3:.2f} GB)\n"
          f"    {figures['replies']:,} replies; steps ended at (s): {figures['steps']}", flush=True)
    return figures


def scaling(runs: list[dict]) -> None:
    """Posts per worker CPU-second at each worker count, the serial share, and Amdahl's projection to 16 and 64.

    On a shared machine wall time says little, so the projection is from CPU seconds: with one
    core per worker, a run takes serial + parallel / N, where serial is this process's CPU (the
    whole-thread steps, merging, scheduling and the client's start, which more workers do not
    share) and parallel the workers' CPU, both from the run with the most workers that still had
    a core each (more workers than cores compete for them, which inflates their CPU).
    """
    dask_runs = [r for r in runs if r and r["engine"] == "dask"]
    if not dask_runs:
        return
    cores = os.cpu_count() or 1
    for r in dask_runs:
        total = r["client_cpu"] + r["cluster_cpu"]
        print(f"{r['workers']} worker(s){' (more than the ' + str(cores) + ' cores: oversubscribed)' if r['workers'] > cores else ''}: "
              f"{r['posts'] / r['cluster_cpu']:,.0f} posts per second per worker (per worker CPU-second), "
              f"{r['posts'] / (r['cluster_cpu'] / r['workers']):,.0f} posts/s for all together with a core each; "
              f"serial share {r['client_cpu'] / total:.0%} of CPU (whole-thread steps {r['whole_cpu'] / total:.0%})")
    fitting = [r for r in dask_runs if r["workers"] <= cores] or dask_runs
    base = max(fitting, key=lambda r: r["workers"])
    serial, parallel = base["client_cpu"], base["cluster_cpu"]
    one = serial + parallel
    projected = ", ".join(f"{n} workers {serial + parallel / n:,.0f} s ({one / (serial + parallel / n):.1f}x, "
                          f"{base['posts'] / (serial + parallel / n):,.0f} posts/s)" for n in (1, 2, 4, 16, 64))
    print(f"Amdahl from the {base['workers']}-worker run's CPU (serial {serial:,.0f} s = {serial / one:.0%}, parallel "
          f"{parallel:,.0f} s), one core per worker: {projected}; limit {one / serial:.1f}x", flush=True)
    default = next((r for r in runs if r and r["engine"] == "local"), None)
    if default:
        cpu = default["client_cpu"] + default["cluster_cpu"]
        print(f"Default engine {cpu:,.0f} s CPU against dask's {one:,.0f} s ({base['workers']} workers): dask needs "
              f"{one / cpu:.1f}x the CPU; its wall time would match the default engine's CPU time at "
              + (f"{parallel / (cpu - serial):.1f} workers" if cpu > serial else "no worker count (its serial part "
                 "alone is longer)"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="worker counts to run (default 2)")
    parser.add_argument("--memory", type=float, default=4.0, help="GB for all workers together (default 4)")
    parser.add_argument("--default", action="store_true", help="also run the default engine on the same files")
    parser.add_argument("--data", type=Path, help="folder to generate into and keep (default: a temporary one)")
    parser.add_argument("--input", nargs="+", help="analyse these files instead of generated ones (give --posts too)")
    args = parser.parse_args()
    folder = args.data or Path(tempfile.mkdtemp(prefix="replyscope-dask-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if not args.input and not list(folder.glob("posts-*.jsonl.gz")):
            started = time.perf_counter()
            generate(folder, args.posts, args.files, processes=2)
            size = sum(p.stat().st_size for p in folder.glob("*.gz")) / 1024**2
            print(f"generated {args.posts:,} posts in {args.files} gzipped files ({size:,.0f} MB) in "
                  f"{time.perf_counter() - started:,.0f} s", flush=True)
        inputs = args.input or sorted(str(p) for p in folder.glob("posts-*.jsonl.gz"))
        runs = []
        for workers in args.workers:
            per_worker = f"{args.memory / workers:.2f}GB"
            runs.append(run(inputs, "dask", workers, per_worker, f"dask, {workers} worker(s) x {per_worker}",
                            args.posts))
        if args.default:
            runs.append(run(inputs, "local", 1, "", "default engine", args.posts))
        scaling(runs)
    finally:
        if not args.data:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
