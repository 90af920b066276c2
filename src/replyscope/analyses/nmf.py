"""Non-negative matrix factorisation with the Kullback-Leibler loss, and the TF-IDF it factorises.

The same arithmetic as scikit-learn's `TfidfTransformer(sublinear_tf=True)` and
`NMF(init="nndsvda", solver="mu", beta_loss="kullback-leibler")` (sklearn/decomposition/_nmf.py),
step for step and in the same order, so a fit gives scikit-learn's factors to the last bit;
tests/test_nmf.py compares the two. Written out because importing scikit-learn (which loads
scipy.stats) costs more than all the fits on a thread of a few thousand replies: here only
numpy, scipy.sparse and, for the start, scipy.linalg are needed.
"""

import numpy as np
from scipy import sparse

# The floor scikit-learn puts under a reconstructed value before dividing by it.
EPSILON = np.finfo(np.float32).eps


def tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Sublinear TF-IDF (1 + log count, smoothed idf), each row scaled to unit length; a new matrix."""
    vectors = counts.astype(np.float64, copy=True)
    np.log(vectors.data, vectors.data)
    vectors.data += 1.0
    replies = vectors.shape[0] + 1
    using = np.bincount(vectors.indices, minlength=vectors.shape[1]).astype(np.float64) + 1.0
    idf = np.full_like(using, fill_value=replies)
    idf /= using
    np.log(idf, out=idf)
    idf += 1.0
    vectors.data *= idf[vectors.indices]
    rows = np.repeat(np.arange(vectors.shape[0]), np.diff(vectors.indptr))
    lengths = np.sqrt(np.bincount(rows, weights=vectors.data * vectors.data, minlength=vectors.shape[0]))
    nonzero = lengths[rows] != 0.0  # bincount adds in order, as scikit-learn's row loop does
    vectors.data[nonzero] /= lengths[rows][nonzero]
    return vectors


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row of a dense matrix scaled to unit length (rows of zeros stay zero)."""
    lengths = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
    lengths[lengths < 10 * np.finfo(lengths.dtype).eps] = 1.0
    return matrix / lengths[:, None]


def fit(vectors: sparse.csr_matrix, k: int, seed: int, max_iter: int = 300, tol: float = 1e-3):
    """Reply loadings W (replies x k) and theme-term weights H (k x terms), from an NNDSVDA start.

    Stops when ten more updates lower the divergence by less than `tol` of the starting one, or
    after `max_iter` updates (which still ranks terms and replies well enough).
    """
    loadings, weights = _nndsvda(vectors, k, seed)
    return _multiplicative_updates(vectors, loadings, weights, max_iter, tol, update_weights=True)


def transform(vectors: sparse.csr_matrix, weights: np.ndarray, max_iter: int = 300, tol: float = 1e-3) -> np.ndarray:
    """Loadings of new replies on fitted themes `weights`, from an even start, as scikit-learn's NMF.transform."""
    k = weights.shape[0]
    loadings = np.full((vectors.shape[0], k), np.sqrt(vectors.mean() / k), dtype=vectors.dtype)
    return _multiplicative_updates(vectors, loadings, weights, max_iter, tol, update_weights=False)[0]


def _multiplicative_updates(vectors, loadings, weights, max_iter, tol, update_weights):
    """Lee and Seung's multiplicative updates for the KL divergence (scikit-learn's _fit_multiplicative_update).

    X / (W @ H) is needed only where X is non-zero: it lives in one sparse matrix of X's shape
    whose values are rewritten at each step.
    """
    vectors = _canonical(vectors)
    rows = np.repeat(np.arange(vectors.shape[0]), np.diff(vectors.indptr))
    ratio = vectors.copy()
    error_at_init = _divergence(vectors, rows, loadings, weights)
    previous_error = error_at_init
    weight_sums = None
    for iteration in range(1, max_iter + 1):
        _ratio(ratio, vectors, rows, loadings, weights)
        numerator = ratio @ weights.T
        if weight_sums is None:
            weight_sums = np.sum(weights, axis=1)
        denominator = weight_sums[np.newaxis, :]
        denominator[denominator == 0] = EPSILON
        numerator /= denominator
        loadings *= numerator
        if update_weights:
            _ratio(ratio, vectors, rows, loadings, weights)
            numerator = loadings.T @ ratio
            loading_sums = np.sum(loadings, axis=0)
            loading_sums[loading_sums == 0] = 1.0
            denominator = loading_sums[:, np.newaxis]
            denominator[denominator == 0] = EPSILON
            numerator /= denominator
            weights *= numerator
            weight_sums = None
            weights[weights < np.finfo(np.float64).eps] = 0.0
        if tol > 0 and iteration % 10 == 0:
            error = _divergence(vectors, rows, loadings, weights)
            if (previous_error - error) / error_at_init < tol:
                break
            previous_error = error
    return loadings, weights


def _canonical(vectors: sparse.csr_matrix) -> sparse.csr_matrix:
    """X with sorted column indices and no stored zeros: its stored values are then exactly its non-zeros."""
    if vectors.has_canonical_format and vectors.data.all():
        return vectors
    vectors = vectors.copy()
    vectors.eliminate_zeros()
    vectors.sum_duplicates()
    return vectors


# Floats gathered at once from W and from H when computing W @ H at X's cells (8 MB each).
PRODUCT_BATCH = 1 << 20


def _product_where(vectors, rows, loadings, weights) -> np.ndarray:
    """(W @ H) at X's stored cells only, in batches so memory follows X, not replies x terms."""
    values = np.empty(len(rows))
    columns = vectors.indices
    transposed = weights.T
    step = max(1, PRODUCT_BATCH // loadings.shape[1])
    for start in range(0, len(rows), step):
        batch = slice(start, start + step)
        values[batch] = np.multiply(loadings[rows[batch], :], transposed[columns[batch], :]).sum(axis=1)
    return values


def _ratio(ratio, vectors, rows, loadings, weights) -> None:
    """Write X / (W @ H) into the values of `ratio`, a copy of X."""
    product = _product_where(vectors, rows, loadings, weights)
    product[product < EPSILON] = EPSILON
    np.divide(vectors.data, product, out=ratio.data)


def _divergence(vectors, rows, loadings, weights) -> float:
    """sqrt(2 x the generalised KL divergence) of X from W @ H, as scikit-learn reports it."""
    product = _product_where(vectors, rows, loadings, weights)
    observed = vectors.data
    kept = observed > EPSILON
    product, observed = product[kept], observed[kept]
    product[product < EPSILON] = EPSILON
    result = np.dot(observed, np.log(observed / product))
    result += np.dot(np.sum(loadings, axis=0), np.sum(weights, axis=1)) - observed.sum()
    return np.sqrt(2 * max(result, 0))


def _nndsvda(vectors, k: int, seed: int):
    """Boutsidis and Gallopoulos' NNDSVD start, its zeros filled with the mean of X (scikit-learn's 'nndsvda')."""
    left, singular, right = _randomized_svd(vectors, k, seed)
    loadings, weights = np.zeros_like(left), np.zeros_like(right)
    loadings[:, 0] = np.sqrt(singular[0]) * np.abs(left[:, 0])
    weights[0, :] = np.sqrt(singular[0]) * np.abs(right[0, :])
    for j in range(1, k):
        x, y = left[:, j], right[j, :]
        x_p, y_p = np.maximum(x, 0), np.maximum(y, 0)
        x_n, y_n = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        x_p_nrm, y_p_nrm = np.sqrt(np.dot(x_p, x_p)), np.sqrt(np.dot(y_p, y_p))
        x_n_nrm, y_n_nrm = np.sqrt(np.dot(x_n, x_n)), np.sqrt(np.dot(y_n, y_n))
        m_p, m_n = x_p_nrm * y_p_nrm, x_n_nrm * y_n_nrm
        if m_p > m_n:
            u, v, sigma = x_p / x_p_nrm, y_p / y_p_nrm, m_p
        else:
            u, v, sigma = x_n / x_n_nrm, y_n / y_n_nrm, m_n
        scale = np.sqrt(singular[j] * sigma)
        loadings[:, j] = scale * u
        weights[j, :] = scale * v
    loadings[loadings < 1e-6] = 0
    weights[weights < 1e-6] = 0
    mean = vectors.mean()
    loadings[loadings == 0] = mean
    weights[weights == 0] = mean
    return loadings, weights


def _randomized_svd(matrix, k: int, seed: int, oversamples: int = 10):
    """The top `k` singular triplets by Halko, Martinsson and Tropp's randomised method (scikit-learn's randomized_svd)."""
    from scipy import linalg

    random_state = np.random.RandomState(seed)
    iterations = 7 if k < 0.1 * min(matrix.shape) else 4
    transpose = matrix.shape[0] < matrix.shape[1]
    if transpose:
        matrix = matrix.T
    basis = random_state.normal(size=(matrix.shape[1], k + oversamples))
    normalise = (lambda x: (x, None)) if iterations <= 2 else (lambda x: linalg.lu(x, permute_l=True, check_finite=False))
    for _ in range(iterations):
        basis, _ = normalise(matrix @ basis)
        basis, _ = normalise(matrix.T @ basis)
    basis, _ = linalg.qr(matrix @ basis, mode="economic", check_finite=False)
    small = basis.T @ matrix
    u_small, singular, vt = linalg.svd(small, full_matrices=False, lapack_driver="gesdd")
    u = basis @ u_small
    # signs made deterministic: the largest entry of each vector positive (of v when transposed)
    decider = vt if transpose else u.T
    signs = np.sign(decider[np.arange(decider.shape[0]), np.argmax(np.abs(decider), axis=1)])
    u *= signs[np.newaxis, :]
    vt *= signs[:, np.newaxis]
    if transpose:
        return vt[:k, :].T, singular[:k], u[:, :k].T
    return u[:, :k], singular[:k], vt[:k, :]
