"""The client's share of the Dask engine's near-copy grouping: memory for what the partitions send and the grouping.

Loads FILES (e.g. /tmp/rs-10m/posts-000.jsonl.gz), splits the replies into partitions of 100,000,
sketches them and picks the copy candidates as the workers would (engines.copies), pickles what
each partition sends, then measures with tracemalloc, in this process, only what the client does:
unpickling, joining the candidates and copies_among. Prints candidates, distinct words, bytes sent,
memory held after arrival and the peak during the grouping (a theme is made up per reply: the
coding does not change these figures), and the CPU seconds of that part.

    python benchmarks/copy_candidates_memory.py /tmp/rs-10m/posts-000.jsonl.gz
"""

import pickle
import sys
import time
import tracemalloc
import zlib

import pandas as pd

import replyscope
from replyscope.engines import copies


def main(inputs: list[str]) -> None:
    table = replyscope.load(inputs)
    coded = table.assign(primary_theme=[("economy", "local", "health")[zlib.crc32(str(i).encode()) % 3]
                                        for i in table["id"]])
    parts = [coded.iloc[a:a + 100_000] for a in range(0, len(coded), 100_000)]
    sketches = [copies.sketch_part(part) for part in parts]
    frames = [copies.sketch_frames(s) for s in sketches]
    repeated, crowded = copies.shared_keys([t for t, _ in frames], [b for _, b in frames])
    sent = [pickle.dumps(copies.candidate_part(part, copies.candidate_positions(s, repeated, crowded)))
            for part, s in zip(parts, sketches)]
    sent_bytes = sum(map(len, sent))
    texts = pd.concat([p["text"] for p in parts])
    tracemalloc.start()
    started = time.process_time()
    found = [pickle.loads(b) for b in sent]
    del sent
    candidates = copies.join_candidates(found, lambda positions: texts.loc[positions].tolist())
    del found
    arrived = tracemalloc.get_traced_memory()[0]
    campaigns = copies.copies_among(candidates, 0.8, 3, 6)
    peak = tracemalloc.get_traced_memory()[1]
    cpu = time.process_time() - started
    tracemalloc.stop()
    count = len(candidates)
    print(f"{len(coded):,} replies, {count:,} candidates ({len(candidates.words):,} distinct words), sent "
          f"{sent_bytes / 2**20:,.0f} MB pickled; held after arrival {arrived / 2**20:,.0f} MB ({arrived / count:,.0f} "
          f"bytes a candidate), peak during grouping {peak / 2**20:,.0f} MB ({peak / count:,.0f} bytes a candidate); "
          f"{len(campaigns.groups):,} groups; CPU {cpu:,.0f} s (under tracemalloc)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
