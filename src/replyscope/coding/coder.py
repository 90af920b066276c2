"""Coding a thread with a review: reviewed labels win, the learned model codes the rest, rules fill gaps.

Every coded reply says where its coding came from (`coding_source`: rule, reviewer or
model), how sure the model was, the words that pushed it and the reviewed reply it most
resembles. The model's scores include the themes' descriptions as a prior, at the weight the
reviewed replies' out-of-fold scores choose (learned.prior_weight); the self-training's
pseudo-labels are read from the same mix. The reviewed replies are also coded out-of-fold
(each by a model that never saw it), which is what the accuracy figures are measured on.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..codebook import UNCATEGORISED, Codebook
from ..errors import ReplyscopeError
from . import learned
from .reviewed import Review

# Folds of the cross-validation that codes each reviewed reply with a model that never saw it.
FOLDS = 5


@dataclass
class ReviewedCoding:
    """The recoded thread and the reviewed replies beside their out-of-fold codings."""

    coded: pd.DataFrame            # the reply table with themes, primary_theme, evidence, coding_source ...
    reviewed: pd.DataFrame         # position, id, themes, primary, oof_themes, oof_primary, stratum, weight
    themes: list[str]              # theme keys in codebook order
    reviewer_labels: pd.DataFrame  # every (reply, reviewer) label, for agreement between reviewers
    learned_themes: list[str] = field(default_factory=list)   # themes the model could learn
    probabilities: np.ndarray | None = None   # replies x themes, from the model fitted on every reviewed reply
    latent: np.ndarray | None = None          # the replies' topic space (the next round is spread over it)
    warnings: list[str] = field(default_factory=list)


def code_with_review(coded: pd.DataFrame, review: Review, codebook: Codebook, seed: int = 0,
                     min_probability: float = 0.2) -> ReviewedCoding:
    """Return the thread recoded with the review: reviewer, then model, then rules.

    `coded` is the rule coding (code_replies); reviewed ids not in it are warned about
    and left out. A model reply whose best probability is under `min_probability` (or
    under the floor the review shows works better, when reviewers marked replies with
    no theme) stays uncategorised.
    """
    themes = [t.key for t in codebook.themes]
    labels, warnings = _known_labels(coded, review)
    consensus = _consensus(labels, themes)
    positions = coded.reset_index(drop=True).index[coded["id"].astype(str).isin(consensus.index)].to_numpy()
    ids = coded["id"].astype(str).to_numpy()
    consensus = consensus.loc[ids[positions]]
    truth = np.array([[key in keys for key in themes] for keys in consensus["themes"]], dtype=np.int8).reshape(-1, len(themes))
    weights = _design_weights(review, ids[positions])
    rules = np.array([[key in keys for key in themes] for keys in coded["themes"]], dtype=np.int8).reshape(-1, len(themes))
    features = learned.thread_features(coded["clean_text"].fillna("").astype(str).tolist(),
                                       rules if rules.any() else None, seed)
    prior = learned.description_prior(features, [f"{t.label}. {t.description}" for t in codebook.themes])
    prior_weight, pseudo_prior = 0.0, None
    if prior is not None:
        theme_column = {t: i for i, t in enumerate(themes)}
        primary_column = np.array([theme_column.get(p, -1) for p in consensus["primary"]], dtype=int)
        # Self-training reads its pseudo-labels from the model plus the prior, at the weight the reviewed
        # replies' out-of-fold scores of a model fitted on them alone choose.
        plain_scores = _out_of_fold(features.matrix, positions, truth, themes, seed, self_trained=False)
        first_weight = learned.prior_weight(plain_scores, prior[positions], primary_column)
        pseudo_prior = first_weight * prior if first_weight else None
    out_of_fold_scores = _out_of_fold(features.matrix, positions, truth, themes, seed, pseudo_prior)
    if prior is not None:
        prior_weight = learned.prior_weight(out_of_fold_scores, prior[positions], primary_column)
    if prior_weight:
        out_of_fold_scores = out_of_fold_scores + prior_weight * prior[positions]
    calibration = learned.fit_calibration(out_of_fold_scores, truth)
    out_of_fold = learned.calibrated(out_of_fold_scores, calibration)
    floor = _floor(out_of_fold, out_of_fold_scores, consensus["primary"].to_numpy(), themes, min_probability)
    coder = learned.fit_self_trained(features.matrix, positions, truth, themes, seed, pseudo_prior)
    coder.calibration = calibration
    scores = coder.scores(features.matrix)
    if prior_weight:
        scores = scores + prior_weight * prior
    probabilities = learned.calibrated(scores, calibration)
    model_themes, model_primary = decide(probabilities, rules, themes, floor, scores)
    oof_themes, oof_primary = decide(out_of_fold, rules[positions], themes, floor, out_of_fold_scores)
    result = _recoded(coded, positions, consensus, probabilities, model_themes, model_primary, themes, features,
                      coder, truth)
    reviewed = pd.DataFrame({
        "position": positions, "id": ids[positions], "themes": consensus["themes"].to_list(),
        "primary": consensus["primary"].to_numpy(), "oof_themes": oof_themes, "oof_primary": oof_primary,
        "stratum": _strata_of(review, ids[positions]), "weight": weights})
    learned_themes = [t for t, m in zip(themes, coder.models) if m is not None]
    return ReviewedCoding(coded=result, reviewed=reviewed, themes=themes, reviewer_labels=labels,
                          learned_themes=learned_themes, warnings=warnings, probabilities=probabilities,
                          latent=features.latent)


def rule_sources(coded: pd.DataFrame) -> pd.DataFrame:
    """The rule coding with its source said: 'rule', or 'reviewer' for replies a corrections file recoded."""
    corrected = coded["evidence"].fillna("").str.startswith("corrected by user").to_numpy(dtype=bool)
    return coded.assign(coding_source=pd.array(np.where(corrected, "reviewer", "rule"), dtype="string"))


def decide(probabilities: np.ndarray, rules: np.ndarray, themes: list[str], floor: float,
           scores: np.ndarray | None = None) -> tuple[list, np.ndarray]:
    """Themes and primary theme of each reply from the model's probabilities (NaN = theme not learned).

    A learned theme applies from probability 0.5; the primary theme is the one with the
    highest class-balanced score (`scores`, else probability), when its probability
    reaches `floor`. Themes the model could not learn keep the rule coding.
    """
    learned_mask = ~np.isnan(probabilities).all(axis=0) if len(probabilities) else np.zeros(len(themes), bool)
    filled = np.nan_to_num(probabilities, nan=-1.0)
    ranking = filled if scores is None else np.nan_to_num(scores, nan=-np.inf)
    best = ranking.argmax(axis=1) if len(themes) else np.zeros(len(filled), int)
    best_probability = filled[np.arange(len(filled)), best] if len(filled) else np.zeros(0)
    applies = (filled >= 0.5) | ((np.arange(len(themes)) == best[:, None]) & (best_probability >= floor)[:, None])
    applies |= rules.astype(bool) & ~learned_mask
    names = np.array(themes, dtype=object)
    theme_lists = [names[row].tolist() for row in applies]
    primary = np.where(best_probability >= floor, names[best] if len(themes) else UNCATEGORISED, UNCATEGORISED)
    for index in np.flatnonzero(primary == UNCATEGORISED):
        if theme_lists[index]:  # a rule theme the model does not know
            primary[index] = theme_lists[index][0]
    return theme_lists, primary.astype(object)


def _known_labels(coded: pd.DataFrame, review: Review) -> tuple[pd.DataFrame, list[str]]:
    """Review rows whose id is in the data; one warning per row that is not."""
    ids = set(coded["id"].dropna().astype(str))
    labels = review.labels
    unknown = ~labels["id"].astype(str).isin(ids)
    if len(labels) and unknown.all():
        first = labels.iloc[0]
        raise ReplyscopeError(f"{first['source']}: none of its {len(labels):,} reviewed ids is in the data "
                              f"(row {first['row']}: '{first['id']}'); is it a review of another file?")
    warnings = [f"{row.source} row {row.row}: no reply with id '{row.id}' in the data, so it was not applied"
                for row in labels[unknown].itertuples()]
    return labels[~unknown].reset_index(drop=True), warnings


def _consensus(labels: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """One row per reviewed id: the themes at least half its reviewers ticked, and their most common primary."""
    rows = {}
    for reply_id, group in labels.groupby("id", sort=False):
        votes = len(group)
        counts = pd.Series([k for keys in group["themes"] for k in keys], dtype=object).value_counts()
        chosen = [t for t in themes if counts.get(t, 0) * 2 >= votes]
        primaries = group["primary"].value_counts()
        primary = primaries.index[0] if len(primaries) else UNCATEGORISED
        if primary != UNCATEGORISED and primary not in chosen:
            chosen = [primary, *chosen]
        rows[reply_id] = {"themes": chosen, "primary": primary if chosen else UNCATEGORISED}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["themes", "primary"])


def _design_weights(review: Review, ids: np.ndarray) -> np.ndarray:
    """Each reviewed reply's design weight (1 where it was not chosen by a recorded sampling design)."""
    if review.design is None:
        return np.ones(len(ids))
    weights = review.design.set_index("id")["weight"]
    return pd.Series(ids).map(weights).fillna(1.0).to_numpy(dtype=float)


def _strata_of(review: Review, ids: np.ndarray) -> np.ndarray:
    if review.design is None:
        return np.full(len(ids), "reviewed", dtype=object)
    strata = review.design.set_index("id")["stratum"]
    return pd.Series(ids).map(strata).fillna("reviewed").to_numpy(dtype=object)


def _out_of_fold(matrix, positions: np.ndarray, truth: np.ndarray, themes: list[str], seed: int,
                 pseudo_prior: np.ndarray | None = None, self_trained: bool = True) -> np.ndarray:
    """Each reviewed reply's scores from a model fitted without its label (NaN where a fold could not learn a theme).

    `matrix` is the whole thread's, `positions` the reviewed rows: each fold's model is
    self-trained on the thread as the final coder is (with the same `pseudo_prior`), so it is
    measured as it codes; `self_trained=False` fits the folds on their reviewed replies alone.
    """
    from sklearn.model_selection import KFold

    result = np.full(truth.shape, np.nan)
    if len(truth) < 4:
        return result
    for train, test in KFold(n_splits=min(FOLDS, len(truth)), shuffle=True, random_state=seed).split(truth):
        if self_trained:
            coder = learned.fit_self_trained(matrix, positions[train], truth[train], themes, seed, pseudo_prior)
        else:
            coder = learned.fit_coder(matrix[positions[train]], truth[train], themes, seed)
        result[test] = coder.scores(matrix[positions[test]])
    return result


def _floor(out_of_fold: np.ndarray, scores: np.ndarray, truth_primary: np.ndarray, themes: list[str],
           default: float) -> float:
    """The probability under which a reply stays uncategorised: the one that codes the reviewed replies best.

    Reviewers who often tick "No theme applies" raise it; reviewers who always find a theme
    lower it. Among floors that code equally well, the middle one is kept (as far from the
    replies kept out as from those kept in); when no reviewed reply is "no theme", nothing
    argues for a floor above the lowest, which is kept. With fewer than 20 reviewed replies
    out-of-fold, `default` itself.
    """
    if not themes or np.isnan(out_of_fold).all(axis=1).sum() > len(out_of_fold) - 20:
        return default
    # Only the floor's own choice is scored: the best theme, or uncategorised under the floor.
    best = np.nan_to_num(scores, nan=-np.inf).argmax(axis=1)
    best_probability = np.nan_to_num(out_of_fold, nan=-1.0)[np.arange(len(best)), best]
    best_theme = np.array(themes, dtype=object)[best]
    floors = np.round(np.arange(0.0, 0.55, 0.05), 2)  # above 0.5 a floor changes nothing: a theme applies from 0.5
    hits = [int((np.where(best_probability >= floor, best_theme, UNCATEGORISED) == truth_primary).sum())
            for floor in floors]
    tied = [f for f, h in zip(floors, hits) if h == max(hits)]
    return float(tied[len(tied) // 2] if (truth_primary == UNCATEGORISED).any() else tied[0])


def _recoded(coded, positions, consensus, probabilities, model_themes, model_primary, themes, features, coder,
             truth) -> pd.DataFrame:
    """The reply table with the model's coding where it learned, the reviewers' where they looked."""
    result = coded.copy().reset_index(drop=True)
    count = len(result)
    source = np.full(count, "rule", dtype=object)
    modelled = ~np.isnan(probabilities).all(axis=1) if len(themes) else np.zeros(count, bool)
    model_rows = np.flatnonzero(modelled)
    theme_index = {t: i for i, t in enumerate(themes)}
    primary = np.array(result["primary_theme"].astype(object).tolist(), dtype=object)
    evidence = np.array(result["evidence"].fillna("").astype(object).tolist(), dtype=object)
    new_themes = result["themes"].tolist()
    confidence = np.full(count, np.nan)
    pushed = np.full(count, "", dtype=object)
    nearest = np.full(count, "", dtype=object)
    ids = result["id"].astype(str).to_numpy()
    is_reviewed = np.zeros(count, bool)
    is_reviewed[positions] = True
    explain_rows = model_rows[~is_reviewed[model_rows] & (model_primary[model_rows] != UNCATEGORISED)]
    explain_columns = np.array([theme_index.get(model_primary[r], -1) for r in explain_rows], dtype=int)
    words = learned.strongest_words(coder, features, explain_rows, explain_columns)
    for theme, column in theme_index.items():
        examples = positions[truth[:, column] == 1]
        rows = explain_rows[explain_columns == column]
        if len(rows) and len(examples):
            nearest[rows] = ids[examples[learned.nearest_examples(features, rows, examples)]]
    for row in model_rows:
        if is_reviewed[row]:
            continue
        source[row] = "model"
        new_themes[row] = model_themes[row]
        primary[row] = model_primary[row]
        confidence[row] = float(np.nanmax(probabilities[row]))
        if primary[row] == UNCATEGORISED:
            evidence[row] = f"model: no theme likely enough (best p={confidence[row]:.2f})"
    for row, text in zip(explain_rows.tolist(), words):
        pushed[row] = ", ".join(text)
        label = f"model p={confidence[row]:.2f}: {primary[row]}"
        evidence[row] = label + (f" ← {pushed[row]}" if text else "") + (
            f"; like reviewed reply {nearest[row]}" if nearest[row] else "")
    for row, (reply_id, record) in zip(positions.tolist(), consensus.iterrows()):
        source[row] = "reviewer"
        was = evidence[row] or "no match"
        new_themes[row] = list(record["themes"])
        primary[row] = record["primary"]
        evidence[row] = f"reviewed (coder said: {was})"
    result["themes"] = new_themes
    result["primary_theme"] = pd.array(primary, dtype="string")
    result["evidence"] = pd.array(evidence, dtype="string")
    result["coding_source"] = pd.array(source, dtype="string")
    result["coding_probability"] = pd.array(np.round(confidence, 3), dtype="Float64")
    result["pushed_by"] = pd.array(pushed, dtype="string")
    result["nearest_reviewed"] = pd.array(nearest, dtype="string")
    return result
