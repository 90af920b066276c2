"""What changed between two threads, or two periods of one: words, themes, cited ideas, hashtags and tone side by side.

Distinctive words are found by keyness, as corpus-linguistics tools do (AntConc, Voyant): Dunning's
log-likelihood G² says how unlikely a word's two frequencies are if both sides used it at the same
rate (3.84 is p < 0.05, 6.63 p < 0.01, 15.13 p < 0.0001, one degree of freedom), and Hardie's log
ratio says how big the difference is (log2 of the ratio of relative frequencies: +1 means twice as
often on side A). G² grows with size, log ratio does not: read both.
"""

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ReplyscopeError
from .words import WordCounts, _display_forms

SIGNIFICANCE = ((15.13, "p < 0.0001"), (10.83, "p < 0.001"), (6.63, "p < 0.01"), (3.84, "p < 0.05"))
ZERO_FREQUENCY = 0.5  # a word absent from one side counts as half an occurrence there, for the log ratio (Hardie 2014)


def log_likelihood(a: int, b: int, total_a: int, total_b: int) -> float:
    """Dunning's G² for a word used `a` times in `total_a` words and `b` times in `total_b` (Rayson & Garside 2000)."""
    expected_a = total_a * (a + b) / (total_a + total_b)
    expected_b = total_b * (a + b) / (total_a + total_b)
    return 2 * ((a * math.log(a / expected_a) if a else 0.0) + (b * math.log(b / expected_b) if b else 0.0))


def log_ratio(a: int, b: int, total_a: int, total_b: int) -> float:
    """log2 of side A's relative frequency over side B's; a zero count is taken as 0.5."""
    return math.log2(((a or ZERO_FREQUENCY) / total_a) / ((b or ZERO_FREQUENCY) / total_b))


def significance(g2: float) -> str:
    return next((label for bar, label in SIGNIFICANCE if g2 >= bar), "")


def keyness(counts_a: Counter, total_a: int, counts_b: Counter, total_b: int, min_g2: float = 3.84,
            names: Counter | dict | None = None) -> pd.DataFrame:
    """Return every word more frequent on one side with G² of at least `min_g2`, most distinctive first.

    Columns: word, side ("A" or "B": where it is more frequent), count_a, count_b, per_10k_a,
    per_10k_b (occurrences per 10,000 words), g2, significance, log_ratio. `names` maps a counted
    key (a lemma) to the form shown.
    """
    columns = ["word", "side", "count_a", "count_b", "per_10k_a", "per_10k_b", "g2", "significance", "log_ratio"]
    if not total_a or not total_b:
        return pd.DataFrame(columns=columns)
    rows = []
    for key in set(counts_a) | set(counts_b):
        a, b = int(counts_a.get(key, 0)), int(counts_b.get(key, 0))
        g2 = log_likelihood(a, b, total_a, total_b)
        if g2 < min_g2:
            continue
        ratio = log_ratio(a, b, total_a, total_b)
        rows.append({"word": (names or {}).get(key, key), "side": "A" if ratio > 0 else "B", "count_a": a,
                     "count_b": b, "per_10k_a": round(10_000 * a / total_a, 2), "per_10k_b": round(10_000 * b / total_b, 2),
                     "g2": round(g2, 2), "significance": significance(g2), "log_ratio": round(ratio, 2)})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["g2", "word"], ascending=[False, True], ignore_index=True)


def word_keyness(counts_a: WordCounts, counts_b: WordCounts, min_g2: float = 3.84) -> pd.DataFrame:
    """Keyness of the content words (lemmas, shown in their most common written form) of two analyses."""
    names = _display_forms(counts_a.surfaces + counts_b.surfaces)
    return keyness(counts_a.mentions, counts_a.total_words, counts_b.mentions, counts_b.total_words, min_g2, names)


def wilson_interval(count: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a share `count / total` (sampling error only)."""
    if not total:
        return (float("nan"), float("nan"))
    share = count / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (max(0.0, centre - half), min(1.0, centre + half))


def side_by_side(a: pd.DataFrame, b: pd.DataFrame, key: str, values: list[str], labels: list[str] = ()) -> pd.DataFrame:
    """Join two tables on `key`: each of `values` as <value>_a and <value>_b, missing counts as 0."""
    left = a[[key, *labels, *values]].rename(columns={v: f"{v}_a" for v in values})
    right = b[[key, *labels, *values]].rename(columns={v: f"{v}_b" for v in values})
    joined = left.merge(right, on=[key], how="outer", suffixes=("", "_other"))
    for label in labels:
        joined[label] = joined[label].fillna(joined.pop(f"{label}_other"))
    for value in values:
        for side in ("a", "b"):
            joined[f"{value}_{side}"] = joined[f"{value}_{side}"].fillna(0)
    return joined


def theme_shares(themes_a: pd.DataFrame, themes_b: pd.DataFrame) -> pd.DataFrame:
    """Each theme's share of replies (primary) on both sides, with 95% intervals and the change in points."""
    table = side_by_side(themes_a, themes_b, "theme", ["replies_primary"], ["label"])
    totals = {side: int(table[f"replies_primary_{side}"].sum()) for side in ("a", "b")}
    for side in ("a", "b"):
        counts = table[f"replies_primary_{side}"].astype(int)
        table[f"replies_primary_{side}"] = counts
        table[f"share_{side}"] = (counts / totals[side]).round(4) if totals[side] else np.nan
        bounds = [wilson_interval(c, totals[side]) for c in counts]
        table[f"share_{side}_low"] = [round(low, 4) for low, _ in bounds]
        table[f"share_{side}_high"] = [round(high, 4) for _, high in bounds]
    table["change_points"] = (100 * (table["share_b"] - table["share_a"])).round(1)
    return _in_theme_order(table, themes_a)


def count_table(a: pd.DataFrame, b: pd.DataFrame, key: str, value: str, labels: list[str] = (), top: int = 30) -> pd.DataFrame:
    """The `top` items by their count on either side, side by side, with each side's rank."""
    table = side_by_side(a, b, key, [value], list(labels))
    for side in ("a", "b"):
        table[f"{value}_{side}"] = table[f"{value}_{side}"].astype(int)
        table[f"rank_{side}"] = table[f"{value}_{side}"].rank(ascending=False, method="min").astype(int)
    table["both"] = table[f"{value}_a"] + table[f"{value}_b"]
    table = table[table["both"] > 0].sort_values(["both", key], ascending=[False, True]).head(top)
    return table.drop(columns="both").reset_index(drop=True)


def key_words(a, b, top: int = 30) -> pd.DataFrame:
    """The key words of either side (each side's word table), with both sides' full counts and per 10,000 words."""
    counts_a, counts_b = a.word_counts, b.word_counts
    lemmas = list(dict.fromkeys([*a.words["lemma"], *b.words["lemma"]]))
    names = _display_forms(counts_a.surfaces + counts_b.surfaces)
    table = pd.DataFrame({"word": [names.get(k, k) for k in lemmas], "lemma": lemmas,
                          "mentions_a": [int(counts_a.mentions.get(k, 0)) for k in lemmas],
                          "mentions_b": [int(counts_b.mentions.get(k, 0)) for k in lemmas]})
    for side, counts in (("a", counts_a), ("b", counts_b)):
        table[f"per_10k_{side}"] = (10_000 * table[f"mentions_{side}"] / max(counts.total_words, 1)).round(2)
        table[f"rank_{side}"] = table[f"mentions_{side}"].rank(ascending=False, method="min").astype(int)
    table["both"] = table["per_10k_a"] + table["per_10k_b"]
    return table.sort_values(["both", "word"], ascending=[False, True]).head(top).drop(columns="both").reset_index(drop=True)


def _in_theme_order(table: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """Rows in the codebook's theme order (as the themes table lists them), anything else ("all") last."""
    order = {key: i for i, key in enumerate(themes["theme"])}
    return table.sort_values("theme", key=lambda s: s.map(lambda k: order.get(k, len(order))), ignore_index=True)


def split_by_date(table: pd.DataFrame, at: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The replies before `at` and those at or after it (a date or time, read as UTC)."""
    try:
        moment = pd.Timestamp(at)
    except (ValueError, TypeError):
        raise ReplyscopeError(f"--split {at}: not a date; give one like 2020-04-25 or 2020-04-25T12:00.") from None
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")
    dated = table["created_at"].notna()
    if not dated.any():
        raise ReplyscopeError("--split: the replies have no readable dates; map the date column with --date-col.")
    before = table[dated & (table["created_at"] < moment)].reset_index(drop=True)
    after = table[dated & (table["created_at"] >= moment)].reset_index(drop=True)
    if before.empty or after.empty:
        first, last = table["created_at"].min(), table["created_at"].max()
        raise ReplyscopeError(f"--split {at}: every reply falls on one side; the replies run from "
                              f"{first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} UTC, so choose a date between.")
    for part in (before, after):
        part.attrs = dict(table.attrs)
    return before, after


@dataclass
class Comparison:
    """Two analyses and what differs between them, as tables."""

    names: tuple[str, str]
    sides: tuple            # the two Analysis objects
    overview: pd.DataFrame  # measure, a, b
    keyness: pd.DataFrame
    words: pd.DataFrame
    themes: pd.DataFrame
    references: pd.DataFrame
    hashtags: pd.DataFrame
    tone: pd.DataFrame
    dropped_dates: int = 0   # replies left out of a --split comparison for want of a date

    def tables(self) -> dict[str, pd.DataFrame]:
        """CSV name -> table."""
        return {"compare_overview": self.overview, "keyness": self.keyness, "compare_words": self.words,
                "compare_themes": self.themes, "compare_references": self.references,
                "compare_hashtags": self.hashtags, "compare_tone": self.tone}


def compare(table_a: pd.DataFrame, table_b: pd.DataFrame, names: tuple[str, str] = ("A", "B"), codebook=None,
            settings=None, **overrides) -> Comparison:
    """Analyse two reply tables with the same codebook and settings, and return what differs between them."""
    from ..analysis import analyse
    from ..codebook import Codebook, load_codebook
    from ..settings import DEFAULTS

    settings = (settings or DEFAULTS).with_overrides(**overrides)
    codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    a, b = analyse(table_a, codebook, settings), analyse(table_b, codebook, settings)
    return compare_analyses(a, b, names, settings.keyness_min_g2, settings.compare_top)


def compare_analyses(a, b, names: tuple[str, str], min_g2: float = 3.84, top: int = 30) -> Comparison:
    """Return the side-by-side tables of two Analysis objects (see `replyscope.compare` for the whole run)."""
    words = key_words(a, b, top)
    references = count_table(a.references.table, b.references.table, "key", "mentions", ["label"], top=top)
    empty_tags = pd.DataFrame({"tag": pd.Series(dtype=str), "posts": pd.Series(dtype=int)})
    hashtags = count_table(a.hashtags.hashtags if a.hashtags else empty_tags,
                           b.hashtags.hashtags if b.hashtags else empty_tags, "tag", "posts", top=top)
    tone = pd.DataFrame()
    if a.tone is not None and b.tone is not None:
        values = ["replies", "share_positive", "share_neutral", "share_negative", "mean_tone", "mean_tone_by_likes"]
        tone = _in_theme_order(side_by_side(a.tone.by_theme, b.tone.by_theme, "theme", values, ["label"]), a.themes)
    overview = pd.DataFrame([
        {"measure": name, "a": value(a), "b": value(b)} for name, value in [
            ("replies", lambda x: len(x.replies)),
            ("accounts", lambda x: int(x.replies["author"].nunique())),
            ("first reply", lambda x: x.replies["created_at"].min()),
            ("last reply", lambda x: x.replies["created_at"].max()),
            ("likes", lambda x: x.replies["likes"].sum(min_count=1)),
            ("words counted", lambda x: x.word_counts.total_words),
            ("set aside as abuse", lambda x: x.abuse.get("set_aside", 0)),
            ("copy-paste campaigns", lambda x: len(x.campaigns.campaigns) if x.campaigns is not None else 0),
        ]])
    return Comparison(names=names, sides=(a, b), overview=overview, keyness=word_keyness(a.word_counts, b.word_counts, min_g2),
                      words=words, themes=theme_shares(a.themes, b.themes), references=references, hashtags=hashtags,
                      tone=tone)
