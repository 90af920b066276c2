"""Likelihood-ratio association of two- and three-word phrases, as NLTK's collocation finders score them.

The same arithmetic as NLTK's BigramAssocMeasures/TrigramAssocMeasures.likelihood_ratio
(Manning and Schütze 5.3.4) over the contingency tables its finders build, written out
here so that counting phrases does not import all of NLTK (2-3 s: it loads scipy and
scikit-learn). tests/test_words.py checks the scores against NLTK's own.
"""

from collections import Counter
from math import log

_SMALL = 1e-20  # NLTK's guard against log(0) and division by zero


def _likelihood_ratio(cells: tuple, n_all: float, size: int) -> float:
    """2 * sum(observed * ln(observed / expected)) over a 2^size contingency table."""
    bits = [1 << i for i in range(size)]
    # each cell's marginals, summed once per (bit, side) in the order NLTK sums them, so the floats are its own
    margins = {(j, side): sum(cells[x] for x in range(len(cells)) if (x & j) == side) for j in bits for side in (0, j)}
    total = 0.0
    for i, observed in enumerate(cells):
        expected = 1.0
        for j in bits:
            expected *= margins[(j, i & j)]
        expected /= n_all ** (size - 1)
        total += observed * log(observed / (expected + _SMALL) + _SMALL)
    return 2 * total


def phrase_scores(words: Counter, bigrams: Counter, trigrams: Counter, min_count: int,
                  trigram_ends: Counter | None = None) -> dict[tuple, float]:
    """Phrase (a tuple of words) -> likelihood-ratio score, for the phrases used at least `min_count` times.

    `trigram_ends` ((first, last) word -> trigrams with those ends) is given when `trigrams`
    holds only the frequent ones (the Dask engine prunes the rest after merging them).
    """
    n_all = sum(words.values())
    scores: dict[tuple, float] = {}
    if not bigrams:
        return scores
    for (w1, w2), n in bigrams.items():
        if n >= min_count:
            n_ii = n / 1.0
            n_oi, n_io = words[w2] - n_ii, words[w1] - n_ii
            scores[(w1, w2)] = _bigram_ratio((n_ii, n_oi, n_io, n_all - n_ii - n_oi - n_io))
    if trigrams:
        wildcards = trigram_ends
        if wildcards is None:  # trigrams by their ends, for the ends of the trigrams scored
            wildcards = Counter(dict.fromkeys({(a, c) for (a, _, c), n in trigrams.items() if n >= min_count}, 0))
            for (a, _, c), n in trigrams.items():
                if (a, c) in wildcards:
                    wildcards[(a, c)] += n
        for (w1, w2, w3), n_iii in trigrams.items():
            if n_iii < min_count:
                continue
            n_iix, n_ixi, n_xii = bigrams[(w1, w2)], wildcards[(w1, w3)], bigrams[(w2, w3)]
            n_ixx, n_xix, n_xxi = words[w1], words[w2], words[w3]
            n_oii, n_ioi, n_iio = n_xii - n_iii, n_ixi - n_iii, n_iix - n_iii
            n_ooi = n_xxi - n_iii - n_oii - n_ioi
            n_oio = n_xix - n_iii - n_oii - n_iio
            n_ioo = n_ixx - n_iii - n_ioi - n_iio
            n_ooo = n_all - n_iii - n_oii - n_ioi - n_iio - n_ooi - n_oio - n_ioo
            scores[(w1, w2, w3)] = _likelihood_ratio((n_iii, n_oii, n_ioi, n_ooi, n_iio, n_oio, n_ioo, n_ooo), n_all, 3)
    return scores


def _bigram_ratio(cells: tuple) -> float:
    n_all = sum(cells)
    total = 0.0
    for i, observed in enumerate(cells):
        expected = (cells[i] + cells[i ^ 1]) * (cells[i] + cells[i ^ 2]) / n_all
        total += observed * log(observed / (expected + _SMALL) + _SMALL)
    return 2 * total
