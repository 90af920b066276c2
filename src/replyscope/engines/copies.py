"""Near copies over partitions: compact sketches per partition, merged by key, then find_copies on the few candidates.

`campaigns.find_copies` needs every reply's text in one place. Only two kinds of reply can
end up in a copy group: one whose words (as `campaigns.normalise` reads them) another reply
repeats, and one whose MinHash signature agrees with another text's on all rows of some band
(the only pairs `similar_texts` ever compares). So each partition keeps, per reply with words,
a 64-bit key of its words and one 64-bit key per band (`sketch_part`); the keys are merged
across partitions (counts of word keys, distinct word keys per band key: `shared_keys`,
or on Dask a groupby shuffled by key); each partition then names its candidates
(`candidate_positions`); and find_copies runs on those rows alone (`copies_among`).

A candidate reaches this machine without its text (`candidate_part`): each partition sends its
candidates' distinct words (as `normalise` reads them) once, and per candidate only its position,
which of those words it has, id, author, date, likes and theme. find_copies groups the words as
it would the texts (it compares words only); the one text it shows per group, its first reply's,
is then read from the partition holding it (`Candidates.shown_texts`). So what this machine holds
grows with the distinct words of the candidates and a few numbers and shared strings a candidate,
not with their texts.

On Dask the near-identical words are also paired and checked on the workers (engines.copy_pairs):
this machine then only unions the matched pairs (`Candidates.similar`), without similar_texts'
signatures and bins of every candidate text.

The groups are exactly those of find_copies over every reply: every bucket holding two or
more distinct texts keeps all its members, in thread order, so the candidate pairs, their
checks and the group order are the same; a key collision only adds a candidate, which
find_copies then checks on its real text. Nothing here imports Dask.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analyses import campaigns as campaign_analysis
from ..analyses.campaigns import BANDS, ROWS, copy_text_column, linked_groups, normalise, text_sketches

# Columns find_copies reads besides the text: all a candidate carries to the step that groups them.
MEMBER_COLUMNS = ["id", "author", "created_at", "likes", "primary_theme"]
_SHARED = ("author", "primary_theme")  # sent as categories: one string each, not one a reply
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


@dataclass
class Candidates:
    """The replies that can be in a copy group, without their text (see the module's docstring).

    `words`: the distinct words of the candidates; `members`: one row a candidate, indexed by its
    position in the thread, in thread order, with `words` (its row of `words`) and MEMBER_COLUMNS;
    `shown_texts(positions)`: the texts of replies (text, or clean_text without it) at thread positions;
    `similar`: when the workers found them (engines.copy_pairs), the pairs of near-identical words, each
    by its place in copy_pairs.text_orders, so this machine only unions them.
    """

    words: list[str]
    members: pd.DataFrame
    shown_texts: Callable[[np.ndarray], list]
    similar: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.members)


def candidate_part(coded: pd.DataFrame, positions: np.ndarray) -> tuple[list[str], pd.DataFrame]:
    """A partition's candidates at `positions` (its coded index) as it sends them: their distinct words, and per
    candidate the row of its words and MEMBER_COLUMNS (author and theme as categories)."""
    rows = coded.loc[positions]
    codes, words = pd.factorize(pd.Series([normalise(t) for t in rows[copy_text_column(coded)].tolist()],
                                          dtype=object))
    members = rows[[c for c in MEMBER_COLUMNS if c in rows]].assign(words=codes.astype(np.int64))
    for column in _SHARED:
        if column in members:
            members[column] = members[column].astype("category")
    return list(words), members


def join_candidates(parts: list[tuple[list[str], pd.DataFrame]], shown_texts: Callable[[np.ndarray], list]
                    ) -> Candidates:
    """The partitions' candidates (candidate_part, in thread order) as one Candidates: words equal across
    partitions become one (compared as strings, so no hash collision can join two)."""
    offsets = np.cumsum([0, *(len(words) for words, _ in parts)])
    codes, words = pd.factorize(pd.Series([w for part_words, _ in parts for w in part_words], dtype=object))
    members = pd.concat([part.assign(words=codes[offset + part["words"].to_numpy(dtype=np.int64)])
                         for offset, (_, part) in zip(offsets, parts)])
    for column in _SHARED:
        if column in members:  # each value a reference to its category's one string
            members[column] = members[column].astype(object)
    return Candidates(words=list(words), members=members, shown_texts=shown_texts)


def copies_among(candidates: Candidates, similarity: float, min_accounts: int, min_words: int
                 ) -> campaign_analysis.Campaigns:
    """find_copies among the candidates alone, its members' positions given as rows of the whole thread.

    find_copies reads the candidates' words in place of their texts: it compares words only, and a
    group's word count is that of its first reply's words. The text it shows for a group, that
    first reply's, is then read from where the replies are.
    """
    members = candidates.members
    if not members.index.is_monotonic_increasing:
        members = members.sort_index()
    # The members' own arrays (no copies); each text a reference to one of the distinct words.
    frame = pd.DataFrame({c: members[c].array for c in members.columns if c != "words"})
    frame["text"] = np.asarray(candidates.words, dtype=object)[members["words"].to_numpy(dtype=np.int64)]
    found = None if candidates.similar is None else _linked_candidates(
        members["words"].to_numpy(dtype=np.int64), candidates.words, candidates.similar)
    campaigns = campaign_analysis.find_copies(frame, similarity, min_accounts, min_words, candidates=found)
    rows = members.index.to_numpy(dtype=np.int64)
    if len(campaigns.groups):
        firsts = rows[_first_replies(frame, campaigns.members)]
        order = np.argsort(firsts, kind="stable")
        shown = np.empty(len(firsts), dtype=object)
        shown[order] = candidates.shown_texts(firsts[order])
        campaigns.groups["text"] = shown
    campaigns.members = campaigns.members.assign(position=rows[campaigns.members["position"].to_numpy(dtype=np.int64)])
    return campaigns


def _linked_candidates(codes: np.ndarray, words: list[str], similar: tuple[np.ndarray, np.ndarray]
                       ) -> campaign_analysis.CopyCandidates:
    """copy_candidates over the candidates (their words' codes in thread order), the near-identical pairs given
    by place (copy_pairs.text_orders): the same groups in the same order, found without similar_texts."""
    from .copy_pairs import text_orders

    place = text_orders(codes, len(words))[codes]
    by_place = np.argsort(place, kind="stable")
    positions = np.split(by_place, np.flatnonzero(np.diff(place[by_place])) + 1) if len(place) else []
    text_of = np.empty(len(positions), dtype=np.int64)
    text_of[place] = codes
    groups = linked_groups(similar[0], similar[1], len(positions))
    starting = {members[0]: members for members in groups}
    grouped = {member for members in groups for member in members}
    found = []
    for index, rows in enumerate(positions):
        members = starting.get(index)
        if members is not None:
            found.append((np.sort(np.concatenate([positions[m] for m in members])).tolist(),
                          [words[text_of[m]] for m in members]))
        elif len(rows) > 1 and index not in grouped:
            found.append((rows.tolist(), [words[text_of[index]]]))
    return found


def _first_replies(frame: pd.DataFrame, members: pd.DataFrame) -> np.ndarray:
    """Each group's first reply (its row of `frame`), groups in number order, as find_copies picks the text it
    shows: the earliest dated member, ties and undated members in the group's order."""
    rows, group = members["position"].to_numpy(dtype=np.int64), members["group"].to_numpy(dtype=np.int64)
    at = np.zeros(len(rows), dtype=np.int64)
    if "created_at" in frame:
        created = pd.to_datetime(frame["created_at"]).array
        at = np.where(np.asarray(pd.isna(created)), np.iinfo(np.int64).max, created.asi8)[rows]
    order = np.lexsort((np.arange(len(rows)), at, group))
    starts = np.concatenate([[True], group[order][1:] != group[order][:-1]])
    return rows[order][starts]


def candidate_rows(parts: list[pd.DataFrame]) -> Candidates:
    """Sketch, merge and pick the candidates of coded partitions in this process (what the Dask engine spreads)."""
    sketches = [sketch_part(part) for part in parts]
    frames = [sketch_frames(sketch) for sketch in sketches]
    repeated, crowded = shared_keys([texts for texts, _ in frames], [bands for _, bands in frames])
    texts = pd.concat([part[copy_text_column(part)] for part in parts])

    def shown_texts(positions: np.ndarray) -> list:
        return texts.loc[positions].tolist()

    return join_candidates([candidate_part(part, candidate_positions(sketch, repeated, crowded))
                            for part, sketch in zip(parts, sketches)], shown_texts)
