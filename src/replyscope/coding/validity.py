"""How well the thread is coded, measured on the review, and what that does to the headline numbers.

Accuracy is measured on the reviewed replies coded out-of-fold (never by a model that
learned from them): per-theme precision, recall, F1 and kappa, macro-F1, and kappa
between coder and reviewers on the primary theme. Headline numbers (theme shares of
replies and of likes, the likes ratio of the top two themes) are corrected for the
measured error: an unreviewed reply coded c counts towards theme t by the design-weighted
share of reviewed replies coded c that reviewers put in t; reviewed replies count as
reviewed. The 95% intervals come from bootstrapping the reviewed replies within their
sampling strata.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..codebook import UNCATEGORISED, Codebook
from .agreement import cohen_kappa, krippendorff_alpha, precision_recall_f1
from .coder import ReviewedCoding

BOOTSTRAP_SAMPLES = 400


@dataclass
class Validity:
    """Accuracy of the coding and the headline numbers with intervals; `measured` is False without a review."""

    measured: bool
    reviewed: int = 0
    macro_f1: float = np.nan
    kappa: float = np.nan                       # coder vs reviewers, primary theme
    per_theme: pd.DataFrame = field(default_factory=pd.DataFrame)
    reviewers: pd.DataFrame = field(default_factory=pd.DataFrame)   # agreement between reviewers per theme
    estimates: pd.DataFrame = field(default_factory=pd.DataFrame)   # shares with 95% intervals
    ratio: dict = field(default_factory=dict)   # top two themes' likes ratio with interval and sensitivity
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # review rows not applied, one sentence each

    def table(self) -> pd.DataFrame:
        """Every figure as one long table (measure, subset, theme, value, low, high): the `validity` output."""
        if not self.measured:
            rows = [{"measure": "accuracy", "note": "unmeasured: no reviewed replies; run 'replyscope review'"}]
            return self._with_ratio(rows)
        rows = [{"measure": "reviewed replies", "value": self.reviewed},
                {"measure": "macro-F1 (cross-validated)", "value": self.macro_f1},
                {"measure": "kappa coder vs reviewers (primary theme)", "value": self.kappa}]
        for record in self.per_theme.to_dict("records"):
            for measure in ("precision", "recall", "f1", "kappa"):
                rows.append({"measure": measure, "theme": record["theme"], "value": record[measure]})
        for record in self.reviewers.to_dict("records"):
            rows.append({"measure": record["statistic"] + " between reviewers", "theme": record["theme"],
                         "value": record["value"], "note": f"{record['replies']} replies, {record['reviewers']} reviewers"})
        for record in self.estimates.to_dict("records"):
            for what in ("share_of_replies", "share_of_likes"):
                rows.append({"measure": what.replace("_", " "), "subset": record["subset"], "theme": record["theme"],
                             "value": record[f"{what}_estimated"], "low": record[f"{what}_low"],
                             "high": record[f"{what}_high"], "note": f"coded: {record[what + '_coded']:.4f}"})
        return self._with_ratio(rows)

    def _with_ratio(self, rows: list[dict]) -> pd.DataFrame:
        if self.ratio:
            rows.append({"measure": "likes ratio of top two themes", "subset": self.ratio["subset"],
                         "theme": f"{self.ratio['first']} / {self.ratio['second']}", "value": self.ratio["estimated"],
                         "low": self.ratio["low"], "high": self.ratio["high"],
                         "note": f"coded: {self.ratio['coded']:.2f}; without its most-liked reply: "
                                 f"{self.ratio['without_top_reply']:.2f}"})
        table = pd.DataFrame(rows, columns=["measure", "subset", "theme", "value", "low", "high", "note"])
        return table.fillna({"subset": "", "theme": "", "note": ""})


def unmeasured() -> Validity:
    return Validity(measured=False, notes=["Accuracy is unmeasured: no replies were reviewed."])


def unmeasured_with_ratio(coded: pd.DataFrame, codebook: Codebook, min_likes: int) -> Validity:
    """No review: accuracy unmeasured, but the likes ratio's sensitivity to its most-liked reply is still shown."""
    validity = unmeasured()
    categories = [*[t.key for t in codebook.themes], UNCATEGORISED]
    primary = _codes(np.array(coded["primary_theme"].astype(object).tolist(), dtype=object), categories)
    likes = pd.to_numeric(coded["likes"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    for subset, members in (((f"more than {min_likes} likes"), np.nan_to_num(likes, nan=0) > min_likes),
                            ("all replies", np.ones(len(coded), bool))):
        liked = np.where(members, np.nan_to_num(likes, nan=0), 0.0)
        totals = np.bincount(primary, weights=liked, minlength=len(categories))
        if totals[:-1].sum() > 0:
            validity.ratio = _ratio(subset, categories, totals, totals, np.zeros((0, len(categories))), liked, primary)
            if validity.ratio:
                validity.ratio.update(estimated=validity.ratio["coded"], low=np.nan, high=np.nan)
            break
    return validity


def measure_validity(result: ReviewedCoding, codebook: Codebook, min_likes: int, seed: int = 0,
                     samples: int = BOOTSTRAP_SAMPLES) -> Validity:
    """Accuracy on the review and corrected headline shares, both with what they rest on."""
    reviewed = result.reviewed
    if not len(reviewed):
        return unmeasured()
    themes = result.themes
    per_theme = []
    for theme in themes:
        truth = np.array([theme in keys for keys in reviewed["themes"]])
        coded = np.array([theme in keys for keys in reviewed["oof_themes"]])
        precision, recall, f1 = precision_recall_f1(truth, coded)
        per_theme.append({"theme": theme, "reviewed_with": int(truth.sum()), "coded_with": int(coded.sum()),
                          "precision": precision, "recall": recall, "f1": f1,
                          "kappa": cohen_kappa(truth, coded) if len(set(truth) | set(coded)) > 1 else np.nan})
    per_theme = pd.DataFrame(per_theme)
    scored = per_theme[(per_theme["reviewed_with"] > 0) | (per_theme["coded_with"] > 0)]
    coded = result.coded
    estimates, ratio = headline_estimates(coded, reviewed, themes, min_likes, seed, samples)
    notes = [f"Accuracy measured on {len(reviewed):,} reviewed replies, each coded by a model that had not seen it "
             f"({', '.join(result.learned_themes) or 'no theme'} learned from the review)."]
    if reviewed["weight"].eq(1).all() and reviewed["stratum"].eq("reviewed").all():
        notes.append("The reviewed replies carry no sampling design, so the intervals treat them as a simple random sample.")
    return Validity(measured=True, reviewed=len(reviewed), macro_f1=float(scored["f1"].fillna(0).mean()) if len(scored) else np.nan,
                    kappa=cohen_kappa(reviewed["primary"].to_numpy(), reviewed["oof_primary"].to_numpy()),
                    per_theme=per_theme, reviewers=reviewer_agreement(result.reviewer_labels, themes),
                    estimates=estimates, ratio=ratio, notes=notes)


def corrected_totals(coded_primary: np.ndarray, values: np.ndarray, reviewed_positions: np.ndarray,
                     truth: np.ndarray, out_of_fold: np.ndarray, weights: np.ndarray, categories: list[str],
                     sample: np.ndarray | None = None) -> np.ndarray:
    """Estimated total of `values` per true category, correcting the coding by the reviewed confusion.

    Reviewed replies count in their reviewed category. An unreviewed reply coded c counts in
    category t by the weighted share of reviewed replies coded c (out-of-fold) that reviewers
    put in t; a code no reviewed reply got is taken as right. `sample` (indices into the
    reviewed replies, repeats allowed) is the bootstrap draw the shares are estimated from.
    """
    sample = np.arange(len(truth)) if sample is None else sample
    size = len(categories)
    coded_codes, truth_codes, oof_codes = (_codes(v, categories) for v in (coded_primary, truth, out_of_fold))
    confusion = np.zeros((size, size))
    np.add.at(confusion, (oof_codes[sample], truth_codes[sample]), weights[sample])
    rows = confusion.sum(axis=1, keepdims=True)
    share = np.where(rows > 0, confusion / np.where(rows > 0, rows, 1), np.eye(size))
    is_reviewed = np.zeros(len(coded_primary), bool)
    is_reviewed[reviewed_positions] = True
    unreviewed_by_code = np.bincount(coded_codes[~is_reviewed], weights=values[~is_reviewed], minlength=size)
    known = np.bincount(truth_codes, weights=values[reviewed_positions], minlength=size)
    return known + unreviewed_by_code @ share


def _codes(values, categories: list[str]) -> np.ndarray:
    """Category positions of `values` (ints pass through, so a caller can convert once)."""
    values = np.asarray(values)
    if values.dtype.kind in "iu":
        return values
    codes = pd.Categorical(values, categories=categories).codes
    if (codes < 0).any():
        raise ValueError(f"unknown category {values[codes < 0][0]!r}")
    return codes.astype(np.int64)


def headline_estimates(coded: pd.DataFrame, reviewed: pd.DataFrame, themes: list[str], min_likes: int, seed: int,
                       samples: int) -> tuple[pd.DataFrame, dict]:
    """Theme shares of replies and likes (most-liked subset and all replies) with bootstrap 95% intervals."""
    categories = [*themes, UNCATEGORISED]
    primary = _codes(np.array(coded["primary_theme"].astype(object).tolist(), dtype=object), categories)
    likes = pd.to_numeric(coded["likes"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    subsets = {f"more than {min_likes} likes": np.nan_to_num(likes, nan=0) > min_likes,
               "all replies": np.ones(len(coded), bool)}
    rng = np.random.default_rng(seed)
    positions = reviewed["position"].to_numpy()
    truth, oof = (_codes(reviewed[c].to_numpy(dtype=object), categories) for c in ("primary", "oof_primary"))
    weights = reviewed["weight"].to_numpy(dtype=float)
    draws = [_stratified_draw(reviewed["stratum"].to_numpy(), rng) for _ in range(samples)]
    rows, ratio = [], {}
    for subset, members in subsets.items():
        liked = np.where(members, np.nan_to_num(likes, nan=0), 0.0)
        counted = members.astype(float)

        def totals(sample=None):
            return (corrected_totals(primary, counted, positions, truth, oof, weights, categories, sample),
                    corrected_totals(primary, liked, positions, truth, oof, weights, categories, sample))

        point_counts, point_likes = totals()
        boot = [totals(sample) for sample in draws]
        boot_counts = np.array([b[0] for b in boot]).reshape(-1, len(categories))
        boot_likes = np.array([b[1] for b in boot]).reshape(-1, len(categories))
        coded_counts = np.bincount(primary, weights=counted, minlength=len(categories))
        coded_likes = np.bincount(primary, weights=liked, minlength=len(categories))
        for i, category in enumerate(categories):
            rows.append({"subset": subset, "theme": category,
                         "share_of_replies_coded": _share(coded_counts, i), "share_of_replies_estimated": _share(point_counts, i),
                         "share_of_replies_low": _quantile(boot_counts, i, 2.5), "share_of_replies_high": _quantile(boot_counts, i, 97.5),
                         "share_of_likes_coded": _share(coded_likes, i), "share_of_likes_estimated": _share(point_likes, i),
                         "share_of_likes_low": _quantile(boot_likes, i, 2.5), "share_of_likes_high": _quantile(boot_likes, i, 97.5)})
        if not ratio and coded_likes[:-1].sum() > 0:
            ratio = _ratio(subset, categories, coded_likes, point_likes, boot_likes, liked, primary)
    return pd.DataFrame(rows), ratio


def _ratio(subset, categories, coded_likes, point_likes, boot_likes, liked, primary) -> dict:
    """Likes of the top theme over the second (uncategorised left out), with interval and without its top reply."""
    order = np.argsort(-coded_likes[:-1], kind="stable")
    first, second = order[0], order[1] if len(order) > 1 else None
    if second is None or coded_likes[second] <= 0:
        return {}
    top_reply = liked[primary == first].max()
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = boot_likes[:, first] / boot_likes[:, second]
    boot = boot[np.isfinite(boot)]
    return {"subset": subset, "first": categories[first], "second": categories[second],
            "coded": coded_likes[first] / coded_likes[second],
            "estimated": point_likes[first] / point_likes[second] if point_likes[second] > 0 else np.nan,
            "low": float(np.percentile(boot, 2.5)) if len(boot) else np.nan,
            "high": float(np.percentile(boot, 97.5)) if len(boot) else np.nan,
            "without_top_reply": (coded_likes[first] - top_reply) / coded_likes[second]}


def _stratified_draw(strata: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices of a bootstrap sample drawn with replacement within each stratum."""
    parts = []
    for stratum in sorted(set(strata.tolist())):
        members = np.flatnonzero(strata == stratum)
        parts.append(rng.choice(members, size=len(members), replace=True))
    return np.concatenate(parts) if parts else np.array([], dtype=int)


def _share(totals: np.ndarray, index: int) -> float:
    whole = totals.sum()
    return float(totals[index] / whole) if whole > 0 else np.nan


def _quantile(boot: np.ndarray, index: int, percent: float) -> float:
    whole = boot.sum(axis=1)
    shares = np.divide(boot[:, index], whole, out=np.full(len(boot), np.nan), where=whole > 0)
    shares = shares[np.isfinite(shares)]
    return float(np.percentile(shares, percent)) if len(shares) else np.nan


def reviewer_agreement(labels: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """Per theme, agreement between reviewers on the replies several of them coded.

    Two reviewers: Cohen's kappa on the replies both coded; more: Krippendorff's alpha
    (nominal), which allows gaps.
    """
    if not len(labels):
        return pd.DataFrame(columns=["theme", "statistic", "value", "replies", "reviewers"])
    labels = labels.assign(reviewer=labels["reviewer"].replace("", "(unnamed)"))
    shared = labels.groupby("id")["reviewer"].transform("nunique") > 1
    labels = labels[shared]
    reviewers = sorted(labels["reviewer"].unique())
    if len(reviewers) < 2:
        return pd.DataFrame(columns=["theme", "statistic", "value", "replies", "reviewers"])
    ids = sorted(labels["id"].unique())
    rows = []
    for theme in [*themes, "primary theme"]:
        grid = pd.DataFrame(index=reviewers, columns=ids, dtype=object)
        for record in labels.itertuples():
            grid.loc[record.reviewer, record.id] = record.primary if theme == "primary theme" else (theme in record.themes)
        if len(reviewers) == 2:
            both = grid.notna().all(axis=0)
            first, second = grid.loc[reviewers[0], both].to_numpy(), grid.loc[reviewers[1], both].to_numpy()
            rows.append({"theme": theme, "statistic": "Cohen's kappa", "value": cohen_kappa(first, second),
                         "replies": int(both.sum()), "reviewers": 2})
        else:
            values = grid.where(grid.notna(), None).to_numpy()
            rows.append({"theme": theme, "statistic": "Krippendorff's alpha", "value": krippendorff_alpha(values),
                         "replies": len(ids), "reviewers": len(reviewers)})
    return pd.DataFrame(rows)
