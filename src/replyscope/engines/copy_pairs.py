"""Near-copy pairs found and checked on the workers: this machine receives only the pairs that match.

`campaigns.similar_texts` makes every distinct text's MinHash signature, buckets the texts per band,
pairs the members of each bucket and checks the pairs on their shingle sets, all in one process:
over the copy candidates of ten million replies that is gigabytes of signatures and bins. Here:

1. each distinct candidate text gets its place in the order similar_texts reads them
   (`text_orders`: the first appearance of its words among the candidates in thread order);
2. the partition holding a text's first reply makes its signature and hands out, per band, the
   band's rows as two exact 64-bit keys (as candidate_pairs forms them) with the text's place
   (`bucket_rows`); the rows are shuffled by (band, keys), so each bucket lands whole in one task,
   which pairs its members by candidate_pairs' rule (`bucket_pairs`);
3. the pairs, each once, are joined with their two texts (and each text's shingle count and
   binned hashes) by two shuffles; similar_texts' exact bounds (_possible) drop the pairs that
   cannot match and the rest are checked by the Jaccard similarity of their shingle hash sets,
   computed as similar_texts computes it (`matched_pairs`);
4. this machine unions the matched pairs (`campaigns.linked_groups`, in engines.copies).

The buckets, the pairs, the bounds and the check are those of similar_texts, and the places keep
its order, so the groups, their order and their members are the same.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses.campaigns import BANDS, BINS, ROWS, _possible, pairs_within_buckets, shingle_hashes, text_sketches

BUCKET_COLUMNS = {"band": np.int64, "low": np.uint64, "high": np.uint64, "order": np.int64}
PAIR_COLUMNS = {"first": np.int64, "second": np.int64}
# Pieces of the pairs per partition: unchecked pairs (crowded buckets of short texts pair up to CROWDED**2 / 2 per
# band) outnumber the texts, and each piece holds its pairs' two texts while they are checked.
PAIR_PIECES = 4


def text_orders(codes: np.ndarray, count: int) -> np.ndarray:
    """Each of `count` distinct texts' place in similar_texts' order, from the candidates' text codes in thread
    order: the order of their first appearance."""
    uniques = pd.unique(codes)
    order = np.full(count, -1, dtype=np.int64)
    order[uniques] = np.arange(len(uniques))
    return order


def bucket_rows(words: list[str], orders: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per text and band, the band's four signature rows as two exact keys and the text's place (the bucket of
    candidate_pairs); and per text its place, words and what _possible bounds a pair by (shingles, BINS binned
    counts as bytes, unbounded). Texts whose order is -1 (another partition makes theirs) are left out."""
    kept = np.flatnonzero(orders >= 0)
    if not len(kept):
        return _empty(BUCKET_COLUMNS), pd.DataFrame({"order": np.zeros(0, dtype=np.int64), "text": _strings([]),
                                                     "shingles": np.zeros(0, dtype=np.int64), "binned": _strings([]),
                                                     "unbounded": np.zeros(0, dtype=bool)})
    texts = [words[i] for i in kept.tolist()]
    signatures, shingles, binned, unbounded = text_sketches(texts)
    return signature_rows(signatures, orders[kept]), pd.DataFrame({
        "order": orders[kept], "text": _strings(texts), "shingles": shingles,
        "binned": _strings([row.tobytes() for row in binned]), "unbounded": unbounded})


def stage_buckets(words_path: Path, places: np.ndarray) -> None:
    """A partition's bucket_rows of its words (a pickled list at `words_path`, their places `places`), written as
    Parquet beside it for the pairing shuffles."""
    buckets, texts = bucket_rows(pd.read_pickle(words_path), places)
    buckets.to_parquet(words_path.with_suffix(".buckets.parquet"), index=False)
    texts.to_parquet(words_path.with_suffix(".texts.parquet"), index=False)


def signature_rows(signatures: np.ndarray, orders: np.ndarray) -> pd.DataFrame:
    """Per MinHash signature (32-bit values) and band, its two keys (as candidate_pairs forms them) and order."""
    signatures = signatures.astype(np.uint64)
    frames = []
    for band in range(BANDS):
        rows = signatures[:, band * ROWS:(band + 1) * ROWS]
        frames.append(pd.DataFrame({"band": np.full(len(orders), band, dtype=np.int64),
                                    "low": (rows[:, 0] << np.uint64(32)) | rows[:, 1],
                                    "high": (rows[:, 2] << np.uint64(32)) | rows[:, 3],
                                    "order": orders}))
    return pd.concat(frames, ignore_index=True)


def bucket_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """The pairs (first < second, by place) of whole buckets: all members of a bucket of up to CROWDED texts,
    in a bigger one each member with its first (candidate_pairs' rule); a pair of several bands once."""
    if not len(rows):
        return _empty(PAIR_COLUMNS)
    rows = rows.sort_values(["band", "low", "high", "order"], kind="stable")
    band, low, high = (rows[c].to_numpy() for c in ("band", "low", "high"))
    order = rows["order"].to_numpy(dtype=np.int64)
    changes = (band[1:] != band[:-1]) | (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    left, right = pairs_within_buckets(changes, len(order))
    first, second = order[np.minimum(left, right)], order[np.maximum(left, right)]  # places rise in a bucket
    return pd.DataFrame({"first": first, "second": second}).drop_duplicates(ignore_index=True)


def distinct_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs once each (found in several bands or buckets)."""
    return pairs.drop_duplicates(ignore_index=True) if len(pairs) else _empty(PAIR_COLUMNS)


def with_texts(pairs, texts, **merging):
    """The pairs joined with their two texts' rows of bucket_rows' text table (pandas or Dask frames)."""
    for side in ("first", "second"):
        pairs = pairs.merge(texts.rename(columns={c: side if c == "order" else f"{side}_{c}" for c in texts.columns}),
                            on=side, **merging)
    return pairs


def matched_pairs(pairs: pd.DataFrame, similarity: float, step: int = 20_000) -> pd.DataFrame:
    """The pairs (each side's `text`, `shingles`, `binned`, `unbounded` joined as first_* and second_*) whose
    shingle sets overlap at least `similarity` (Jaccard), as similar_texts finds them: the pairs its exact
    bounds (_possible) leave are compared on each text's distinct shingle hashes, `step` pairs at a time."""
    if not len(pairs):
        return _empty(PAIR_COLUMNS)
    count = len(pairs)
    sides = [pairs[f"{side}_{column}"] for column in ("shingles", "unbounded") for side in ("first", "second")]
    shingles, unbounded = np.concatenate(sides[:2]).astype(np.int64), np.concatenate(sides[2:]).astype(bool)
    binned = np.frombuffer(b"".join(pairs["first_binned"].tolist() + pairs["second_binned"].tolist()),
                           dtype=np.uint8).reshape(2 * count, BINS)
    kept = _possible(np.arange(count), np.arange(count) + count, shingles, binned, unbounded, similarity)[0]
    found = [_similar(pairs["first_text"].to_numpy()[chunk].tolist(), pairs["second_text"].to_numpy()[chunk].tolist(),
                      similarity) for chunk in (kept[start:start + step] for start in range(0, len(kept), step))]
    similar = kept[np.concatenate(found)] if found else kept
    return pd.DataFrame({"first": pairs["first"].to_numpy(dtype=np.int64)[similar],
                         "second": pairs["second"].to_numpy(dtype=np.int64)[similar]})


def _similar(first: list[str], second: list[str], similarity: float) -> np.ndarray:
    """Whether each pair of texts' distinct shingle hashes overlap at least `similarity`, as similar_texts reckons."""
    count = len(first)
    owner, value = shingle_hashes(first + second)
    sizes = np.bincount(owner, minlength=2 * count)
    keys = np.sort(((owner % count).astype(np.uint64) << np.uint64(32)) | value)  # in both texts of a pair: twice
    repeated = keys[1:][keys[1:] == keys[:-1]]
    shared = np.bincount((repeated >> np.uint64(32)).astype(np.int64), minlength=count)
    return shared / (sizes[:count] + sizes[count:] - shared) >= similarity


def _strings(values: list) -> pd.Series:
    return pd.Series(values, dtype=object)


def _empty(columns: dict) -> pd.DataFrame:
    return pd.DataFrame({name: np.zeros(0, dtype=dtype) for name, dtype in columns.items()})


def part_places(part_words: list[list[str]], candidates) -> list[np.ndarray]:
    """Per partition (in thread order), each of its distinct words' place (text_orders of the candidates,
    copies.Candidates, in thread order), or -1 where an earlier partition holds the words too."""
    members, words = candidates.members, candidates.words
    if not members.index.is_monotonic_increasing:
        members = members.sort_index()
    places = text_orders(members["words"].to_numpy(dtype=np.int64), len(words))
    index, seen, found = pd.Index(words, dtype=object), np.zeros(len(words), dtype=bool), []
    for held in part_words:
        code = index.get_indexer(pd.Index(held, dtype=object)) if len(held) else np.zeros(0, dtype=np.int64)
        found.append(np.where(seen[code], -1, places[code]))
        seen[code] = True
    return found


def similar_pairs(client, staged: list[Path], similarity: float) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of near-identical texts (by place), from the partitions' staged buckets and (order, text)
    tables (stage_buckets): bucketed, paired, joined with their texts and checked across the cluster."""
    import dask.dataframe as dd

    splits = len(staged)
    buckets = dd.read_parquet([str(p.with_suffix(".buckets.parquet")) for p in staged])
    pairs = buckets.shuffle(on=["band", "low", "high"], npartitions=splits).map_partitions(
        bucket_pairs, meta=_empty(PAIR_COLUMNS))
    pieces = splits * PAIR_PIECES
    pairs = pairs.shuffle(on="first", npartitions=pieces).map_partitions(distinct_pairs, meta=_empty(PAIR_COLUMNS))
    texts = dd.read_parquet([str(p.with_suffix(".texts.parquet")) for p in staged])
    pairs = with_texts(pairs, texts, npartitions=pieces)
    matched = pairs.map_partitions(matched_pairs, similarity, meta=_empty(PAIR_COLUMNS))
    found = client.compute(matched, sync=True)
    return found["first"].to_numpy(dtype=np.int64), found["second"].to_numpy(dtype=np.int64)
