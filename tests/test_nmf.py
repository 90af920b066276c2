"""analyses.nmf gives scikit-learn's TF-IDF and NMF factors exactly, without importing scikit-learn."""

import warnings

import numpy as np
import pytest
from scipy import sparse

from replyscope.analyses import nmf
from replyscope.analyses.discovery import best_matching

sklearn = pytest.importorskip("sklearn")


def reply_counts(replies: int, terms: int, seed: int) -> sparse.csr_matrix:
    """Counts of 1-3 per used term, about 8 terms a reply, as short replies have; no empty reply."""
    rng = np.random.default_rng(seed)
    counts = sparse.random(replies, terms, density=8 / terms, random_state=seed, format="csr",
                           data_rvs=lambda size: rng.integers(1, 4, size)).astype(np.float64)
    return counts[np.asarray(counts.sum(axis=1)).ravel() > 0]


# (replies, terms, themes): more terms than replies (the SVD runs on the transpose) and fewer; 9+ themes
# sum products of more than eight terms, where numpy's summation order changes.
SHAPES = [(300, 120, 5), (150, 400, 7), (500, 260, 12), (60, 90, 2)]


@pytest.mark.parametrize("replies, terms, k", SHAPES)
def test_fit_and_transform_equal_scikit_learn_to_the_last_bit(replies, terms, k):
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = reply_counts(replies, terms, seed=replies + k)
    expected_vectors = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    vectors = nmf.tfidf(counts)
    assert np.array_equal(vectors.toarray(), expected_vectors.toarray())
    model = NMF(n_components=k, init="nndsvda", beta_loss="kullback-leibler", solver="mu", random_state=3,
                max_iter=300, tol=1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected_loadings = model.fit_transform(expected_vectors)
        expected_new = model.transform(expected_vectors[::3])
    loadings, weights = nmf.fit(vectors, k, seed=3)
    assert np.array_equal(weights, model.components_)
    assert np.array_equal(loadings, expected_loadings)
    assert np.array_equal(nmf.transform(vectors[::3], weights), expected_new)


def test_unit_rows_equal_scikit_learn_normalize_and_leave_empty_rows_empty():
    from sklearn.preprocessing import normalize

    scores = np.random.default_rng(0).random((6, 40))
    scores[2] = 0
    assert np.array_equal(nmf.unit_rows(scores), normalize(scores))
    assert not nmf.unit_rows(scores)[2].any()


def test_best_matching_reaches_the_largest_total_as_scipy_does():
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(1)
    for size in [1, 2, 3, 5, 8, 12] * 20:
        scores = rng.random((size, size))
        scores = np.round(scores, 1) if rng.random() < 0.5 else scores  # ties too
        matched = best_matching(scores)
        assert sorted(matched.tolist()) == list(range(size))
        rows, columns = linear_sum_assignment(-scores)
        assert scores[np.arange(size), matched].sum() == pytest.approx(scores[rows, columns].sum(), abs=1e-12)
