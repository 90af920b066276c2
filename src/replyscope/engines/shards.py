"""Counts merged by key: no one object holds every partition's counts until they are pruned.

Every keyed count (a Counter or dict field of PartCounts and of the counts inside it) is
split by a stable hash of its key into `shards` pieces (`split_counts`): a partition gives one
piece per shard, with the keys' places in the partition's own dicts. A shard is merged over
all partitions in partition order by the counts' own `merge` (`merge_pieces`), so each task
holds one shard's keys only; `prune_phrases` then drops the phrase counts no table reads, and
`join_shards` puts the shards together in the order one merge of whole partitions gives
(each key where it was first seen), so ties rank as in the default engine. Fields without
keys (totals, the tracked tag ...) are taken from shard 0, which merges them as usual.

Pruning (exact): the phrase table lists 2- and 3-word phrases used at least
`min_phrase_mentions` times and reads the replies and likes of those alone; a frequent
trigram's two bigrams are at least as frequent, so bigrams and trigrams used fewer times are
dropped after the merge. Their scores also need, per (first, last) word, the trigrams of all
counts (`trigram_ends`), which is merged by key the same way and then kept only for the
ends of the trigrams that stay. The per-language word counts feed only word tables, so their
phrase counts are not kept at all. Nothing here imports Dask.
"""

import copy
from collections import Counter
from dataclasses import fields, replace

import numpy as np
import pandas as pd

from ..analyses.accounts import AccountCounts
from ..analyses.hashtag_counts import HashtagCounts
from ..analyses.links import LinkCounts
from ..analyses.references import ReferenceCounts
from ..analyses.words import WordCounts
from .plan import PartCounts

COUNT_CLASSES = (PartCounts, WordCounts, ReferenceCounts, LinkCounts, AccountCounts, HashtagCounts)
PHRASE_FIELDS = ("bigrams", "trigrams", "bigram_replies", "trigram_replies", "phrase_likes")
WORDS = ("words",)          # the thread's word counts: the only ones phrases are read from
PART_BITS = 32              # a key's place: partition number << PART_BITS | index in that partition's dict


def shards_of(keys: list, shards: int) -> np.ndarray:
    """The shard of each key, the same in every process (Python's own hash of a string is not): pandas' fixed-key
    hash of the key (of its str() when it is not a string: tuples of words, (tag, hour) ...)."""
    if shards == 1 or not keys:
        return np.zeros(len(keys), dtype=np.int64)
    values = np.fromiter(keys, dtype=object, count=len(keys))
    return (pd.util.hash_array(values, categorize=False) % np.uint64(shards)).astype(np.int64)


def _by_shard(keys: list, shards: int) -> list[list[int]]:
    """The positions of the keys in each shard, in key order."""
    found = shards_of(keys, shards)
    order = np.argsort(found, kind="stable")
    bounds = np.searchsorted(found[order], np.arange(shards + 1))
    return [order[bounds[shard]:bounds[shard + 1]].tolist() for shard in range(shards)]


def split_counts(counts: PartCounts, shards: int, part: int) -> list[tuple[PartCounts, dict]]:
    """One partition's counts as `shards` pieces: (counts with each keyed field's keys of that shard, places).

    Places map each keyed field's path to {key: place in the partition}; the piece's
    "trigram_ends" place holds the (first, last) words of its trigrams, counted.
    """
    counts = replace(counts, by_language={code: _without_phrases(words) for code, words in counts.by_language.items()})
    places: list[dict] = [{} for _ in range(shards)]
    pieces = _split(counts, shards, part << PART_BITS, (), places)
    ends = Counter()
    for (first, _, last), n in counts.words.trigrams.items():
        ends[(first, last)] += n
    keys, values = list(ends), list(ends.values())
    for piece_places, positions in zip(places, _by_shard(keys, shards)):
        piece_places["trigram_ends"] = Counter(dict(zip(map(keys.__getitem__, positions),
                                                        map(values.__getitem__, positions))))
    return list(zip(pieces, places))


def _without_phrases(words: WordCounts) -> WordCounts:
    return replace(words, **{name: Counter() for name in PHRASE_FIELDS})


def _split(counts, shards: int, base: int, path: tuple, places: list[dict]) -> list:
    values: list[dict] = [{} for _ in range(shards)]
    for field in fields(counts):
        value, here = getattr(counts, field.name), (*path, field.name)
        if isinstance(value, COUNT_CLASSES):
            split = _split(value, shards, base, here, places)
        elif isinstance(value, dict) and value and all(isinstance(v, COUNT_CLASSES) for v in value.values()):
            by_key = {key: _split(v, shards, base, (*here, key), places) for key, v in value.items()}
            split = [{key: pieces[shard] for key, pieces in by_key.items()} for shard in range(shards)]
        elif isinstance(value, dict):
            keys, items = list(value), list(value.values())
            split = []
            for shard, positions in enumerate(_by_shard(keys, shards)):
                shard_keys = list(map(keys.__getitem__, positions))
                piece = _empty(value)
                dict.update(piece, zip(shard_keys, map(items.__getitem__, positions)))
                split.append(piece)
                places[shard][here] = dict(zip(shard_keys, [base + position for position in positions]))
        else:  # kept from shard 0; the others merge copies of their own that join_shards ignores
            split = [value, *(copy.deepcopy(value) for _ in range(shards - 1))]
        for shard in range(shards):
            values[shard][field.name] = split[shard]
    return [replace(counts, **shard_values) for shard_values in values]


def _empty(value: dict) -> dict:
    empty = value.copy()
    empty.clear()
    return empty


def merge_pieces(pieces) -> tuple[PartCounts, dict]:
    """One shard's pieces of every partition (in partition order) merged: its counts and the keys' first places."""
    merged, places = None, None
    for counts, where in pieces:
        if merged is None:
            merged, places = counts, where
            continue
        for path, found in where.items():
            if path == "trigram_ends":
                places[path].update(found)
                continue
            places[path] = {**found, **places[path]} if path in places else found  # a key's first place stays
        merged.merge(counts)
    return merged, places


def prune_phrases(counts: PartCounts, places: dict, min_mentions: int) -> set:
    """Drop (in place) the merged shard's bigrams and trigrams used fewer than `min_mentions` times, and their
    replies and likes; returns the (first, last) words of the trigrams kept, whose trigram_ends scores read."""
    words = counts.words
    kept_ends = set()
    for name, size in (("bigrams", 2), ("trigrams", 3)):
        grams = getattr(words, name)
        dropped = [gram for gram, n in grams.items() if n < min_mentions]
        for field_name in (name, f"{name[:-1]}_replies", "phrase_likes"):
            counter, where = getattr(words, field_name), places.get((*WORDS, field_name), {})
            for gram in dropped:
                counter.pop(gram, None)
                where.pop(gram, None)
        if size == 3:
            kept_ends = {(gram[0], gram[2]) for gram in grams}
    return kept_ends


def ends_kept(ends: Counter, kept: set) -> Counter:
    """A shard's merged trigram_ends, only for the ends of trigrams kept (in any shard)."""
    return Counter({key: n for key, n in ends.items() if key in kept})


def join_shards(shards: list[tuple[PartCounts, dict]]) -> PartCounts:
    """The merged (and pruned) shards as one PartCounts, each keyed field in first-seen order."""
    return _join([c for c, _ in shards], [p for _, p in shards], ())


def _join(pieces: list, places: list[dict], path: tuple):
    first = pieces[0]
    values = {}
    for field in fields(first):
        value, here = getattr(first, field.name), (*path, field.name)
        if isinstance(value, COUNT_CLASSES):
            values[field.name] = _join([getattr(p, field.name) for p in pieces], places, here)
        elif isinstance(value, dict) and value and all(isinstance(v, COUNT_CLASSES) for v in value.values()):
            values[field.name] = {key: _join([getattr(p, field.name)[key] for p in pieces], places, (*here, key))
                                  for key in value}
        elif isinstance(value, dict):
            items = [(where[key], key, item) for piece, shard_places in zip(pieces, places)
                     for where in [shard_places.get(here, {})] for key, item in getattr(piece, field.name).items()]
            items.sort(key=lambda entry: entry[0])
            joined = _empty(value)
            dict.update(joined, ((key, item) for _, key, item in items))
            values[field.name] = joined
    return replace(first, **values)


def merge_by_key(partitions: list[PartCounts], shards: int, min_phrase_mentions: int) -> tuple[PartCounts, Counter]:
    """Partitions' counts merged shard by shard in this process (what the Dask engine spreads over its workers):
    the pruned merged counts and the trigram_ends their phrase scores read."""
    pieces = [split_counts(counts, shards, number) for number, counts in enumerate(partitions)]
    merged = [merge_pieces(part[shard] for part in pieces) for shard in range(shards)]
    ends = [places.pop("trigram_ends") for _, places in merged]
    kept = set().union(*(prune_phrases(counts, places, min_phrase_mentions) for counts, places in merged))
    trigram_ends = Counter()
    for shard_ends in ends:
        trigram_ends.update(ends_kept(shard_ends, kept))
    return join_shards(merged), trigram_ends
