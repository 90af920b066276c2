"""Rebuild src/replyscope/data/abuse_model.json.gz from Davidson et al. (ICWSM 2017), deterministically.

Run:  python benchmarks/build_abuse_model.py [--data ../shared/data/labelled/davidson_hate_offensive]
Davidson, Warmsley, Macy, Weber (2017), "Automated Hate Speech Detection and the Problem of Offensive
Language", ICWSM; data MIT-licensed (github.com/t-davidson/hate-speech-and-offensive-language).
Label: abusive = the coders' majority said hate speech or offensive (class 0 or 1); else not.

Davidson's tweets were all collected because they contain a word from Hatebase's lexicon, so even
its "neither" tweets use those words: a model fitted on it alone never sees ordinary text and calls
most of it abusive (0.87 for "Ask the people who are usually left out of these conversations.").
So ordinary tweets are added as not abusive: the 11 mostly English events of CrisisLexT26
(Olteanu, Vieweg, Castillo, CSCW 2015; MIT), tweets about disasters that crowd workers labelled
for informativeness, not for abuse (a few swear; they count as not abusive here).
Each set is split 80/20 with a fixed seed (`split`, stratified); the model is fitted on the 80%
only, so benchmarks/abuse.py can measure it on the 20% it never saw. Same data and library
versions give the same bytes: fixed seed, sorted vocabulary, rounded weights, gzip without a time.
"""

import argparse
import gzip
import json
from pathlib import Path

import pandas as pd

from replyscope.analyses.abuse import MODEL_FILE, prepare

LABELLED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "labelled"
DATA = LABELLED / "davidson_hate_offensive"
ORDINARY = LABELLED / "crisislex_t26"
ENGLISH_EVENTS = ("2012_Colorado_wildfires", "2013_Alberta_floods", "2013_Australia_bushfire", "2013_Boston_bombings",
                  "2013_Colorado_floods", "2013_Glasgow_helicopter_crash", "2013_NY_train_crash",
                  "2013_Queensland_floods", "2013_Singapore_haze", "2013_Typhoon_Yolanda", "2013_West_Texas_explosion")
OUT = Path(__file__).resolve().parents[1] / "src" / "replyscope" / "data" / MODEL_FILE
SEED = 20170515  # ICWSM 2017
MIN_DF = 3
C = 4.0


def read_davidson(folder: Path) -> pd.DataFrame:
    """text and abusive (bool) for every labelled tweet."""
    table = pd.read_csv(Path(folder) / "labeled_data.csv")
    return pd.DataFrame({"text": table["tweet"].astype(str), "abusive": table["class"].isin([0, 1]),
                         "label": table["class"].map({0: "hate speech", 1: "offensive", 2: "neither"})})


def read_ordinary(folder: Path) -> pd.DataFrame:
    """text and abusive (False) for the English CrisisLexT26 tweets, duplicates dropped."""
    frames = []
    for event in ENGLISH_EVENTS:
        table = pd.read_csv(Path(folder) / event / f"{event}-tweets_labeled.csv", dtype=str)
        table.columns = [c.strip() for c in table.columns]
        frames.append(table["Tweet Text"].astype(str))
    texts = pd.concat(frames).drop_duplicates()
    return pd.DataFrame({"text": texts.to_numpy(), "abusive": False, "label": "ordinary"})


def split(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 80% training rows and the 20% held-out rows (stratified by the three labels, fixed seed)."""
    from sklearn.model_selection import train_test_split

    train, test = train_test_split(table, test_size=0.2, random_state=SEED, stratify=table["label"])
    return train, test


def fit(texts, labels, min_df: int = MIN_DF, c: float = C):
    """Fit the TF-IDF + logistic regression pipeline the shipped model is exported from."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(
        TfidfVectorizer(preprocessor=prepare, ngram_range=(1, 2), min_df=min_df, sublinear_tf=True),
        LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=SEED))
    return pipeline.fit(list(texts), list(labels))


def export(pipeline, about: dict) -> dict:
    """The stored form: terms in vocabulary order, their idf and weight, the intercept, and what it is."""
    vectoriser, regression = pipeline.steps[0][1], pipeline.steps[1][1]
    terms = vectoriser.get_feature_names_out().tolist()
    weights = regression.coef_[0]
    return {"terms": terms, "idf": [round(float(v), 5) for v in vectoriser.idf_],
            "weights": [round(float(v), 5) for v in weights], "intercept": round(float(regression.intercept_[0]), 5),
            "about": about}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--ordinary", type=Path, default=ORDINARY)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    train, test = split(read_davidson(args.data))
    ordinary_train, _ = split(read_ordinary(args.ordinary))
    train = pd.concat([train, ordinary_train], ignore_index=True)
    pipeline = fit(train["text"], train["abusive"])
    about = {"source": "Davidson, Warmsley, Macy, Weber (ICWSM 2017), labeled_data.csv (MIT licence); "
                       "ordinary tweets from CrisisLexT26, 11 English events (Olteanu et al. 2015, MIT licence)",
             "trained_on": f"{len(train):,} tweets (80% of each, stratified split, seed {SEED})",
             "label": "abusive = hate speech or offensive (coders' majority)",
             "features": f"words and word pairs, TF-IDF (sublinear tf), min_df {MIN_DF}",
             "model": f"logistic regression, C={C}, class-balanced", "rebuilt_by": "benchmarks/build_abuse_model.py"}
    data = json.dumps(export(pipeline, about), separators=(",", ":"), sort_keys=True).encode("utf-8")
    args.out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{args.out}: {len(pipeline.steps[0][1].vocabulary_):,} terms, {args.out.stat().st_size:,} bytes; "
          f"held out for benchmarks/abuse.py: {len(test):,} tweets")


if __name__ == "__main__":
    main()
