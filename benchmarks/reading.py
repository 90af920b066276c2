"""Where reading one file goes: CPU seconds per reading step, and the peak resident memory.

    PYTHONPATH=src python benchmarks/reading.py /tmp/rs-e2e/posts_1m.jsonl
    PYTHONPATH=src python benchmarks/reading.py /tmp/rs-e2e/replies_100k.xlsx

Runs `load_replies` (what every command reads with) once, with the importer's `read`,
`schema.conform`, `schema.drop_unusable` and `threads.link_threads` timed by CPU time
(process_time: the figure to compare on a shared machine). Times are inclusive: an importer
that conforms its chunks while reading (twarc2) counts conform inside `read` as well.
Peak memory is the process's high-water mark (getrusage), so run one file per process.
"""

import functools
import resource
import sys
import time
from collections import Counter
from pathlib import Path


def main(path: Path) -> None:
    from replyscope import importers, schema, threads

    cpu: Counter = Counter()
    calls: Counter = Counter()

    def timed(owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                cpu[label] += time.process_time() - started
                calls[label] += 1
        setattr(owner, name, wrapper)

    for module in importers.IMPORTERS.values():
        timed(module, "read", "importer read")
    timed(schema, "conform", "schema.conform")
    timed(schema, "drop_unusable", "schema.drop_unusable")
    timed(threads, "link_threads", "threads.link_threads")
    started, wall = time.process_time(), time.perf_counter()
    table, report = importers.load_replies(path)
    total, wall = time.process_time() - started, time.perf_counter() - wall
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{path.name}: {len(table):,} replies; {report.summary()}")
    for label in ("importer read", "schema.conform", "schema.drop_unusable", "threads.link_threads"):
        print(f"  {label:<22} {cpu[label]:7.2f} s CPU  ({calls[label]} calls)")
    print(f"  {'load_replies':<22} {total:7.2f} s CPU, {wall:.2f} s wall, peak RSS {peak_mb:,.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
