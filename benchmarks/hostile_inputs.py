"""Time and peak memory of replyscope on every hostile input, each run as a user would run it.

Runs `replyscope inspect` (and `codebook check` for codebooks) in a fresh process per
input: the files of tests/fixtures/hostile/, plus the inputs too big to commit, made in
a temporary folder (an 80 MB gzip bomb, a 150 MB zip bomb inside a workbook, /dev/zero,
a FIFO). Prints the exit code, wall time, peak memory (max RSS) and the first line of
stderr for each. The bar each should meet: under 10 s and 1 GB.

    python benchmarks/hostile_inputs.py
"""

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def run(arguments: list[str]) -> tuple[int, float, float, float, str]:
    """(exit code, wall seconds, CPU seconds, peak MB, first stderr line) of one replyscope run in its own process.

    On a shared machine the wall time follows the load; the CPU time is the run's own.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "replyscope", *arguments], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, env=env)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own resource use
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return child.returncode, seconds, cpu, usage.ru_maxrss / 1024, (stderr.strip().splitlines() or [""])[0][:100]


def generated_inputs(folder: Path) -> list[tuple[str, list[str]]]:
    bomb = folder / "tweets.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as stream:
        stream.write(b'{"id": "1", "text": "hi", "author_id": "9", "conversation_id": "1", '
                     b'"edit_history_tweet_ids": ["1"]}\n')
        for _ in range(80):
            stream.write(b" " * 1024**2)
    page = folder / "page.json.gz"  # the shape of the reported bomb: spaces around one JSON page
    with gzip.open(page, "wb", compresslevel=9) as stream:
        block = b" " * 1024**2
        for _ in range(512):
            stream.write(block)
        stream.write(b'{"data": [{"id": "1", "text": "hi", "author_id": "9", "conversation_id": "1"}]}')
        for _ in range(512):
            stream.write(block)
    workbook = folder / "bomb.xlsx"
    shutil.copy(ROOT / "tests" / "fixtures" / "spreadsheets" / "renewal_replies.xlsx", workbook)
    with zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(150 * 1024**2))
    fifo = folder / "replies.csv"
    os.mkfifo(fifo)
    return [("gzip bomb (80 MB of spaces)", ["inspect", str(bomb)]),
            (f"gzip bomb ({page.stat().st_size // 1024:,} KB -> 1 GB)", ["inspect", str(page)]),
            ("zip bomb in a workbook", ["inspect", str(workbook)]),
            ("/dev/zero as a spreadsheet", ["inspect", "--format", "spreadsheet", "/dev/zero"]),
            ("a FIFO", ["inspect", str(fifo)])]


def main() -> None:
    cases = [(path.name, ["codebook", "check", str(path)] if path.suffix == ".toml" else ["inspect", str(path)])
             for path in sorted(HOSTILE.iterdir()) if path.suffix in (".json", ".jsonl", ".js", ".csv", ".toml")]
    with tempfile.TemporaryDirectory() as folder:
        cases += generated_inputs(Path(folder))
        print(f"{'input':<34} {'exit':>4} {'wall s':>7} {'CPU s':>6} {'peak MB':>8}  first line of stderr")
        for name, arguments in cases:
            code, seconds, cpu, peak, line = run(arguments)
            print(f"{name:<34} {code:>4} {seconds:>7.2f} {cpu:>6.2f} {peak:>8.0f}  {line}")


if __name__ == "__main__":
    main()
