"""Counting hashtags: mergeable per-chunk counts that every hashtag table is built from.

Counting is split from tabulating (hashtags.tabulate_hashtags) so the counts of chunks
of a large table, or of a cluster's partitions, can be merged before the tables are built.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd

from ..text import language

HOUR_NS = 3_600_000_000_000
# A word: letters of any script (apostrophes inside); hashtags and @mentions are skipped.
_WORD_OR_ENTITY_RE = re.compile(r"[#＃@]\w+|([^\W\d_]{2,}(?:['’][^\W\d_]+)*)")


@dataclass
class HashtagCounts:
    """Mergeable hashtag counts over some posts (one chunk of the table, or all of it).

    Keys are casefolded tags. Hours are whole hours since 1970-01-01 UTC. A tag used
    twice in one post counts once for that post.
    """

    posts: int = 0                                         # posts counted
    tagged_posts: int = 0                                  # of which with at least one tag
    dated_posts: int = 0                                   # of which with a date
    reposts_left_out: int = 0
    tag_posts: Counter = field(default_factory=Counter)    # key -> posts using it
    spellings: Counter = field(default_factory=Counter)    # (key, spelling) -> posts
    author_posts: Counter = field(default_factory=Counter)  # (key, author) -> posts
    likes: Counter = field(default_factory=Counter)        # key -> likes of its posts whose likes are known
    likes_known: Counter = field(default_factory=Counter)  # key -> its posts whose likes are known
    reposts: Counter = field(default_factory=Counter)      # key -> reposts of its posts whose reposts are known
    reposts_known: Counter = field(default_factory=Counter)
    length_share: Counter = field(default_factory=Counter)  # key -> sum over its posts of len('#'+tag)/len(text)
    first_seen: dict = field(default_factory=dict)         # key -> earliest Timestamp
    last_seen: dict = field(default_factory=dict)          # key -> latest Timestamp
    pairs: Counter = field(default_factory=Counter)        # (key, key) in sorted order -> posts with both
    hourly: Counter = field(default_factory=Counter)       # (key, hour) -> posts
    hourly_posts: Counter = field(default_factory=Counter)  # hour -> all posts counted
    track: str | None = None                               # the tracked tag's key, if any
    word_posts: Counter = field(default_factory=Counter)   # word -> posts using it (only when tracking)
    word_posts_with_track: Counter = field(default_factory=Counter)  # word -> posts using it and the tracked tag

    def merge(self, other: "HashtagCounts") -> "HashtagCounts":
        """Add another chunk's counts to these (in place) and return self."""
        if self.track != other.track:
            raise ValueError(f"cannot merge counts tracking {self.track!r} with counts tracking {other.track!r}")
        for name in ("posts", "tagged_posts", "dated_posts", "reposts_left_out"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("tag_posts", "spellings", "author_posts", "likes", "likes_known", "reposts", "reposts_known",
                     "length_share", "pairs", "hourly", "hourly_posts", "word_posts", "word_posts_with_track"):
            getattr(self, name).update(getattr(other, name))
        for key, seen in other.first_seen.items():
            self.first_seen[key] = min(seen, self.first_seen.get(key, seen))
        for key, seen in other.last_seen.items():
            self.last_seen[key] = max(seen, self.last_seen.get(key, seen))
        return self


def tag_key(tag: str) -> str:
    """The key a tag is grouped under: without '#', casefolded ('#MyPCC' -> 'mypcc')."""
    return tag.strip().lstrip("#＃").casefold()


def count_hashtags(table: pd.DataFrame, *, track: str | None = None, keep_reposts: bool = False,
                   stopwords: frozenset[str] | None = None) -> HashtagCounts:
    """Count tag use in the table's posts; merge the results of chunks with HashtagCounts.merge.

    Reads hashtags, text, clean_text (for words, only with `track`), author, created_at,
    likes, retweets and is_repost. Reposts are left out unless `keep_reposts`: they
    repeat someone else's tags. Missing likes/reposts are left out of sums and means.
    `stopwords` are left out of the words counted beside a tracked tag: the thread's
    language's (English when not given), so an Italian thread is not told to follow "che".
    """
    counts = HashtagCounts(track=tag_key(track) if track else None)
    reposts = table["is_repost"].fillna(False).astype(bool) if "is_repost" in table else None
    if reposts is not None and not keep_reposts:
        counts.reposts_left_out = int(reposts.sum())
        table = table[~reposts.to_numpy()]
    table = table.reset_index(drop=True)
    counts.posts = len(table)
    if not len(table):
        return counts
    nanoseconds, dated = _nanoseconds(table["created_at"])
    hours = np.where(dated, nanoseconds // HOUR_NS, -1)
    counts.dated_posts = int(dated.sum())
    counts.hourly_posts.update(_counter_from_values(hours[dated]))

    tag_lists = [tags if isinstance(tags, list) else [] for tags in table["hashtags"].tolist()]
    per_post = np.fromiter(map(len, tag_lists), dtype=np.int64, count=len(tag_lists))
    counts.tagged_posts = int((per_post > 0).sum())
    if not per_post.any():
        return counts
    uses, keys, spellings, posts_of_spelling = _tag_uses(tag_lists, per_post)
    posts_of_key = np.bincount(uses["key"], minlength=len(keys))
    counts.tag_posts.update(dict(zip(keys, posts_of_key.tolist())))

    counts.spellings.update({(spelling.casefold(), spelling): int(n)
                             for spelling, n in zip(spellings, posts_of_spelling)})

    post = uses["post"].to_numpy()
    authors = table["author"].astype(object).to_numpy()[post]
    has_author = pd.notna(authors)
    by_author = pd.DataFrame({"key": uses["key"].to_numpy()[has_author], "author": authors[has_author]})
    counts.author_posts.update({(keys[k], a): int(n) for (k, a), n in
                                by_author.groupby(["key", "author"], sort=False).size().items()})

    for total, known, column in ((counts.likes, counts.likes_known, "likes"),
                                 (counts.reposts, counts.reposts_known, "retweets")):
        values = table[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)[post]
        is_known = ~np.isnan(values)
        known.update(_per_key(uses["key"].to_numpy()[is_known], keys))
        sums = np.bincount(uses["key"].to_numpy()[is_known], weights=values[is_known], minlength=len(keys))
        total.update({key: int(value) for key, value in zip(keys, sums) if value})

    lengths = table["text"].astype("string").str.len().fillna(0).to_numpy(dtype=np.int64)[post]
    tag_lengths = np.array([len(s) + 1 for s in spellings], dtype=np.int64)[uses["spelling"].to_numpy()]
    has_text = lengths > 0
    shares = np.bincount(uses["key"].to_numpy()[has_text],
                         weights=np.minimum(tag_lengths[has_text] / lengths[has_text], 1.0), minlength=len(keys))
    counts.length_share.update({key: float(value) for key, value in zip(keys, shares) if value})

    dated_use = dated[post]
    if dated_use.any():
        times = pd.DataFrame({"key": uses["key"].to_numpy()[dated_use], "time": nanoseconds[post][dated_use]})
        seen = times.groupby("key")["time"]
        counts.first_seen.update({keys[k]: pd.Timestamp(t, tz="UTC") for k, t in seen.min().items()})
        counts.last_seen.update({keys[k]: pd.Timestamp(t, tz="UTC") for k, t in seen.max().items()})
        hourly = pd.DataFrame({"key": times["key"], "hour": times["time"] // HOUR_NS})
        counts.hourly.update({(keys[k], int(h)): int(n) for (k, h), n in
                              hourly.groupby(["key", "hour"], sort=False).size().items()})

    counts.pairs.update(_pair_counts(uses, keys))
    if counts.track:
        _count_words(table, uses, keys, counts, language().stopwords if stopwords is None else stopwords)
    return counts


def _nanoseconds(created_at: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each post's time in nanoseconds since the epoch (UTC), and which posts have a date."""
    stamps = pd.to_datetime(created_at, utc=True)
    return stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64), stamps.notna().to_numpy()


def _counter_from_values(values: np.ndarray) -> Counter:
    unique, number = np.unique(values, return_counts=True)
    return Counter(dict(zip(unique.tolist(), number.tolist())))


def _per_key(codes: np.ndarray, keys: list[str]) -> dict[str, int]:
    number = np.bincount(codes, minlength=len(keys))
    return {key: int(n) for key, n in zip(keys, number) if n}


def _tag_uses(tag_lists: list[list[str]], per_post: np.ndarray
              ) -> tuple[pd.DataFrame, list[str], list[str], np.ndarray]:
    """One row per (post, tag key): the post's row number, the key's code and the first spelling's code.

    Also returns the keys and the spellings the codes stand for, and the posts using each spelling.
    """
    spelling_codes, spellings = pd.factorize(np.array(list(chain.from_iterable(tag_lists)), dtype=object))
    key_of_spelling, keys = pd.factorize(np.array([str(s).casefold() for s in spellings], dtype=object))
    uses = pd.DataFrame({"post": np.repeat(np.arange(len(tag_lists)), per_post),
                         "key": key_of_spelling[spelling_codes], "spelling": spelling_codes})
    once_per_post = ~uses.duplicated(["post", "spelling"]).to_numpy()
    posts_of_spelling = np.bincount(spelling_codes[once_per_post], minlength=len(spellings))
    uses = uses[~uses.duplicated(["post", "key"])].reset_index(drop=True)
    return uses, [str(k) for k in keys], [str(s) for s in spellings], posts_of_spelling


def _pair_counts(uses: pd.DataFrame, keys: list[str]) -> dict[tuple[str, str], int]:
    """Posts using each pair of different tags, keyed by the pair in alphabetical order."""
    tags_in_post = uses.groupby("post")["key"].transform("size")
    multi = uses.loc[tags_in_post > 1, ["post", "key"]]
    if multi.empty:
        return {}
    joined = multi.merge(multi, on="post", suffixes=("_a", "_b"))
    joined = joined[joined["key_a"] < joined["key_b"]]
    together = joined.groupby(["key_a", "key_b"], sort=False).size()
    result = {}
    for (a, b), number in together.items():
        pair = (keys[a], keys[b]) if keys[a] < keys[b] else (keys[b], keys[a])
        result[pair] = int(number)
    return result


def _count_words(table: pd.DataFrame, uses: pd.DataFrame, keys: list[str], counts: HashtagCounts,
                 stopwords: frozenset[str]) -> None:
    """Posts using each content word, overall and together with the tracked tag."""
    texts = table["clean_text"] if "clean_text" in table else table["text"]
    word_sets = [{w for w in _WORD_OR_ENTITY_RE.findall(text.casefold()) if w and w not in stopwords}
                 for text in texts.fillna("").astype(object)]
    counts.word_posts.update(chain.from_iterable(word_sets))
    if counts.track in keys:
        tracked_posts = uses.loc[uses["key"] == keys.index(counts.track), "post"].tolist()
        counts.word_posts_with_track.update(chain.from_iterable(word_sets[p] for p in tracked_posts))
