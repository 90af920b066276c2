"""Near copies over partitions: compact sketches per partition, merged by key, then find_copies on the few candidates.

`campaigns.find_copies` needs every reply's text in one place. Only two kinds of reply can
end up in a copy group: one whose words (as `campaigns.normalise` reads them) another reply
repeats, and one whose MinHash signature agrees with another text's on all rows of some band
(the only pairs `similar_texts` ever compares). So each partition keeps, per reply with words,
a 64-bit key of its words and one 64-bit key per band (`sketch_part`); the keys are merged
across partitions (counts of word keys, distinct word keys per band key: `shared_keys`,
or on Dask a groupby shuffled by key); each partition then names its candidates
(`candidate_positions`); and find_copies runs on those rows alone (`copies_among`).

The groups are exactly those of find_copies over every reply: every bucket holding two or
more distinct texts keeps all its members, in thread order, so the candidate pairs, their
checks and the group order are the same; a key collision only adds a candidate, which
find_copies then checks on its real text. Nothing here imports Dask.
"""

import hashlib

import numpy as np
import pandas as pd

from ..analyses import campaigns as campaign_analysis
from ..analyses.campaigns import BANDS, ROWS, normalise, text_sketches

# Columns find_copies reads: all a candidate carries to the step that groups them.
COPY_COLUMNS = ["id", "text", "clean_text", "author", "created_at", "likes", "primary_theme"]
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=np.uint64)


def sketch_part(coded: pd.DataFrame) -> dict[str, np.ndarray]:
    """A partition's copy sketch: per reply with words, its position (the coded index), word key and band keys.

    Returns arrays `position` (n), `text_key` (n) and `band_keys` (n x BANDS), all int64/uint64.
    """
    source = coded["text"] if "text" in coded else coded["clean_text"]
    normalised = [normalise(t) for t in source.tolist()]
    distinct: dict[str, int] = {}
    which = np.array([distinct.setdefault(t, len(distinct)) if t else -1 for t in normalised], dtype=np.int64)
    texts = list(distinct)
    keys = np.array([int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
                     for t in texts], dtype=np.uint64)
    band_keys = band_keys_of(text_sketches(texts)[0]) if texts else np.zeros((0, BANDS), dtype=np.uint64)
    present = which >= 0
    return {"position": coded.index.to_numpy(dtype=np.int64)[present], "text_key": keys[which[present]],
            "band_keys": band_keys[which[present]]}


def band_keys_of(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit key per band of each MinHash signature (texts x BANDS): equal rows give equal keys."""
    rows = signatures.astype(np.uint64)
    keys = np.zeros((len(rows), BANDS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(BANDS):
            key = np.full(len(rows), np.uint64(band + 1) * _MIX[0], dtype=np.uint64)
            for row in range(ROWS):
                key = (key ^ rows[:, band * ROWS + row]) * _MIX[row % len(_MIX)]
                key ^= key >> np.uint64(29)
            keys[:, band] = key
    return keys


def sketch_frames(sketch: dict[str, np.ndarray]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two tables a partition adds to the merge: (word key, replies) and distinct (band key, word key)."""
    text_key, band_keys = sketch["text_key"], sketch["band_keys"]
    words, counts = np.unique(text_key, return_counts=True)
    first = np.unique(text_key, return_index=True)[1]
    bands = pd.DataFrame({"band_key": band_keys[first].ravel(), "text_key": np.repeat(text_key[first], BANDS)})
    # Two bands of one text may share a key only by collision; the groupby counts distinct texts anyway.
    return (pd.DataFrame({"text_key": words, "replies": counts.astype(np.int64)}),
            bands.drop_duplicates(ignore_index=True))


def shared_keys(texts: list[pd.DataFrame], bands: list[pd.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    """Word keys held by two or more replies, and band keys held by two or more distinct texts (in one process)."""
    words = pd.concat(texts, ignore_index=True).groupby("text_key")["replies"].sum()
    buckets = pd.concat(bands, ignore_index=True).groupby("band_key")["text_key"].nunique()
    return (np.sort(words.index.to_numpy(dtype=np.uint64)[words.to_numpy() >= 2]),
            np.sort(buckets.index.to_numpy(dtype=np.uint64)[buckets.to_numpy() >= 2]))


def candidate_positions(sketch: dict[str, np.ndarray], repeated: np.ndarray, crowded: np.ndarray) -> np.ndarray:
    """The positions of a partition's replies that can be in a copy group: repeated words or a shared band."""
    found = np.isin(sketch["text_key"], repeated)
    if len(crowded):
        found |= np.isin(sketch["band_keys"], crowded).any(axis=1)
    return sketch["position"][found]


def copies_among(candidates: pd.DataFrame, similarity: float, min_accounts: int, min_words: int
                 ) -> campaign_analysis.Campaigns:
    """find_copies among `candidates` alone (COPY_COLUMNS of the candidate replies, indexed by their row in the
    thread, in thread order), its members' positions given as rows of the whole thread."""
    candidates = candidates.sort_index()
    campaigns = campaign_analysis.find_copies(candidates.reset_index(drop=True), similarity, min_accounts, min_words)
    rows = candidates.index.to_numpy(dtype=np.int64)
    campaigns.members = campaigns.members.assign(position=rows[campaigns.members["position"].to_numpy(dtype=np.int64)])
    return campaigns


def copy_rows(coded: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """The columns find_copies reads of a partition's candidate replies (indexed by their place in the thread)."""
    return coded.loc[positions, [c for c in COPY_COLUMNS if c in coded]]


def candidate_rows(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Sketch, merge and pick the candidates of coded partitions in this process (what the Dask engine spreads)."""
    sketches = [sketch_part(part) for part in parts]
    frames = [sketch_frames(sketch) for sketch in sketches]
    repeated, crowded = shared_keys([texts for texts, _ in frames], [bands for _, bands in frames])
    return pd.concat([copy_rows(part, candidate_positions(sketch, repeated, crowded))
                      for part, sketch in zip(parts, sketches)])
