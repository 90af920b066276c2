"""Agreement statistics, written out so each can be checked by hand.

Precision, recall and F1 of a coder against reviewers; Cohen's kappa between two
codings of the same replies; Krippendorff's alpha (nominal) for any number of coders
with gaps. Every function takes plain arrays and returns plain numbers (NaN when a
figure is undefined, e.g. kappa of two codings that never vary).
"""

import numpy as np


def precision_recall_f1(truth: np.ndarray, coded: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float, float]:
    """Precision, recall and F1 of 0/1 codings against 0/1 truth (optionally weighted)."""
    truth, coded = np.asarray(truth, dtype=bool), np.asarray(coded, dtype=bool)
    weights = np.ones(len(truth)) if weights is None else np.asarray(weights, dtype=float)
    true_positive = weights[truth & coded].sum()
    coded_positive, truly_positive = weights[coded].sum(), weights[truth].sum()
    precision = true_positive / coded_positive if coded_positive else np.nan
    recall = true_positive / truly_positive if truly_positive else np.nan
    if not coded_positive and not truly_positive:
        return np.nan, np.nan, np.nan
    f1 = 2 * true_positive / (coded_positive + truly_positive)
    return float(precision), float(recall), float(f1)


def cohen_kappa(first, second) -> float:
    """Cohen's kappa between two codings of the same items (any labels): (observed - chance) / (1 - chance)."""
    first, second = np.asarray(first, dtype=object), np.asarray(second, dtype=object)
    if not len(first):
        return np.nan
    categories = sorted(set(first.tolist()) | set(second.tolist()), key=str)
    observed = float(np.mean(first == second))
    chance = sum(float(np.mean(first == c)) * float(np.mean(second == c)) for c in categories)
    return (observed - chance) / (1 - chance) if chance < 1 else np.nan


def krippendorff_alpha(codings: np.ndarray) -> float:
    """Krippendorff's alpha for nominal data: coders x items, None/NaN where a coder gave no value.

    alpha = 1 - D_observed / D_expected, from the coincidence matrix of the pairable
    values (items with at least two values).
    """
    table = np.asarray(codings, dtype=object)
    values: list = []
    units = []
    for item in table.T:
        present = [v for v in item.tolist() if v is not None and not (isinstance(v, float) and np.isnan(v))]
        if len(present) >= 2:
            units.append(present)
            values.extend(present)
    if not units:
        return np.nan
    categories = sorted(set(values), key=str)
    index = {c: i for i, c in enumerate(categories)}
    coincidence = np.zeros((len(categories), len(categories)))
    for present in units:
        m = len(present)
        for a in range(m):
            for b in range(m):
                if a != b:
                    coincidence[index[present[a]], index[present[b]]] += 1 / (m - 1)
    totals = coincidence.sum(axis=1)
    n = totals.sum()
    observed_disagreement = coincidence.sum() - np.trace(coincidence)
    expected_disagreement = (n * n - (totals ** 2).sum()) / (n - 1)
    if expected_disagreement == 0:
        return np.nan
    return float(1 - observed_disagreement / expected_disagreement)
