"""How far does replyscope's tone (VADER) agree with people? Prints agreement on human-rated texts.

Run:  python benchmarks/tone_agreement.py [--neutral-band 0.5]
Reads benchmarks/data/vader_ground_truth/ (Hutto & Gilbert 2014, MIT; see PROVENANCE.md there):
tweets and New York Times editorial sentences, each rated by about 20 people from -4 to +4.
People's tone of a text: positive when their mean rating is above +band, negative below -band,
else neutral. replyscope's tone: VADER's compound score with its ±0.05 thresholds, as in reports.
Prints, per set: three-tone accuracy, Cohen's kappa, Pearson correlation of the compound score
with the mean rating, and the share people and VADER each call positive, neutral and negative.
These are the authors' own evaluation texts: VADER at its best. The figures go into
replyscope.analyses.tone.TONE_AGREEMENT (shown in every report's method notes).
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from replyscope.analyses.tone import score_tone, tone_labels

DATA = Path(__file__).parent / "data" / "vader_ground_truth"
SETS = {"tweets": "tweets_GroundTruth.txt", "editorials": "nytEditorialSnippets_GroundTruth.txt"}


def read_ratings(path: Path) -> pd.DataFrame:
    """id, rating, text from one tab-separated ground-truth file (texts may hold stray quotes)."""
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3:
            rows.append((parts[0], float(parts[1]), parts[2]))
    return pd.DataFrame(rows, columns=["id", "rating", "text"])


def human_labels(ratings: pd.Series, band: float) -> pd.Series:
    return pd.Series(np.where(ratings > band, "positive", np.where(ratings < -band, "negative", "neutral")))


def main() -> None:
    from sklearn.metrics import accuracy_score, cohen_kappa_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neutral-band", type=float, default=0.5,
                        help="mean ratings within ±this count as neutral to people (scale -4..+4)")
    args = parser.parse_args()
    for name, file_name in SETS.items():
        table = read_ratings(DATA / file_name)
        scores = score_tone(table["text"].tolist())
        machine = tone_labels(scores).astype(str)
        people = human_labels(table["rating"], args.neutral_band)
        accuracy = accuracy_score(people, machine)
        kappa = cohen_kappa_score(people, machine)
        correlation = float(np.corrcoef(scores, table["rating"])[0, 1])
        print(f"{name}: {len(table):,} texts; accuracy {accuracy:.3f}; kappa {kappa:.3f}; correlation {correlation:.3f}")
        for tone in ("positive", "neutral", "negative"):
            print(f"  {tone:<9} people {np.mean(people == tone):6.1%}  VADER {np.mean(machine == tone):6.1%}")


if __name__ == "__main__":
    main()
