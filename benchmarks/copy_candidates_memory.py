"""The client's share of the Dask engine's near-copy grouping: memory for what the partitions send and the grouping.

Loads FILES (e.g. /tmp/rs-10m/posts-000.jsonl.gz), splits the replies into partitions of 100,000,
sketches them and picks the copy candidates as the workers would (engines.copies), pickles what
each partition sends, then measures with tracemalloc, in this process, only what the client does:
unpickling, joining the candidates and copies_among. Prints candidates, distinct words, bytes sent,
memory held after arrival and the peak during the grouping (a theme is made up per reply: the
coding does not change these figures), and the CPU seconds of that part.

With --pairs-on-workers, the near-identical pairs are found as the workers find them
(engines.copy_pairs: bucketed, paired and checked, here in this process before the measure) and
only the matched pairs reach the measured part, which unions them instead of running similar_texts.
A digest of the copy groups table is printed to compare the two ways.

    python benchmarks/copy_candidates_memory.py [--pairs-on-workers] /tmp/rs-10m/posts-000.jsonl.gz
"""

import hashlib

import pickle
import sys
import time
import tracemalloc
import zlib

import pandas as pd

import replyscope
from replyscope.engines import copies, copy_pairs


def worker_pairs(found: list, similarity: float) -> bytes:
    """The matched pairs as the workers would send them (pickled), from what the partitions sent."""
    candidates = copies.join_candidates(found, lambda positions: [])
    places = copy_pairs.part_places([words for words, _ in found], candidates)
    staged = [copy_pairs.bucket_rows(words, held) for (words, _), held in zip(found, places)]
    pairs = copy_pairs.distinct_pairs(copy_pairs.bucket_pairs(pd.concat([b for b, _ in staged], ignore_index=True)))
    texts = pd.concat([t for _, t in staged], ignore_index=True)
    matched = pd.concat([copy_pairs.matched_pairs(copy_pairs.with_texts(pairs.iloc[start:start + 200_000], texts),
                                                  similarity) for start in range(0, len(pairs), 200_000)])
    print(f"{len(pairs):,} candidate pairs checked on the workers, {len(matched):,} matched", flush=True)
    return pickle.dumps((matched["first"].to_numpy(), matched["second"].to_numpy()))


def main(inputs: list[str]) -> None:
    on_workers = "--pairs-on-workers" in inputs
    inputs = [i for i in inputs if i != "--pairs-on-workers"]
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
    pairs = worker_pairs([pickle.loads(b) for b in sent], 0.8) if on_workers else None
    tracemalloc.start()
    started = time.process_time()
    found = [pickle.loads(b) for b in sent]
    del sent
    candidates = copies.join_candidates(found, lambda positions: texts.loc[positions].tolist())
    if on_workers:  # what this machine does with them: places for the workers, then the matched pairs back
        copy_pairs.part_places([words for words, _ in found], candidates)
        candidates.similar = pickle.loads(pairs)
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
          f"{len(campaigns.groups):,} groups; CPU {cpu:,.0f} s (under tracemalloc); groups digest "
          f"{hashlib.sha256(campaigns.groups.to_csv().encode()).hexdigest()[:16]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
