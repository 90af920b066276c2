"""The footer every chart carries: where the numbers come from, how many, when, and with which thresholds.

A chart lifted into a slide deck keeps its provenance, as the report around it would have told.
"""

import pandas as pd

from ..analysis import Analysis


def date_range(dates: pd.Series) -> str:
    """'21 Apr 2020 – 10 May 2020', or one date, or 'dates unknown'."""
    known = dates.dropna() if len(dates) else dates
    if known.empty:
        return "dates unknown"
    first, last = known.min(), known.max()
    if first.date() == last.date():
        return f"{first:%d %b %Y} {first:%H:%M}–{last:%H:%M} UTC"
    return f"{first:%d %b %Y} – {last:%d %b %Y}"


def chart_footer(sources: list[str], counted: str, dates: pd.Series, thresholds: str = "",
                 corrections: str = "") -> str:
    """'Source: a.xlsx · n = 55 replies … · 21 Apr 2020 – 10 May 2020 · threshold … · corrections …'."""
    parts = [f"Source: {', '.join(sources) or 'unnamed input'}", f"n = {counted}", date_range(dates)]
    parts += [part for part in (thresholds, corrections) if part]
    return " · ".join(parts)


def corrections_note(analysis: Analysis) -> str:
    """What hand corrections the numbers include ('no corrections' when none)."""
    recoded = next((note for note in analysis.notes if "recoded by hand" in note), None)
    return recoded.replace(" (corrections file)", "") if recoded else "no hand corrections"


def analysis_footers(analysis: Analysis, sources: list[str]) -> dict[str, str]:
    """Footer per chart name: wordcloud, theme_likes (most-liked replies), theme_likes_all, theme_replies, hashtags."""
    coded, settings = analysis.replies, analysis.settings
    dates = coded["created_at"]
    corrections = corrections_note(analysis)
    most_liked = coded[coded["likes"].fillna(0) > settings.min_likes]
    footers = {
        "wordcloud": chart_footer(sources, f"{len(coded):,} replies, words with more than {settings.min_mentions} "
                                  "mentions", dates, "stopwords removed, word forms grouped"),
        "theme_likes": chart_footer(sources, f"{len(most_liked):,} of {len(coded):,} replies", most_liked["created_at"],
                                    f"replies with more than {settings.min_likes} likes, by primary theme", corrections),
        "theme_likes_all": chart_footer(sources, f"{len(coded):,} replies", dates,
                                        "all replies, by primary theme; unknown likes add none", corrections),
        "theme_replies": chart_footer(sources, f"{len(coded):,} replies", dates, "replies by primary theme", corrections),
    }
    if analysis.hashtags is not None:
        footers["hashtags"] = hashtag_footer(analysis.hashtags, sources, dates, settings.min_pair_count)
    return footers


def hashtag_footer(hashtags, sources: list[str], dates: pd.Series, min_pair_count: int) -> str:
    """The footer of the hashtag charts: posts with tags, the dates, the pair threshold."""
    return chart_footer(sources, f"{hashtags.tagged_posts:,} of {hashtags.posts:,} posts with hashtags", dates,
                        f"spellings compared case-blind; pairs need at least {min_pair_count} posts together")
