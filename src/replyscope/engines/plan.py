"""The analysis in three steps any engine can run: per partition, merge, then the whole.

`part_languages(chunk)` detects each reply's language; the merged counts give the
thread's language mix, which decides how every reply is read. `code_part(chunk)` then
does all the per-reply work of `analyse` on one partition (tokens, rule coding,
abuse model, corrections, tone scores) and counts what merges exactly (`PartCounts`:
words and words per language, references, links, accounts, hashtags). `summarise`
takes the merged counts, the coded replies and their tokens and runs the steps that
need the whole thread, calling the same functions as `analyse` in the same order:
key-word views, tone by theme, near-copy groups, theme tables, lobbying, abuse
summary, theme discovery and the likes ratio. Nothing here imports Dask.

A partition's coded replies carry their place in the whole thread as their index
(`offset` + row): example replies with equal likes are ranked by it, as in one table.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..analyses import abuse as abuse_analysis
from ..analyses import campaigns as campaign_analysis
from ..analyses import themes as theme_analysis
from ..analyses import word_views
from ..analyses import words as word_analysis
from ..analyses.accounts import AccountCounts, Accounts, account_table, count_accounts, lobbying_summary
from ..analyses.hashtags import HashtagCounts, count_hashtags, tabulate_hashtags
from ..analyses.links import LinkCounts, count_links, link_tables
from ..analyses.references import ReferenceCounts, count_references, reference_tables
from ..analyses.tone import TONE_AGREEMENT, Tone, add_tone, tone_by_theme
from ..analysis import (PROGRESS_STEP, Analysis, paused_gc, reading_languages, root_post_text, score_notes,
                        suggestion_stopwords)
from ..codebook import UNCATEGORISED, Codebook
from ..coding.coder import rule_sources
from ..coding.validity import unmeasured_with_ratio
from ..discover import missing_themes
from ..importers.base import LoadReport
from ..languages import LanguageMix, detect_languages, has_stopwords, language_mix
from ..settings import Settings
from ..text import TokenisedReplies, WordRules, language, tokenise_replies
from .copies import Candidates, candidate_rows
from .copies import copies_among


@dataclass
class Plan:
    """One analysis's settings, codebook and corrections, and the thread's root author (never counted as cited)."""

    settings: Settings
    codebook: Codebook
    corrections: pd.DataFrame | None = None
    root_author: str | None = None

    def replies_of(self, chunk: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        """The chunk's replies (reposts left out unless kept), and how many reposts were left out."""
        if self.settings.keep_reposts:
            return chunk.reset_index(drop=True), 0
        reposts = chunk["is_repost"].fillna(False).astype(bool).to_numpy()
        return chunk[~reposts].reset_index(drop=True), int(reposts.sum())

    def rules(self) -> WordRules:
        return WordRules.of(stop=(*self.codebook.stop_words, *self.settings.stopwords), keep=self.codebook.keep_words)


def part_languages(chunk: pd.DataFrame, plan: Plan) -> list[str]:
    """The detected language of each reply of a chunk (the codebook's language when detection is off)."""
    replies, _ = plan.replies_of(chunk)
    texts = replies["clean_text"].fillna("").astype(object).tolist()
    return detect_languages(texts) if plan.settings.detect_languages else [plan.codebook.language] * len(texts)


@dataclass
class PartCounts:
    """A partition's mergeable counts; merged in partition order, "first seen" stays first in the thread."""

    words: word_analysis.WordCounts
    by_language: dict                     # reading language -> WordCounts of its replies
    language_replies: Counter             # reading language -> replies
    references: ReferenceCounts
    links: LinkCounts
    accounts: AccountCounts
    hashtags: HashtagCounts
    excluded_reposts: int = 0
    has_hashtags: bool = False            # some post (reposts too) carries a hashtag
    recoded: int = 0                      # replies recoded by the corrections file

    def merge(self, other: "PartCounts") -> "PartCounts":
        """Add a later partition's counts to these (in place) and return self."""
        for name in ("words", "references", "links", "accounts", "hashtags"):
            getattr(self, name).merge(getattr(other, name))
        for code, counts in other.by_language.items():
            if code in self.by_language:
                self.by_language[code].merge(counts)
            else:
                self.by_language[code] = counts
        self.language_replies.update(other.language_replies)
        self.excluded_reposts += other.excluded_reposts
        self.has_hashtags = self.has_hashtags or other.has_hashtags
        self.recoded += other.recoded
        return self


def code_part(chunk: pd.DataFrame, codes: list[str], mix: LanguageMix, offset: int,
              plan: Plan) -> tuple[PartCounts, pd.DataFrame, tuple[np.ndarray, TokenisedReplies]]:
    """Code and count one partition as `analyse` codes and counts the whole table.

    `codes` are its replies' languages (part_languages), `mix` the whole thread's, and
    `offset` how many replies come before this partition. Returns the counts, the coded
    replies (indexed from `offset`) and the uncategorised replies' rows and tokens.
    """
    settings, codebook = plan.settings, plan.codebook
    replies, excluded = plan.replies_of(chunk)
    texts = replies["clean_text"].fillna("").astype(object).tolist()
    reading = reading_languages(codes, mix, settings.min_language_share)
    recoded = 0
    with paused_gc():
        tokens = tokenise_replies(texts, None, PROGRESS_STEP, languages=reading, rules=plan.rules())
        coded = theme_analysis.code_replies(replies, tokens, codebook)
        coded["language"] = codes
        if settings.abuse_model and abuse_analysis.ABUSE in codebook.labels():
            coded = abuse_analysis.flag_abuse(coded, settings.abuse_threshold)
        if plan.corrections is not None:
            coded = theme_analysis.apply_corrections(coded, plan.corrections, codebook)
            recoded = int(coded["evidence"].str.startswith("corrected by user").sum())
        coded = rule_sources(coded)
        words = word_analysis.count_words(tokens, coded["likes"], coded["primary_theme"])
        by_language, language_replies = _counts_by_language(tokens, reading, coded)
    if settings.tone:
        coded = add_tone(coded)
    coded.index = pd.RangeIndex(offset, offset + len(coded))
    counts = PartCounts(
        words=words, by_language=by_language, language_replies=language_replies,
        references=count_references(coded, codebook.entities, ignore_accounts=[plan.root_author] if plan.root_author
                                    else (), examples=settings.reference_examples),
        links=count_links(coded, codebook.link_kinds or None),
        accounts=count_accounts(coded),
        hashtags=count_hashtags(chunk, track=settings.track_hashtag, keep_reposts=settings.keep_reposts,
                                stopwords=suggestion_stopwords(mix, plan.rules())),
        excluded_reposts=excluded, recoded=recoded,
        has_hashtags=bool(chunk["hashtags"].map(bool).any()) if len(chunk) else False)
    return counts, coded, uncategorised_tokens(coded, tokens)


def _counts_by_language(tokens: TokenisedReplies, reading: list[str], coded: pd.DataFrame) -> tuple[dict, Counter]:
    """Word counts of each reading language's replies (word_views.words_by_language counts them so)."""
    codes = np.array([r.partition("+")[0] for r in reading], dtype=object)
    counts, replies = {}, Counter()
    for code in dict.fromkeys(codes.tolist()):
        rows = np.flatnonzero(codes == code)
        replies[code] = len(rows)
        counts[code] = word_analysis.count_words(tokens.subset(rows), coded["likes"].iloc[rows].reset_index(drop=True),
                                                 coded["primary_theme"].iloc[rows].reset_index(drop=True))
    return counts, replies


def words_by_language(counts: PartCounts, settings: Settings, spare: int) -> pd.DataFrame:
    """The key words per reading language from merged counts, as word_views.words_by_language builds them."""
    present = sorted(counts.language_replies, key=lambda code: (-counts.language_replies[code], code))
    if len(present) < 2:
        return pd.DataFrame(columns=["language", "word", "lemma", "mentions", "replies", "share_of_replies", "likes",
                                     "theme"])
    tables = []
    for code in present:
        table, _ = word_analysis.word_table(counts.by_language[code], settings.min_mentions, settings.min_words_shown,
                                            settings.max_words + spare)
        tables.append(table.assign(language=code))
    combined = pd.concat(tables, ignore_index=True)
    return combined[["language", *[c for c in combined.columns if c != "language"]]]


def key_word_views(counts: PartCounts, codebook_language: str, question: str | None, plan: Plan,
                   trigram_ends: Counter | None = None) -> word_views.KeyWordViews:
    """word_views.key_word_views from merged counts (the per-language counts were made per partition)."""
    settings = plan.settings
    echoes = word_views.question_lemmas(question, codebook_language, plan.rules())
    drop = settings.drop_question_words
    spare = len(echoes) if drop else 0
    words, note = word_analysis.word_table(counts.words, settings.min_mentions, settings.min_words_shown,
                                           settings.max_words + spare)
    phrases = word_analysis.phrase_table(counts.words, settings.min_phrase_mentions, trigram_ends=trigram_ends)
    by_language = words_by_language(counts, settings, spare)
    by_theme = word_views.theme_words(counts.words, settings.theme_cloud_words + spare)
    if drop:
        phrases = word_views.drop_echo_phrases(phrases, counts.words, echoes)
        by_theme = by_theme[~by_theme["lemma"].isin(echoes)].groupby("theme").head(settings.theme_cloud_words)
    return word_views.KeyWordViews(
        words=word_views.flag_echoes(words, echoes, drop).head(settings.max_words),
        phrases=phrases,
        words_by_language=word_views.flag_echoes(by_language, echoes, drop).groupby("language", sort=False)
        .head(settings.max_words),
        theme_words=by_theme.assign(**{word_views.ECHO_COLUMN: by_theme["lemma"].isin(echoes)}).reset_index(drop=True),
        question=question, question_echoes=word_views.echo_table(counts.words, echoes), note=note)


def thread_language(mix: LanguageMix, codebook: Codebook) -> str:
    """The language the thread is read in (analyse's `lang`)."""
    return mix.main if has_stopwords(mix.main) else codebook.language


@dataclass
class Merged:
    """What the partitions give the whole-thread steps."""

    counts: PartCounts
    codes: Counter                       # detected language -> replies, in order of first appearance
    coded: pd.DataFrame                  # every coded reply, in thread order
    tokens: TokenisedReplies             # tokens of the uncategorised replies (others empty), for theme discovery
    notes: list[str] = field(default_factory=list)
    trigram_ends: Counter | None = None  # when the counts' trigrams were pruned (engines.shards)


def merge_parts(counts: PartCounts, codes: list[list[str]], coded: list[pd.DataFrame],
                uncategorised: list[tuple[np.ndarray, TokenisedReplies]]) -> Merged:
    """The partitions' merged counts, language codes, coded replies and uncategorised tokens, in thread order."""
    offsets = np.cumsum([0, *map(len, codes)]).tolist()
    filled = [part for part in coded if len(part)] or coded[:1]  # an empty part's columns may have other dtypes
    return Merged(counts=counts, codes=Counter(code for part in codes for code in part),
                  coded=pd.concat(filled) if len(filled) > 1 else filled[0],
                  tokens=join_tokens([(offset, rows, tokens) for offset, (rows, tokens) in zip(offsets, uncategorised)],
                                     offsets[-1]))


def analyse_chunks(chunks: list[pd.DataFrame], plan: Plan, load_report: LoadReport | None = None,
                   shards: int = 3) -> Analysis:
    """Run the three steps over chunks of a reply table in this process (what the Dask engine spreads out), the
    counts merged by key in `shards` shards (engines.shards)."""
    codes = [part_languages(chunk, plan) for chunk in chunks]
    mix = language_mix((code for part in codes for code in part), plan.codebook.language)
    offsets = np.cumsum([0, *map(len, codes)]).tolist()
    results = [code_part(chunk, part, mix, offset, plan) for chunk, part, offset in zip(chunks, codes, offsets)]
    from .shards import merge_by_key  # shards reads PartCounts from here

    counts, trigram_ends = merge_by_key([c for c, _, _ in results], shards, plan.settings.min_phrase_mentions)
    coded = [c for _, c, _ in results]
    merged = merge_parts(counts, codes, coded, [u for _, _, u in results])
    merged.trigram_ends = trigram_ends
    return summarise(merged, plan, load_report, copy_candidates=candidate_rows(coded))


def summarise(merged: Merged, plan: Plan, load_report: LoadReport | None,
              copy_candidates: Candidates | None = None, top: pd.DataFrame | None = None,
              discover=None) -> Analysis:
    """The Analysis from merged counts and the coded replies: the steps of `analyse` that need the whole thread.

    With `copy_candidates` (engines.copies: the only replies that can be copies, picked from
    the partitions' merged sketches) near copies are grouped among those alone. With a slim
    table of the coded replies (engines.slim), `top` are the top replies merged from the
    partitions and `discover(coded)` proposes the missing themes.
    """
    settings, codebook, counts = plan.settings, plan.codebook, merged.counts
    notes = list(merged.notes)
    coded = merged.coded.reset_index(drop=True)
    notes.extend(score_notes(coded))
    mix = language_mix(merged.codes.elements(), codebook.language)
    lang = language(thread_language(mix, codebook))
    if mix.warning():
        notes.append(mix.warning())
    if plan.corrections is not None:
        n = counts.recoded
        notes.append(f"{n:,} {'reply' if n == 1 else 'replies'} recoded by hand (corrections file)")
    validity = unmeasured_with_ratio(coded, codebook, settings.min_likes)
    views = key_word_views(counts, lang.code, settings.question or root_post_text(load_report), plan,
                           merged.trigram_ends)
    if views.note:
        notes.append(views.note)
    tone = Tone(by_theme=tone_by_theme(coded, codebook), agreement=TONE_AGREEMENT) if settings.tone else None
    found = None if copy_candidates is None else copies_among(
        copy_candidates, settings.copy_similarity, settings.campaign_min_accounts, settings.campaign_min_words)
    coded, campaigns, shared, note = campaign_analysis.copies_for_shares(
        coded, settings.copy_similarity, settings.campaign_min_accounts, settings.campaign_min_words,
        settings.count_campaigns_once, campaigns=found)
    if note:
        notes.append(note)
    accounts, unmatched = account_table(counts.accounts, codebook.organisations, codebook.individuals)
    return Analysis(
        replies=coded, words=views.words, phrases=views.phrases,
        themes=theme_analysis.theme_summary(shared, codebook),
        theme_likes=theme_analysis.theme_likes(shared, codebook, settings.min_likes),
        top_replies=theme_analysis.top_replies(coded, settings.top_replies_per_theme) if top is None else top,
        settings=settings, codebook=codebook, language=lang, word_counts=counts.words,
        references=reference_tables(counts.references, codebook.entities, settings.max_reference_candidates,
                                    settings.min_candidate_replies),
        links=link_tables(counts.links),
        accounts=Accounts(accounts=accounts, lobbying=lobbying_summary(coded, accounts), replies=counts.accounts.replies,
                          replies_without_author=counts.accounts.unknown.replies,
                          min_repeat=settings.min_repeat_replies, unmatched_corrections=unmatched),
        hashtags=tabulate_hashtags(counts.hashtags, top_n=settings.top_hashtags, min_pair_count=settings.min_pair_count)
        if counts.has_hashtags else None,
        load_report=load_report, notes=notes, excluded_reposts=counts.excluded_reposts,
        languages=mix, language_table=word_views.language_table(list(merged.codes.elements())),
        words_by_language=views.words_by_language,
        question=views.question, question_echoes=views.question_echoes, theme_words=views.theme_words,
        tone=tone, abuse=abuse_analysis.abuse_summary(coded), campaigns=campaigns,
        proposed_themes=missing_themes(coded, merged.tokens, codebook, settings) if discover is None
        else discover(coded),
        validity=validity,
    )


def uncategorised_tokens(coded: pd.DataFrame, tokens: TokenisedReplies) -> tuple[np.ndarray, TokenisedReplies]:
    """A partition's uncategorised rows and their tokens: all that theme discovery reads of the tokens."""
    rows = np.flatnonzero((coded["primary_theme"] == UNCATEGORISED).to_numpy(dtype=bool))
    return rows, tokens.subset(rows)


def join_tokens(parts: list[tuple[int, np.ndarray, TokenisedReplies]], total: int) -> TokenisedReplies:
    """One TokenisedReplies of `total` replies from partitions' (offset, rows, tokens of those rows); other rows
    have no tokens. Lemma keys are numbered in order of first appearance, partition by partition, as one
    tokenise_replies over the whole thread numbers them (`tokens.keys` of a subset still lists all the partition's)."""
    keys: dict[str, int] = {}
    for _, _, tokens in parts:
        for key in tokens.keys:
            if key not in keys:
                keys[key] = len(keys)
    lengths = np.zeros(total, dtype=np.int64)
    word_ids, words, lemmas, word_keys, chunk_tags, tag_replies, tag_chunks = [], [], [], [], [], [], []
    for offset, rows, tokens in parts:
        lengths[offset + rows] = np.diff(tokens.offsets)
        to_global = np.array([keys[k] for k in tokens.keys] + [-1], dtype=np.int32)
        word_ids.append(np.where(tokens.word_ids >= 0, tokens.word_ids + len(words), -1))
        words += tokens.words
        lemmas += tokens.lemmas
        word_keys.append(to_global[tokens.word_keys[:-1]])
        tag_replies.append(offset + rows[tokens.tag_replies])
        tag_chunks.append(tokens.tag_chunks + len(chunk_tags))
        chunk_tags += tokens.chunk_tags
    offsets = np.zeros(total + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return TokenisedReplies(
        word_ids=np.concatenate(word_ids) if word_ids else np.zeros(0, dtype=np.int64), offsets=offsets,
        words=words, lemmas=lemmas, word_keys=np.concatenate([*word_keys, np.array([-1], dtype=np.int32)]),
        keys=list(keys), chunk_tags=chunk_tags,
        tag_replies=np.concatenate(tag_replies) if tag_replies else np.zeros(0, dtype=np.int64),
        tag_chunks=np.concatenate(tag_chunks) if tag_chunks else np.zeros(0, dtype=np.int64))
