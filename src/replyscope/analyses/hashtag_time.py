"""Hashtags over time: the timeline's periods, each tag's lifecycle stage and the takeover rule.

All of it is computed from merged HashtagCounts (posts per tag per hour), never from the
posts themselves, so it works the same on one table and on a cluster's partitions.
"""

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .hashtag_counts import HashtagCounts

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
# Lifecycle: a tag whose last-quarter share is under this fraction of its peak is fading;
# one whose last quarter is its peak and at least this multiple of every earlier quarter is emerging.
FADING_FRACTION = 0.5
EMERGING_MULTIPLE = 2.0


def on_timeline(counts: HashtagCounts) -> tuple[HashtagCounts, int]:
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


def span_hours(counts: HashtagCounts) -> int:
    return max(counts.hourly_posts) - min(counts.hourly_posts) if counts.hourly_posts else 0


@dataclass
class Periods:
    """Posts per period (whole days or hours since the epoch) for the tags shown, and for all posts."""

    divisor: int                      # hours per period
    span: np.ndarray                  # every period from the first post's to the last's
    all_posts: np.ndarray             # all posts in each period of the span
    by_key: dict[str, pd.Series]      # key -> posts per period (only periods it was used in)

    @classmethod
    def from_counts(cls, counts: HashtagCounts, granularity: str, keys: set[str]) -> "Periods":
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


def timeline_table(top: pd.DataFrame, periods: Periods) -> pd.DataFrame:
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


def lifecycle_table(top: pd.DataFrame, counts: HashtagCounts) -> pd.DataFrame:
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
