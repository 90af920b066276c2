"""How fast do the platform importers read a large export? Mastodon, Bluesky, YouTube and Reddit, with threads.

Run:  python benchmarks/load_platforms.py [--posts 100000]
Writes one synthetic export per platform (in the platforms' API shapes, one deep
reply chain each so depth is worked out over long chains) to a temporary folder,
gzips the Reddit one, and prints posts per second for `replyscope.load`.
"""

import argparse
import gzip
import json
import random
import tempfile
import time
from pathlib import Path

import replyscope

WORDS = "people listen ask communities economy local doughnut wellbeing green recovery renewal".split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))


def parent_index(rng: random.Random, n: int, chain: int = 2000) -> int | None:
    """The first `chain` posts answer each other in a line; then half answer the root, half an earlier post."""
    if n == 0:
        return None
    return n - 1 if n < chain else (0 if rng.random() < 0.5 else rng.randrange(n))


def mastodon_lines(posts: int, rng: random.Random):
    for n in range(posts):
        parent = parent_index(rng, n)
        yield {"id": str(10**17 + n), "created_at": "2023-04-21T09:00:00.000Z", "content": f"<p>{sentence(rng)}<br />#Renewal</p>",
               "in_reply_to_id": None if parent is None else str(10**17 + parent), "spoiler_text": "",
               "favourites_count": rng.randint(0, 50), "reblogs_count": 0, "replies_count": 0, "reblog": None,
               "language": "en", "url": f"https://mastodon.social/@a/{n}", "mentions": [], "tags": [{"name": "renewal"}],
               "account": {"acct": f"user{n % 997}", "display_name": "User", "note": ""}}


def bluesky_thread(posts: int, rng: random.Random) -> dict:
    nodes = []
    for n in range(posts):
        uri = f"at://did:plc:user{n % 997}/app.bsky.feed.post/{n:013d}"
        parent = parent_index(rng, n, chain=300)  # Python's JSON parser stops near 1,000 levels of nesting
        record = {"$type": "app.bsky.feed.post", "text": sentence(rng), "createdAt": "2024-05-02T08:00:00.000Z", "langs": ["en"]}
        if parent is not None:
            record["reply"] = {"parent": {"uri": nodes[parent]["post"]["uri"]}, "root": {"uri": nodes[0]["post"]["uri"]}}
        nodes.append({"$type": "app.bsky.feed.defs#threadViewPost", "replies": [],
                      "post": {"uri": uri, "author": {"handle": f"user{n % 997}.bsky.social"}, "record": record,
                               "likeCount": rng.randint(0, 50), "repostCount": 0, "replyCount": 0, "quoteCount": 0}})
        if parent is not None:
            nodes[parent]["replies"].append(nodes[-1])
    return {"thread": nodes[0]}


def youtube_pages(posts: int, rng: random.Random):
    threads = []
    for n in range(0, posts, 3):
        top = f"Ugz{n:020d}"
        comment = lambda cid, parent=None: {"kind": "youtube#comment", "id": cid, "snippet": dict(
            {"videoId": "Xq3mRenew01", "textOriginal": sentence(rng), "authorDisplayName": f"@user{n % 997}",
             "likeCount": rng.randint(0, 50), "publishedAt": "2024-03-10T12:00:00Z"}, **({"parentId": parent} if parent else {}))}
        threads.append({"kind": "youtube#commentThread", "snippet": {"videoId": "Xq3mRenew01", "totalReplyCount": 2,
                                                                     "topLevelComment": comment(top)},
                        "replies": {"comments": [comment(f"{top}.{r}", top) for r in range(2)]}})
        if len(threads) == 100:
            yield {"kind": "youtube#commentThreadListResponse", "items": threads}
            threads = []
    if threads:
        yield {"kind": "youtube#commentThreadListResponse", "items": threads}


def reddit_lines(posts: int, rng: random.Random):
    for n in range(posts):
        parent = parent_index(rng, n)
        yield {"id": f"c{n}", "body": sentence(rng), "author": f"user{n % 997}", "created_utc": 1588000000 + n,
               "score": rng.randint(0, 50), "link_id": "t3_g8r3nw",
               "parent_id": "t3_g8r3nw" if parent is None else f"t1_c{parent}", "subreddit": "ukpolitics",
               "permalink": f"/r/ukpolitics/comments/g8r3nw/_/c{n}/"}


def write_lines(path: Path, values, opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as out:
        for value in values:
            out.write(json.dumps(value) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bluesky = folder / "thread.json"
        bluesky.write_text(json.dumps(bluesky_thread(args.posts, rng)), encoding="utf-8")
        files = {
            "mastodon (JSON Lines)": write_lines(folder / "statuses.jsonl", mastodon_lines(args.posts, rng)),
            "bluesky (getPostThread)": bluesky,
            "youtube (pages, JSON Lines)": write_lines(folder / "comments.jsonl", youtube_pages(args.posts, rng)),
            "reddit (Pushshift, .jsonl.gz)": write_lines(folder / "comments.jsonl.gz", reddit_lines(args.posts, rng), gzip.open),
        }
        for label, path in files.items():
            started = time.perf_counter()
            table = replyscope.load(path)
            seconds = time.perf_counter() - started
            print(f"{label:<30} {len(table):>9,} posts  {seconds:6.2f} s  {len(table) / seconds:>9,.0f} posts/s  "
                  f"max depth {int(table['depth'].max())}")


if __name__ == "__main__":
    main()
