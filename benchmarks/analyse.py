"""How fast is the analysis? Tokenising, counting and coding 100,000 replies, then the full `analyse`.

Run:  python benchmarks/analyse.py [--rows 100000] [--text dense|sample]
Prints replies per second for each step. `dense` (the default, the worst case) makes
replies from a small vocabulary of codebook words, so nearly every word matches a
theme; `sample` takes the bundled sample's replies and shuffles each one's words per
copy, so the texts are unique but their words, lengths and entities are a real thread's.
"""

import argparse
import random
import time
from pathlib import Path

import pandas as pd

import replyscope
from replyscope.analyses import words as word_analysis
from replyscope.analyses.themes import code_replies
from replyscope.analysis import paused_gc
from replyscope.codebook import load_codebook
from replyscope.schema import conform
from replyscope.text import tokenise_replies

VOCABULARY = ("people listen ask communities economy government local sustainable wellbeing green climate "
              "doughnut economics citizens assemblies lived experience frontline voices universal basic income "
              "report research book recommend help volunteer tories labour rubbish idea future recovery "
              "renewal nature planet inequality work health care schools young older business").split()
FILLER = "we should the and to of a in that is for with on not be it this they our you".split()


def synthetic_replies(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    texts = []
    for _ in range(rows):
        words = [rng.choice(VOCABULARY if rng.random() < 0.45 else FILLER) for _ in range(rng.randint(4, 40))]
        if rng.random() < 0.3:
            words.insert(0, "@CivilServant")
        if rng.random() < 0.2:
            words.append(rng.choice(["#BuildBackBetter", "#DoughnutEconomics", "#UBI", "#COVID19"]))
        if rng.random() < 0.1:
            words.append("https://example.org/page")
        texts.append(" ".join(words).capitalize() + rng.choice([".", "!", "", "?"]))
    likes = [int(rng.paretovariate(1.2)) - 1 for _ in range(rows)]
    return conform(pd.DataFrame({"id": [str(i) for i in range(rows)], "text": texts, "likes": likes}))


def sample_replies(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    sample = replyscope.load(Path(__file__).resolve().parents[1] / "samples" / "replies.xlsx")
    originals = sample.to_dict("records")
    records = []
    for index in range(rows):
        record = dict(rng.choice(originals))
        words = str(record["text"]).split()
        rng.shuffle(words)
        records.append({"id": str(index), "text": " ".join(words), "likes": record["likes"], "author": record["author"],
                        "created_at": record["created_at"]})
    return conform(pd.DataFrame(records))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--text", choices=["dense", "sample"], default="dense")
    arguments = parser.parse_args()
    rows = arguments.rows
    table = synthetic_replies(rows) if arguments.text == "dense" else sample_replies(rows)
    codebook = load_codebook()
    texts = table["clean_text"].astype(object).tolist()

    with paused_gc():  # as replyscope.analyse runs these steps
        start = time.perf_counter()
        tokens = tokenise_replies(texts)
        tokenised = time.perf_counter()
        coded = code_replies(table, tokens, codebook)
        classified = time.perf_counter()
        likes = coded["likes"].astype(object).where(coded["likes"].notna(), None).tolist()
        word_analysis.count_words(tokens, likes, coded["primary_theme"].astype(object).tolist())
        counted = time.perf_counter()
    core = counted - start
    print(f"replies:                          {rows:,} ({arguments.text} text)")
    print(f"tokenise:                         {rows / (tokenised - start):>10,.0f} replies/s")
    print(f"classify (codebook):              {rows / (classified - tokenised):>10,.0f} replies/s")
    print(f"count words and phrases:          {rows / (counted - classified):>10,.0f} replies/s")
    print(f"tokenise + classify + count:      {rows / core:>10,.0f} replies/s ({core:.2f} s)")

    start = time.perf_counter()
    replyscope.analyse(table)
    elapsed = time.perf_counter() - start
    print(f"replyscope.analyse (everything):  {rows / elapsed:>10,.0f} replies/s ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
