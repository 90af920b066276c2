"""Tone: how positive or negative each reply reads, and the mix of tones within each theme.

Scored with VADER (Hutto and Gilbert, ICWSM 2014), a rule-based lexicon method built for
social-media text: it reads intensifiers ("very"), capitals, "!" and emoji, and flips a word
after a nearby "not". Its compound score runs from -1 (most negative) to +1; the authors'
thresholds call a reply positive at +0.05 or above, negative at -0.05 or below, else neutral.
The `vaderSentiment` package ships its lexicon, so this works offline with no NLTK data; vader.py
applies its rules faster, with the same scores.
A lexicon reads words, not intent: see TONE_AGREEMENT for how far it agrees with people.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..schema import shallow_copy

POSITIVE_FROM = 0.05    # compound >= this is positive (VADER's standard threshold)
NEGATIVE_TO = -0.05     # compound <= this is negative
TONES = ("positive", "neutral", "negative")

# Agreement of VADER's three tones with people's, measured by benchmarks/tone_agreement.py on the
# human ratings its authors published (MIT licence; benchmarks/data/vader_ground_truth/): each text
# rated by about 20 people on -4..+4; a text is positive to people when their mean rating is above
# +0.5, negative below -0.5, else neutral. These are the authors' own evaluation texts, so the
# figures are VADER at its best; political replies, with their irony, will agree less.
TONE_AGREEMENT = {
    "source": "Hutto & Gilbert (2014) human ratings: 4,200 tweets and 5,190 New York Times editorial sentences",
    "benchmark": "benchmarks/tone_agreement.py",
    "tweets_accuracy": 0.808,
    "tweets_kappa": 0.655,
    "tweets_correlation": 0.872,
    "editorials_accuracy": 0.557,
    "editorials_kappa": 0.335,
    "editorials_correlation": 0.503,
}


def score_tone(texts) -> np.ndarray:
    """Return VADER's compound score (-1..+1) for each text; empty text scores 0.

    Scored by analyses/vader.py, which gives vaderSentiment's compound several times faster.
    """
    from .vader import CompoundScorer

    scorer = CompoundScorer()
    scores = np.zeros(len(texts), dtype=float)
    cache: dict[str, float] = {}  # copies and stock replies ("Agree with this.") are scored once
    for index, text in enumerate(texts):
        if not isinstance(text, str) or not text.strip():
            continue
        score = cache.get(text)
        if score is None:
            score = cache[text] = scorer.compound(text)
        scores[index] = score
    return scores


def tone_labels(scores) -> pd.Series:
    """Return 'positive', 'neutral' or 'negative' for each compound score (VADER's ±0.05 thresholds)."""
    scores = np.asarray(scores, dtype=float)
    labels = np.where(scores >= POSITIVE_FROM, "positive", np.where(scores <= NEGATIVE_TO, "negative", "neutral"))
    return pd.Series(labels, dtype="string")


def tone_texts(coded: pd.DataFrame) -> list:
    """The texts tone is scored on: clean_text (the reply without its leading @mentions and links)."""
    return coded["clean_text"].fillna("").astype(object).tolist()


def add_tone(coded: pd.DataFrame, scores: np.ndarray | None = None) -> pd.DataFrame:
    """Return the replies with `tone` (compound score, rounded to 4 places) and `tone_label` added.

    Reads clean_text. `scores` are score_tone(tone_texts(coded)) when already computed (analyse scores
    them beside the coding).
    """
    scored = shallow_copy(coded)
    if scores is None:
        scores = score_tone(tone_texts(scored))
    scored["tone"] = np.round(scores, 4)
    scored["tone_label"] = tone_labels(scores).to_numpy()
    return scored


def tone_by_theme(coded: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Return the mix of tones per primary theme, then for all replies.

    Reads primary_theme, tone, tone_label, likes. Columns: theme, label, replies, positive,
    neutral, negative (counts), share_positive, share_neutral, share_negative, mean_tone and
    mean_tone_by_likes (each reply's score weighted by its likes: what the attention went to;
    replies with unknown or no likes carry no weight; null when no reply has likes).
    """
    labels = codebook.labels()
    groups = [(key, label, coded[coded["primary_theme"] == key]) for key, label in labels.items()]
    groups.append(("all", "All replies", coded))
    rows = []
    for key, label, group in groups:
        if group.empty:
            continue
        counts = group["tone_label"].value_counts()
        likes = group["likes"].astype("Float64").fillna(0).to_numpy(dtype=float)
        tone = group["tone"].to_numpy(dtype=float)
        row = {"theme": key, "label": label, "replies": len(group)}
        row.update({tone_name: int(counts.get(tone_name, 0)) for tone_name in TONES})
        row.update({f"share_{tone_name}": round(counts.get(tone_name, 0) / len(group), 4) for tone_name in TONES})
        row["mean_tone"] = round(float(tone.mean()), 4)
        row["mean_tone_by_likes"] = round(float((tone * likes).sum() / likes.sum()), 4) if likes.sum() > 0 else None
        rows.append(row)
    table = pd.DataFrame(rows, columns=["theme", "label", "replies", *TONES, *[f"share_{t}" for t in TONES],
                                        "mean_tone", "mean_tone_by_likes"])
    table["mean_tone_by_likes"] = table["mean_tone_by_likes"].astype("Float64")
    return table


@dataclass
class Tone:
    """Tone of the replies: per theme; the per-reply scores are columns of the coded replies."""

    by_theme: pd.DataFrame
    agreement: dict

    def tables(self) -> dict[str, pd.DataFrame]:
        """The table written as CSV/XLSX: tone."""
        return {"tone": self.by_theme}


def analyse_tone(coded: pd.DataFrame, codebook: Codebook, scores: np.ndarray | None = None
                 ) -> tuple[pd.DataFrame, Tone]:
    """Return the replies with tone columns, and the tone summary by theme (`scores`: see add_tone)."""
    scored = add_tone(coded, scores)
    return scored, Tone(by_theme=tone_by_theme(scored, codebook), agreement=TONE_AGREEMENT)
