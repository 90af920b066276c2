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
    """The peak summed resident memory of a process and all its children, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.5):
        self.root, self.every, self.peak, self.peak_single = psutil.Process(pid), every, 0, 0
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


CHILD = """
import sys, time
from replyscope.engines import analyse_files
engine, workers, memory, inputs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
started, last = time.perf_counter(), {}
def progress(step, done, total):
    last[step] = time.perf_counter() - started
extra = dict(workers=workers, memory_limit=memory) if engine == "dask" else {}
analysis = analyse_files(inputs, engine=engine, progress=progress, **extra)
steps = ", ".join(f"{step} done at {seconds:,.0f} s" for step, seconds in last.items())
print(f"{len(analysis.replies):,} replies; {steps}; whole-thread steps and finish at {time.perf_counter() - started:,.0f} s")
"""


def run(inputs: list[str], engine: str, workers: int, memory: str, label: str, posts: int) -> None:
    command = [sys.executable, "-c", CHILD, engine, str(workers), memory, *inputs]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(child.pid)
    said, errors = child.communicate()
    memory.stop()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        print(f"{label}: FAILED after {seconds:.0f} s\n{errors[-2000:]}", flush=True)
        return
    rate = posts / seconds
    cpu = sum(memory.cpu.values())
    print(f"{label}: {seconds:,.0f} s wall, {cpu:,.0f} s CPU (all processes), {rate:,.0f} posts/s "
          f"({rate / workers:,.0f} per worker; {posts / cpu:,.0f} posts per CPU-second); peak memory "
          f"{memory.peak / 1024**3:.2f} GB in all processes (largest one {memory.peak_single / 1024**3:.2f} GB)\n"
          f"    {said.strip()}", flush=True)


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
        for workers in args.workers:
            per_worker = f"{args.memory / workers:.2f}GB"
            run(inputs, "dask", workers, per_worker, f"dask, {workers} worker(s) x {per_worker}", args.posts)
        if args.default:
            run(inputs, "local", 1, "", "default engine", args.posts)
    finally:
        if not args.data:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
