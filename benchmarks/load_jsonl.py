"""How fast, and in how much memory, replyscope loads a large twarc2 JSON Lines file.

Writes N twarc2-flattened tweets (one per line, author embedded, a tenth of them
retweets) into a temporary folder, loads the file with `replyscope.load` in a child
process, and prints rows per second and the child's peak resident memory (from
getrusage, which costs nothing while loading, unlike tracemalloc). The file is
deleted afterwards. The data are generated from a fixed seed, so runs compare.

    python benchmarks/load_jsonl.py              # 1,000,000 tweets
    python benchmarks/load_jsonl.py --lines 100000
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

WORDS = ("people listen ask communities economy government local doughnut economics wellbeing sustainable "
         "recovery renewal health care workers teachers council climate green jobs housing transport "
         "town region fairness trust voice citizens assembly data evidence research support help").split()
TAGS = ("Renewal", "BuildBackBetter", "DoughnutEconomics", "Wellbeing", "COVID19", "LocalGov", "GreenRecovery")
ROOT_ID = 1253900012345678848
START = datetime(2020, 4, 24, 21, 3, tzinfo=timezone.utc)
LOADER = """
import resource, sys, time
import replyscope
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
table = replyscope.load(sys.argv[1])
elapsed = time.perf_counter() - started
print(len(table), elapsed, before)
"""


def make_author(rng: random.Random, number: int) -> dict:
    handle = f"user{number}_{rng.choice(WORDS)}"
    return {"id": str(10_000_000 + number), "username": handle, "name": f"{rng.choice(WORDS).title()} {number}",
            "description": " ".join(rng.choices(WORDS, k=rng.randint(3, 12))),
            "public_metrics": {"followers_count": rng.randint(0, 5000), "following_count": rng.randint(0, 900),
                               "tweet_count": rng.randint(1, 40000), "listed_count": rng.randint(0, 30)},
            "created_at": "2012-03-05T10:00:00.000Z", "verified": False, "protected": False}


def make_tweet(rng: random.Random, number: int, authors: list[dict]) -> dict:
    """One flattened tweet: a reply to the root post, an ordinary post, or a retweet with its original."""
    author = rng.choice(authors)
    tweet_id = str(ROOT_ID + 1000 + number)
    tags = rng.sample(TAGS, rng.randint(0, 2))
    words = " ".join(rng.choices(WORDS, k=rng.randint(8, 40)))
    text = f"@renewal_team {words} " + " ".join(f"#{tag}" for tag in tags) + " https://t.co/Ab12Cd34Ef"
    created = (START + timedelta(seconds=number * 2)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    tweet = {
        "id": tweet_id, "text": text, "created_at": created, "author_id": author["id"], "lang": "en",
        "conversation_id": str(ROOT_ID), "reply_settings": "everyone", "possibly_sensitive": False,
        "public_metrics": {"retweet_count": rng.randint(0, 30), "reply_count": rng.randint(0, 10),
                           "like_count": int(rng.paretovariate(1.2)) - 1, "quote_count": rng.randint(0, 3)},
        "entities": {
            "mentions": [{"start": 0, "end": 13, "username": "renewal_team", "id": "1253000000000000001"}],
            "hashtags": [{"start": 0, "end": len(tag) + 1, "tag": tag} for tag in tags],
            "urls": [{"start": len(text) - 23, "end": len(text), "url": "https://t.co/Ab12Cd34Ef",
                      "expanded_url": f"https://example.org/{rng.choice(WORDS)}/{number % 997}",
                      "display_url": "example.org/…"}],
        },
        "referenced_tweets": [{"type": "replied_to", "id": str(ROOT_ID)}],
        "author": author,
        "__twarc": {"url": "https://api.twitter.com/2/tweets/search/all?query=to%3Arenewal_team",
                    "version": "2.14.0", "retrieved_at": "2020-05-10T09:00:00+00:00"},
    }
    if number % 10 == 0:
        original_author = rng.choice(authors)
        original = {"id": str(ROOT_ID + 10 + number % 500), "text": words, "author_id": original_author["id"],
                    "created_at": "2020-04-25T09:12:03.000Z", "author": original_author,
                    "public_metrics": {"retweet_count": 40, "reply_count": 2, "like_count": 120, "quote_count": 1}}
        tweet["text"] = f"RT @{original_author['username']}: {words[:100]}…"
        tweet["referenced_tweets"] = [dict(original, type="retweeted")]
        tweet["public_metrics"]["like_count"] = 0
    return tweet


def write_tweets(path: Path, lines: int, seed: int = 2020) -> None:
    rng = random.Random(seed)
    authors = [make_author(rng, number) for number in range(max(1, lines // 20))]
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            out.write(json.dumps(make_tweet(rng, number, authors), ensure_ascii=False))
            out.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="tweets to generate (default 1,000,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="replyscope-bench-") as folder:
        path = Path(folder) / "tweets.jsonl"
        started = time.perf_counter()
        write_tweets(path, args.lines)
        size_mb = path.stat().st_size / 1024**2
        print(f"wrote {args.lines:,} tweets ({size_mb:,.0f} MB) in {time.perf_counter() - started:.1f} s")
        child = subprocess.run([sys.executable, "-c", LOADER, str(path)], capture_output=True, text=True, check=False)
        if child.returncode != 0:
            sys.exit(f"loading failed:\n{child.stderr}")
        rows, seconds, baseline_kb = child.stdout.split()
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows, seconds = int(rows), float(seconds)
        print(f"loaded {rows:,} rows in {seconds:.1f} s: {rows / seconds:,.0f} rows/s")
        print(f"peak memory of the loading process: {peak_mb:,.0f} MB "
              f"({float(baseline_kb) / 1024:,.0f} MB after importing replyscope; file {size_mb:,.0f} MB)")


if __name__ == "__main__":
    main()
