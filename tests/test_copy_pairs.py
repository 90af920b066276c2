"""Near-copy candidates bounded band by band (campaigns.candidate_pairs with `keep`) are exactly the pairs the
merge-every-pair-then-bound code found, on real posts: the sample, VADER's evaluation tweets and the shared exports."""

import numpy as np
import pytest

from replyscope.analyses import campaigns
from replyscope.analyses.campaigns import (BANDS, CROWDED, ROWS, _coarse, _possible, candidate_pairs, copy_candidates,
                                           normalise, similar_texts, text_sketches)

from real_texts import sample_replies, shared_texts, vader_evaluation_texts


def candidate_pairs_before(signatures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """campaigns.candidate_pairs as it was before the bands were bounded one by one (merged after each band)."""
    texts = len(signatures)
    codes = np.empty(0, dtype=np.int64)
    for band in range(BANDS):
        rows = signatures[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        keys = [(rows[:, column] << np.uint64(32)) | rows[:, column + 1] for column in range(0, ROWS, 2)]
        order = np.lexsort(keys[::-1])
        ranked = [key[order] for key in keys]
        starts = np.flatnonzero(np.concatenate([[True], np.any([key[1:] != key[:-1] for key in ranked], axis=0)]))
        sizes = np.diff(np.append(starts, texts))
        start, size = np.repeat(starts, sizes), np.repeat(sizes, sizes)
        place = np.arange(texts)
        crowded = size > CROWDED
        partners = np.where(crowded, (place != start).astype(np.int64), start + size - 1 - place)
        left = np.repeat(place, partners)
        offset = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners)
        right = np.where(crowded[left], start[left], left + 1 + offset)
        a, b = order[left], order[right]
        codes = np.unique(np.concatenate([codes, np.minimum(a, b).astype(np.int64) * texts + np.maximum(a, b)]))
    return codes // texts, codes % texts


def copy_candidates_before(texts: list, similarity: float) -> list:
    """campaigns.copy_candidates as find_copies grouped before (every distinct text joined to itself first)."""
    distinct: dict[str, list[int]] = {}
    for position, text in enumerate(map(normalise, texts)):
        if text:
            distinct.setdefault(text, []).append(position)
    words = list(distinct)
    joined = {index: [index] for index in range(len(words))}
    for members in similar_texts(words, similarity):
        for member in members:
            joined[member] = members
    seen, candidates = set(), []
    for members in joined.values():
        if members[0] in seen:
            continue
        seen.add(members[0])
        positions = sorted(p for m in members for p in distinct[words[m]])
        if len(positions) > 1:
            candidates.append((positions, [words[m] for m in members]))
    return candidates


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    # ../shared/data absent: shared_texts is empty, and the sample and VADER's texts still hold near copies
    return sample_replies() + vader_evaluation_texts() + shared_texts(per_crisis=60, davidson=2000)


@pytest.fixture(scope="module")
def real_words(real_texts) -> list[str]:
    return list(dict.fromkeys(word for word in map(normalise, real_texts) if word))


def test_copy_candidates_are_those_found_before(real_texts):
    found = copy_candidates(real_texts, 0.5)   # 0.5: more and bigger groups than the default 0.8
    assert any(len(words) > 1 for _, words in found) and any(len(words) == 1 for _, words in found)
    assert found == copy_candidates_before(real_texts, 0.5)


@pytest.mark.parametrize("merge_pairs", [1, 1 << 22])   # merged after every band, and once at the end
def test_pairs_bounded_band_by_band_are_the_pairs_bounded_after_merging(real_words, monkeypatch, merge_pairs):
    monkeypatch.setattr(campaigns, "MERGE_PAIRS", merge_pairs)
    signatures, shingles, binned, unbounded = text_sketches(real_words)
    first, second = candidate_pairs_before(signatures)
    assert len(first) > 100
    for similarity in (0.5, 0.8):
        expected = _possible(first, second, shingles, binned, unbounded, similarity)
        coarse = _coarse(binned)
        found = candidate_pairs(signatures, keep=lambda a, b: _possible(a, b, shingles, binned, unbounded,
                                                                         similarity, coarse))
        assert len(expected[0]) > 0
        np.testing.assert_array_equal(found[0], expected[0])
        np.testing.assert_array_equal(found[1], expected[1])
    unfiltered = candidate_pairs(signatures)
    np.testing.assert_array_equal(unfiltered[0], first)
    np.testing.assert_array_equal(unfiltered[1], second)


def test_similar_texts_groups_real_near_copies(real_words):
    groups = similar_texts(real_words, 0.8)
    assert groups and all(len(group) >= 2 and group == sorted(group) for group in groups)


def test_keys_that_mix_alike_are_sorted_by_the_keys_themselves(monkeypatch):
    """Buckets are found by one 64-bit mix of a band's two keys; where different keys mix alike, by the keys."""
    keys = [np.array([1, 2, 1, 3], dtype=np.uint64), np.array([5, 5, 5, 7], dtype=np.uint64)]
    order, changes = campaigns._buckets(keys)
    at = order.tolist().index(0)
    assert order[at + 1] == 2 and changes.sum() == 2   # texts 0 and 2 in one bucket, in index order; 3 buckets
    monkeypatch.setattr(campaigns, "_MIX", 0)   # every text's mix is now its second key: 0, 1 and 2 mix alike
    order, changes = campaigns._buckets(keys)
    assert order.tolist() == [0, 2, 1, 3] and changes.tolist() == [False, True, True]
