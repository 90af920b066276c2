"""How well do proposed themes match human labels, and how long do they take on 100,000 replies?

Run:  python benchmarks/discover_themes.py [--seed 42] [--rows 100000] [--skip-timing] [--skip-accuracy]

Accuracy: each of the 11 mostly-English events of CrisisLexT26 (../shared/data/labelled/
crisislex_t26, see MANIFEST.md there) is treated as one thread, with no codebook. Tweets
labelled "Not labeled" or "Not applicable" and repeated texts are dropped, as in the
manifest's supervised baseline. For each of the 6 human information types, the F1 of the
proposed theme that matches it best is taken; the figure is the mean over types, then over
events. Beside it: scikit-learn's NMF (on TfidfVectorizer()) and LDA (on CountVectorizer())
with default settings and the same number of themes, each tweet in its largest component;
then all three with 6 themes, the number of human types.
Timing: 100,000 replies made from the English events' tweets, each copy's words shuffled
(unique texts, a real vocabulary), themes proposed for all of them with the automatic count.
"""

import argparse
import random
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import replyscope
from replyscope.schema import conform

CRISISLEX = Path(__file__).resolve().parents[2] / "shared" / "data" / "labelled" / "crisislex_t26"
ENGLISH_EVENTS = ["2012_Colorado_wildfires", "2013_Alberta_floods", "2013_Australia_bushfire", "2013_Boston_bombings",
                  "2013_Colorado_floods", "2013_Glasgow_helicopter_crash", "2013_NY_train_crash",
                  "2013_Queensland_floods", "2013_Singapore_haze", "2013_Typhoon_Yolanda", "2013_West_Texas_explosion"]
NO_TYPE = {"Not labeled", "Not applicable"}


def read_event(event: str) -> pd.DataFrame:
    frame = pd.read_csv(next((CRISISLEX / event).glob("*-tweets_labeled.csv")), dtype=str)
    frame.columns = [c.strip() for c in frame.columns]
    frame = frame[~frame["Information Type"].isin(NO_TYPE)].drop_duplicates("Tweet Text").reset_index(drop=True)
    return frame


def reply_table(texts: list[str]) -> pd.DataFrame:
    return conform(pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts}))


def best_match_f1(themes: np.ndarray, labels: np.ndarray) -> float:
    """Mean over human labels of the F1 of the best-matching theme (-1: in no theme)."""
    scores = []
    for label in np.unique(labels):
        truth = labels == label
        best = 0.0
        for theme in np.unique(themes[themes >= 0]):
            chosen = themes == theme
            both = int((chosen & truth).sum())
            if both:
                best = max(best, 2 * both / (chosen.sum() + truth.sum()))
        scores.append(best)
    return float(np.mean(scores))


def proposed(texts: list[str], n, seed: int) -> tuple[np.ndarray, int]:
    result = replyscope.discover_themes(reply_table(texts), codebook=None, n=n, seed=seed)
    keys = {key: i for i, key in enumerate(result.themes["theme"])}
    return np.array([keys.get(k, -1) if isinstance(k, str) else -1 for k in result.assignment.tolist()]), len(keys)


def plain_nmf(texts: list[str], k: int, seed: int) -> np.ndarray:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    loadings = NMF(n_components=k, random_state=seed).fit_transform(TfidfVectorizer().fit_transform(texts))
    return np.where(loadings.max(axis=1) > 0, loadings.argmax(axis=1), -1)


def plain_lda(texts: list[str], k: int, seed: int) -> np.ndarray:
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer
    return LatentDirichletAllocation(n_components=k, random_state=seed).fit_transform(
        CountVectorizer().fit_transform(texts)).argmax(axis=1)


def accuracy(seed: int) -> None:
    rows = []
    for event in ENGLISH_EVENTS:
        frame = read_event(event)
        texts, labels = frame["Tweet Text"].tolist(), frame["Information Type"].to_numpy()
        started = time.process_time()
        themes, k = proposed(texts, "auto", seed)
        seconds = time.process_time() - started
        fixed, _ = proposed(texts, 6, seed)
        rows.append({"event": event, "tweets": len(texts), "themes": k, "cpu_seconds": round(seconds, 2),
                     "replyscope": best_match_f1(themes, labels), "nmf": best_match_f1(plain_nmf(texts, k, seed), labels),
                     "lda": best_match_f1(plain_lda(texts, k, seed), labels),
                     "replyscope_6": best_match_f1(fixed, labels), "nmf_6": best_match_f1(plain_nmf(texts, 6, seed), labels),
                     "lda_6": best_match_f1(plain_lda(texts, 6, seed), labels)})
        print(" ".join(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}"
                       for key, value in rows[-1].items()), flush=True)
    table = pd.DataFrame(rows)
    print(f"\nBest-match F1, mean over 6 information types and {len(table)} English CrisisLexT26 events "
          f"({table['tweets'].sum():,} tweets, seed {seed}):")
    print(f"  automatic number of themes (mean {table['themes'].mean():.1f}, from {table['themes'].min()} to "
          f"{table['themes'].max()}): replyscope {table['replyscope'].mean():.3f}   plain NMF {table['nmf'].mean():.3f}   "
          f"plain LDA {table['lda'].mean():.3f}")
    print(f"  6 themes (the number of human types):       replyscope {table['replyscope_6'].mean():.3f}   "
          f"plain NMF {table['nmf_6'].mean():.3f}   plain LDA {table['lda_6'].mean():.3f}")
    print(f"  replyscope CPU time per event (automatic count): median {table['cpu_seconds'].median():.1f} s")


def timing(rows: int, seed: int) -> None:
    rng = random.Random(seed)
    tweets = [text for event in ENGLISH_EVENTS for text in read_event(event)["Tweet Text"]]
    texts = []
    for _ in range(rows):
        words = rng.choice(tweets).split()
        rng.shuffle(words)
        texts.append(" ".join(words))
    table = reply_table(texts)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = replyscope.discover_themes(table, codebook=None, seed=seed)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"\n{rows:,} replies, no codebook, automatic count: {len(result.themes)} themes in {seconds:.1f} s "
          f"({rows / seconds:,.0f} replies/s; {cpu_seconds:.1f} s of CPU time, which a busy machine does not inflate); "
          f"fitted on {min(rows, replyscope.DEFAULTS.discovery_fit_replies):,}, count chosen on a sample of at most 4,000.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--skip-accuracy", action="store_true")
    arguments = parser.parse_args()
    if not CRISISLEX.is_dir():
        raise SystemExit(f"{CRISISLEX} is not there: this benchmark needs ../shared/data beside the checkout.")
    warnings.filterwarnings("ignore", category=UserWarning)  # sklearn's convergence notes for the plain baselines
    if not arguments.skip_accuracy:
        accuracy(arguments.seed)
    if not arguments.skip_timing:
        timing(arguments.rows, arguments.seed)


if __name__ == "__main__":
    main()
