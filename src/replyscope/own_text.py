"""What each reply's own text gives, whatever its coding: the abuse model's scores, tone and copy candidates.

None of these reads the coding, the tokens or the detected language, so `analyse` has them worked
out in second processes (side_process.Beside) while this one detects languages, tokenises and codes
the replies; each is exactly what its analysis would compute for itself, only earlier. With no second
CPU (or REPLYSCOPE_SERIAL=1) they are computed here when first needed, as before.
"""

import numpy as np
import pandas as pd

from .analyses.abuse import abuse_texts, load_abuse_model
from .analyses.campaigns import CopyCandidates, copy_candidates, copy_text_column
from .analyses.tone import score_tone, tone_texts


def abuse_scores(replies: pd.DataFrame, threshold: float) -> tuple[np.ndarray, dict[int, list[str]]]:
    """The abuse model's probability for each reply, and the words that pushed each reply at or above `threshold`
    (all that abuse.flag_abuse reads of them: a small dict to hand back rather than a list per reply)."""
    scores, pushed = load_abuse_model().probabilities(abuse_texts(replies))
    return scores, {position: pushed[position] for position in np.flatnonzero(scores >= threshold).tolist()}


def tone_and_copies(replies: pd.DataFrame, tone: bool, similarity: float) -> tuple[np.ndarray | None, CopyCandidates]:
    """Each reply's tone score (None when tone is off), and the replies whose words are (nearly) the same."""
    scores = score_tone(tone_texts(replies)) if tone else None
    return scores, copy_candidates(replies[copy_text_column(replies)].tolist(), similarity)
