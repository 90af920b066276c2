"""Hashtags: which tags carry a debate, which variants compete, what travels with what.

Tags are grouped case-insensitively (casefold) and shown in their most common
spelling. Counting (`count_hashtags`) is split from tabulating (`tabulate_hashtags`)
so the counts of chunks of a large table can be merged before the tables are built;
`analyse_hashtags` does both for a table in memory. Every rule that decides something
(variants, takeovers, lifecycle stages, suggestions) is stated in `HashtagAnalysis.rules`
so the report can print it beside the result.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ReplyscopeError
from ..text import language

# Data spanning less than this is followed hour by hour, otherwise day by day.
HOURLY_SPAN_HOURS = 72
# The timeline covers where the posts are: from the 5th to the 95th percentile of their dates, widened
# on each side by three times that stretch (at least 30 days each way); posts dated far outside it
# (a 1970 epoch-zero date, a 2099 typo) are counted but left off the timeline ...
TIMELINE_CORE_QUANTILES = (0.05, 0.95)
TIMELINE_MARGIN_FACTOR = 3
TIMELINE_MIN_MARGIN_HOURS = 30 * 24
# ... which never has more periods than this: a longer stretch keeps its busiest window of this many.
MAX_TIMELINE_PERIODS = 3660
# Takeovers compare each variant's posts over this many trailing periods (days or hours).
TAKEOVER_WINDOW = 7
# ... and need the new leader to have at least this many posts from the crossover on (one post is no takeover).
TAKEOVER_MIN_POSTS = 5
# Variant detection looks at this many of the most used tags (edit distance is pairwise).
VARIANT_VOCABULARY = 2000
# Affixes that make a variant of a tag: #MyPCC, #ThePCC, #OurNHS, #UKPCC, #BrexitUK.
VARIANT_PREFIXES = ("my", "the", "our", "uk")
VARIANT_SUFFIXES = ("uk",)
# A variant's root keeps at least this many characters (so #uk is not a root of #ukip).
MIN_ROOT_LENGTH = 3
# Tags this long or longer are variants when one or two typing edits apart.
EDIT_MIN_LENGTH = 8
EDIT_TWO_MIN_LENGTH = 12
# CamelCase tags of at least this many words have an acronym (#BuildBackBetter ~ #BBB).
ACRONYM_MIN_WORDS = 3
# Lifecycle: a tag whose last-quarter share is under this fraction of its peak is fading;
# one whose last quarter is its peak and at least this multiple of every earlier quarter is emerging.
FADING_FRACTION = 0.5
EMERGING_MULTIPLE = 2.0

HOUR_NS = 3_600_000_000_000
_DIGITS_RE = re.compile(r"\D")
_TRAILING_YEAR_RE = re.compile(r"(?<=\D)(?:(?:19|20)\d\d|\d\d)$")
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


@dataclass
class HashtagAnalysis:
    """Every hashtag result as DataFrames, the co-occurrence graph, and the rules that produced them."""

    hashtags: pd.DataFrame          # the top tags
    pairs: pd.DataFrame             # tags used together, with association measures
    variants: pd.DataFrame          # tags grouped as variants of one another
    takeovers: pd.DataFrame         # groups in which one variant overtook another
    timeline: pd.DataFrame          # posts per period for the top tags
    variant_timeline: pd.DataFrame  # posts per period for each variant group's members
    lifecycle: pd.DataFrame         # each top tag's stage
    suggestions: pd.DataFrame       # what to also follow besides the tracked tag
    graph: nx.Graph                 # co-occurrence network: nodes = tags, edges = pairs
    rules: dict[str, str]           # rule name -> the sentence the report prints
    granularity: str                # "day" or "hour"
    posts: int                      # posts analysed
    tagged_posts: int               # of which with a tag
    track: str | None = None        # the tracked tag as shown, if any
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """CSV name -> table, for the table writers."""
        return {"hashtags": self.hashtags, "hashtag_pairs": self.pairs, "hashtag_variants": self.variants,
                "hashtag_takeovers": self.takeovers, "hashtag_timeline": self.timeline,
                "hashtag_variant_timeline": self.variant_timeline, "hashtag_lifecycle": self.lifecycle,
                "hashtag_suggestions": self.suggestions}

    def groups(self) -> list[str]:
        """The variant groups' names, biggest group first."""
        return list(dict.fromkeys(self.variants["group"])) if not self.variants.empty else []


def analyse_hashtags(table: pd.DataFrame, *, top_n: int = 25, min_pair_count: int = 3, track: str | None = None,
                     keep_reposts: bool = False) -> HashtagAnalysis:
    """Return every hashtag result for a reply table (see count_hashtags and tabulate_hashtags).

    Reads hashtags, text, clean_text, author, created_at, likes, retweets, is_repost.
    `track` ("#PCC" or "PCC") adds the also-follow suggestions for that tag.
    """
    counts = count_hashtags(table, track=track, keep_reposts=keep_reposts)
    return tabulate_hashtags(counts, top_n=top_n, min_pair_count=min_pair_count)


def tag_key(tag: str) -> str:
    """The key a tag is grouped under: without '#', casefolded ('#MyPCC' -> 'mypcc')."""
    return tag.strip().lstrip("#＃").casefold()


def count_hashtags(table: pd.DataFrame, *, track: str | None = None, keep_reposts: bool = False) -> HashtagCounts:
    """Count tag use in the table's posts; merge the results of chunks with HashtagCounts.merge.

    Reads hashtags, text, clean_text (for words, only with `track`), author, created_at,
    likes, retweets and is_repost. Reposts are left out unless `keep_reposts`: they
    repeat someone else's tags. Missing likes/reposts are left out of sums and means.
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
        _count_words(table, uses, keys, counts)
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


def _count_words(table: pd.DataFrame, uses: pd.DataFrame, keys: list[str], counts: HashtagCounts) -> None:
    """Posts using each content word, overall and together with the tracked tag."""
    texts = table["clean_text"] if "clean_text" in table else table["text"]
    stopwords = language().stopwords
    word_sets = [{w for w in _WORD_OR_ENTITY_RE.findall(text.casefold()) if w and w not in stopwords}
                 for text in texts.fillna("").astype(object)]
    counts.word_posts.update(chain.from_iterable(word_sets))
    if counts.track in keys:
        tracked_posts = uses.loc[uses["key"] == keys.index(counts.track), "post"].tolist()
        counts.word_posts_with_track.update(chain.from_iterable(word_sets[p] for p in tracked_posts))


def tabulate_hashtags(counts: HashtagCounts, *, top_n: int = 25, min_pair_count: int = 3) -> HashtagAnalysis:
    """Build every hashtag table, the graph and the stated rules from (merged) counts."""
    tags = _tag_table(counts)
    top = tags.head(top_n)
    pairs = _pair_table(counts, tags, min_pair_count)
    groups, reasons = _variant_groups(counts, tags, min_pair_count)
    timed, off_timeline = _on_timeline(counts)
    granularity = "hour" if _span_hours(timed) < HOURLY_SPAN_HOURS else "day"
    periods = _Periods.from_counts(timed, granularity, {*top.index, *chain.from_iterable(groups)})
    variants, takeovers, variant_timeline = _variant_tables(groups, reasons, tags, periods, counts)
    lifecycle = _lifecycle_table(top, timed)
    notes = []
    if off_timeline:
        start, end = (pd.Timestamp(hour * HOUR_NS, tz="UTC") for hour in (min(timed.hourly_posts), max(timed.hourly_posts)))
        posts = "1 post is" if off_timeline == 1 else f"{off_timeline:,} posts are"
        notes.append(f"{posts} dated far from the rest (outside {start:%d %b %Y} to {end:%d %b %Y}, where the posts "
                     "are): counted, but left out of the timeline and lifecycle.")
    if counts.reposts_left_out:
        notes.append(f"{counts.reposts_left_out:,} reposts/retweets left out: they repeat someone else's tags.")
    undated = counts.posts - counts.dated_posts
    if undated:
        posts = "1 post has" if undated == 1 else f"{undated:,} posts have"
        notes.append(f"{posts} no date: counted, but left out of the timeline and lifecycle.")
    if counts.hourly_posts and lifecycle.empty and not top.empty:
        notes.append("The posts span under four hours: too short to tell which tags are rising or fading.")
    track_shown = None
    if counts.track:
        track_shown = str(tags.at[counts.track, "tag"]) if counts.track in tags.index else counts.track
    return HashtagAnalysis(
        hashtags=_top_table(top, counts),
        pairs=pairs,
        variants=variants,
        takeovers=takeovers,
        timeline=_timeline_table(top, periods),
        variant_timeline=variant_timeline,
        lifecycle=lifecycle,
        suggestions=_suggestion_table(counts, tags, min_pair_count, groups),
        graph=_graph(top, pairs, tags),
        rules=_rules(granularity, min_pair_count, counts),
        granularity=granularity,
        posts=counts.posts,
        tagged_posts=counts.tagged_posts,
        track=track_shown,
        notes=notes,
    )


def _tag_table(counts: HashtagCounts) -> pd.DataFrame:
    """Every tag, indexed by key, with its shown spelling, posts and authors; most used first."""
    if not counts.tag_posts:
        return pd.DataFrame({"tag": pd.Series(dtype=object), "posts": pd.Series(dtype=np.int64),
                             "authors": pd.Series(dtype=np.int64), "spellings": pd.Series(dtype=object)})
    spelled = pd.DataFrame([(k, s, n) for (k, s), n in counts.spellings.items()], columns=["key", "spelling", "posts"])
    spelled = spelled.sort_values(["key", "posts", "spelling"], ascending=[True, False, True])
    shown = spelled.groupby("key", sort=False)["spelling"].first()
    several = spelled[spelled.duplicated("key", keep=False)]
    described = pd.Series([f"{s} ({n:,})" for s, n in zip(several["spelling"], several["posts"])],
                          index=several["key"], dtype=object)
    listed = described.groupby(level=0, sort=False).agg(", ".join)
    authors = pd.Series(Counter(key for key, _ in counts.author_posts), dtype=np.int64)
    tags = pd.DataFrame({"posts": pd.Series(counts.tag_posts, dtype=np.int64)})
    tags["tag"] = shown.reindex(tags.index)
    tags["authors"] = authors.reindex(tags.index).fillna(0).astype(np.int64)
    tags["spellings"] = listed.reindex(tags.index).fillna("")
    tags.index.name = "key"
    tags = tags.assign(_key=tags.index).sort_values(["posts", "authors", "_key"], ascending=[False, False, True])
    return tags.drop(columns="_key")[["tag", "posts", "authors", "spellings"]]


def _top_table(top: pd.DataFrame, counts: HashtagCounts) -> pd.DataFrame:
    keys = list(top.index)
    likes_known = np.array([counts.likes_known.get(k, 0) for k in keys], dtype=float)
    reposts_known = np.array([counts.reposts_known.get(k, 0) for k in keys], dtype=float)
    likes = np.array([counts.likes.get(k, 0) for k in keys], dtype=float)
    reposts = np.array([counts.reposts.get(k, 0) for k in keys], dtype=float)
    posts = top["posts"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame({
            "tag": top["tag"].to_numpy(dtype=object),
            "posts": top["posts"].to_numpy(),
            "share_of_posts": posts / counts.posts if counts.posts else posts,
            "authors": top["authors"].to_numpy(),
            "likes_total": pd.array([int(v) if n else pd.NA for v, n in zip(likes, likes_known)], dtype="Int64"),
            "likes_mean": np.where(likes_known > 0, likes / likes_known, np.nan),
            "likes_known": likes_known.astype(np.int64),
            "reposts_total": pd.array([int(v) if n else pd.NA for v, n in zip(reposts, reposts_known)], dtype="Int64"),
            "reposts_mean": np.where(reposts_known > 0, reposts / reposts_known, np.nan),
            "reposts_known": reposts_known.astype(np.int64),
            "first_seen": pd.to_datetime([counts.first_seen.get(k) for k in keys], utc=True),
            "last_seen": pd.to_datetime([counts.last_seen.get(k) for k in keys], utc=True),
            "characters": [len(t) + 1 for t in top["tag"]],
            "length_share": np.array([counts.length_share.get(k, 0.0) for k in keys]) / np.maximum(posts, 1),
            "spellings": top["spellings"].to_numpy(dtype=object),
        })
    return table


def _pair_table(counts: HashtagCounts, tags: pd.DataFrame, min_pair_count: int) -> pd.DataFrame:
    """Pairs used together in at least min_pair_count posts, most associated first (Jaccard)."""
    columns = ["tag_a", "tag_b", "posts_together", "posts_a", "posts_b", "jaccard", "npmi", "key_a", "key_b"]
    kept = [(a, b, n) for (a, b), n in counts.pairs.items() if n >= min_pair_count]
    if not kept:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    pairs = pd.DataFrame(kept, columns=["key_a", "key_b", "posts_together"])
    pairs["posts_a"] = tags["posts"].reindex(pairs["key_a"]).to_numpy()
    pairs["posts_b"] = tags["posts"].reindex(pairs["key_b"]).to_numpy()
    together = pairs["posts_together"].to_numpy(dtype=float)
    pairs["jaccard"] = together / (pairs["posts_a"] + pairs["posts_b"] - together)
    pairs["npmi"] = [_npmi(n, a, b, counts.posts) for n, a, b in
                     zip(together, pairs["posts_a"], pairs["posts_b"])]
    pairs["tag_a"] = tags["tag"].reindex(pairs["key_a"]).to_numpy()
    pairs["tag_b"] = tags["tag"].reindex(pairs["key_b"]).to_numpy()
    pairs = pairs.sort_values(["jaccard", "posts_together", "key_a", "key_b"], ascending=[False, False, True, True])
    return pairs[columns].reset_index(drop=True)


def _npmi(together: float, posts_a: int, posts_b: int, posts: int) -> float:
    """Normalised pointwise mutual information: 1 = always together, 0 = independent, -1 = never."""
    if together >= posts:
        return 1.0
    p_ab, p_a, p_b = together / posts, posts_a / posts, posts_b / posts
    return math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)


def _graph(top: pd.DataFrame, pairs: pd.DataFrame, tags: pd.DataFrame) -> nx.Graph:
    """Co-occurrence network: the top tags and every tag in a kept pair; edges are the kept pairs."""
    graph = nx.Graph()
    for key in dict.fromkeys([*top.index, *pairs["key_a"], *pairs["key_b"]]):
        graph.add_node(key, label=str(tags.at[key, "tag"]), posts=int(tags.at[key, "posts"]),
                       authors=int(tags.at[key, "authors"]))
    for row in pairs.itertuples(index=False):
        graph.add_edge(row.key_a, row.key_b, posts=int(row.posts_together), jaccard=float(row.jaccard),
                       npmi=float(row.npmi))
    return graph


def _on_timeline(counts: HashtagCounts) -> tuple[HashtagCounts, int]:
    """The counts with only the hours the timeline shows (see TIMELINE_CORE_QUANTILES), and how many posts fell outside.

    Bins then follow where the posts are, and their number stays bounded, however far
    apart the stray dates: one post in 1970 and one in 2099 would otherwise ask for
    47,000 daily periods.
    """
    if not counts.hourly_posts:
        return counts, 0
    hours = np.array(sorted(counts.hourly_posts), dtype=np.int64)
    posts = np.array([counts.hourly_posts[h] for h in hours], dtype=np.int64)
    cumulative = np.cumsum(posts)
    low, high = (hours[np.searchsorted(cumulative, q * cumulative[-1])] for q in TIMELINE_CORE_QUANTILES)
    margin = max(TIMELINE_MIN_MARGIN_HOURS, TIMELINE_MARGIN_FACTOR * int(high - low))
    kept = (hours >= low - margin) & (hours <= high + margin)
    longest = MAX_TIMELINE_PERIODS * 24
    if hours[kept].max() - hours[kept].min() >= longest:  # still too long: its busiest stretch of that length
        starts, kept_posts = hours[kept], np.cumsum(posts[kept])
        ends = np.searchsorted(starts, starts + longest, side="left") - 1
        busiest = int(np.argmax(kept_posts[ends] - kept_posts + posts[kept]))
        kept &= (hours >= starts[busiest]) & (hours <= starts[ends[busiest]])
    if kept.all():
        return counts, 0
    shown = set(hours[kept].tolist())
    timed = HashtagCounts(track=counts.track)
    timed.hourly_posts = Counter({h: n for h, n in counts.hourly_posts.items() if h in shown})
    timed.hourly = Counter({(k, h): n for (k, h), n in counts.hourly.items() if h in shown})
    return timed, int(posts[~kept].sum())


def _span_hours(counts: HashtagCounts) -> int:
    return max(counts.hourly_posts) - min(counts.hourly_posts) if counts.hourly_posts else 0


@dataclass
class _Periods:
    """Posts per period (whole days or hours since the epoch) for the tags shown, and for all posts."""

    divisor: int                      # hours per period
    span: np.ndarray                  # every period from the first post's to the last's
    all_posts: np.ndarray             # all posts in each period of the span
    by_key: dict[str, pd.Series]      # key -> posts per period (only periods it was used in)

    @classmethod
    def from_counts(cls, counts: HashtagCounts, granularity: str, keys: set[str]) -> "_Periods":
        divisor = 24 if granularity == "day" else 1
        if not counts.hourly_posts:
            return cls(divisor, np.array([], dtype=np.int64), np.array([], dtype=np.int64), {})
        all_posts = pd.Series(counts.hourly_posts, dtype=np.int64)
        all_posts = all_posts.groupby(all_posts.index // divisor).sum()
        span = np.arange(all_posts.index.min(), all_posts.index.max() + 1)
        used = pd.DataFrame([(k, h // divisor, n) for (k, h), n in counts.hourly.items() if k in keys],
                            columns=["key", "period", "posts"])
        by_key = {key: rows.groupby("period")["posts"].sum() for key, rows in used.groupby("key")}
        return cls(divisor, span, all_posts.reindex(span, fill_value=0).to_numpy(), by_key)

    def posts(self, key: str, span: np.ndarray) -> np.ndarray:
        """The key's posts in each period of `span`, zeros where unused."""
        if key not in self.by_key:
            return np.zeros(len(span), dtype=np.int64)
        return self.by_key[key].reindex(span, fill_value=0).to_numpy(dtype=np.int64)

    def starts(self, span: np.ndarray) -> pd.DatetimeIndex:
        """When each period of `span` begins, in UTC."""
        return pd.to_datetime(np.asarray(span, dtype=np.int64) * self.divisor * 3600, unit="s", utc=True)


def _timeline_table(top: pd.DataFrame, periods: _Periods) -> pd.DataFrame:
    """Posts per period for each top tag, every period of the span listed (zeros included)."""
    columns = ["period", "tag", "posts", "period_posts", "share"]
    if not len(periods.span) or top.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    starts = periods.starts(periods.span)
    with np.errstate(invalid="ignore", divide="ignore"):
        frames = [pd.DataFrame({"period": starts, "tag": shown, "posts": periods.posts(key, periods.span),
                                "period_posts": periods.all_posts,
                                "share": np.where(periods.all_posts > 0,
                                                  periods.posts(key, periods.span) / periods.all_posts, np.nan)})
                  for key, shown in zip(top.index, top["tag"])]
    return pd.concat(frames, ignore_index=True)


def lifecycle_stage(quarter_shares) -> str:
    """The stage of a tag from its share of posts in each quarter of the span (see the lifecycle rule)."""
    shares = [float(s) for s in quarter_shares]
    last, peak, earlier = shares[-1], max(shares), max(shares[:-1])
    if last <= 0:
        return "dormant"
    if last >= peak and last >= EMERGING_MULTIPLE * earlier:
        return "emerging"
    if last >= FADING_FRACTION * peak:
        return "peaking"
    return "fading"


def _lifecycle_table(top: pd.DataFrame, counts: HashtagCounts) -> pd.DataFrame:
    """Each top tag's share of posts in the four quarters of the span, and its stage."""
    columns = ["tag", "posts", "first_seen", "last_seen", "share_q1", "share_q2", "share_q3", "share_q4",
               "peak_quarter", "stage"]
    start, end = (min(counts.hourly_posts), max(counts.hourly_posts)) if counts.hourly_posts else (0, 0)
    if end - start + 1 < 4 or top.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})

    def quarter(hour: int) -> int:
        return min(3, (hour - start) * 4 // (end - start + 1))

    all_posts = np.zeros(4)
    for hour, number in counts.hourly_posts.items():
        all_posts[quarter(hour)] += number
    in_quarter = {key: np.zeros(4) for key in top.index}
    for (key, hour), number in counts.hourly.items():
        if key in in_quarter:
            in_quarter[key][quarter(hour)] += number
    rows = []
    for key, shown, posts in zip(top.index, top["tag"], top["posts"]):
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = np.where(all_posts > 0, in_quarter[key] / np.maximum(all_posts, 1), 0.0)
        rows.append((shown, posts, counts.first_seen.get(key), counts.last_seen.get(key), *shares,
                     int(np.argmax(shares)) + 1, lifecycle_stage(shares)))
    table = pd.DataFrame(rows, columns=columns)
    table["first_seen"] = pd.to_datetime(table["first_seen"], utc=True)
    table["last_seen"] = pd.to_datetime(table["last_seen"], utc=True)
    return table


def variant_root(key: str) -> str:
    """The root two variant tags share: affixes, a trailing year and a plural removed ('mypcc2016s' -> 'pcc')."""
    root = key.replace("_", "")
    for prefix in VARIANT_PREFIXES:
        if root.startswith(prefix) and len(root) - len(prefix) >= MIN_ROOT_LENGTH:
            root = root[len(prefix):]
            break
    without_year = _TRAILING_YEAR_RE.sub("", root)
    if len(without_year) >= MIN_ROOT_LENGTH:
        root = without_year
    for suffix in VARIANT_SUFFIXES:
        if root.endswith(suffix) and len(root) - len(suffix) >= MIN_ROOT_LENGTH:
            root = root[:-len(suffix)]
            break
    if root.endswith("es") and root[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(root) - 2 >= MIN_ROOT_LENGTH:
        root = root[:-2]
    elif root.endswith("s") and not root.endswith("ss") and len(root) - 1 >= MIN_ROOT_LENGTH:
        root = root[:-1]
    return root


def camel_words(spelling: str) -> list[str]:
    """Split a tag at case changes, digits and underscores: 'BuildBackBetter2020' -> Build, Back, Better, 2020."""
    words: list[str] = []
    current = ""
    for index, char in enumerate(spelling):
        previous = current[-1] if current else ""
        following = spelling[index + 1] if index + 1 < len(spelling) else ""
        starts_word = bool(current) and (
            char == "_" or previous == "_"
            or (char.isupper() and previous.islower())
            or (char.isupper() and previous.isupper() and following.islower())
            or (char.isdigit() != previous.isdigit()))
        if starts_word:
            words.append(current)
            current = ""
        if char != "_":
            current += char
    if current:
        words.append(current)
    return words


def acronym(spelling: str) -> str | None:
    """The acronym of a CamelCase tag of three or more words ('BuildBackBetter' -> 'bbb'), else None."""
    lettered = [w for w in camel_words(spelling) if w[0].isalpha()]
    if len(lettered) < ACRONYM_MIN_WORDS:
        return None
    return "".join(w[0] for w in lettered).casefold()


def edit_distance(a: str, b: str, limit: int) -> int:
    """Typing edits between a and b (insert, delete, substitute, swap neighbours), or limit + 1 if more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _edits_allowed(key: str) -> int:
    if len(key) >= EDIT_TWO_MIN_LENGTH:
        return 2
    return 1 if len(key) >= EDIT_MIN_LENGTH else 0


def _deletions(key: str, depth: int) -> set[str]:
    found = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {s[:i] + s[i + 1:] for s in frontier for i in range(len(s))}
        found |= frontier
    return found


def _variant_groups(counts: HashtagCounts, tags: pd.DataFrame, min_pair_count: int
                    ) -> tuple[list[list[str]], dict[str, list[str]]]:
    """Groups of variant keys (each biggest first; groups biggest first) and why each key joined."""
    vocabulary = list(tags.index[:VARIANT_VOCABULARY])
    parent = {key: key for key in vocabulary}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    reasons: dict[str, list[str]] = {key: [] for key in vocabulary}

    def link(a, b, why_a, why_b):
        reasons[a].append(why_a)
        reasons[b].append(why_b)
        parent[find(a)] = find(b)

    shown = tags["tag"]
    by_root: dict[str, list[str]] = {}
    for key in vocabulary:
        by_root.setdefault(variant_root(key), []).append(key)
    for root, keys in by_root.items():
        for other in keys[1:]:
            why = f"same root '{root}'"
            link(keys[0], other, f"{why} as #{shown[other]}", f"{why} as #{shown[keys[0]]}")

    by_deletion: dict[str, list[str]] = {}
    for key in vocabulary:
        if _edits_allowed(key):
            for deleted in _deletions(key, _edits_allowed(key)):
                by_deletion.setdefault(deleted, []).append(key)
    checked = set()
    for keys in by_deletion.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if (a, b) in checked or find(a) == find(b) or _DIGITS_RE.sub("", a) != _DIGITS_RE.sub("", b):
                    continue
                checked.add((a, b))
                allowed = min(_edits_allowed(a), _edits_allowed(b))
                edits = edit_distance(a, b, allowed)
                if edits <= allowed:
                    plural = "edit" if edits == 1 else "edits"
                    link(a, b, f"{edits} {plural} from #{shown[b]}", f"{edits} {plural} from #{shown[a]}")

    in_vocabulary = set(vocabulary)
    acronyms = {(key, acronym(spelling)) for key, spelling in counts.spellings if key in in_vocabulary}
    for key, short in sorted((key, short) for key, short in acronyms if short in in_vocabulary and short != key):
        together = counts.pairs.get(tuple(sorted((key, short))), 0)
        if together >= min_pair_count:
            link(short, key, f"acronym of #{shown[key]}, together in {together:,} posts",
                 f"#{shown[short]} is its acronym, together in {together:,} posts")

    members: dict[str, list[str]] = {}
    for key in vocabulary:
        members.setdefault(find(key), []).append(key)
    groups = [keys for keys in members.values() if len(keys) > 1]
    posts = tags["posts"]
    groups = [sorted(keys, key=lambda k: (-posts[k], k)) for keys in groups]
    groups.sort(key=lambda keys: (-int(posts[keys].sum()), keys[0]))
    return groups, reasons


def takeover(series: dict[str, np.ndarray], first_used: dict[str, pd.Timestamp], window: int = TAKEOVER_WINDOW,
             min_posts: int = TAKEOVER_MIN_POSTS) -> tuple[str | None, str | None, int | None, list[str]]:
    """Apply the takeover rule to variants' posts per period (equal-length arrays, same periods).

    Returns (incumbent, challenger, index of the crossover period, leader of each period);
    incumbent, challenger and index are None when the final leader led from the start,
    or has fewer than `min_posts` posts from the crossover on.
    """
    names = sorted(series, key=lambda name: (first_used.get(name) or pd.Timestamp.max.tz_localize("UTC"), name))
    trailing = {name: np.convolve(series[name], np.ones(window, dtype=np.int64))[:len(series[name])]
                for name in names}
    leaders: list[str] = []
    leader = names[0]
    for period in range(len(series[names[0]])):
        best = max(names, key=lambda name: trailing[name][period])
        if trailing[best][period] > trailing[leader][period]:
            leader = best
        leaders.append(leader)
    final = leaders[-1]
    since = len(leaders) - 1
    while since > 0 and leaders[since - 1] == final:
        since -= 1
    if since == 0 or series[final][since:].sum() < min_posts:
        return None, None, None, leaders
    return leaders[since - 1], final, since, leaders


def _variant_tables(groups: list[list[str]], reasons: dict[str, list[str]], tags: pd.DataFrame,
                    periods: _Periods, counts: HashtagCounts) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The variants table (one row per member), the takeovers and each group's timeline."""
    variant_rows, takeover_rows, timelines = [], [], []
    for keys in groups:
        group = str(tags.at[keys[0], "tag"])
        crossover = incumbent = challenger = None
        dated = [k for k in keys if k in counts.first_seen]
        if len(dated) > 1:
            first_period = min(counts.first_seen[k] for k in dated).value // (HOUR_NS * periods.divisor)
            group_span = periods.span[periods.span >= first_period]
            series = {k: periods.posts(k, group_span) for k in keys}
            incumbent, challenger, index, _ = takeover(series, counts.first_seen)
            starts = periods.starts(group_span)
            for key in keys:
                trailing = np.convolve(series[key], np.ones(TAKEOVER_WINDOW, dtype=np.int64))[:len(group_span)]
                timelines.append(pd.DataFrame({"period": starts, "group": group, "tag": tags.at[key, "tag"],
                                               "posts": series[key], "trailing_posts": trailing}))
            if challenger is not None:
                crossover = starts[index]
                after = group_span >= group_span[index]
                group_after = sum(int(series[k][after].sum()) for k in keys)
                takeover_rows.append({
                    "group": group, "incumbent": tags.at[incumbent, "tag"], "challenger": tags.at[challenger, "tag"],
                    "crossover": crossover,
                    "incumbent_posts": int(tags.at[incumbent, "posts"]),
                    "challenger_posts": int(tags.at[challenger, "posts"]),
                    "challenger_share_after": int(series[challenger][after].sum()) / group_after,
                })
        for key in keys:
            role = "challenger" if key == challenger else "incumbent" if key == incumbent else "variant"
            variant_rows.append({
                "group": group, "tag": tags.at[key, "tag"], "posts": int(tags.at[key, "posts"]),
                "authors": int(tags.at[key, "authors"]), "first_seen": counts.first_seen.get(key),
                "last_seen": counts.last_seen.get(key), "role": role,
                "overtook_on": crossover if key == challenger else None,
                "linked_by": "; ".join(dict.fromkeys(reasons[key])), "spellings": tags.at[key, "spellings"],
            })
    variant_columns = ["group", "tag", "posts", "authors", "first_seen", "last_seen", "role", "overtook_on",
                       "linked_by", "spellings"]
    takeover_columns = ["group", "incumbent", "challenger", "crossover", "incumbent_posts", "challenger_posts",
                        "challenger_share_after"]
    timeline_columns = ["period", "group", "tag", "posts", "trailing_posts"]
    variants = pd.DataFrame(variant_rows, columns=variant_columns)
    for column in ("first_seen", "last_seen", "overtook_on"):
        variants[column] = pd.to_datetime(variants[column], utc=True)
    takeovers = pd.DataFrame(takeover_rows, columns=takeover_columns)
    takeovers["crossover"] = pd.to_datetime(takeovers["crossover"], utc=True)
    variant_timeline = (pd.concat(timelines, ignore_index=True) if timelines
                        else pd.DataFrame({c: pd.Series(dtype=object) for c in timeline_columns}))
    return variants, takeovers, variant_timeline


def _suggestion_table(counts: HashtagCounts, tags: pd.DataFrame, min_count: int,
                      groups: list[list[str]]) -> pd.DataFrame:
    """Tags and words that travel with the tracked tag, most over-represented (lift) first."""
    columns = ["kind", "item", "together", "posts", "share_of_tracked", "lift", "variant_of_tracked"]
    if not counts.track:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    tracked = counts.track
    if tracked not in counts.tag_posts:
        known = ", ".join(f"#{t}" for t in tags["tag"].head(10))
        raise ReplyscopeError(f"--track #{tracked}: no post uses that hashtag; the most used are: {known}.")
    tracked_posts = counts.tag_posts[tracked]
    same_group = next((set(g) for g in groups if tracked in g), {tracked})
    rows = []
    for (a, b), together in counts.pairs.items():
        if tracked in (a, b) and together >= min_count:
            other = b if a == tracked else a
            rows.append(("hashtag", "#" + str(tags.at[other, "tag"]), together, counts.tag_posts[other],
                         other in same_group))
    for word, together in counts.word_posts_with_track.items():
        if together >= min_count and word != tracked:
            rows.append(("word", word, together, counts.word_posts[word], False))
    table = pd.DataFrame(rows, columns=["kind", "item", "together", "posts", "variant_of_tracked"])
    table["share_of_tracked"] = table["together"] / tracked_posts
    # from whole numbers, so equal lifts are equal floats and ties sort by the next key
    table["lift"] = (table["together"] * counts.posts) / (table["posts"] * tracked_posts)
    table = table.sort_values(["lift", "together", "item"], ascending=[False, False, True])
    return table[columns].reset_index(drop=True)


def _rules(granularity: str, min_pair_count: int, counts: HashtagCounts) -> dict[str, str]:
    period = "day" if granularity == "day" else "hour"
    reposts = ("Reposts/retweets are left out (they repeat someone else's tags)."
               if counts.reposts_left_out or not counts.posts else "")
    return {
        "counting": (
            "A post counts once for each tag it uses, however often the tag is repeated in it. Tags are grouped "
            "ignoring case and shown in their most common spelling. Likes and reposts are summed and averaged over "
            "the posts whose counts are known (the 'known' columns); posts with unknown counts are left out of "
            "those figures, never counted as zero. Length share is '#' plus the tag's length over the post's length "
            f"in characters, averaged over the tag's posts. {reposts}").strip(),
        "pairs": (
            f"Two tags are a pair when used together in at least {min_pair_count} posts. Jaccard is the share of "
            "posts using either tag that use both; NPMI (normalised pointwise mutual information) is 1 when the "
            "tags only ever appear together, 0 when they meet as often as chance predicts, negative when less."),
        "variants": (
            "Tags are variants of one another when, after ignoring case and underscores, they share a root once "
            f"a prefix ({', '.join(VARIANT_PREFIXES)}), a suffix ({', '.join(VARIANT_SUFFIXES)}), a trailing year "
            "(2016 or 16) and a plural s/es are removed (#MyPCC ~ #PCC ~ #PCC2016); when tags of "
            f"{EDIT_MIN_LENGTH}+ characters with the same digits are one typing edit apart ({EDIT_TWO_MIN_LENGTH}+ "
            "characters: two); "
            f"or when one is the acronym of the other's CamelCase words ({ACRONYM_MIN_WORDS}+ words) and they are "
            f"used together in at least {min_pair_count} posts (#BuildBackBetter ~ #BBB). Variants of variants "
            f"join the same group. The {VARIANT_VOCABULARY:,} most used tags are compared."),
        "takeover": (
            f"Each {period}, the leading variant of a group is the one with the most posts in the trailing "
            f"{TAKEOVER_WINDOW} {period}s (that {period} included); a tie keeps the previous leader, and the first "
            f"variant used leads until another passes it. The crossover is the first {period} from which the final "
            f"leader leads every {period} to the end of the data; the incumbent is the variant that led just before. "
            f"A group whose final leader led from the start, or has fewer than {TAKEOVER_MIN_POSTS} posts from the "
            "crossover on, has no takeover."),
        "timeline": (
            f"Posts per {period} for the top tags: the data spans "
            f"{'under' if period == 'hour' else 'at least'} {HOURLY_SPAN_HOURS // 24} days."),
        "lifecycle": (
            "The data's span is cut into four equal quarters, and each tag's share of all posts in each quarter "
            "is taken (so a thread that quietens overall does not make every tag look like it is fading). "
            "Dormant: not used in the last quarter. Emerging: the last quarter is its peak and at least "
            f"{EMERGING_MULTIPLE:g} times its share in every earlier quarter. Peaking: its last-quarter share is at "
            f"least {FADING_FRACTION:.0%} of its peak. Fading: used in the last quarter, but at under "
            f"{FADING_FRACTION:.0%} of its peak share."),
        "suggestions": (
            "Also follow: tags used with the tracked tag, and words in those posts (hashtags, @mentions and "
            f"stopwords left out), in at least {min_pair_count} posts together. Lift is the share of the tracked "
            "tag's posts that use the item over the share of all posts that do: 3 means three times as common "
            "beside the tracked tag as elsewhere."),
    }
