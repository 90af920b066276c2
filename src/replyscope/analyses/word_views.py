"""Key words seen three more ways: by language, by theme, and apart from the question's own words.

A thread answers a question, and its replies repeat the question's words ("listen",
"renewal"): those are echoes. They stay counted by default (in a listening thread
"listen" is also the answer), are flagged in the key-word table and can be left out.
A mixed-language thread gets one key-word table per language, so one language's
words do not crowd out another's; each theme gets the words its replies use.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import languages
from ..settings import Settings
from ..text import TokenisedReplies, WordRules, reply_tokens
from .words import WordCounts, _display_forms, count_words, phrase_table, word_table

ECHO_COLUMN = "question_echo"


@dataclass
class KeyWordViews:
    """The key words and phrases, with the question's echoes flagged (or dropped), per language and per theme."""

    words: pd.DataFrame
    phrases: pd.DataFrame
    words_by_language: pd.DataFrame
    theme_words: pd.DataFrame
    question: str | None
    question_echoes: pd.DataFrame
    note: str | None   # when too few words pass the mention threshold


def key_word_views(counts: WordCounts, tokens: TokenisedReplies, coded: pd.DataFrame, reading: list[str],
                   question: str | None, code: str, rules: WordRules, settings: Settings) -> KeyWordViews:
    """Every word table of the analysis from the counts: `coded` gives likes and primary themes, `reading`
    how each reply was tokenised, `code` the main language (the question is read in it)."""
    echoes = question_lemmas(question, code, rules)
    drop = settings.drop_question_words
    spare = len(echoes) if drop else 0  # dropped echoes leave room for as many other words
    words, note = word_table(counts, settings.min_mentions, settings.min_words_shown, settings.max_words + spare)
    phrases = phrase_table(counts, settings.min_phrase_mentions)
    by_language = words_by_language(tokens, reading, coded["likes"], coded["primary_theme"], settings.min_mentions,
                                    settings.min_words_shown, settings.max_words + spare)
    by_theme = theme_words(counts, settings.theme_cloud_words + spare)
    if drop:
        phrases = drop_echo_phrases(phrases, counts, echoes)
        by_theme = by_theme[~by_theme["lemma"].isin(echoes)].groupby("theme").head(settings.theme_cloud_words)
    return KeyWordViews(
        words=flag_echoes(words, echoes, drop).head(settings.max_words),
        phrases=phrases,
        words_by_language=flag_echoes(by_language, echoes, drop).groupby("language", sort=False).head(settings.max_words),
        theme_words=by_theme.assign(**{ECHO_COLUMN: by_theme["lemma"].isin(echoes)}).reset_index(drop=True),
        question=question, question_echoes=echo_table(counts, echoes), note=note)


def question_lemmas(question: str | None, code: str, rules: WordRules | None = None) -> frozenset[str]:
    """The lemmas of the question's content words ("Who should we listen to?" -> {"listen"})."""
    if not question:
        return frozenset()
    return frozenset(key for key in reply_tokens(question, code, rules).keys if key is not None)


def flag_echoes(words: pd.DataFrame, echoes: frozenset[str], drop: bool) -> pd.DataFrame:
    """The key-word table with a `question_echo` column; without the echoes when `drop`."""
    table = words.copy()
    table[ECHO_COLUMN] = table["lemma"].isin(echoes)
    return table[~table[ECHO_COLUMN]].reset_index(drop=True) if drop else table


def drop_echo_phrases(phrases: pd.DataFrame, counts: WordCounts, echoes: frozenset[str]) -> pd.DataFrame:
    """The phrase table without phrases holding an echo of the question."""
    if not echoes or phrases.empty:
        return phrases
    key_of = {written: key for key, written in _display_forms(counts.surfaces).items()}
    holds_echo = phrases["phrase"].map(lambda phrase: any(key_of.get(w, w) in echoes for w in phrase.split()))
    return phrases[~holds_echo].reset_index(drop=True)


def echo_table(counts: WordCounts, echoes: frozenset[str]) -> pd.DataFrame:
    """The question's words as the replies use them: word, lemma, mentions, replies; most mentioned first."""
    forms = _display_forms(counts.surfaces)
    rows = [{"word": forms.get(key, key), "lemma": key, "mentions": counts.mentions[key], "replies": counts.replies[key]}
            for key in echoes if counts.mentions[key]]
    table = pd.DataFrame(rows, columns=["word", "lemma", "mentions", "replies"])
    return table.sort_values(["mentions", "lemma"], ascending=[False, True]).reset_index(drop=True)


def language_table(codes: list[str]) -> pd.DataFrame:
    """Replies per detected language: language (code), name, replies, share (of the replies whose language is known)."""
    mix = languages.language_mix(codes)
    rows = [{"language": code, "name": languages.name(code), "replies": n,
             "share": mix.share(code) if code != languages.UNDETERMINED else pd.NA} for code, n in mix.counts]
    table = pd.DataFrame(rows, columns=["language", "name", "replies", "share"])
    table["share"] = table["share"].astype("Float64")
    return table


def words_by_language(tokens: TokenisedReplies, reading: list[str], likes: pd.Series, primary_themes: pd.Series,
                      min_mentions: int, min_words_shown: int, max_words: int) -> pd.DataFrame:
    """Key words counted within each language the replies were read in, when there are two or more.

    `reading` is how each reply was tokenised ("it", "es+it": its first code is the language
    its words were lemmatised in). Columns: language, then the key-word table's columns.
    Empty for a thread in one language.
    """
    codes = pd.Series([r.partition("+")[0] for r in reading], dtype=object)
    present = sorted(codes.unique(), key=lambda code: (-int((codes == code).sum()), code))
    if len(present) < 2:
        return pd.DataFrame(columns=["language", "word", "lemma", "mentions", "replies", "share_of_replies", "likes", "theme"])
    tables = []
    for code in present:
        rows = np.flatnonzero((codes == code).to_numpy())
        counts = count_words(tokens.subset(rows), likes.iloc[rows].reset_index(drop=True),
                             primary_themes.iloc[rows].reset_index(drop=True))
        table, _ = word_table(counts, min_mentions, min_words_shown, max_words)
        tables.append(table.assign(language=code))
    combined = pd.concat(tables, ignore_index=True)
    return combined[["language", *[c for c in combined.columns if c != "language"]]]


def theme_words(counts: WordCounts, max_words: int) -> pd.DataFrame:
    """The words each primary theme's replies use most: theme, word, lemma, replies (of that theme using it)."""
    display = _display_forms(counts.surfaces)
    by_theme: dict[str, list[tuple[str, int]]] = {}
    for (key, theme), n in counts.themes.items():
        by_theme.setdefault(theme, []).append((key, n))
    rows = []
    for theme in sorted(by_theme):
        for key, n in sorted(by_theme[theme], key=lambda item: (-item[1], item[0]))[:max_words]:
            rows.append({"theme": theme, "word": display.get(key, key), "lemma": key, "replies": n})
    return pd.DataFrame(rows, columns=["theme", "word", "lemma", "replies"])
