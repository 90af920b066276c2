"""One call from the reply table to every result: `analyse(table) -> Analysis`.

Each reply is tokenised once; the word counts and the theme coding share the tokens.
The result holds plain DataFrames a notebook user can inspect, and the settings,
codebook and language resources used, so a report can say how it was made.
"""

import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from .analyses import themes as theme_analysis
from .analyses import words as word_analysis
from .analyses.accounts import Accounts, analyse_accounts
from .analyses.hashtags import HashtagAnalysis, analyse_hashtags
from .analyses.links import Links, analyse_links
from .analyses.references import References, analyse_references
from .codebook import Codebook, load_codebook
from .coding.coder import rule_sources
from .coding.reviewed import Review
from .coding.validity import Validity, unmeasured, unmeasured_with_ratio
from .importers.base import LoadReport
from .settings import DEFAULTS, Settings
from .text import Language, language, tokenise_replies

Progress = Callable[[str, int, int], None]
# Replies tokenised between two progress reports.
PROGRESS_STEP = 10_000


@dataclass
class Analysis:
    """Everything `replyscope analyse` computes, as DataFrames."""

    replies: pd.DataFrame          # the analysed replies with themes, primary_theme, evidence
    words: pd.DataFrame            # key words above the mention threshold
    phrases: pd.DataFrame          # 2-3 word phrases
    themes: pd.DataFrame           # replies and likes per theme
    theme_likes: pd.DataFrame      # likes by primary theme, most-liked subset and all replies
    top_replies: pd.DataFrame      # most-liked replies per theme
    settings: Settings
    codebook: Codebook
    language: Language
    word_counts: word_analysis.WordCounts
    references: References         # most-cited ideas, people, organisations, publications
    links: Links                   # links, domains and kinds of link
    accounts: Accounts             # who is speaking, organisations, lobbying
    hashtags: HashtagAnalysis | None = None   # None when no reply carries a hashtag
    load_report: LoadReport | None = None
    notes: list[str] = field(default_factory=list)
    excluded_reposts: int = 0
    validity: Validity = field(default_factory=unmeasured)   # accuracy measured on a review, with intervals

    def tables(self) -> dict[str, pd.DataFrame]:
        """Output name -> table, in the order the CSV files and workbook sheets are written."""
        tables = {
            "replies_coded": coded_for_export(self.replies),
            "words": self.words,
            "phrases": self.phrases,
            "themes": self.themes,
            "theme_likes": self.theme_likes,
            **self.references.tables(),
            **self.links.tables(),
            **self.accounts.tables(),
        }
        if self.hashtags is not None:
            tables.update(self.hashtags.tables())
        tables["validity"] = self.validity.table()
        return tables


def coded_for_export(coded: pd.DataFrame) -> pd.DataFrame:
    """The coded replies with list columns joined into text, as spreadsheets want them."""
    columns = ["id", "created_at", "author", "author_name", "text", "likes", "retweets", "replies", "url",
               "primary_theme", "themes", "evidence", "excluded", "coding_source", "coding_probability", "pushed_by",
               "nearest_reviewed", "hashtags", "mentions", "urls",
               "platform", "source_file", "source_row"]
    export = coded[[c for c in columns if c in coded.columns]].copy()
    for column in ("themes", "hashtags", "mentions", "urls"):
        if column in export:
            export[column] = export[column].map(lambda v: "; ".join(v) if isinstance(v, list) else "")
    return export


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while the hot loops run.

    Tokenising, coding and counting make millions of small objects that hold no cycles;
    the collector would walk them again and again for nothing (about a fifth of the time).
    Reference counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyse(table: pd.DataFrame, codebook: Codebook | str | None = None, settings: Settings | None = None,
            corrections: pd.DataFrame | None = None, progress: Progress | None = None,
            reviewed: Review | None = None, **overrides) -> Analysis:
    """Return the full analysis of a reply table.

    `codebook` is a Codebook, a path to one, or None for the default. Settings fields
    can be overridden by keyword (min_likes=20, min_mentions=20, ...). `corrections`
    (columns id, theme) overrides the coding of those replies. `reviewed` (coding.read_review)
    trains the learned coder and measures accuracy; corrections then count as reviewed too.
    """
    settings = (settings or DEFAULTS).with_overrides(**overrides)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    notes = []
    reposts = table["is_repost"].fillna(False).astype(bool)
    excluded_reposts = 0 if settings.keep_reposts else int(reposts.sum())
    replies = table if settings.keep_reposts else table[~reposts].reset_index(drop=True)
    lang = language()
    texts = replies["clean_text"].fillna("").astype(object).tolist()
    with paused_gc():
        tokens = tokenise_replies(texts, (lambda done: progress("tokenising", done, len(texts))) if progress else None,
                                  PROGRESS_STEP)
        coded = theme_analysis.code_replies(replies, tokens, codebook)
        if corrections is not None:
            coded = theme_analysis.apply_corrections(coded, corrections, codebook)
            recoded = int(coded["evidence"].str.startswith("corrected by user").sum())
            notes.append(f"{recoded:,} {'reply' if recoded == 1 else 'replies'} recoded by hand (corrections file)")
        coded = rule_sources(coded)
        if reviewed is not None and len(reviewed):
            coded, validity = _code_with_review(coded, reviewed, corrections, codebook, settings)
        else:
            validity = unmeasured_with_ratio(coded, codebook, settings.min_likes)
            validity.warnings = list(reviewed.warnings) if reviewed is not None else []
        if progress:
            progress("coding themes", len(texts), len(texts))
        counts = word_analysis.count_words(tokens, coded["likes"], coded["primary_theme"])
    words, word_note = word_analysis.word_table(counts, settings.min_mentions, settings.min_words_shown, settings.max_words)
    if word_note:
        notes.append(word_note)
    phrases = word_analysis.phrase_table(counts, settings.min_phrase_mentions)
    if progress:
        progress("counting words", len(texts), len(texts))
    load_report = table.attrs.get("load_report")
    root_author = (load_report.root_post or {}).get("author") if load_report else None
    has_hashtags = bool(table["hashtags"].map(bool).any()) if len(table) else False
    return Analysis(
        replies=coded, words=words, phrases=phrases,
        themes=theme_analysis.theme_summary(coded, codebook),
        theme_likes=theme_analysis.theme_likes(coded, codebook, settings.min_likes),
        top_replies=theme_analysis.top_replies(coded, settings.top_replies_per_theme),
        settings=settings, codebook=codebook, language=lang, word_counts=counts,
        references=analyse_references(coded, codebook.entities, ignore_accounts=[root_author] if root_author else (),
                                      examples=settings.reference_examples,
                                      max_candidates=settings.max_reference_candidates,
                                      min_candidate_replies=settings.min_candidate_replies),
        links=analyse_links(coded, codebook.link_kinds or None),
        accounts=analyse_accounts(coded, codebook.organisations, codebook.individuals,
                                  min_repeat=settings.min_repeat_replies),
        hashtags=analyse_hashtags(table, top_n=settings.top_hashtags, min_pair_count=settings.min_pair_count,
                                  track=settings.track_hashtag, keep_reposts=settings.keep_reposts)
        if has_hashtags else None,
        load_report=load_report, notes=notes, excluded_reposts=excluded_reposts, validity=validity,
    )


def _code_with_review(coded, reviewed: Review, corrections, codebook: Codebook, settings: Settings):
    """Recode with the review (reviewers, then the learned model) and measure accuracy on it."""
    from .coding.coder import code_with_review
    from .coding.reviewed import review_from_corrections
    from .coding.validity import measure_validity

    if corrections is not None:
        reviewed = reviewed.plus(review_from_corrections(corrections, codebook))
    recoding = code_with_review(coded, reviewed, codebook, seed=settings.random_state,
                                min_probability=settings.min_model_probability)
    validity = measure_validity(recoding, codebook, settings.min_likes, seed=settings.random_state)
    validity.warnings = [*reviewed.warnings, *recoding.warnings]
    return recoding.coded, validity
