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
from .analyses import word_views
from .analyses import words as word_analysis
from .analyses.accounts import Accounts, analyse_accounts
from .analyses.hashtags import HashtagAnalysis, analyse_hashtags
from .analyses.links import Links, analyse_links
from .analyses.references import References, analyse_references
from .codebook import Codebook, load_codebook
from .importers.base import LoadReport
from .settings import DEFAULTS, Settings
from .languages import LanguageMix, detect_languages, has_stopwords, language_mix
from .text import Language, WordRules, language, tokenise_replies

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
    languages: LanguageMix | None = None     # replies per detected language; its warning() when most are not the codebook's
    language_table: pd.DataFrame | None = None      # replies per language
    words_by_language: pd.DataFrame | None = None   # key words within each language, for a mixed thread
    question: str | None = None                     # the question the replies answer, when known
    question_echoes: pd.DataFrame | None = None     # the question's words as the replies use them
    theme_words: pd.DataFrame | None = None         # the words each theme's replies use most (one cloud per theme)

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
        tables.update({name: table for name, table in (
            ("languages", self.language_table), ("words_by_language", self.words_by_language),
            ("question_echoes", self.question_echoes), ("theme_words", self.theme_words))
            if table is not None and len(table)})
        return tables


def coded_for_export(coded: pd.DataFrame) -> pd.DataFrame:
    """The coded replies with list columns joined into text, as spreadsheets want them."""
    columns = ["id", "created_at", "author", "author_name", "text", "likes", "retweets", "replies", "url",
               "primary_theme", "themes", "evidence", "excluded", "language", "hashtags", "mentions", "urls",
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
            corrections: pd.DataFrame | None = None, progress: Progress | None = None, **overrides) -> Analysis:
    """Return the full analysis of a reply table.

    `codebook` is a Codebook, a path to one, or None for the default. Settings fields
    can be overridden by keyword (min_likes=20, min_mentions=20, ...). `corrections`
    (columns id, theme) overrides the coding of those replies.
    """
    settings = (settings or DEFAULTS).with_overrides(**overrides)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    notes = []
    reposts = table["is_repost"].fillna(False).astype(bool)
    excluded_reposts = 0 if settings.keep_reposts else int(reposts.sum())
    replies = table if settings.keep_reposts else table[~reposts].reset_index(drop=True)
    texts = replies["clean_text"].fillna("").astype(object).tolist()
    codes = detect_languages(texts) if settings.detect_languages else [codebook.language] * len(texts)
    mix = language_mix(codes, codebook.language)
    reading = reading_languages(codes, mix, settings.min_language_share)
    lang = language(mix.main if has_stopwords(mix.main) else codebook.language)
    if mix.warning():
        notes.append(mix.warning())
    rules = WordRules.of(stop=(*codebook.stop_words, *settings.stopwords), keep=codebook.keep_words)
    with paused_gc():
        tokens = tokenise_replies(texts, (lambda done: progress("tokenising", done, len(texts))) if progress else None,
                                  PROGRESS_STEP, languages=reading, rules=rules)
        coded = theme_analysis.code_replies(replies, tokens, codebook)
        coded["language"] = codes
        if corrections is not None:
            coded = theme_analysis.apply_corrections(coded, corrections, codebook)
            recoded = int(coded["evidence"].str.startswith("corrected by user").sum())
            notes.append(f"{recoded:,} {'reply' if recoded == 1 else 'replies'} recoded by hand (corrections file)")
        if progress:
            progress("coding themes", len(texts), len(texts))
        counts = word_analysis.count_words(tokens, coded["likes"], coded["primary_theme"])
    load_report = table.attrs.get("load_report")
    views = word_views.key_word_views(counts, tokens, coded, reading, settings.question or root_post_text(load_report),
                                      lang.code, rules, settings)
    if views.note:
        notes.append(views.note)
    if progress:
        progress("counting words", len(texts), len(texts))
    root_author = (load_report.root_post or {}).get("author") if load_report else None
    has_hashtags = bool(table["hashtags"].map(bool).any()) if len(table) else False
    return Analysis(
        replies=coded, words=views.words, phrases=views.phrases,
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
        load_report=load_report, notes=notes, excluded_reposts=excluded_reposts,
        languages=mix, language_table=word_views.language_table(codes), words_by_language=views.words_by_language,
        question=views.question, question_echoes=views.question_echoes, theme_words=views.theme_words,
    )


def reading_languages(codes: list[str], mix: LanguageMix, min_share: float) -> list[str]:
    """How each reply is read (see text.tokenise_replies): lemmas in its own language when that language is
    common enough in the thread, else in the thread's main language; stopwords of both. A stray
    misdetection then never lets the main language's function words through, nor splits its word forms."""
    main = mix.main if has_stopwords(mix.main) else mix.codebook_language
    native = {code for code, _ in mix.counts if has_stopwords(code) and mix.share(code) >= min_share} - {main}
    return [main if code == main or not has_stopwords(code) else code + "+" + main if code in native
            else main + "+" + code for code in codes]


def root_post_text(load_report: LoadReport | None) -> str | None:
    """The text of the thread's root post, when the export holds it."""
    root = load_report.root_post if load_report else None
    return (root.get("clean_text") or root.get("text")) if root else None
