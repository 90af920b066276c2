"""The learned coder: reviewed replies teach a linear model that codes the rest of the thread.

Features are fitted on every reply of the thread, not only the reviewed ones, so words
the reviewers never saw still get weights through the words they travel with:
word 1-2-gram and character 2-5-gram TF-IDF, a latent-semantic (SVD) summary of both,
pretrained sentence vectors when the embedding is installed (embeddings.py), and one
column per theme saying whether the codebook's terms matched (the codebook is prior
knowledge the model may trust or not). One class-balanced logistic regression per theme
gives several themes per reply; its probabilities are calibrated on the reviewed replies'
out-of-fold scores. The unreviewed thread teaches too (self-training): the replies a
first model is surest of join the reviewed ones, at a lower weight, and the model is
fitted again; the first model is read with the description prior added (below), so
what the codebook says a theme is about guides which replies join it. The themes' labels and descriptions are prior knowledge too: each reply's
sentence vector is compared with its theme's description's, and that similarity is added to
the model's score at a weight the reviewed replies choose (out-of-fold, see prior_weight),
so a description that says what a theme is about helps and one that does not is ignored.
Everything is seeded: the same inputs code the same.
"""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

# A reply's rule match is worth this much of a TF-IDF row's (unit) length as a feature.
RULE_FEATURE_WEIGHT = 0.5
# Dimensions of the latent-semantic summary (fewer when the thread is small).
SVD_COMPONENTS = 150
# A longer thread's latent directions are found on this many of its replies, drawn at random (a seeded
# sample this size shows the thread's main directions; fitting on all 100,000 was the slowest step).
SVD_FIT_REPLIES = 30_000
# Weight of the latent summary beside the sparse n-grams.
SVD_WEIGHT = 3.0
# Inverse regularisation strength of the per-theme logistic regressions.
C_VALUE = 4.0
# Weight of the (unit-length) pretrained sentence vectors beside the sparse n-grams.
EMBEDDING_WEIGHT = 2.0
# Self-training: of the unreviewed replies a first model puts in each theme, the surest this share
# (by the margin of its best theme over the next) become examples of it, at this weight each,
# and never more than this many in all (what keeps a 100,000-reply thread quick).
PSEUDO_SHARE = 0.3
PSEUDO_WEIGHT = 0.3
MAX_PSEUDO_LABELS = 5000


@dataclass
class Features:
    """The thread's feature matrix and what explaining a coding needs."""

    blocks: list = field(repr=False)  # the matrix's sparse blocks, side by side, until it is first joined
    word_columns: int              # the first columns are word n-grams (readable evidence)
    word_names: np.ndarray         # names of those columns
    word_matrix: object            # word TF-IDF alone (nearest examples are found in it)
    latent: np.ndarray             # the unit-length SVD summary (replies are clustered in it)
    embedded: bool = False         # whether pretrained sentence vectors are among the features
    vectors: np.ndarray | None = None  # the replies' unit-length sentence vectors, when embedded

    @cached_property
    def matrix(self):
        """Scipy CSR, one row per reply: the blocks joined on first use (choosing round 1 never needs it)."""
        from scipy import sparse

        joined = sparse.hstack(self.blocks, format="csr")
        self.blocks = []  # held once, in the joined matrix
        return joined


def thread_features(texts: list[str], rule_matrix: np.ndarray | None = None, seed: int = 0,
                    with_sentence_vectors: bool = True) -> Features:
    """Return the feature matrix of every reply: word and character TF-IDF, SVD summary, rule matches.

    `rule_matrix` (replies x themes, 0/1) is the codebook's coding; None when it has no terms.
    `with_sentence_vectors=False` skips the pretrained vectors, for callers that only want the SVD summary.
    """
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    from . import embeddings

    texts = [_for_features(t) for t in texts]
    min_df = 2 if len(texts) >= 50 else 1
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, max_features=200_000,
                            token_pattern=r"(?u)\b\w[\w']*\b", dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=min_df,
                            max_features=300_000, dtype=np.float32)
    word_matrix = words.fit_transform(texts)
    char_matrix = chars.fit_transform(texts)
    blocks = [word_matrix, char_matrix]
    latent = np.zeros((len(texts), 0), dtype=np.float32)
    components = min(SVD_COMPONENTS, len(texts) - 1, word_matrix.shape[1] + char_matrix.shape[1] - 1)
    if components >= 2:
        joined = sparse.hstack([word_matrix, char_matrix], format="csr")
        svd = TruncatedSVD(n_components=components, random_state=seed, algorithm="randomized", n_iter=4)
        if len(texts) > SVD_FIT_REPLIES:
            sample = np.sort(np.random.default_rng(seed).choice(len(texts), SVD_FIT_REPLIES, replace=False))
            latent = svd.fit(joined[sample]).transform(joined)
        else:
            latent = svd.fit_transform(joined)
        norms = np.linalg.norm(latent, axis=1, keepdims=True)
        latent = np.divide(latent, norms, out=np.zeros_like(latent), where=norms > 0).astype(np.float32)
        blocks.append(sparse.csr_matrix(latent * SVD_WEIGHT))
    vectors = embeddings.sentence_vectors(texts) if texts and with_sentence_vectors else None
    if vectors is not None:
        blocks.append(sparse.csr_matrix(vectors * EMBEDDING_WEIGHT))
    if rule_matrix is not None and rule_matrix.size:
        blocks.append(sparse.csr_matrix(rule_matrix.astype(np.float32) * RULE_FEATURE_WEIGHT))
    return Features(blocks=blocks, word_columns=word_matrix.shape[1],
                    word_names=words.get_feature_names_out(), word_matrix=word_matrix, latent=latent, embedded=vectors is not None,
                    vectors=vectors)


def _for_features(text: str) -> str:
    """Links and @handles carry no theme of their own: they become placeholder words."""
    import re
    text = re.sub(r"https?://\S+", " httplink ", text or "")
    return re.sub(r"@\w+", " @user ", text).lower()


@dataclass
class LearnedCoder:
    """One fitted classifier per theme (None where a theme has too few reviewed examples)."""

    themes: list[str]
    models: list
    # per theme: (slope, intercept) turning a model's score into a calibrated probability, or None
    calibration: list = field(default_factory=list)

    def scores(self, matrix) -> np.ndarray:
        """Replies x themes decision scores; NaN for themes without a model.

        One pass over the matrix for every theme at once (a 100,000-reply thread's matrix
        is read once, not once per theme); the same sums as each model's decision_function.
        """
        result = np.full((matrix.shape[0], len(self.themes)), np.nan)
        fitted = [column for column, model in enumerate(self.models) if model is not None]
        if fitted:
            coefficients = np.column_stack([self.models[c].coef_.ravel() for c in fitted])
            intercepts = np.array([self.models[c].intercept_[0] for c in fitted])
            result[:, fitted] = np.asarray(matrix @ coefficients) + intercepts
        return result

    def probabilities(self, matrix) -> np.ndarray:
        """Replies x themes probabilities (calibrated where the review allowed); NaN for themes without a model."""
        return calibrated(self.scores(matrix), self.calibration)


def fit_coder(features, labels: np.ndarray, themes: list[str], seed: int = 0,
              weights: np.ndarray | None = None) -> LearnedCoder:
    """Fit the per-theme classifiers on reviewed replies.

    `features` are the reviewed replies' rows, `labels` their replies x themes 0/1 matrix.
    A theme needs two reviewed replies with it and two without to be learned. The
    regression is class-balanced so a rare theme is not drowned by the others.
    """
    from sklearn.linear_model import LogisticRegression

    labels = np.asarray(labels, dtype=np.int8)
    weights = np.ones(labels.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    models = []
    for column in range(len(themes)):
        target = labels[:, column]
        if target.sum() < 2 or (1 - target).sum() < 2:
            models.append(None)
            continue
        # The dual solver is the fast one when replies are far fewer than features.
        model = LogisticRegression(C=C_VALUE, class_weight="balanced", solver="liblinear", dual=True,
                                   random_state=seed, max_iter=1000)
        models.append(model.fit(features, target, sample_weight=weights))
    return LearnedCoder(themes=list(themes), models=models, calibration=[None] * len(themes))


def fit_self_trained(matrix, rows: np.ndarray, labels: np.ndarray, themes: list[str], seed: int = 0,
                     prior: np.ndarray | None = None) -> LearnedCoder:
    """Fit on the reviewed replies (`rows` of the whole thread's `matrix`), then again with the surest of the rest.

    The first model's primary theme for each unreviewed reply is its pseudo-label; per
    theme the PSEUDO_SHARE of those with the widest margin over the next theme are kept
    (at most MAX_PSEUDO_LABELS in all, shared by theme size) and weigh PSEUDO_WEIGHT
    against a reviewed reply's 1. `prior` (replies x themes, already weighted) is added to
    the first model's scores before they are read, so the pseudo-labels come from the same
    mix the coder decides with. Without two learned themes it stays the first model.
    """
    from scipy import sparse

    first = fit_coder(matrix[rows], labels, themes, seed)
    learned_columns = [c for c, model in enumerate(first.models) if model is not None]
    if len(learned_columns) < 2:
        return first
    unreviewed = np.setdiff1d(np.arange(matrix.shape[0]), rows)
    if not len(unreviewed):
        return first
    scores = first.scores(matrix)
    if prior is not None:
        scores += prior
    scores = scores[unreviewed][:, learned_columns]
    best = scores.argmax(axis=1)
    ordered = np.sort(scores, axis=1)
    margin = ordered[:, -1] - ordered[:, -2]
    cap = MAX_PSEUDO_LABELS / len(unreviewed)
    picked = []
    for index in range(len(learned_columns)):
        members = np.flatnonzero(best == index)
        take = int(len(members) * min(PSEUDO_SHARE, cap))
        picked.append(members[np.lexsort((members, -margin[members]))[:take]])
    picked = np.concatenate(picked)
    if not len(picked):
        return first
    pseudo = np.zeros((len(picked), len(themes)), dtype=np.int8)
    pseudo[np.arange(len(picked)), np.asarray(learned_columns)[best[picked]]] = 1
    weights = np.concatenate([np.ones(len(rows)), np.full(len(picked), PSEUDO_WEIGHT)])
    return fit_coder(sparse.vstack([matrix[rows], matrix[unreviewed[picked]]], format="csr"),
                     np.vstack([np.asarray(labels, dtype=np.int8), pseudo]), themes, seed, weights)


def fit_calibration(scores: np.ndarray, labels: np.ndarray) -> list:
    """Per theme, a sigmoid (Platt) fitted to out-of-fold scores: the probability a score really means.

    The class-balanced model's own probabilities overstate rare themes; scores of replies
    the model never saw, against what reviewers said, correct that. None where a theme
    has no scores or only one kind of answer.
    """
    from sklearn.linear_model import LogisticRegression

    result = []
    for column in range(labels.shape[1]):
        known = ~np.isnan(scores[:, column])
        target = labels[known, column]
        if known.sum() < 4 or target.min() == target.max():
            result.append(None)
            continue
        platt = LogisticRegression(C=1.0).fit(scores[known, column].reshape(-1, 1), target)
        result.append((float(platt.coef_[0, 0]), float(platt.intercept_[0])))
    return result


def calibrated(scores: np.ndarray, calibration: list) -> np.ndarray:
    """Probabilities from scores: a theme's sigmoid where fitted, else the plain logistic of the score."""
    result = np.empty_like(scores)
    for column in range(scores.shape[1]):
        slope, intercept = (calibration[column] if column < len(calibration) and calibration[column] else (1.0, 0.0))
        result[:, column] = 1 / (1 + np.exp(-(slope * scores[:, column] + intercept)))
    return result


def description_prior(features: Features, descriptions: list[str]) -> np.ndarray | None:
    """Replies x themes: how near each reply's sentence vector is to its theme's label and description.

    Cosine similarity, standardised per theme over the thread (a description worded in
    common words would otherwise sit near every reply). None without sentence vectors.
    """
    from . import embeddings

    if features.vectors is None or not descriptions:
        return None
    anchors = embeddings.sentence_vectors([_for_features(text) for text in descriptions])
    if anchors is None:
        return None
    similarity = features.vectors @ anchors.T
    spread = similarity.std(axis=0)
    return np.divide(similarity - similarity.mean(axis=0), spread, out=np.zeros_like(similarity),
                     where=spread > 0)


def prior_weight(scores: np.ndarray, prior: np.ndarray, primary: np.ndarray) -> float:
    """How much of the description prior to add to the model's scores, learned from the reviewed replies.

    `scores` are their out-of-fold scores (replies x themes, NaN where a theme was not
    learned), `prior` their description_prior rows, `primary` the column of the theme
    reviewers made primary (-1 for none). Stacking: the mix a*score + b*prior whose softmax
    best predicts the reviewers' primary themes (log-likelihood); the weight is b/a, 0 when
    the prior does not help or fewer than 20 replies and two learned themes can tell.
    """
    from scipy.optimize import minimize
    from scipy.special import log_softmax

    columns = np.flatnonzero(np.isfinite(scores).any(axis=0))
    if len(columns) < 2:
        return 0.0
    position = np.full(scores.shape[1], -1)
    position[columns] = np.arange(len(columns))
    target = np.where(primary >= 0, position[np.clip(primary, 0, None)], -1)
    rows = np.flatnonzero((target >= 0) & np.isfinite(scores[:, columns]).all(axis=1))
    if len(rows) < 20:
        return 0.0
    score, near, target = scores[np.ix_(rows, columns)], prior[np.ix_(rows, columns)], target[rows]

    def loss(mix):
        return -log_softmax(mix[0] * score + mix[1] * near, axis=1)[np.arange(len(rows)), target].mean()

    mix = minimize(loss, np.array([1.0, 0.0]), method="L-BFGS-B", bounds=[(1e-3, None), (0.0, None)]).x
    return float(mix[1] / mix[0])


def strongest_words(coder: LearnedCoder, features: Features, rows: np.ndarray, columns: np.ndarray,
                    top: int = 3) -> list[list[str]]:
    """For each (row, theme column): the words in that reply that pushed most towards the theme."""
    word_matrix = features.matrix[:, :features.word_columns].tocsr()
    result = []
    coefficients = {c: (m.coef_.ravel()[:features.word_columns] if m is not None else None)
                    for c, m in enumerate(coder.models)}
    for row, column in zip(rows.tolist(), columns.tolist()):
        weights = coefficients.get(column)
        if weights is None:
            result.append([])
            continue
        start, end = word_matrix.indptr[row], word_matrix.indptr[row + 1]
        indices = word_matrix.indices[start:end]
        push = word_matrix.data[start:end] * weights[indices]
        order = np.argsort(-push, kind="stable")[:top]
        result.append([str(features.word_names[indices[i]]) for i in order if push[i] > 0])
    return result


def nearest_examples(features: Features, rows: np.ndarray, examples: np.ndarray) -> np.ndarray:
    """For each row, the position (in `examples`) of the most similar reviewed reply by word TF-IDF cosine."""
    if not len(examples) or not len(rows):
        return np.full(len(rows), -1)
    similarity = features.word_matrix[rows] @ features.word_matrix[examples].T
    return np.asarray(similarity.argmax(axis=1)).ravel()
