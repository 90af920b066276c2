"""Time the hashtag analysis on a deterministic synthetic table of 1,000,000 posts.

    .venv/bin/python benchmarks/hashtags.py [--posts N]

The table is built in memory (not timed): tags drawn from a Zipf-like vocabulary of
5,000 tags with case and affix variants, 0-4 tags a post, 50,000 authors, 180 days,
10% of likes unknown and 20% reposts. Prints the seconds each step takes.
"""

import argparse
import time

import numpy as np
import pandas as pd

from replyscope.analyses.hashtags import analyse_hashtags, count_hashtags, tabulate_hashtags

VOCABULARY = 5_000
WORDS = 3_000
AUTHORS = 50_000
DAYS = 180


def synthetic_table(posts: int, seed: int = 7) -> pd.DataFrame:
    """A reply table with the columns the hashtag analysis reads, the same for the same seed."""
    rng = np.random.default_rng(seed)
    base = [f"Topic{i}Debate" if i % 7 == 0 else f"tag{i}" for i in range(VOCABULARY)]
    spellings = np.array([[t, t.lower(), "My" + t, t + "2016"] for t in base], dtype=object)
    words = np.array([f"word{i}" for i in range(WORDS)], dtype=object)
    tag_rank = np.minimum(rng.zipf(1.3, size=posts * 4) - 1, VOCABULARY - 1).reshape(posts, 4)
    variant = rng.choice(4, size=(posts, 4), p=[0.7, 0.15, 0.1, 0.05])
    per_post = rng.choice(5, size=posts, p=[0.3, 0.3, 0.2, 0.1, 0.1])
    spelled = spellings[tag_rank, variant]
    word_picks = words[np.minimum(rng.zipf(1.2, size=(posts, 8)) - 1, WORDS - 1)]
    tags = [list(row[:n]) for row, n in zip(spelled, per_post)]
    clean = [" ".join(w) + "".join(" #" + t for t in ts) for w, ts in zip(word_picks, tags)]
    seconds = np.sort(rng.integers(0, DAYS * 86_400, size=posts))
    likes = rng.poisson(3, size=posts).astype(object)
    likes[rng.random(posts) < 0.1] = None
    return pd.DataFrame({
        "text": pd.array(["@someone " + c for c in clean], dtype="string"),
        "clean_text": pd.array(clean, dtype="string"),
        "author": pd.array([f"user{a}" for a in rng.integers(0, AUTHORS, size=posts)], dtype="string"),
        "created_at": pd.Timestamp("2020-04-01", tz="UTC") + pd.to_timedelta(seconds, unit="s"),
        "likes": pd.array(likes, dtype="Int64"),
        "retweets": pd.array(rng.poisson(1, size=posts), dtype="Int64"),
        "is_repost": pd.array(rng.random(posts) < 0.2, dtype="boolean"),
        "hashtags": tags,
    })


def timed(label: str, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    posts = parser.parse_args().posts
    table = timed(f"build synthetic table ({posts:,} posts)", synthetic_table, posts)
    analysis = timed("analyse_hashtags", analyse_hashtags, table)
    timed("analyse_hashtags(track='#Topic0Debate')", analyse_hashtags, table, track="#Topic0Debate")
    chunks = [table.iloc[i:i + 250_000] for i in range(0, posts, 250_000)]
    counts = timed(f"count_hashtags on {len(chunks)} chunks of 250,000",
                   lambda: [count_hashtags(chunk) for chunk in chunks])
    merged = timed("HashtagCounts.merge of the chunks", _merge, counts)
    timed("tabulate_hashtags(merged counts)", tabulate_hashtags, merged)
    print(f"{analysis.posts:,} posts analysed, {analysis.tagged_posts:,} with tags, "
          f"{len(analysis.variants):,} tags in {analysis.variants['group'].nunique():,} variant groups, "
          f"{len(analysis.takeovers):,} takeovers, {analysis.graph.number_of_edges():,} pairs in the network")


def _merge(counts):
    merged = counts[0]
    for other in counts[1:]:
        merged.merge(other)
    return merged


if __name__ == "__main__":
    main()
