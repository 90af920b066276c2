"""Choosing a review round: which replies a person should code, and the design that chose them.

Round 1 needs only the codebook: it is stratified by the codebook's suggested theme (by its
terms, else by the theme description a reply is nearest), takes the most-liked replies for
certain and samples the rule coder's least sure replies more densely (see selection.py).
A later round needs the reviews so far: the learned coder is fitted on them and the
replies it is least sure of, spread over topics, are chosen.
"""

import numpy as np
import pandas as pd

from ..codebook import UNCATEGORISED, Codebook
from ..errors import ReplyscopeError
from . import learned, selection
from .reviewed import Review

# Suffix of a round-1 stratum whose theme was suggested by the theme's description, not its terms.
BY_DESCRIPTION = "(by description)"
SAMPLE_COLUMNS = ["id", "text", "author", "likes", "suggested_themes", "primary", "evidence", "stratum",
                  "stratum_size", "stratum_sample", "inclusion_probability", "weight", "round", "seed"]


def choose_for_review(coded: pd.DataFrame, codebook: Codebook, size: int = 200, round_number: int = 1,
                      reviewed: Review | None = None, seed: int = 0) -> pd.DataFrame:
    """Return the replies to review, one row each, with the coder's suggestion and the sampling design.

    `coded` is the rule coding of the whole thread (analyses.themes.code_replies). For
    `round_number` 2 or more, `reviewed` holds the reviews so far; already reviewed
    replies are never chosen again.
    """
    if size < 1:
        raise ReplyscopeError("--size must be at least 1 reply.")
    coded = coded.reset_index(drop=True)
    if round_number > 1:
        if reviewed is None or not len(reviewed):
            raise ReplyscopeError(f"round {round_number} chooses what the coder has not learned yet, so it needs the "
                                  "reviews so far: add --reviewed with the filled workbook of the earlier round.")
        from .coder import code_with_review

        recoding = code_with_review(coded, reviewed, codebook, seed=seed)
        already = coded["id"].astype(str).isin(set(recoding.reviewed["id"])).to_numpy()
        design = selection.design_round_two(recoding.probabilities, already, recoding.latent, size, seed, round_number)
        suggestions = recoding.coded
    else:
        texts = coded["clean_text"].fillna("").astype(str).tolist()
        features = learned.thread_features(texts, None, seed)
        suggested, uncertainty = round_one_strata(coded, codebook, features)
        design = selection.design_round_one(suggested, coded["likes"], uncertainty, features.latent, size, seed)
        suggestions = coded
    chosen = suggestions.iloc[design["position"].to_numpy()].reset_index(drop=True)
    sample = pd.DataFrame({
        "id": chosen["id"].astype(str), "text": chosen["text"], "author": chosen["author"], "likes": chosen["likes"],
        "suggested_themes": chosen["themes"].map(lambda keys: "; ".join(keys)),
        "primary": chosen["primary_theme"].astype(object), "evidence": chosen["evidence"].fillna("")})
    for column in ("stratum", "stratum_size", "stratum_sample", "inclusion_probability", "weight", "round"):
        sample[column] = design[column].to_numpy()
    sample["seed"] = seed
    return sample[SAMPLE_COLUMNS]


def round_one_strata(coded: pd.DataFrame, codebook: Codebook, features: learned.Features) -> tuple[list, np.ndarray]:
    """Each reply's stratum theme and how unsure the coder is of it (higher = less sure; NaN = cannot say), for round 1.

    The codebook's terms come first. A reply they leave uncategorised is suggested the theme
    whose label and description its sentence vector is nearest (learned.description_prior),
    in a stratum named "<theme> (by description)". So a codebook of labels and descriptions
    alone still gives each theme's likely replies their own share of the round. How far a
    description leads the next is no guide to what teaches the coder (sampling its closest
    calls densely chose worse replies), so those strata are not split by sureness. Without
    sentence vectors the replies stay uncategorised, one stratum.
    """
    suggested = coded["primary_theme"].astype(object).to_numpy().copy()
    uncertainty = rule_uncertainty(coded)
    prior = learned.description_prior(features, [f"{t.label}. {t.description}" for t in codebook.themes])
    unmatched = np.flatnonzero(suggested == UNCATEGORISED)
    if prior is None or prior.shape[1] < 2 or not len(unmatched):
        return suggested.tolist(), uncertainty
    keys = np.array([t.key for t in codebook.themes], dtype=object)
    suggested[unmatched] = [f"{key} {BY_DESCRIPTION}" for key in keys[prior[unmatched].argmax(axis=1)]]
    uncertainty[unmatched] = np.nan
    return suggested.tolist(), uncertainty


def rule_uncertainty(coded: pd.DataFrame) -> np.ndarray:
    """How unsure the codebook's coding is: several themes compete (2), one theme on one term (1), else 0."""
    theme_counts = coded["themes"].map(len).to_numpy()
    terms = coded["evidence"].fillna("").astype(str).map(lambda text: text.count("'") // 2).to_numpy()
    return np.where(theme_counts > 1, 2, np.where((theme_counts == 1) & (terms <= 1), 1, 0)).astype(float)


def review(table: pd.DataFrame, codebook: Codebook | str | None = None, size: int = 200, round_number: int = 1,
           reviewed: Review | None = None, seed: int = 42, keep_reposts: bool = False) -> pd.DataFrame:
    """Return the replies of a reply table to review next (see `choose_for_review`), reposts left out."""
    from ..analyses.themes import code_replies
    from ..codebook import load_codebook
    from ..text import tokenise_replies

    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    replies = table if keep_reposts else table[~table["is_repost"].fillna(False).astype(bool)].reset_index(drop=True)
    tokens = tokenise_replies(replies["clean_text"].fillna("").astype(object).tolist())
    coded = code_replies(replies, tokens, codebook)
    return choose_for_review(coded, codebook, size, round_number, reviewed, seed)
