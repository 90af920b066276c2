"""End to end, side by side: `replyscope analyse`, the notebook it replaces, and the floor.

    PYTHONPATH=src python benchmarks/end_to_end.py                 # sample, 100k .xlsx, 1M .jsonl
    PYTHONPATH=src python benchmarks/end_to_end.py --sizes sample,100k --skip-notebook

Inputs: the bundled sample (samples/replies.xlsx, 1.5k replies), 100,000 replies in a
workbook shaped like it and 1,000,000 twarc2-flattened posts as JSON Lines, made by
realistic_replies.py (the sample's words reshuffled, a Zipf tail of new words, @mentions,
hashtags, links, Pareto likes) and kept in --data between runs. Each command runs as its
own process; its wall time, CPU time and peak resident memory (from wait4) are printed,
then the ratios. The notebook is benchmarks/notebook.py, the floor benchmarks/floor.py.
The machine's load average is printed before and after: on a shared machine, compare CPU
times as well as wall times.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from realistic_replies import post_lines, reply_workbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = {"sample": None, "100k": ("replies_100k.xlsx", reply_workbook, 100_000),
         "1m": ("posts_1m.jsonl", post_lines, 1_000_000)}


def input_for(size: str, data: Path) -> Path:
    if SIZES[size] is None:
        return ROOT / "samples" / "replies.xlsx"
    name, make, rows = SIZES[size]
    path = data / name
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial" + path.suffix)
        make(partial, rows)
        partial.replace(path)
        print(f"made {path} ({rows:,} rows, {path.stat().st_size / 1024**2:,.0f} MB) in {time.perf_counter() - started:.0f} s")
    return path


def measured(command: list[str], memory_limit_gb: float | None = None) -> dict:
    """Run `command`; return wall and CPU seconds, peak RSS in MB and whether it succeeded."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    shared_nltk = ROOT.parent / "shared" / "nltk_data"
    if shared_nltk.is_dir() and "NLTK_DATA" not in env:
        env["NLTK_DATA"] = str(shared_nltk)

    def limit():
        if memory_limit_gb:
            import resource
            size = int(memory_limit_gb * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit)
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    result = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
              "ok": process.returncode == 0}
    if not result["ok"]:
        result["error"] = error.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {process.returncode}"]
    return result


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def show(label: str, result: dict | None) -> str:
    if result is None:
        return f"{label:<11} skipped"
    if not result["ok"]:
        return f"{label:<11} FAILED after {result['wall']:.1f} s: {result['error'][0][:100]}"
    return f"{label:<11} {result['wall']:7.1f} s wall {result['cpu']:7.1f} s CPU {result['peak_mb']:7,.0f} MB peak"


def ratio(slow: dict | None, fast: dict | None, key: str) -> str:
    if not slow or not fast or not slow["ok"] or not fast["ok"]:
        return "  -  "
    return f"{slow[key] / fast[key]:5.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample,100k,1m", help="comma-separated: sample, 100k, 1m")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "replyscope-e2e",
                        help="folder for the generated inputs (kept between runs)")
    parser.add_argument("--skip-notebook", action="store_true")
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument("--notebook-memory-gb", type=float, default=12.0,
                        help="address-space cap for the notebook, so it cannot take a shared machine down")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {load_average()} on {os.cpu_count()} CPUs")
    for size in args.sizes.split(","):
        path = input_for(size, args.data)
        with tempfile.TemporaryDirectory(dir=args.data) as folder:
            tool = measured([sys.executable, "-m", "replyscope", "analyse", str(path), "--out", f"{folder}/replyscope",
                             "--quiet"])
            notebook = None if args.skip_notebook else measured(
                [sys.executable, str(HERE / "notebook.py"), str(path), f"{folder}/notebook"], args.notebook_memory_gb)
            floor = None if args.skip_floor else measured([sys.executable, str(HERE / "floor.py"), str(path)])
        print(f"\n{size}: {path.name} ({path.stat().st_size / 1024**2:,.1f} MB)   load average now {load_average()}")
        print("  " + show("replyscope", tool))
        print("  " + show("notebook", notebook))
        print("  " + show("floor", floor))
        print(f"  notebook / replyscope: {ratio(notebook, tool, 'wall')} wall, {ratio(notebook, tool, 'cpu')} CPU;"
              f"  replyscope / floor: {ratio(tool, floor, 'wall')} wall, {ratio(tool, floor, 'cpu')} CPU")
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
