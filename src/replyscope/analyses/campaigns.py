"""Copy-paste replies: groups of identical or near-identical replies posted by different accounts.

Replies are compared by their words only: lower case, without links, @mentions, emoji, punctuation
and the hashtags tacked on at the end, so "Clueless. #COVID19 🙄" and "clueless" are the same text.
Identical texts are grouped by hashing; near-identical ones (a word changed, a greeting added) by
MinHash over five-character shingles with locality-sensitive hashing, each candidate pair then
checked by its exact Jaccard similarity. MinHash and the banding are numpy over all replies at
once: datasketch, measured first, took 1.9 ms a reply and 3 s to import (scipy). A group needs at least two accounts.

A group is a *campaign* when enough accounts posted it and its text is long enough that people
would not write it independently; shorter groups ("Agree with this.", "Clueless.") are *copies*:
shown, but common phrases are not evidence of coordination.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..schema import shallow_copy

SHINGLE = 5          # characters per shingle
BANDS, ROWS = 16, 4  # LSH bands of MinHash rows (see similar_texts)
PERMUTATIONS = BANDS * ROWS
BINS = 128          # hash bins of the exact bound on shared shingles (see _possible)
COARSE_BINS = 16    # groups of those bins, for a first, cheaper bound
CROWDED = 50       # texts in one bucket beyond which only its first is paired (see candidate_pairs)
_MIX = 0x9E3779B97F4A7C15   # an odd 64-bit multiplier (the golden ratio's): spreads one key before the other is mixed in
MERGE_PAIRS = 1 << 22  # candidate pairs of several bands gathered before they are merged (see candidate_pairs)
SEED = 1

_LINK = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_TRAILING_TAGS = re.compile(r"(?:[\s\W]*#\w+)+[\W\s]*$")
_WORD = re.compile(r"\w+")

GROUP_COLUMNS = ["group", "kind", "replies", "accounts", "text", "first_at", "last_at", "likes", "theme",
                 "exact", "authors", "ids"]


def normalise(text) -> str:
    """The words of a reply, as copies are compared: lower case, no links, mentions, emoji or trailing hashtags."""
    text = html.unescape(text) if isinstance(text, str) else ""
    # Each pattern needs a character the substring tests look for: most texts skip most scans.
    if "http" in text or "www." in text:
        text = _LINK.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    if "#" in text:
        text = _TRAILING_TAGS.sub(" ", text)
    return " ".join(_WORD.findall(text.lower().replace("_", " ")))


def shingle_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct five-character shingles as 32-bit hashes: (text index, hash), sorted, no repeats.

    Vectorised over all texts at once (a polynomial hash of the code points); a text shorter than
    five characters is one shingle, itself.
    """
    padded = [t if len(t) >= SHINGLE else t.ljust(SHINGLE, "\0") for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    count = len(codes) - SHINGLE + 1
    value = np.zeros(max(count, 0), dtype=np.uint64)
    for offset in range(SHINGLE):
        value = value * np.uint64(1_000_003) + codes[offset:offset + count]
    owner = np.repeat(np.arange(len(padded)), lengths)[:count]
    inside = np.arange(count) <= (starts + lengths - SHINGLE)[owner]  # shingles that do not run into the next text
    keys = np.sort((owner[inside].astype(np.uint64) << np.uint64(32))
                   | ((value[inside] >> np.uint64(16)) & np.uint64(0xFFFFFFFF)))
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
    return (keys >> np.uint64(32)).astype(np.int64), keys & np.uint64(0xFFFFFFFF)


def minhash_signatures(owner: np.ndarray, value: np.ndarray, texts: int, block_texts: int = 2_000) -> np.ndarray:
    """A MinHash signature (PERMUTATIONS values) per text from its shingle hashes (multiply-shift hashing)."""
    rng = np.random.default_rng(SEED)
    multipliers = rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    offsets = rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
    starts = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
    signatures = np.zeros((texts, PERMUTATIONS), dtype=np.uint64)
    # A block of texts at a time, in one reused buffer: the hashes stay in the CPU's cache for all permutations.
    for first in range(0, len(starts), block_texts):
        begin = starts[first]
        end = starts[first + block_texts] if first + block_texts < len(starts) else len(value)
        block, block_starts = value[begin:end], starts[first:first + block_texts] - begin
        rows = owner[starts[first:first + block_texts]]
        hashed = np.empty_like(block)
        for column in range(PERMUTATIONS):
            np.multiply(block, multipliers[column], out=hashed)
            np.add(hashed, offsets[column], out=hashed)
            signatures[rows, column] = np.minimum.reduceat(hashed, block_starts)
    # The hash's top 32 bits: shifting keeps order, so the smallest hash's top bits are the smallest top bits.
    return signatures >> np.uint64(32)


def similar_texts(texts: list[str], similarity: float) -> list[list[int]]:
    """Groups of indexes of distinct texts whose shingles overlap at least `similarity` (Jaccard), transitively.

    Locality-sensitive hashing: texts agreeing on all rows of any one band of their MinHash signatures
    become candidates (BANDS bands of ROWS rows find pairs at Jaccard 0.8 with probability 0.9998,
    at 0.5 with 0.64); each candidate pair is then checked on its exact shingle sets. Groups come
    in the order of their first text, members in index order.
    """
    if len(texts) < 2:
        return []
    signatures, shingles, binned, unbounded = text_sketches(texts)
    coarse = _coarse(binned)
    # Each band's pairs are bounded before the bands are merged: few pass, so the millions of candidates from
    # crowded buckets are never held (or sorted) together.
    first, second = candidate_pairs(signatures, keep=lambda first, second: _possible(
        first, second, shingles, binned, unbounded, similarity, coarse))
    del signatures
    involved = np.unique(np.concatenate([first, second]))  # their shingles again: a few texts, not all
    owner, value = shingle_hashes([texts[i] for i in involved.tolist()])
    bounds = np.searchsorted(owner, np.arange(len(involved) + 1))
    shared = _shared_counts(np.searchsorted(involved, first), np.searchsorted(involved, second), value, bounds)
    similar = shared / (shingles[first] + shingles[second] - shared) >= similarity
    return linked_groups(first[similar], second[similar], len(texts))


def linked_groups(first: np.ndarray, second: np.ndarray, count: int) -> list[list[int]]:
    """The groups of two or more of `count` items that the links first[i]-second[i] join (directly or through
    others), each in order, ordered by their first item: connected components by label propagation with
    pointer jumping, in numpy (scipy's csgraph would cost a third of a second to import for this)."""
    label = np.arange(count)
    while True:
        lowest = np.minimum(label[first], label[second])
        before = label.copy()
        np.minimum.at(label, first, lowest)
        np.minimum.at(label, second, lowest)
        while not np.array_equal(label, label[label]):
            label = label[label]
        if np.array_equal(label, before):
            break
    sizes = np.bincount(label, minlength=count)
    grouped = np.flatnonzero(sizes[label] > 1)
    order = np.argsort(label[grouped], kind="stable")
    members = np.split(grouped[order], np.flatnonzero(np.diff(label[grouped][order])) + 1)
    members = [part.tolist() for part in members if len(part)]
    return sorted(members, key=lambda part: part[0])


def text_sketches(texts: list[str], texts_at_once: int = 20_000):
    """Per text: its MinHash signature (32-bit values), number of distinct shingles, and binned hashes.

    Made `texts_at_once` texts at a time, so the shingles of all replies never sit in memory together.
    Returns (signatures, shingles, binned, unbounded): see minhash_signatures and _binned.
    """
    signatures = np.zeros((len(texts), PERMUTATIONS), dtype=np.uint32)
    shingles = np.zeros(len(texts), dtype=np.int64)
    binned = np.zeros((len(texts), BINS), dtype=np.uint8)
    unbounded = np.zeros(len(texts), dtype=bool)
    for start in range(0, len(texts), texts_at_once):
        chunk = texts[start:start + texts_at_once]
        at = slice(start, start + len(chunk))
        owner, value = shingle_hashes(chunk)
        signatures[at] = minhash_signatures(owner, value, len(chunk))  # each value fits 32 bits (>> 32)
        bounds = np.searchsorted(owner, np.arange(len(chunk) + 1))
        shingles[at] = np.diff(bounds)
        binned[at], unbounded[at] = _binned(owner, value, bounds)
    return signatures, shingles, binned, unbounded


def candidate_pairs(signatures: np.ndarray, keep: Callable | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs (first < second) of texts sharing a bucket in any band, sorted; with `keep`, only
    those `keep(first, second)` (a filter of pairs, as _possible) returns.

    A bucket of up to CROWDED texts pairs all of them; a bigger one (short texts that hash alike)
    pairs each member with its first only, so no bucket costs more than CROWDED**2 / 2 checks.
    """
    texts = len(signatures)
    codes, pending = np.empty(0, dtype=np.int64), []
    for band in range(BANDS):
        rows = signatures[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        # Signature values have 32 bits: two make one exact key, and a stable sort keeps index order in a bucket.
        keys = [(rows[:, column] << np.uint64(32)) | rows[:, column + 1] for column in range(0, ROWS, 2)]
        order, changes = _buckets(keys)
        left, right = pairs_within_buckets(changes, texts)
        a, b = order[left], order[right]
        first, second = np.minimum(a, b), np.maximum(a, b)   # distinct pairs within a band
        if keep is not None:
            first, second = keep(first, second)
        pending.append(first.astype(np.int64) * texts + second)
        # Merged once the bands waiting hold as many pairs as the merged ones (or MERGE_PAIRS): a pair found in
        # many bands is held a few times at most, and each pair is sorted a few times, not once per band.
        if sum(map(len, pending)) >= max(len(codes), MERGE_PAIRS):
            codes, pending = _distinct_sorted(np.concatenate([codes, *pending])), []
    codes = _distinct_sorted(np.concatenate([codes, *pending]))
    return codes // texts, codes % texts


def pairs_within_buckets(changes: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Places (left, right) of the pairs among `count` items sorted into buckets, `changes` marking where the next
    item starts a new one: every pair in a bucket of up to CROWDED items, in a bigger one each item with its first.

    The Dask engine pairs its buckets with this too (engines/copy_pairs.py), so both find the same pairs.
    """
    starts = np.flatnonzero(np.concatenate([[True], changes]))
    sizes = np.diff(np.append(starts, count))
    start, size = np.repeat(starts, sizes), np.repeat(sizes, sizes)
    place = np.arange(count)
    crowded = size > CROWDED
    partners = np.where(crowded, (place != start).astype(np.int64), start + size - 1 - place)
    left = np.repeat(place, partners)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners)
    return left, np.where(crowded[left], start[left], left + 1 + offset)


def _buckets(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """An order of the texts putting equal keys together, each run in index order, and where the runs change.

    Sorted stably by one 64-bit mix of the two keys: half the work of sorting by both. Equal keys always
    mix alike; should two different keys mix alike (about once in 2**64 / texts**2 bands), the runs of
    mixes and of keys disagree and the keys themselves are sorted.
    """
    mixed = (keys[0] * np.uint64(_MIX)) ^ keys[1]
    order = np.argsort(mixed, kind="stable")
    ranked = [key[order] for key in keys]
    changes = np.any([key[1:] != key[:-1] for key in ranked], axis=0)
    mixed = mixed[order]
    if not np.array_equal(changes, mixed[1:] != mixed[:-1]):
        order = np.lexsort(keys[::-1])
        ranked = [key[order] for key in keys]
        changes = np.any([key[1:] != key[:-1] for key in ranked], axis=0)
    return order, changes


def _distinct_sorted(codes: np.ndarray) -> np.ndarray:
    """The codes sorted, repeats dropped (numpy's hashing np.unique is slower here)."""
    codes = np.sort(codes)
    return codes[np.concatenate([[True], codes[1:] != codes[:-1]])] if len(codes) else codes


def _possible(first: np.ndarray, second: np.ndarray, shingles: np.ndarray, binned: np.ndarray,
              unbounded: np.ndarray, similarity: float, coarse: np.ndarray | None = None, step: int = 200_000
              ) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs that can reach `similarity`, by two exact bounds that never drop one that does.

    Sizes: Jaccard is at most smaller / larger. Bins: each text's hashes are counted into BINS bins;
    two texts share at most the sum over bins of the smaller count. Only pairs within both bounds need
    their shingle sets compared (most candidates from crowded buckets are not).
    """
    small, large = np.minimum(shingles[first], shingles[second]), np.maximum(shingles[first], shingles[second])
    fits = small / large >= similarity
    first, second = first[fits], second[fits]
    # The bins summed in groups bound the shared shingles less tightly but at an eighth of the cost: the
    # pairs they rule out, the full bins would too, so only the rest need the full bins.
    coarse = _coarse(binned) if coarse is None else coarse
    keep = np.zeros(len(first), dtype=bool)
    for start in range(0, len(first), step):
        a, b = first[start:start + step], second[start:start + step]
        within = np.flatnonzero(_within_bound(coarse, a, b, shingles, unbounded, similarity))
        a, b = a[within], b[within]
        keep[start + within] = _within_bound(binned, a, b, shingles, unbounded, similarity)
    return first[keep], second[keep]


def _coarse(binned: np.ndarray) -> np.ndarray:
    """The binned counts summed in COARSE_BINS groups of bins (see _possible)."""
    return binned.reshape(len(binned), COARSE_BINS, -1).sum(axis=2, dtype=np.uint16)


def _within_bound(counts: np.ndarray, a: np.ndarray, b: np.ndarray, shingles: np.ndarray, unbounded: np.ndarray,
                  similarity: float) -> np.ndarray:
    """Whether pairs a-b can reach `similarity`, by the shared shingles their binned counts allow."""
    most = np.minimum(counts[a], counts[b]).sum(axis=1, dtype=np.int64)
    return (most / (shingles[a] + shingles[b] - most) >= similarity) | unbounded[a] | unbounded[b]


def _binned(owner: np.ndarray, value: np.ndarray, bounds: np.ndarray):
    """Each text's hashes counted into BINS bins (uint8), and which texts overflow a bin (always compared)."""
    texts = len(bounds) - 1
    cells = owner * BINS + (value % np.uint64(BINS)).astype(np.int64)
    counts = np.bincount(cells, minlength=texts * BINS).reshape(-1, BINS)
    return np.minimum(counts, np.iinfo(np.uint8).max).astype(np.uint8), counts.max(axis=1) > np.iinfo(np.uint8).max


def _shared_counts(first: np.ndarray, second: np.ndarray, value: np.ndarray, bounds: np.ndarray,
                   step: int = 500_000) -> np.ndarray:
    """How many hashes each pair of texts shares; text i holds value[bounds[i]:bounds[i + 1]], sorted, distinct."""
    sets = _sparse().csr_matrix((np.ones(len(value), dtype=np.int32), value.astype(np.int64), bounds),
                                shape=(len(bounds) - 1, 2**32))
    shared = np.zeros(len(first), dtype=np.int64)
    for start in range(0, len(first), step):  # a slice at a time: the selected rows are copied
        chunk = slice(start, start + step)
        shared[chunk] = np.diff(sets[first[chunk]].multiply(sets[second[chunk]]).indptr)  # 1 x 1 per shared hash
    return shared


def _sparse():
    from scipy import sparse
    return sparse


@dataclass
class Campaigns:
    """Copy groups: one row each (`groups`), and the group of every reply in one (`members`)."""

    groups: pd.DataFrame
    members: pd.DataFrame   # position (row of the coded replies), group
    min_accounts: int
    min_words: int
    similarity: float

    @property
    def campaigns(self) -> pd.DataFrame:
        return self.groups[self.groups["kind"] == "campaign"]

    def tables(self) -> dict[str, pd.DataFrame]:
        """The table written as CSV/XLSX: copy_groups."""
        return {"copy_groups": self.groups}


CopyCandidates = list[tuple[list[int], list[str]]]   # (positions of the replies, their distinct words) per group


def copy_text_column(coded: pd.DataFrame) -> str:
    """The column copies are compared by: text, or clean_text standing in for a missing text."""
    return "text" if "text" in coded else "clean_text"


def copy_candidates(texts: list, similarity: float = 0.8) -> CopyCandidates:
    """The replies whose words are identical or near-identical (positions in `texts`), before accounts are counted.

    Reads only the texts, so it can run before (or beside) the coding; find_copies turns these into groups.
    """
    distinct: dict[str, list[int]] = {}
    for position, text in enumerate(map(normalise, texts)):
        if text:
            distinct.setdefault(text, []).append(position)
    words = list(distinct)
    groups = similar_texts(words, similarity)
    grouped = {member for members in groups for member in members}
    starting = {members[0]: members for members in groups}   # a group's place is its first text's
    candidates = []
    for index, (text, positions) in enumerate(distinct.items()):
        members = starting.get(index)
        if members is not None:
            candidates.append((sorted(p for m in members for p in distinct[words[m]]), [words[m] for m in members]))
        elif len(positions) > 1 and index not in grouped:   # identical texts only (positions come in order)
            candidates.append((positions, [text]))
    return candidates


def find_copies(coded: pd.DataFrame, similarity: float = 0.8, min_accounts: int = 3, min_words: int = 6,
                candidates: CopyCandidates | None = None) -> Campaigns:
    """Return the groups of identical or near-identical replies from at least two different accounts.

    Reads text (or clean_text), author, created_at, likes, id, primary_theme when present. A reply with
    no author counts as an account of its own. Groups are numbered biggest first. `candidates` are
    copy_candidates of the same text column when already found (analyse finds them beside the coding).
    """
    text_column = copy_text_column(coded)
    columns = [c for c in ("id", text_column, "author", "created_at", "likes", "primary_theme") if c in coded]
    # No attrs (pandas would copy them at every step); the columns' own arrays, not Python objects for each text.
    coded = pd.DataFrame({c: coded[c].array for c in columns})
    if "likes" in coded:
        coded["likes"] = coded["likes"].astype("Int64")
    source = coded[text_column]
    if candidates is None:
        candidates = copy_candidates(source.tolist(), similarity)
    rows, member_rows = [], []
    # Plain lists and arrays: a pandas selection per group cost most of the time at a few hundred groups.
    authors = coded["author"].tolist() if "author" in coded else [pd.NA] * len(coded)
    author_missing = [_missing(a) for a in authors]
    texts_shown = source.tolist()
    created = pd.to_datetime(coded["created_at"]).array if "created_at" in coded else None  # schema: already datetimes
    if created is not None:
        missing_at = np.asarray(pd.isna(created))
        at = np.where(missing_at, np.iinfo(np.int64).max, created.asi8)  # undated last, as sort_values put them
    likes = coded["likes"] if "likes" in coded else None
    if likes is not None:
        like_values, like_known = likes.fillna(0).to_numpy(dtype=np.int64), likes.notna().to_numpy()
    themes_of = coded["primary_theme"].tolist() if "primary_theme" in coded else None
    ids = coded["id"].tolist() if "id" in coded else None
    for positions, variants in candidates:
        chosen = np.asarray(positions)
        handles = [authors[p] for p in positions if not author_missing[p]]
        accounts = len(set(handles)) + sum(author_missing[p] for p in positions)
        if accounts < 2:
            continue
        first = positions[int(np.argsort(at[chosen], kind="stable")[0])] if created is not None else positions[0]
        first_text = texts_shown[first]
        words = len(normalise(first_text).split())
        dated = chosen[~missing_at[chosen]] if created is not None else chosen[:0]
        rows.append({
            "kind": "campaign" if accounts >= min_accounts and words >= min_words else "copy",
            "replies": len(positions), "accounts": accounts, "text": first_text,
            "first_at": created[dated[np.argmin(at[dated])]] if len(dated) else pd.NaT,
            "last_at": created[dated[np.argmax(at[dated])]] if len(dated) else pd.NaT,
            "likes": like_values[chosen].sum() if likes is not None and like_known[chosen].any() else pd.NA,
            "theme": _commonest([themes_of[p] for p in positions]) if themes_of is not None else "",
            "exact": len(variants) == 1,
            "authors": "; ".join(dict.fromkeys(str(h) for h in handles)),
            "ids": "; ".join(str(ids[p]) for p in positions if not _missing(ids[p])) if ids is not None else "",
            "_positions": positions,
        })
    rows.sort(key=lambda r: (r["kind"] != "campaign", -r["replies"], -r["accounts"], r["_positions"][0]))
    for number, row in enumerate(rows, start=1):
        row["group"] = number
        member_rows += [{"position": p, "group": number} for p in row.pop("_positions")]
    groups = pd.DataFrame(rows, columns=GROUP_COLUMNS)
    groups["likes"] = groups["likes"].astype("Int64")
    return Campaigns(groups=groups, members=pd.DataFrame(member_rows, columns=["position", "group"]),
                     min_accounts=min_accounts, min_words=min_words, similarity=similarity)


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _commonest(values: list) -> str:
    """The most frequent non-missing value (ties: as pandas' value_counts orders them); "" when none."""
    counts: dict = {}
    for value in values:
        if not _missing(value):
            counts[value] = counts.get(value, 0) + 1
    if not counts:
        return ""
    top = max(counts.values())
    leaders = [v for v, c in counts.items() if c == top]
    return leaders[0] if len(leaders) == 1 else pd.Series(values).value_counts().index[0]


def mark_copies(coded: pd.DataFrame, campaigns: Campaigns) -> pd.DataFrame:
    """Return the coded replies with `copy_group` (the group number, null when in none) added."""
    marked = shallow_copy(coded)
    group = np.full(len(marked), -1, dtype=np.int64)
    group[campaigns.members["position"].to_numpy(dtype=np.int64)] = campaigns.members["group"].to_numpy(dtype=np.int64)
    marked["copy_group"] = pd.array(np.where(group >= 0, group, 0), dtype="Int64")
    marked.loc[group < 0, "copy_group"] = pd.NA
    return marked


def count_campaigns_once(coded: pd.DataFrame, campaigns: Campaigns) -> pd.DataFrame:
    """Return the replies with each campaign reduced to its first reply, carrying the whole group's likes.

    For theme shares that count "one campaign, many replies" once. Copies that are not campaigns stay.
    """
    keep = np.ones(len(coded), dtype=bool)
    likes = coded["likes"].copy()
    created = coded["created_at"] if "created_at" in coded else pd.Series(pd.NaT, index=coded.index)
    for number in campaigns.campaigns["group"]:
        positions = campaigns.members.loc[campaigns.members["group"] == number, "position"].to_numpy()
        times = created.iloc[positions]
        first = positions[int(np.argmin(times.fillna(pd.Timestamp.max.tz_localize("UTC")).to_numpy()))] \
            if times.notna().any() else positions[0]
        keep[positions] = False
        keep[first] = True
        likes.iloc[first] = coded["likes"].iloc[positions].sum(min_count=1)
    return coded.assign(likes=likes)[keep].reset_index(drop=True)


def copies_for_shares(coded: pd.DataFrame, similarity: float, min_accounts: int, min_words: int,
                      count_campaigns_once_in_shares: bool, campaigns: Campaigns | None = None
                      ) -> tuple[pd.DataFrame, Campaigns, pd.DataFrame, str | None]:
    """Find the copy groups, mark them, and choose the replies theme shares count.

    `campaigns` are the groups when already found (the Dask engine finds them among
    candidate replies only). Returns (coded replies with `copy_group`, the copy groups,
    the replies the shares count, the method note to print when campaigns were counted
    once, else None).
    """
    if campaigns is None:
        campaigns = find_copies(coded, similarity, min_accounts, min_words)
    coded = mark_copies(coded, campaigns)
    if not (count_campaigns_once_in_shares and len(campaigns.campaigns)):
        return coded, campaigns, coded, None
    shared = count_campaigns_once(coded, campaigns)
    count, repeats = len(campaigns.campaigns), len(coded) - len(shared)
    note = (f"Theme shares count each copy-paste campaign once ({count:,} campaign{'s' * (count != 1)}; "
            f"{repeats:,} repeated {'reply' if repeats == 1 else 'replies'} left out of the shares, "
            "their likes added to the first).")
    return coded, campaigns, shared, note
