"""Key words and phrases: how often each is used, by how many replies, with how many likes.

Counting is split from tabulating so the counts of chunks of a large table can be
added together (`WordCounts.merge`) before the tables are built. Words are grouped
by lemma ("communities" and "community" count together) and shown in their most
common written form.
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, compress, repeat

import pandas as pd
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures
from nltk.probability import FreqDist

from ..text import Tokens


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


def count_words(tokens: list[Tokens], likes: list, primary_themes: list[str] | None = None) -> WordCounts:
    """Count content words and 2-3 word phrases in tokenised replies.

    `likes` holds each reply's likes (None when unknown: the reply counts, its likes do
    not); `primary_themes` each reply's primary theme, to colour words by theme.
    Phrases are runs of content words inside one clause, so they never span a full stop
    or a stopword: "citizens' assemblies" and "universal basic income" are phrases.
    Counting runs over all replies at once (itertools feeding Counter, both in C), not
    reply by reply: this is a hot loop of a large analysis.
    """
    counts = WordCounts(total_replies=len(tokens))
    themes = primary_themes if primary_themes is not None else [None] * len(tokens)
    keys = [reply.keys for reply in tokens]
    content = [list(filter(None, reply_keys)) for reply_keys in keys]
    distinct = [set(words) for words in content]
    known = [value is not None and value is not pd.NA for value in likes]
    weights = [int(value) if is_known else 0 for value, is_known in zip(likes, known)]
    counts.total_words = sum(map(len, content))
    counts.mentions.update(chain.from_iterable(content))
    counts.surfaces.update(chain.from_iterable(compress(zip(reply.keys, reply.words), reply.keys) for reply in tokens))
    counts.replies.update(chain.from_iterable(distinct))
    counts.replies_with_likes.update(chain.from_iterable(compress(distinct, known)))
    counts.likes.update(_weighted(distinct, weights))
    counts.themes.update(chain.from_iterable(zip(words, repeat(theme)) for words, theme in zip(distinct, themes)
                                             if theme is not None))
    bigrams, trigrams = [], []
    for reply_keys, words in zip(keys, content):
        if len(words) < 2:
            bigrams.append(())
            trigrams.append(())
            continue
        bigrams.append([(a, b) for a, b in zip(reply_keys, reply_keys[1:]) if a is not None and b is not None])
        trigrams.append([(a, b, c) for a, b, c in zip(reply_keys, reply_keys[1:], reply_keys[2:])
                         if a is not None and b is not None and c is not None] if bigrams[-1] else ())
    for grams, occurrences, replies in ((bigrams, counts.bigrams, counts.bigram_replies),
                                        (trigrams, counts.trigrams, counts.trigram_replies)):
        occurrences.update(chain.from_iterable(grams))
        distinct_grams = [set(found) if len(found) > 1 else found for found in grams]
        replies.update(chain.from_iterable(distinct_grams))
        counts.phrase_likes.update(_weighted(distinct_grams, weights))
    return counts


def _weighted(groups: list[set], weights: list[int]) -> Counter:
    """Sum each reply's weight over the items it holds: {item: total weight of the replies holding it}.

    Replies are grouped by weight (most likes counts are small numbers shared by many
    replies), so each group is one C-level count, multiplied once per distinct item.
    """
    by_weight: dict[int, list[set]] = {}
    for group, weight in zip(groups, weights):
        if weight and group:
            by_weight.setdefault(weight, []).append(group)
    totals: Counter = Counter()
    for weight, members in by_weight.items():
        found = Counter(chain.from_iterable(members))
        totals.update(found if weight == 1 else {item: n * weight for item, n in found.items()})
    return totals


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
    primary theme most of its replies share, or None). When fewer than
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
    word_theme = _word_themes(counts)
    rows = [{
        "word": display.get(l, l), "lemma": l, "mentions": n, "replies": counts.replies[l],
        "share_of_replies": counts.replies[l] / counts.total_replies if counts.total_replies else 0.0,
        "likes": counts.likes[l] if counts.replies_with_likes[l] else pd.NA,
        "theme": word_theme.get(l),
    } for l, n in chosen]
    table = pd.DataFrame(rows, columns=["word", "lemma", "mentions", "replies", "share_of_replies", "likes", "theme"])
    table["likes"] = table["likes"].astype("Int64")
    return table, note


# A word takes a theme's colour when at least this share of its themed replies share that primary theme.
WORD_THEME_SHARE = 0.4


def _word_themes(counts: WordCounts) -> dict[str, str]:
    by_word: dict[str, Counter] = {}
    for (word_lemma, theme), n in counts.themes.items():
        if theme != "uncategorised":
            by_word.setdefault(word_lemma, Counter())[theme] += n
    result = {}
    for word_lemma, themes in by_word.items():
        theme, n = min(themes.items(), key=lambda item: (-item[1], item[0]))
        if n >= WORD_THEME_SHARE * sum(themes.values()):
            result[word_lemma] = theme
    return result


def phrase_table(counts: WordCounts, min_mentions: int, max_phrases: int = 100) -> pd.DataFrame:
    """Return 2- and 3-word phrases used at least `min_mentions` times, most used first.

    Columns: phrase, words (2 or 3), mentions, replies, likes, score (NLTK's
    likelihood-ratio association: how much more often the words come together than
    chance). A two-word phrase that is nearly always part of one three-word phrase
    ("basic income" in "universal basic income") is folded into it.
    """
    word_display = _display_forms(counts.surfaces)
    scores = _association_scores(counts, min_mentions)
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


def _association_scores(counts: WordCounts, min_mentions: int) -> dict:
    """Likelihood-ratio scores from NLTK's collocation finders, for the phrases frequent enough to list."""
    scores: dict = {}
    if counts.bigrams:
        word_fd = FreqDist(counts.mentions)
        finder = BigramCollocationFinder(word_fd, FreqDist(counts.bigrams))
        finder.apply_freq_filter(min_mentions)  # scoring every rare pair is most of the cost
        scores.update(dict(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)))
        if counts.trigrams:
            wildcard_fd = FreqDist()
            for (a, _, c), n in counts.trigrams.items():
                wildcard_fd[(a, c)] += n
            finder3 = TrigramCollocationFinder(word_fd, FreqDist(counts.bigrams), wildcard_fd, FreqDist(counts.trigrams))
            finder3.apply_freq_filter(min_mentions)
            scores.update(dict(finder3.score_ngrams(TrigramAssocMeasures.likelihood_ratio)))
    return scores
