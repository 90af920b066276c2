"""Near-copy pairs found and checked on the workers (engines.copy_pairs) give exactly find_copies' groups.

The candidates' words are bucketed, paired and checked in a Dask LocalCluster (two worker threads
in this process), on a thread holding exact copies, near copies spread over the partitions, a
crowded bucket (over CROWDED short texts sharing a band) and replies copied by nobody.
"""

import random

import numpy as np
import pandas as pd
import pytest

from replyscope.analyses.campaigns import (BANDS, CROWDED, PERMUTATIONS, candidate_pairs, find_copies, linked_groups,
                                           similar_texts)
from replyscope.engines import copies, copy_pairs
from test_copy_candidates import START, _split, _thread

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from replyscope.engines import dask as dask_engine  # noqa: E402


def _crowded_thread(seed: int) -> pd.DataFrame:
    """_thread's replies, and 90 short replies one character apart from each other, spread through it."""
    thread = _thread(seed)
    rng = random.Random(seed)
    short = pd.DataFrame({"id": [f"c{n}" for n in range(90)], "text": [f"same here {n}" for n in range(90)],
                          "author": [f"crowd{n % 60}" for n in range(90)],
                          "created_at": [START + pd.Timedelta(minutes=n) for n in range(90)],
                          "likes": [n % 4 for n in range(90)], "primary_theme": "local"})
    rows = pd.concat([thread, short.reindex(columns=thread.columns)], ignore_index=True)
    return rows.iloc[rng.sample(range(len(rows)), len(rows))].reset_index(drop=True)


def _largest_bucket(words: list[str]) -> int:
    rows = copy_pairs.bucket_rows(words, np.arange(len(words)))[0]
    return int(rows.groupby(["band", "low", "high"]).size().max())


def test_buckets_paired_and_checked_in_pieces_equal_similar_texts():
    words = [copies.normalise(t) for t in _crowded_thread(4)["text"]]
    words = list(dict.fromkeys(w for w in words if w))
    assert _largest_bucket(words) > CROWDED
    rows, texts = copy_pairs.bucket_rows(words, np.arange(len(words)))
    assert len(rows) == BANDS * len(words) and texts["text"].tolist() == words
    pairs = copy_pairs.distinct_pairs(pd.concat([copy_pairs.bucket_pairs(part) for _, part in
                                                 rows.groupby(rows["band"] % 3)], ignore_index=True))
    for similarity in (0.5, 0.8):
        joined = copy_pairs.with_texts(pairs, texts)
        matched = pd.concat([copy_pairs.matched_pairs(joined.iloc[start:start + 700], similarity, step=300)
                             for start in range(0, len(joined), 700)])
        groups = linked_groups(matched["first"].to_numpy(), matched["second"].to_numpy(), len(words))
        assert groups == similar_texts(words, similarity) and len(groups) >= 2


def test_buckets_split_over_tasks_give_candidate_pairs_own_pairs_crowded_or_not():
    """Signatures whose bands take few values: buckets of a few, of about CROWDED and of hundreds of texts."""
    rng = np.random.default_rng(7)
    signatures = np.stack([rng.integers(0, 2 + column // 4 % 4, size=1_200) for column in range(PERMUTATIONS)], axis=1)
    rows = copy_pairs.signature_rows(signatures.astype(np.uint32), np.arange(len(signatures)))
    sizes = rows.groupby(["band", "low", "high"]).size()
    assert sizes.max() > CROWDED and (sizes <= CROWDED).sum() > 10
    pieces = [copy_pairs.bucket_pairs(piece) for _, piece in rows.groupby((rows["low"] ^ rows["high"]) % np.uint64(5))]
    pairs = copy_pairs.distinct_pairs(pd.concat(pieces, ignore_index=True)).sort_values(["first", "second"])
    first, second = candidate_pairs(signatures.astype(np.uint32))
    assert np.array_equal(pairs["first"], first) and np.array_equal(pairs["second"], second)


def _stage(coded: pd.DataFrame, cuts: list[int], folder) -> tuple[list, list[int]]:
    """The coded partitions staged as the Dask engine's coding step leaves them (coded rows, copy sketches)."""
    parts, offsets = [], [0]
    for number, part in enumerate(_split(coded, cuts)):
        path = folder / f"part-{number:06d}.pickle"
        pd.to_pickle((part, None), dask_engine._coded_name(path))
        sketch = copies.sketch_part(part)
        np.savez(dask_engine._sketch_name(path), **sketch)
        for frame, kind in zip(copies.sketch_frames(sketch), ("texts", "bands")):
            frame.to_parquet(dask_engine._sketch_name(path).with_suffix(f".{kind}.parquet"), index=False)
        parts.append(path)
        offsets.append(offsets[-1] + len(part))
    return parts, offsets


@pytest.mark.parametrize("seed, similarity", [(1, 0.8), (2, 0.5)])
def test_groups_from_pairs_checked_on_the_workers_equal_find_copies_over_every_reply(client, tmp_path, seed,
                                                                                       similarity):
    coded = _crowded_thread(seed)
    assert _largest_bucket(list(dict.fromkeys(w for w in map(copies.normalise, coded["text"]) if w))) > CROWDED
    parts, offsets = _stage(coded, [0, 70, 71, 190, 300], tmp_path)
    candidates = dask_engine._copy_candidates(client, parts, offsets, None, similarity)
    assert candidates.similar is not None and len(candidates.similar[0])
    picked = copies.copies_among(candidates, similarity, 3, 6)
    whole = find_copies(coded, similarity, 3, 6)
    pd.testing.assert_frame_equal(picked.groups, whole.groups)
    pd.testing.assert_frame_equal(picked.members, whole.members)
    assert (~whole.groups["exact"]).sum() >= 2 and whole.groups["exact"].sum() >= 2
    crowd = whole.groups[whole.groups["text"].str.startswith("same here")]
    assert len(crowd) and crowd["replies"].sum() > CROWDED   # the crowded bucket's texts are grouped
    grouped = set(whole.members["position"])
    assert len(grouped) < len(coded)                          # and replies copied by nobody are left out
