"""Counts merged by key in shards (engines/shards.py) are the counts of one merge of whole partitions.

The sample's replies are coded in partitions; their counts merged partition after partition
(PartCounts.merge, as one process would) are compared with the same counts split into shards,
merged shard by shard and joined: every keyed count equal, in the same order (ties rank by
it). Pruned of rare phrases, they still give the same phrase table.
"""

from dataclasses import fields

import numpy as np
import pytest

import replyscope
from replyscope.analyses.words import phrase_table
from replyscope.codebook import load_codebook
from replyscope.engines import shards
from replyscope.engines.plan import Plan, code_part, part_languages
from replyscope.languages import language_mix
from replyscope.settings import DEFAULTS

from conftest import SAMPLES


@pytest.fixture(scope="module")
def partition_counts():
    """Fresh counts of the sample's replies coded in five partitions, each call (merging changes them in place)."""
    table = replyscope.load(SAMPLES / "replies.xlsx")
    plan = Plan(DEFAULTS, load_codebook())
    chunks = [table.iloc[a:b] for a, b in zip(*(lambda cuts: (cuts[:-1], cuts[1:]))(
        np.linspace(0, len(table), 6).astype(int).tolist()))]
    codes = [part_languages(chunk, plan) for chunk in chunks]
    mix = language_mix((code for part in codes for code in part), plan.codebook.language)
    offsets = np.cumsum([0, *map(len, codes)]).tolist()
    return lambda: [code_part(chunk, part, mix, offset, plan)[0] for chunk, part, offset in zip(chunks, codes, offsets)]


def keyed(counts, path=()) -> dict:
    """Every keyed count of a PartCounts, by its path, as a list of (key, value) in dict order."""
    found = {}
    for field in fields(counts):
        value = getattr(counts, field.name)
        if isinstance(value, shards.COUNT_CLASSES):
            found.update(keyed(value, (*path, field.name)))
        elif isinstance(value, dict) and value and all(isinstance(v, shards.COUNT_CLASSES) for v in value.values()):
            for key, inner in value.items():
                found.update(keyed(inner, (*path, field.name, key)))
        elif isinstance(value, dict):
            found[(*path, field.name)] = [(key, repr(item)) for key, item in value.items()]
        else:
            found[(*path, field.name)] = repr(value)
    return found


def merged_in_one(parts):
    whole = parts[0]
    for part in parts[1:]:
        whole.merge(part)
    return whole


@pytest.mark.parametrize("count", [1, 4])
def test_shards_joined_are_one_merge_of_whole_partitions_in_the_same_order(partition_counts, count):
    expected = keyed(merged_in_one(partition_counts()))
    pieces = [shards.split_counts(counts, count, number) for number, counts in enumerate(partition_counts())]
    merged = [shards.merge_pieces(part[shard] for part in pieces) for shard in range(count)]
    for _, places in merged:
        places.pop("trigram_ends")
    actual = keyed(shards.join_shards(merged))
    phrase_paths = {(*path, name) for path in [k[:-1] for k in expected if k[0] == "by_language"]
                    for name in shards.PHRASE_FIELDS}
    assert {k: v for k, v in actual.items() if k not in phrase_paths} == \
        {k: v for k, v in expected.items() if k not in phrase_paths}
    assert len(expected[("words", "bigrams")]) > 100 and len(expected[("accounts", "speakers")]) > 10


def test_pruned_rare_phrases_give_the_same_phrase_table(partition_counts):
    whole = merged_in_one(partition_counts())
    for minimum in (2, 3, 5):
        pruned, ends = shards.merge_by_key(partition_counts(), 4, minimum)
        assert len(pruned.words.trigrams) < len(whole.words.trigrams)
        assert min(pruned.words.bigrams.values()) >= minimum
        assert phrase_table(pruned.words, minimum, trigram_ends=ends).equals(phrase_table(whole.words, minimum))
    assert not phrase_table(whole.words, 2).empty
