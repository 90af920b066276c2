"""One review round on real human-labelled tweets: how well does replyscope code what it was never written for?

For CrisisLexT26 (the 11 mostly-English events, 6 information types) and Davidson et al.
(hate speech / offensive / neither), on random 70/30 splits:
  - a codebook whose themes are the label names with their descriptions, and no terms;
  - replyscope chooses 200 replies from the 70% pool (`choose_for_review`, round 1);
  - a simulated reviewer fills them in with the human labels;
  - replyscope codes the thread (`code_with_review`: n-grams, latent summary and, when `wordllama`
    is installed, pretrained sentence vectors; each theme's description as a prior at the weight the
    reviewed replies' out-of-fold scores choose; self-trained on the unreviewed replies, whose pseudo-labels
    are read from the model plus that prior; the
    uncategorised floor chosen by cross-validation, 0 here as no simulated reviewer says "no theme")
    and the held-out 30% is scored (macro-F1 of the primary theme; a reply left uncategorised counts as wrong);
beside a plain baseline (TF-IDF word 1-2 + char 2-5 grams, one-vs-rest class-balanced
logistic regression) trained on 200 and on 1,000 random labelled replies of the pool.
The whole thread (pool and test) is the unlabelled text replyscope fits its features on,
as it does on a real thread; no label of the test split is used.
Then it times one review round (choose + train + code) on 100,000 replies.

    python benchmarks/review_round.py [--seeds 3] [--skip-timing] [--only crisislex|davidson|timing]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from replyscope.analyses.themes import code_replies  # noqa: E402
from replyscope.codebook import parse_codebook  # noqa: E402
from replyscope.coding import embeddings  # noqa: E402
from replyscope.coding.coder import code_with_review  # noqa: E402
from replyscope.coding.review import choose_for_review  # noqa: E402
from replyscope.coding.reviewed import Review  # noqa: E402
from replyscope.schema import conform  # noqa: E402
from replyscope.text import tokenise_replies  # noqa: E402

LABELLED = Path(__file__).resolve().parents[2] / "shared" / "data" / "labelled"
ENGLISH_EVENTS = ["2012_Colorado_wildfires", "2013_Alberta_floods", "2013_Australia_bushfire", "2013_Boston_bombings",
                  "2013_Colorado_floods", "2013_Glasgow_helicopter_crash", "2013_NY_train_crash",
                  "2013_Queensland_floods", "2013_Singapore_haze", "2013_Typhoon_Yolanda", "2013_West_Texas_explosion"]
# Label descriptions as the data sets' own documentation gives them (no terms: nothing written from the tweets).
CRISIS_THEMES = {
    "Affected individuals": "Reports of people affected: deaths, injuries, missing, trapped, found or displaced people.",
    "Infrastructure and utilities": "Damage to or state of buildings, roads, bridges, power, water and other services.",
    "Donations and volunteering": "Needs, requests and offers of money, goods, blood, shelter or volunteer help.",
    "Caution and advice": "Warnings, alerts and advice about a hazard and what to do.",
    "Sympathy and support": "Prayers, thoughts, condolences and emotional support for those affected.",
    "Other Useful Information": "Other information that helps understand the situation.",
}
DAVIDSON_THEMES = {
    "hate speech": "Language expressing hatred towards a group, or meant to be derogatory, humiliating or insulting "
                   "to its members.",
    "offensive language": "Offensive or vulgar language that is not hate speech.",
    "neither": "Neither hate speech nor offensive language.",
}
REVIEW_SIZE = 200


def crisislex() -> tuple[list[str], list[str]]:
    frames = []
    for event in ENGLISH_EVENTS:
        frame = pd.read_csv(next((LABELLED / "crisislex_t26" / event).glob("*-tweets_labeled.csv")), dtype=str)
        frame.columns = [c.strip() for c in frame.columns]
        frames.append(frame)
    frame = pd.concat(frames)
    frame = frame[~frame["Information Type"].isin(["Not labeled", "Not applicable"])]
    frame = frame.drop_duplicates("Tweet Text")
    return frame["Tweet Text"].tolist(), frame["Information Type"].tolist()


def davidson() -> tuple[list[str], list[str]]:
    frame = pd.read_csv(LABELLED / "davidson_hate_offensive" / "labeled_data.csv")
    names = {0: "hate speech", 1: "offensive language", 2: "neither"}
    return frame["tweet"].tolist(), frame["class"].map(names).tolist()


def codebook_for(themes: dict[str, str]):
    """A codebook of label names and descriptions only: every theme is learned from the review."""
    keys = {label: f"t{index}" for index, label in enumerate(themes)}
    text = "version = 1\n" + "".join(
        f'\n[themes.{keys[label]}]\nlabel = "{label}"\ndescription = "{description}"\n'
        for label, description in themes.items())
    return parse_codebook(text, "benchmark codebook"), keys


def baseline(train_texts, train_labels, test_texts, test_labels) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        OneVsRestClassifier(LogisticRegression(class_weight="balanced", max_iter=1000)))
    model.fit(train_texts, train_labels)
    return f1_score(test_labels, model.predict(test_texts), average="macro")


def rule_coded(texts: list[str], codebook) -> pd.DataFrame:
    table = conform(pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts}))
    return code_replies(table, tokenise_replies(table["clean_text"].fillna("").tolist()), codebook)


def one_round(texts, labels, themes: dict[str, str], seed: int) -> dict:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split

    codebook, keys = codebook_for(themes)
    truth = np.array([keys[label] for label in labels], dtype=object)
    positions = np.arange(len(texts))
    pool, test = train_test_split(positions, test_size=0.3, random_state=seed)
    coded = rule_coded(texts, codebook)
    started = time.perf_counter()
    chosen = choose_for_review(coded.iloc[pool], codebook, size=REVIEW_SIZE, seed=seed)
    chosen_positions = chosen["id"].astype(int).to_numpy()
    review = Review(labels=pd.DataFrame({
        "id": chosen["id"], "reviewer": "human labels", "themes": [[truth[p]] for p in chosen_positions],
        "primary": truth[chosen_positions], "source": "benchmark", "row": np.arange(len(chosen)) + 2}),
        design=chosen[["id", "stratum", "inclusion_probability", "weight", "round"]])
    recoded = code_with_review(coded, review, codebook, seed=seed).coded
    seconds = time.perf_counter() - started
    predicted = recoded["primary_theme"].astype(object).to_numpy()[test]
    rng = np.random.default_rng(seed)
    text_array = np.array(texts, dtype=object)
    scores = {"replyscope, 200 chosen": f1_score(truth[test], predicted, labels=sorted(set(keys.values())),
                                                 average="macro"),
              "uncategorised share": float(np.mean(predicted == "uncategorised")),
              "seconds": seconds}
    for size in (200, 1000):
        train = rng.choice(pool, size, replace=False)
        scores[f"baseline, {size:,} random"] = baseline(text_array[train].tolist(), truth[train].tolist(),
                                                        text_array[test].tolist(), truth[test].tolist())
    return scores


def report(name: str, runs: list[dict]) -> None:
    print(f"\n{name}: {len(runs)} seeds (mean ± sd, then each seed)")
    for key in runs[0]:
        values = [run[key] for run in runs]
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        print(f"  {key:<26} {statistics.mean(values):.3f} ± {spread:.3f}   " + "  ".join(f"{v:.3f}" for v in values),
              flush=True)


def time_round_on(replies: int, texts: list[str]) -> None:
    """Seconds one review round adds on `replies` replies (tiled real text, each copy made distinct)."""
    codebook, keys = codebook_for(CRISIS_THEMES)
    tiled = [f"{texts[i % len(texts)]} #{i // len(texts)}" for i in range(replies)]
    coded = rule_coded(tiled, codebook)
    started, cpu_started = time.perf_counter(), time.process_time()
    chosen = choose_for_review(coded, codebook, size=REVIEW_SIZE, seed=0)
    selected = time.perf_counter()
    labels = list(keys.values())
    review = Review(labels=pd.DataFrame({
        "id": chosen["id"], "reviewer": "", "themes": [[labels[i % len(labels)]] for i in range(len(chosen))],
        "primary": [labels[i % len(labels)] for i in range(len(chosen))], "source": "timing",
        "row": np.arange(len(chosen)) + 2}))
    code_with_review(coded, review, codebook, seed=0)
    finished = time.perf_counter()
    print(f"\nOne review round on {replies:,} replies: choosing {selected - started:.1f} s, "
          f"training and coding {finished - selected:.1f} s, total {finished - started:.1f} s wall, "
          f"{time.process_time() - cpu_started:.1f} s CPU (all threads)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--only", choices=["crisislex", "davidson", "timing"])
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--timing-replies", type=int, default=100_000)
    options = parser.parse_args()
    if not LABELLED.is_dir():
        sys.exit(f"{LABELLED} not found: this benchmark needs ../shared/data/labelled beside the checkout.")
    print("pretrained sentence vectors: " + ("wordllama l2_supercat_256" if embeddings.available()
                                             else "not installed, n-grams alone (pip install wordllama)"), flush=True)
    sets = {"crisislex": ("CrisisLexT26, 11 English events, 6 information types", crisislex, CRISIS_THEMES),
            "davidson": ("Davidson et al., 3 classes", davidson, DAVIDSON_THEMES)}
    for key, (name, load, themes) in sets.items():
        if options.only and options.only != key:
            continue
        texts, labels = load()
        runs = []
        for seed in range(options.seeds):
            runs.append(one_round(texts, labels, themes, seed))
            print(f"{key} seed {seed}: " + ", ".join(f"{k} {v:.3f}" for k, v in runs[-1].items()), flush=True)
        report(f"{name} ({len(texts):,} tweets)", runs)
    if not options.skip_timing and options.only in (None, "timing"):
        time_round_on(options.timing_replies, crisislex()[0] + davidson()[0])


if __name__ == "__main__":
    main()
