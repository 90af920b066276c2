"""How well is abuse found? Precision and recall on Davidson et al.'s held-out tweets, model next to word list.

Run:  python benchmarks/abuse.py [--data ../shared/data/labelled/davidson_hate_offensive]
The held-out split is the 20% benchmarks/build_abuse_model.py never trained on (same seed).
"Abusive" is the coders' majority label hate speech or offensive (Davidson et al., ICWSM 2017):
these labels carry a documented racial bias (Davidson, Bhattacharya, Weber 2019), so the figures
say how well replyscope reproduces the coders, not how well it finds abuse. Prints, for the
codebook's Abuse word list, the bundled model at 0.5 and at the report's threshold, and both
together: precision, recall, recall on hate speech alone, and the share of held-out ordinary
tweets (CrisisLexT26, 11 English events) each flags: a false-alarm rate on ordinary text.
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

import replyscope
from build_abuse_model import DATA, ORDINARY, read_davidson, read_ordinary, split
from replyscope.analyses.abuse import load_abuse_model
from replyscope.schema import conform
from replyscope.settings import DEFAULTS


def word_list_flags(texts: list[str]) -> np.ndarray:
    """True where the default codebook's Abuse theme matches (the theme coding the report uses)."""
    table = conform(pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts}))
    coded = replyscope.analyse(table, tone=False, abuse_model=False).replies
    return coded["themes"].map(lambda themes: "abuse" in themes).to_numpy(dtype=bool)


def main() -> None:
    from sklearn.metrics import precision_score, recall_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--ordinary", type=Path, default=ORDINARY)
    args = parser.parse_args()
    _, test = split(read_davidson(args.data))
    _, ordinary = split(read_ordinary(args.ordinary))
    model = load_abuse_model()
    truth = test["abusive"].to_numpy(dtype=bool)
    hate = (test["label"] == "hate speech").to_numpy(dtype=bool)
    scores, _ = model.probabilities(test["text"].tolist())
    ordinary_scores, _ = model.probabilities(ordinary["text"].tolist())
    words = word_list_flags(test["text"].tolist())
    ordinary_words = word_list_flags(ordinary["text"].tolist())
    threshold = DEFAULTS.abuse_threshold
    rows = {
        "codebook word list": (words, ordinary_words),
        "model, 0.5": (scores >= 0.5, ordinary_scores >= 0.5),
        f"model, {threshold} (report)": (scores >= threshold, ordinary_scores >= threshold),
        f"word list or model {threshold} (report)": (words | (scores >= threshold),
                                                      ordinary_words | (ordinary_scores >= threshold)),
    }
    print(f"Davidson held-out: {len(test):,} tweets ({truth.mean():.1%} abusive, {hate.sum():,} hate speech); "
          f"ordinary held-out: {len(ordinary):,} tweets")
    print(f"{'method':<36} {'precision':>9} {'recall':>7} {'hate recall':>11} {'ordinary flagged':>16}")
    for name, (flags, ordinary_flags) in rows.items():
        print(f"{name:<36} {precision_score(truth, flags, zero_division=0):>9.3f} {recall_score(truth, flags):>7.3f} "
              f"{flags[hate].mean():>11.3f} {ordinary_flags.mean():>16.2%}")


if __name__ == "__main__":
    main()
