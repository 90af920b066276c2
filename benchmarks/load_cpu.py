"""CPU time of `replyscope.load` on one file (best of N runs), with a digest of the table it makes.

For comparing two versions of the readers on a shared machine: CPU time moves far less than wall
time with the load, and equal digests show both versions made the same table.

    PYTHONPATH=src python benchmarks/load_cpu.py FILE [RUNS]           # RUNS: 2 by default
    PYTHONPATH=/old/checkout/src python benchmarks/load_cpu.py FILE    # the version before, to compare
"""

import hashlib
import sys
import time

import pandas as pd

import replyscope

LIST_COLUMNS = ("hashtags", "mentions", "urls")


def table_digest(table: pd.DataFrame) -> str:
    """A short hash of every cell: the scalar columns by pandas' row hashes, the list columns by their contents."""
    digest = hashlib.sha1(pd.util.hash_pandas_object(table.drop(columns=list(LIST_COLUMNS)), index=True).values.tobytes())
    for name in LIST_COLUMNS:
        digest.update(repr(table[name].tolist()).encode())
    return digest.hexdigest()[:12]


def main() -> None:
    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        table = replyscope.load(path)
        best = min(best, time.process_time() - started)
    print(f"load CPU, best of {runs}: {best:.2f} s   {len(table):,} rows   table digest {table_digest(table)}")


if __name__ == "__main__":
    main()
