"""One call from the reply table to every result: `analyse(table) -> Analysis`.

Each reply is tokenised once; the word counts and the theme coding share the tokens.
The result holds plain DataFrames a notebook user can inspect, and the settings,
codebook and language resources used, so a report can say how it was made.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from . import own_text
from .analyses import abuse as abuse_analysis
from .analyses import campaigns as campaign_analysis
from .analyses import themes as theme_analysis
from .analyses import word_views
from .analyses import words as word_analysis
from .analyses.accounts import Accounts, analyse_accounts
from .analyses.hashtags import HashtagAnalysis, analyse_hashtags
from .analyses.links import Links, analyse_links
from .analyses.references import References, analyse_references
from .analyses.tone import Tone, analyse_tone
from .codebook import Codebook, load_codebook
from .collector import paused_gc
from .discover import ProposedThemes, missing_themes, proposes_missing_themes
from .extract import LEADING_MENTIONS_RE
from .coding.coder import rule_sources
from .coding.reviewed import Review
from .coding.validity import Validity, unmeasured, unmeasured_with_ratio
from .engines.run import EngineRun
from .importers.base import LoadReport
from .settings import DEFAULTS, Settings
from .side_process import Beside
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
    tone: Tone | None = None                  # None when turned off (--no-tone)
    abuse: dict = field(default_factory=dict)  # replies set aside as abuse, and by what
    campaigns: campaign_analysis.Campaigns | None = None  # copy-paste groups from different accounts
    proposed_themes: ProposedThemes | None = None  # when many replies are uncategorised: themes the codebook may miss
    validity: Validity = field(default_factory=unmeasured)   # accuracy measured on a review, with intervals
    engine: "EngineRun | None" = None   # which engine ran, on how many workers and partitions (None: this process)

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
        if self.tone is not None:
            tables.update(self.tone.tables())
        if self.campaigns is not None:
            tables.update(self.campaigns.tables())
        if self.proposed_themes is not None:
            tables.update(self.proposed_themes.tables())
        tables["validity"] = self.validity.table()
        return tables


def coded_for_export(coded: pd.DataFrame) -> pd.DataFrame:
    """The coded replies with list columns joined into text, as spreadsheets want them.

    The @mentions a reply opens with (who it answers) move to `reply_to_mentions`, so
    `text` starts with what the person wrote and a spreadsheet cell needs no guard apostrophe.
    """
    columns = ["id", "created_at", "author", "author_name", "reply_to_mentions", "text", "likes", "retweets", "replies",
               "url", "primary_theme", "themes", "evidence", "excluded", "coding_source", "coding_probability",
               "pushed_by", "nearest_reviewed", "language", "hashtags", "mentions", "urls",
               "platform", "source_file", "source_row", "tone", "tone_label", "abuse_score", "copy_group"]
    coded = coded.assign(**split_reply_mentions(coded["text"]))
    export = coded[[c for c in columns if c in coded.columns]].copy(deep=False)  # list columns are replaced whole
    for column in ("themes", "hashtags", "mentions", "urls"):
        if column in export:
            export[column] = export[column].map(lambda v: "; ".join(v) if isinstance(v, list) else "")
    return export


def score_notes(replies: pd.DataFrame) -> list[str]:
    """The method note for platforms whose 'likes' are a signed score (Reddit: up-votes minus down-votes)."""
    scored = replies[replies["platform"] == "reddit"]
    if scored.empty:
        return []
    negative = int((scored["likes"] < 0).sum())
    return [f"Likes of Reddit posts are Reddit's score (up-votes minus down-votes), used as written: "
            f"{negative:,} of {len(scored):,} have a negative score, and like totals add scores, negatives included."]


def split_reply_mentions(texts: pd.Series) -> dict[str, pd.Series]:
    """{"reply_to_mentions": 'alice; bob' (without '@'), "text": the rest} for texts opening with @mentions."""
    mentions, rest = [], []
    for text in texts.astype(object):
        opening = LEADING_MENTIONS_RE.match(text) if isinstance(text, str) and "@" in text[:2] else None
        if opening is None:
            mentions.append(None)
            rest.append(text)
            continue
        mentions.append("; ".join(re.findall(r"@(\w+(?:@[\w.-]+\w)?)", opening.group(0))))
        rest.append(text[opening.end():])
    return {"reply_to_mentions": pd.Series(mentions, index=texts.index, dtype="string"),
            "text": pd.Series(rest, index=texts.index, dtype="string")}


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
    load_report = table.attrs.get("load_report")
    if table.attrs:  # pandas deep-copies attrs into every derived frame: hundreds of copies of the load report
        table = table.copy(deep=False)
        table.attrs = {}
    reposts = table["is_repost"].fillna(False).astype(bool)
    excluded_reposts = 0 if settings.keep_reposts else int(reposts.sum())
    replies = table if settings.keep_reposts else table[~reposts].reset_index(drop=True)
    notes.extend(score_notes(replies))
    texts = replies["clean_text"].fillna("").astype(object).tolist()
    flags_abuse = settings.abuse_model and abuse_analysis.ABUSE in codebook.labels()
    # The abuse model, tone and copies read only each reply's own text: second CPUs work them out while this
    # one detects languages, tokenises and codes (own_text.py).
    abuse_scoring = Beside(partial(own_text.abuse_scores, replies, settings.abuse_threshold), fork=flags_abuse)
    tone_and_copies = Beside(partial(own_text.tone_and_copies, replies, settings.tone, settings.copy_similarity))
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
        if flags_abuse:
            coded = abuse_analysis.flag_abuse(coded, settings.abuse_threshold, scored=abuse_scoring.result())
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
        # Citations, links and accounts read the coding and the replies' own columns, nothing computed after the
        # coding: a second CPU counts them (tldextract loads there) while this process counts words.
        speakers = Beside(partial(references_links_accounts, coded, codebook, settings, load_report))
        # Proposing themes (NMF fits for each candidate number of themes) needs only the coding: a second CPU does it.
        proposing = Beside(partial(missing_themes, coded, tokens, codebook, settings),
                           fork=proposes_missing_themes(coded, settings))
        if progress:
            progress("coding themes", len(texts), len(texts))
        counts = word_analysis.count_words(tokens, coded["likes"], coded["primary_theme"])
    views = word_views.key_word_views(counts, tokens, coded, reading, settings.question or root_post_text(load_report),
                                      lang.code, rules, settings)
    if views.note:
        notes.append(views.note)
    if progress:
        progress("counting words", len(texts), len(texts))
    tone = None
    tone_scores, copy_candidates = tone_and_copies.result()
    if settings.tone:
        coded, tone = analyse_tone(coded, codebook, tone_scores)
    campaigns = campaign_analysis.find_copies(coded, settings.copy_similarity, settings.campaign_min_accounts,
                                              settings.campaign_min_words, candidates=copy_candidates)
    coded, campaigns, shared, note = campaign_analysis.copies_for_shares(
        coded, settings.copy_similarity, settings.campaign_min_accounts, settings.campaign_min_words,
        settings.count_campaigns_once, campaigns=campaigns)
    if note:
        notes.append(note)
    has_hashtags = bool(table["hashtags"].map(bool).any()) if len(table) else False
    references, links, accounts = speakers.result()
    return Analysis(
        replies=coded, words=views.words, phrases=views.phrases,
        themes=theme_analysis.theme_summary(shared, codebook),
        theme_likes=theme_analysis.theme_likes(shared, codebook, settings.min_likes),
        top_replies=theme_analysis.top_replies(coded, settings.top_replies_per_theme),
        settings=settings, codebook=codebook, language=lang, word_counts=counts,
        references=references, links=links, accounts=accounts,
        hashtags=analyse_hashtags(table, top_n=settings.top_hashtags, min_pair_count=settings.min_pair_count,
                                  track=settings.track_hashtag, keep_reposts=settings.keep_reposts,
                                  stopwords=suggestion_stopwords(mix, rules))
        if has_hashtags else None,
        load_report=load_report, notes=notes, excluded_reposts=excluded_reposts,
        languages=mix, language_table=word_views.language_table(codes), words_by_language=views.words_by_language,
        question=views.question, question_echoes=views.question_echoes, theme_words=views.theme_words,
        tone=tone, abuse=abuse_analysis.abuse_summary(coded), campaigns=campaigns,
        proposed_themes=proposing.result(), validity=validity,
    )


def references_links_accounts(coded: pd.DataFrame, codebook: Codebook, settings: Settings,
                              load_report: LoadReport | None) -> tuple[References, Links, Accounts]:
    """What the replies cite, the links they share and who is speaking (the thread's own author is never cited)."""
    root_author = (load_report.root_post or {}).get("author") if load_report else None
    references = analyse_references(coded, codebook.entities, ignore_accounts=[root_author] if root_author else (),
                                    examples=settings.reference_examples,
                                    max_candidates=settings.max_reference_candidates,
                                    min_candidate_replies=settings.min_candidate_replies)
    return (references, analyse_links(coded, codebook.link_kinds or None),
            analyse_accounts(coded, codebook.organisations, codebook.individuals, min_repeat=settings.min_repeat_replies))


def reading_languages(codes: list[str], mix: LanguageMix, min_share: float) -> list[str]:
    """How each reply is read (see text.tokenise_replies): lemmas in its own language when that language is
    common enough in the thread, else in the thread's main language; stopwords of both. A stray
    misdetection then never lets the main language's function words through, nor splits its word forms."""
    main = mix.main if has_stopwords(mix.main) else mix.codebook_language
    native = {code for code, _ in mix.counts if has_stopwords(code) and mix.share(code) >= min_share} - {main}
    return [main if code == main or not has_stopwords(code) else code + "+" + main if code in native
            else main + "+" + code for code in codes]


def suggestion_stopwords(mix: LanguageMix, rules: WordRules) -> frozenset[str]:
    """Words never suggested beside a tracked hashtag: the function words of every language the thread's replies
    are in (a tag is often carried by reposts in another language than the thread's), the codebook's language's,
    and the user's own stopwords, less the user's keep words."""
    codes = {mix.codebook_language} | {code for code, _ in mix.counts if has_stopwords(code)}
    return frozenset().union(rules.stop, *(language(code).stopwords for code in codes)) - rules.keep


def root_post_text(load_report: LoadReport | None) -> str | None:
    """The text of the thread's root post, when the export holds it."""
    root = load_report.root_post if load_report else None
    return (root.get("clean_text") or root.get("text")) if root else None


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
