"""Hashtags: which tags carry a debate, which variants compete, what travels with what.

Tags are grouped case-insensitively (casefold) and shown in their most common
spelling. Counting (`count_hashtags`, hashtag_counts.py) is split from tabulating
(`tabulate_hashtags`, here) so the counts of chunks of a large table can be merged before
the tables are built; `analyse_hashtags` does both for a table in memory. Timelines and
lifecycles live in hashtag_time.py, variants and takeovers in hashtag_variants.py. Every rule that decides something
(variants, takeovers, lifecycle stages, suggestions) is stated in `HashtagAnalysis.rules`
so the report can print it beside the result.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ReplyscopeError
from .hashtag_counts import HOUR_NS, HashtagCounts, count_hashtags
from .hashtag_time import (
    EMERGING_MULTIPLE,
    FADING_FRACTION,
    HOURLY_SPAN_HOURS,
    TAKEOVER_MIN_POSTS,
    TAKEOVER_WINDOW,
    Periods,
    lifecycle_table,
    on_timeline,
    span_hours,
    timeline_table,
)
from .hashtag_variants import (
    ACRONYM_MIN_WORDS,
    EDIT_MIN_LENGTH,
    EDIT_TWO_MIN_LENGTH,
    VARIANT_PREFIXES,
    VARIANT_SUFFIXES,
    VARIANT_VOCABULARY,
    variant_groups,
    variant_tables,
)

if TYPE_CHECKING:
    import networkx as nx


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
    network_tags: pd.DataFrame      # the co-occurrence network's nodes: key -> tag, posts, authors
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

    @cached_property
    def graph(self) -> "nx.Graph":
        """Co-occurrence network: nodes = the top tags and every tag in a kept pair, edges = the kept pairs.

        Built when first asked for (a report draws or writes it), so an analysis does not load networkx.
        """
        import networkx as nx

        graph = nx.Graph()
        for key, label, posts, authors in zip(self.network_tags.index, self.network_tags["tag"],
                                              self.network_tags["posts"], self.network_tags["authors"]):
            graph.add_node(key, label=str(label), posts=int(posts), authors=int(authors))
        for row in self.pairs.itertuples(index=False):
            graph.add_edge(row.key_a, row.key_b, posts=int(row.posts_together), jaccard=float(row.jaccard),
                           npmi=float(row.npmi))
        return graph

    def groups(self) -> list[str]:
        """The variant groups' names, biggest group first."""
        return list(dict.fromkeys(self.variants["group"])) if not self.variants.empty else []


def analyse_hashtags(table: pd.DataFrame, *, top_n: int = 25, min_pair_count: int = 3, track: str | None = None,
                     keep_reposts: bool = False, stopwords: frozenset[str] | None = None) -> HashtagAnalysis:
    """Return every hashtag result for a reply table (see count_hashtags and tabulate_hashtags).

    Reads hashtags, text, clean_text, author, created_at, likes, retweets, is_repost.
    `track` ("#PCC" or "PCC") adds the also-follow suggestions for that tag, leaving out
    `stopwords` (the thread language's; English when not given).
    """
    counts = count_hashtags(table, track=track, keep_reposts=keep_reposts, stopwords=stopwords)
    return tabulate_hashtags(counts, top_n=top_n, min_pair_count=min_pair_count)


def tabulate_hashtags(counts: HashtagCounts, *, top_n: int = 25, min_pair_count: int = 3) -> HashtagAnalysis:
    """Build every hashtag table, the graph and the stated rules from (merged) counts."""
    tags = _tag_table(counts)
    top = tags.head(top_n)
    pairs = _pair_table(counts, tags, min_pair_count)
    groups, reasons = variant_groups(counts, tags, min_pair_count)
    timed, off_timeline = on_timeline(counts)
    granularity = "hour" if span_hours(timed) < HOURLY_SPAN_HOURS else "day"
    periods = Periods.from_counts(timed, granularity, {*top.index, *chain.from_iterable(groups)})
    variants, takeovers, variant_timeline = variant_tables(groups, reasons, tags, periods, counts)
    lifecycle = lifecycle_table(top, timed)
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
        timeline=timeline_table(top, periods),
        variant_timeline=variant_timeline,
        lifecycle=lifecycle,
        suggestions=_suggestion_table(counts, tags, min_pair_count, groups),
        network_tags=_network_tags(top, pairs, tags),
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


def _network_tags(top: pd.DataFrame, pairs: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """The network's nodes: the top tags, then every other tag in a kept pair, in order of first appearance."""
    keys = list(dict.fromkeys([*top.index, *pairs["key_a"], *pairs["key_b"]]))
    return tags.loc[keys, ["tag", "posts", "authors"]] if keys else tags[["tag", "posts", "authors"]].iloc[:0]


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
