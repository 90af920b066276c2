"""The first screen: the question the replies answer, one line per headline answer, and the row count.

`headlines(analysis)` returns the answers as a list; the report's first screen, the
briefing pack and the terminal all draw from it, so a new finding (an accuracy
interval, a tone measure) is one more item appended here, shown everywhere.
"""

from dataclasses import dataclass, field

import pandas as pd

from ..analyses.accounts import ORGANISATION_LOBBYING
from ..analyses.hashtags import HashtagAnalysis
from ..analysis import Analysis
from ..codebook import UNCATEGORISED
from .accuracy import ratio_caveat

# The codebook theme whose replies are abuse, set apart from the ideas (the bundled codebook has it).
ABUSE_THEME = "abuse"
# "× the next theme" is shown only when the next theme has at least this many replies:
# a ratio over one or two replies says more about chance than about the thread.
MIN_RATIO_BASE = 5


@dataclass(frozen=True)
class Headline:
    """One answer on the first screen: what it is about, the sentence, its key number, where the evidence is."""

    key: str                  # stable name: "words", "themes", "cited", "lobbying", "abuse", "takeover" ...
    label: str                # short label shown before the sentence
    text: str                 # the answer in one sentence
    target: str               # id of the report section holding the evidence
    number: float | None = None
    # What the explorer shows when the answer is clicked: {"theme": key} or {"q": pattern, "label": text}.
    explore: dict = field(default_factory=dict)


def question(analysis: Analysis, asked: str | None, title: str) -> str:
    """The question the replies answer: the thread's root post, else the one given (--question), else the title."""
    root = analysis.load_report.root_post if analysis.load_report else None
    if root and isinstance(root.get("text"), str) and root["text"].strip():
        return root["text"].strip()
    return (asked or "").strip() or title


def default_title(input_names: list[str]) -> str:
    """A report title naming every input: 'a.jsonl + b.jsonl', not just the first file."""
    return " + ".join(input_names)


def headlines(analysis: Analysis) -> list[Headline]:
    """Every headline answer the analysis supports, in the order the first screen shows them."""
    items = [_words(analysis), _themes(analysis), _cited(analysis), _lobbying(analysis), _abuse(analysis)]
    if analysis.hashtags is not None:
        items.append(takeover_headline(analysis.hashtags))
    return [item for item in items if item is not None]


def _words(analysis: Analysis) -> Headline | None:
    words = analysis.words.head(5)
    if words.empty:
        return None
    listed = ", ".join(f"“{w}” ({n:,}{' mentions' if i == 0 else ''})"
                       for i, (w, n) in enumerate(zip(words["word"], words["mentions"])))
    return Headline("words", "Key words", f"The most used words are {listed}.", "words",
                    float(words["mentions"].iloc[0]))


def theme_ratio(analysis: Analysis) -> tuple[pd.Series, pd.Series, float] | None:
    """The top two primary themes of the most-liked replies and the first's likes over the second's, if meaningful."""
    table = analysis.theme_likes
    if table.empty:
        return None
    first_subset = table[(table["subset"] == table["subset"].iloc[0]) & (table["theme"] != UNCATEGORISED)]
    ranked = first_subset[first_subset["total_likes"].notna()]
    if len(ranked) < 2 or not ranked["total_likes"].iloc[1]:
        return None
    first, second = ranked.iloc[0], ranked.iloc[1]
    return first, second, float(first["total_likes"] / second["total_likes"])


def _themes(analysis: Analysis) -> Headline | None:
    found = theme_ratio(analysis)
    if found is None:
        return None
    first, second, ratio = found
    subset = first["subset"].replace("more than", "replies with more than")
    if second["replies"] >= MIN_RATIO_BASE:
        text = (f"Among {subset}, {first['label']} drew {ratio:.1f}× the likes of the next theme, "
                f"{second['label']} ({first['total_likes']:,} vs {second['total_likes']:,} likes)."
                + ratio_caveat(analysis.validity, first["theme"], second["theme"]))
    else:  # too few replies behind the second theme for a ratio to mean much
        text = (f"Among {subset}, {first['label']} drew the most likes ({first['total_likes']:,}, "
                f"{first['share_of_likes']:.0%} of them); the next theme, {second['label']}, rests on "
                f"{second['replies']} {'reply' if second['replies'] == 1 else 'replies'}.")
    return Headline("themes", "Themes by likes", text, "themes", round(ratio, 1), {"theme": first["theme"]})


def _cited(analysis: Analysis) -> Headline | None:
    cited = analysis.references.cited
    if cited.empty:
        return None
    top = cited.iloc[0]
    likes = "" if pd.isna(top["likes"]) else f", which drew {int(top['likes']):,} likes"
    text = (f"The most-cited idea is {top['label']}: {top['mentions']:,} mentions in "
            f"{top['replies']:,} {'reply' if top['replies'] == 1 else 'replies'}{likes}.")
    return Headline("cited", "Most-cited idea", text, "references", float(top["mentions"]),
                    {"cited": str(top["key"])})


def _lobbying(analysis: Analysis) -> Headline | None:
    lobbying = analysis.accounts.lobbying
    rows = lobbying[lobbying["group"] == ORGANISATION_LOBBYING]
    if rows.empty or not analysis.accounts.replies:
        return None
    row = rows.iloc[0]
    likes = "" if pd.isna(row["share_of_likes"]) else f" and drew {row['share_of_likes']:.1%} of the likes"
    text = (f"Organisations promoting their own work wrote {row['share_of_replies']:.1%} of the replies "
            f"({row['replies']:,} of {analysis.accounts.replies:,}, from {row['accounts']:,} accounts){likes}.")
    return Headline("lobbying", "Lobbying", text, "accounts", float(row["share_of_replies"]), {"theme": "lobbying"})


def _abuse(analysis: Analysis) -> Headline | None:
    if ABUSE_THEME not in analysis.codebook.labels():
        return None
    coded = analysis.replies
    abusive = int((coded["primary_theme"] == ABUSE_THEME).sum())
    share = abusive / len(coded) if len(coded) else 0.0
    text = (f"{abusive:,} {'reply' if abusive == 1 else 'replies'} ({share:.1%}) read as abuse; they are set aside "
            f"in their own theme, so their likes count for no idea." if abusive else
            "No reply matched the codebook's abuse terms (polite hostility slips through word matching).")
    return Headline("abuse", "Abuse", text, "themes", float(share), {"theme": ABUSE_THEME} if abusive else {})


def takeover_headline(hashtags: HashtagAnalysis) -> Headline | None:
    """Which hashtag spelling overtook another, or that none did."""
    if not hashtags.tagged_posts:
        return None
    if not hashtags.takeovers.empty:
        row = hashtags.takeovers.iloc[0]
        when = row["crossover"].strftime("%d %b %Y" if hashtags.granularity == "day" else "%d %b %Y %H:00 UTC")
        text = (f"#{row['challenger']} overtook #{row['incumbent']} on {when} and carried "
                f"{row['challenger_share_after']:.0%} of its group's posts from then on.")
        more = len(hashtags.takeovers) - 1
        if more:
            text += f" {more:,} more {'takeover' if more == 1 else 'takeovers'} below."
        return Headline("takeover", "Hashtag takeover", text, "hashtags", float(row["challenger_share_after"]),
                        {"q": f"#{row['challenger']}", "label": f"#{row['challenger']}"})
    top = hashtags.hashtags.iloc[0] if not hashtags.hashtags.empty else None
    lead = f"; the most used is #{top['tag']} ({top['posts']:,} posts)" if top is not None else ""
    return Headline("takeover", "Hashtag takeover",
                    f"No spelling of a hashtag overtook another{lead}.", "hashtags")


def hashtag_headlines(hashtags: HashtagAnalysis) -> list[Headline]:
    """The hashtag report's first screen: how many posts carry tags, the top tags, the takeover, what is fading."""
    if not hashtags.tagged_posts:
        return [Headline("tagged", "Hashtags", f"None of the {hashtags.posts:,} posts uses a hashtag.", "hashtags")]
    share = hashtags.tagged_posts / hashtags.posts
    top = hashtags.hashtags.head(5)
    items = [
        Headline("tagged", "Posts with hashtags",
                 f"{hashtags.tagged_posts:,} of the {hashtags.posts:,} posts ({share:.0%}) use at least one hashtag.",
                 "hashtags", share),
        Headline("top_tags", "Most used", "The most used are " + ", ".join(
            f"#{t} ({n:,})" for t, n in zip(top["tag"], top["posts"])) + " posts.", "hashtags",
            float(top["posts"].iloc[0]) if len(top) else None),
        takeover_headline(hashtags),
    ]
    if not hashtags.lifecycle.empty:
        stages = hashtags.lifecycle["stage"].value_counts()
        listed = ", ".join(f"{n:,} {stage}" for stage, n in stages.items())
        items.append(Headline("lifecycle", "Rising and fading", f"Of the top tags: {listed}.", "hashtags"))
    return [item for item in items if item is not None]


def row_accounting(analysis: Analysis) -> list[tuple[str, int]]:
    """Where every row read went: analysed, reposts left out, the root post, rows dropped by reason.

    The counts add up to the rows read; anything an importer read but did not report
    is listed as unexplained rather than hidden.
    """
    load = analysis.load_report
    lines = [("replies analysed", len(analysis.replies))]
    if analysis.excluded_reposts:
        lines.append(("reposts/retweets left out of the text analysis", analysis.excluded_reposts))
    if load is None:
        return lines
    if load.root_post:
        lines.append(("the post the replies answer (shown at the top)", 1))
    lines += [(reason, count) for reason, count in load.dropped.most_common()]
    missing = load.rows_read - sum(count for _, count in lines)
    if missing:
        lines.append(("rows not otherwise accounted for", missing))
    return lines
