"""Key words and phrases: how often each is used, by how many replies, with how many likes.

Counting is split from tabulating so the counts of chunks of a large table can be
added together (`WordCounts.merge`) before the tables are built. Words are grouped
by lemma ("communities" and "community" count together) and shown in their most
common written form.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..text import TokenisedReplies
from .association import phrase_scores


@dataclass
class WordCounts:
    """Mergeable word and phrase counts over some replies."""

    mentions: Counter = field(default_factory=Counter)        # lemma -> occurrences
    replies: Counter = field(default_factory=Counter)         # lemma -> replies using it
    likes: Counter = field(default_factory=Counter)           # lemma -> likes of those replies
    replies_with_likes: Counter = field(default_factory=Counter)  # lemma -> those replies whose likes are known
    surfaces: Counter = field(default_factory=Counter)        # (lemma, written form) -> occurrences
    themes: Counter = field(default_factory=Counter)          # (lemma, primary theme) -> replies
    bigrams: Counter = field(default_factory=Counter)         # (lemma, lemma) -> occurrences
    trigrams: Counter = field(default_factory=Counter)
    bigram_replies: Counter = field(default_factory=Counter)
    trigram_replies: Counter = field(default_factory=Counter)
    phrase_likes: Counter = field(default_factory=Counter)
    total_words: int = 0
    total_replies: int = 0

    def merge(self, other: "WordCounts") -> "WordCounts":
        """Add another chunk's counts to these (in place) and return self."""
        for name in ("mentions", "replies", "likes", "replies_with_likes", "surfaces", "themes", "bigrams",
                     "trigrams", "bigram_replies", "trigram_replies", "phrase_likes"):
            getattr(self, name).update(getattr(other, name))
        self.total_words += other.total_words
        self.total_replies += other.total_replies
        return self


def count_words(tokens: TokenisedReplies, likes: pd.Series, primary_themes: pd.Series | None = None) -> WordCounts:
    """Count content words and 2-3 word phrases in tokenised replies.

    `likes` holds each reply's likes (missing when unknown: the reply counts, its likes
    do not); `primary_themes` each reply's primary theme, to colour words by theme.
    Phrases are runs of content words inside one clause, so they never span a full stop
    or a stopword: "citizens' assemblies" and "universal basic income" are phrases.
    Counting runs over the arrays of all replies at once (numpy), not reply by reply:
    this is a hot loop of a large analysis.
    """
    rows = len(tokens)
    names = tokens.keys
    key_count = max(len(names), 1)
    keys = tokens.word_keys[tokens.word_ids].astype(np.int64)  # -1 at clause breaks and stopwords
    reply_of = np.repeat(np.arange(rows, dtype=np.int64), np.diff(tokens.offsets))
    likes = pd.Series(likes, dtype="Int64")
    known = likes.notna().to_numpy(dtype=bool)
    weights = likes.fillna(0).to_numpy(dtype=np.int64)
    if weights.sum(dtype=float) >= 2**62:  # int64 sums could overflow: add as Python integers
        weights = weights.astype(object)
    counts = WordCounts(total_replies=rows)

    content = keys >= 0
    content_keys = keys[content]
    counts.total_words = len(content_keys)
    counts.mentions = _counter(np.bincount(content_keys, minlength=key_count), names)
    surfaces = np.bincount(tokens.word_ids[content], minlength=len(tokens.words))
    used = np.flatnonzero(surfaces).tolist()
    counts.surfaces = Counter({(names[tokens.word_keys[word]], tokens.words[word]): int(n)
                               for word, n in zip(used, surfaces[used].tolist())})
    if len(counts.surfaces) < len(used):  # a word read in two languages has two ids: add their counts up
        counts.surfaces = Counter()
        for word, n in zip(used, surfaces[used].tolist()):
            counts.surfaces[(names[tokens.word_keys[word]], tokens.words[word])] += n
    pair_reply, pair_key = _distinct_per_reply(reply_of[content], content_keys, key_count)
    counts.replies = _counter(np.bincount(pair_key, minlength=key_count), names)
    counts.replies_with_likes = _counter(np.bincount(pair_key[known[pair_reply]], minlength=key_count), names)
    counts.likes = _counter(_sums(pair_key, weights[pair_reply], key_count), names)
    if primary_themes is not None:
        theme_of, theme_index = pd.factorize(pd.Series(primary_themes, dtype=object))  # -1 where missing
        themes = theme_index.tolist()
        themed = theme_of[pair_reply] >= 0
        found, n = np.unique(pair_key[themed] * len(themes) + theme_of[pair_reply[themed]], return_counts=True)
        counts.themes = Counter({(names[c // len(themes)], themes[c % len(themes)]): m
                                 for c, m in zip(found.tolist(), n.tolist())})

    # A phrase runs over neighbouring content words of one reply.
    joined = content[:-1] & content[1:] & (reply_of[:-1] == reply_of[1:])
    bigram_at = np.flatnonzero(joined)
    bigram_names, bigram_index = np.unique(keys[bigram_at] * key_count + keys[bigram_at + 1], return_inverse=True)
    bigrams = [(names[c // key_count], names[c % key_count]) for c in bigram_names.tolist()]
    index_at = np.full(len(joined), -1, dtype=np.int64)
    index_at[bigram_at] = bigram_index
    trigram_at = np.flatnonzero(joined[:-1] & joined[1:])
    trigram_names, trigram_index = np.unique(index_at[trigram_at] * key_count + keys[trigram_at + 2], return_inverse=True)
    trigrams = [(*bigrams[c // key_count], names[c % key_count]) for c in trigram_names.tolist()]
    counts.bigrams, counts.bigram_replies, counts.phrase_likes = _gram_counts(bigrams, bigram_at, bigram_index,
                                                                             reply_of, weights)
    counts.trigrams, counts.trigram_replies, trigram_likes = _gram_counts(trigrams, trigram_at, trigram_index,
                                                                          reply_of, weights)
    dict.update(counts.phrase_likes, trigram_likes)  # no key in common: two words against three
    return counts


def _gram_counts(grams: list[tuple], at: np.ndarray, index: np.ndarray, reply_of: np.ndarray,
                 weights: np.ndarray) -> tuple[Counter, Counter, Counter]:
    """Occurrences, replies and likes of each phrase, given where each occurrence starts and which phrase it is."""
    gram_reply, gram = _distinct_per_reply(reply_of[at], index.astype(np.int64), len(grams))
    return (_counter(np.bincount(index, minlength=len(grams)), grams),
            _counter(np.bincount(gram, minlength=len(grams)), grams),
            _counter(_sums(gram, weights[gram_reply], len(grams)), grams))


def _distinct_per_reply(reply_of: np.ndarray, items: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (reply, item) pairs, as two arrays: each reply counts an item once."""
    pairs = np.sort(reply_of * size + items)
    if len(pairs):
        pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])]
    return pairs // size, pairs % size


def _sums(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Sum `values` by group, exactly (integers, not floats)."""
    totals = np.zeros(size, dtype=values.dtype)
    np.add.at(totals, groups, values)
    return totals


def _counter(totals: np.ndarray, names: list) -> Counter:
    """A Counter of the non-zero totals, by name."""
    present = np.flatnonzero(totals)
    counter = Counter()
    if len(present) == len(names):  # occurrences and replies: every name has some
        dict.update(counter, zip(names, totals.tolist()))  # dict's own update: each key hashed once
    else:
        dict.update(counter, zip([names[i] for i in present.tolist()], totals[present].tolist()))
    return counter


def _display_forms(surfaces: Counter) -> dict:
    best: dict = {}
    for (key, written), n in surfaces.items():
        if key not in best or n > best[key][1] or (n == best[key][1] and written < best[key][0]):
            best[key] = (written, n)
    return {key: written for key, (written, _) in best.items()}


def word_table(counts: WordCounts, min_mentions: int, min_words_shown: int, max_words: int
               ) -> tuple[pd.DataFrame, str | None]:
    """Return key words with more than `min_mentions` mentions, most mentioned first, and a note.

    Columns: word (most common written form), lemma, mentions, replies, share_of_replies,
    likes (of replies using it; replies with unknown likes add nothing), theme (the
    primary theme most of all its replies carry, "uncategorised" included; None when
    no themes were given). When fewer than
    `min_words_shown` words pass the threshold, the top words are shown instead and
    the note says so.
    """
    display = _display_forms(counts.surfaces)
    ranked = sorted(counts.mentions.items(), key=lambda item: (-item[1], -counts.replies[item[0]], item[0]))
    passing = [(l, n) for l, n in ranked if n > min_mentions]
    note = None
    if len(passing) < min_words_shown:
        chosen = ranked[:min_words_shown]
        if ranked:
            passed = {0: "No word has", 1: "Only 1 word has"}.get(len(passing), f"Only {len(passing)} words have")
            shown = f"all {len(chosen)} words" if len(chosen) == len(ranked) else f"the top {len(chosen)} words"
            note = f"{passed} more than {min_mentions} mentions in this file, so {shown} are shown instead."
    else:
        chosen = passing[:max_words]
    word_theme = _word_themes(counts, {lemma for lemma, _ in chosen})
    rows = [{
        "word": display.get(l, l), "lemma": l, "mentions": n, "replies": counts.replies[l],
        "share_of_replies": counts.replies[l] / counts.total_replies if counts.total_replies else 0.0,
        "likes": counts.likes[l] if counts.replies_with_likes[l] else pd.NA,
        "theme": word_theme.get(l),
    } for l, n in chosen]
    table = pd.DataFrame(rows, columns=["word", "lemma", "mentions", "replies", "share_of_replies", "likes", "theme"])
    table["likes"] = table["likes"].astype("Int64")
    return table, note


def _word_themes(counts: WordCounts, lemmas: set[str]) -> dict[str, str]:
    """Lemma -> the primary theme most of ALL its replies carry, uncategorised included (ties by theme key).

    A word used in 150 replies, nearly all uncategorised, is uncategorised, however its
    few themed replies lean: the colour must say where the word really lives. Only `lemmas` (the words shown).
    """
    by_word: dict[str, Counter] = {}
    for (word_lemma, theme), n in counts.themes.items():
        if word_lemma in lemmas:
            by_word.setdefault(word_lemma, Counter())[theme] += n
    return {word_lemma: min(themes.items(), key=lambda item: (-item[1], item[0]))[0]
            for word_lemma, themes in by_word.items()}


def phrase_table(counts: WordCounts, min_mentions: int, max_phrases: int = 100,
                 trigram_ends: Counter | None = None) -> pd.DataFrame:
    """Return 2- and 3-word phrases used at least `min_mentions` times, most used first.

    Columns: phrase, words (2 or 3), mentions, replies, likes, score (NLTK's
    likelihood-ratio association: how much more often the words come together than
    chance). A two-word phrase that is nearly always part of one three-word phrase
    ("basic income" in "universal basic income") is folded into it.
    """
    word_display = _display_forms(counts.surfaces)
    scores = _association_scores(counts, min_mentions, trigram_ends)
    rows = []
    trigram_parts: Counter = Counter()
    for gram, n in counts.trigrams.items():
        if n >= min_mentions:
            trigram_parts[gram[:2]] = max(trigram_parts[gram[:2]], n)
            trigram_parts[gram[1:]] = max(trigram_parts[gram[1:]], n)
    for counter, replies in ((counts.bigrams, counts.bigram_replies), (counts.trigrams, counts.trigram_replies)):
        for gram, n in counter.items():
            if n < min_mentions or (len(gram) == 2 and trigram_parts[gram] >= 0.8 * n):
                continue
            rows.append({"phrase": " ".join(word_display.get(key, key) for key in gram), "words": len(gram), "mentions": n,
                         "replies": replies[gram], "likes": counts.phrase_likes[gram],
                         "score": round(scores.get(gram, 0.0), 2)})
    table = pd.DataFrame(rows, columns=["phrase", "words", "mentions", "replies", "likes", "score"])
    return table.sort_values(["mentions", "score", "phrase"], ascending=[False, False, True]).head(max_phrases).reset_index(drop=True)


def _association_scores(counts: WordCounts, min_mentions: int, trigram_ends: Counter | None = None) -> dict:
    """Likelihood-ratio scores as NLTK's collocation finders give them, for the phrases frequent enough to list."""
    return phrase_scores(counts.mentions, counts.bigrams, counts.trigrams, min_mentions, trigram_ends)
