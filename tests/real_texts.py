"""Real posts to compare replyscope's fast scorers with the libraries they stand in for.

In the repository: the sample thread and VADER's published evaluation texts. Beside the checkout
(../shared/data, skipped when absent): Davidson et al.'s tweets (abusive and ordinary), CrisisLexT26
tweets in English, Spanish, Italian and Portuguese, and twarc's test exports (Italian, K-pop, emoji).
"""

import csv
import json

from conftest import ROOT, SAMPLES, SHARED

VADER_TEXTS = ROOT / "benchmarks" / "data" / "vader_ground_truth"


def sample_replies() -> list[str]:
    """The sample thread's replies, as written and as analysed (without leading @mentions and links)."""
    import replyscope
    table = replyscope.load(SAMPLES / "replies.xlsx")
    return table["text"].fillna("").tolist() + table["clean_text"].fillna("").tolist()


def vader_evaluation_texts() -> list[str]:
    """4,200 tweet-like texts and 5,190 newspaper sentences rated by people (tab-separated: id, rating, text)."""
    texts = []
    for name in ("tweets_GroundTruth.txt", "nytEditorialSnippets_GroundTruth.txt"):
        with open(VADER_TEXTS / name, encoding="utf-8", errors="replace") as handle:
            texts += [line.rstrip("\n").split("\t", 2)[2] for line in handle if line.count("\t") >= 2]
    return texts


def shared_texts(per_crisis: int = 100, davidson: int = 3000) -> list[str]:
    """Real tweets from ../shared/data: empty when the folder is not beside the checkout."""
    data = SHARED / "data"
    if not data.is_dir():
        return []
    texts = []
    with open(data / "labelled" / "davidson_hate_offensive" / "labeled_data.csv", encoding="utf-8", newline="") as handle:
        texts += [row["tweet"] for _, row in zip(range(davidson), csv.DictReader(handle))]
    for event in sorted(path for path in (data / "labelled" / "crisislex_t26").iterdir() if path.is_dir()):
        with open(event / f"{event.name}-tweets_labeled.csv", encoding="utf-8", newline="") as handle:
            texts += [row[1] for row in list(csv.reader(handle))[1:per_crisis + 1]]
    for name in ("entities_test.jsonl", "kpop.jsonl", "brexit.jsonl", "withheld.jsonl"):
        for line in (data / "twarc-csv" / name).read_text(encoding="utf-8").splitlines():
            texts += [tweet.get("text", "") for tweet in json.loads(line).get("data", [])]
    return texts
