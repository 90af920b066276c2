"""How fast is the analysis? Tokenising, counting and coding 100,000 replies, then the full `analyse`.

Run:  python benchmarks/analyse.py [--rows 100000] [--text dense|sample|open] [--repeat 3]
Prints replies per second for each step (the median of the repeats, and the best).
`dense` (the default, the worst case) makes replies from a small vocabulary of
codebook words, so nearly every word matches a theme; `sample` takes the bundled
sample's replies and shuffles each one's words per copy, so the texts are unique but
their words, lengths and entities are a real thread's; `open` is `sample` with the long
tail of a real thread's vocabulary added: about one word in eight drawn from 200,000
made-up words (Zipf-distributed: names, typos, slang keep appearing), a different
@mention in one reply in four and a different link in one in ten.
"""

import argparse
import random
import statistics
import time
from itertools import accumulate
from pathlib import Path

import pandas as pd

import replyscope
from replyscope.analyses import words as word_analysis
from replyscope.analyses.themes import code_replies
from replyscope.analysis import paused_gc
from replyscope.codebook import load_codebook
from replyscope.schema import conform
from replyscope.text import reset_language_cache, tokenise_replies

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


def open_replies(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    syllables = "ka lo mi ne ru sa ti vo be da fe gi ho ju ly ma no pe ri so tu ve wi xa yo ze".split()
    tail = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(200_000)]
    cumulative = list(accumulate(1 / rank for rank in range(1, len(tail) + 1)))
    table = sample_replies(rows, seed)
    texts = []
    for index, text in enumerate(table["text"].tolist()):
        words = [rng.choices(tail, cum_weights=cumulative)[0] if rng.random() < 0.125 else word for word in text.split()]
        if rng.random() < 0.25:
            words.insert(rng.randrange(len(words) + 1), f"@user{rng.randrange(200_000)}")
        if rng.random() < 0.1:
            words.append(f"https://example.org/post/{index}")
        texts.append(" ".join(words))
    return conform(table.drop(columns=["clean_text"]).assign(text=texts)[["id", "text", "likes", "author", "created_at"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--text", choices=["dense", "sample", "open"], default="dense")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    rows = arguments.rows
    table = {"dense": synthetic_replies, "sample": sample_replies, "open": open_replies}[arguments.text](rows)
    codebook = load_codebook()
    texts = table["clean_text"].astype(object).tolist()

    steps = {"tokenise": [], "classify (codebook)": [], "count words and phrases": [], "tokenise + classify + count": []}
    for _ in range(arguments.repeat):
        reset_language_cache()  # each run starts cold: no lemma is remembered from the last
        with paused_gc():  # as replyscope.analyse runs these steps
            start = time.perf_counter()
            tokens = tokenise_replies(texts)
            tokenised = time.perf_counter()
            coded = code_replies(table, tokens, codebook)
            classified = time.perf_counter()
            word_analysis.count_words(tokens, coded["likes"], coded["primary_theme"])
            counted = time.perf_counter()
        for step, seconds in zip(steps, (tokenised - start, classified - tokenised, counted - classified, counted - start)):
            steps[step].append(seconds)
    print(f"replies: {rows:,} ({arguments.text} text, {len(tokens.words):,} distinct words); "
          f"median and best of {arguments.repeat} runs")
    for step, times in steps.items():
        print(f"{step + ':':<34}{rows / statistics.median(times):>10,.0f} replies/s   best {rows / min(times):>10,.0f}"
              f"   ({statistics.median(times):.2f} s)")

    reset_language_cache()
    start = time.perf_counter()
    replyscope.analyse(table)
    elapsed = time.perf_counter() - start
    print(f"{'replyscope.analyse (everything):':<34}{rows / elapsed:>10,.0f} replies/s   ({elapsed:.2f} s, one run)")


if __name__ == "__main__":
    main()
