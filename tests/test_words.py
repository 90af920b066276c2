"""Counting and coding many replies at once agrees with doing it reply by reply."""

from collections import Counter

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import replyscope
from replyscope.analyses.themes import code_replies
from replyscope.analyses.words import count_words, phrase_table
from replyscope.codebook import load_codebook
from replyscope.schema import conform
from replyscope.text import reply_tokens, tokenise_replies

from conftest import SAMPLES


def counted_reply_by_reply(texts, likes, themes):
    """The plain reading of what count_words promises, one reply at a time."""
    expected = {name: Counter() for name in ("mentions", "replies", "likes", "replies_with_likes", "surfaces", "themes",
                                             "bigrams", "trigrams", "bigram_replies", "trigram_replies", "phrase_likes")}
    for text, like, theme in zip(texts, likes, themes):
        tokens = reply_tokens(text)
        keys = tokens.keys
        content = [k for k in keys if k is not None]
        expected["mentions"].update(content)
        expected["surfaces"].update((k, w) for k, w in zip(keys, tokens.words) if k is not None)
        bigrams = [(a, b) for a, b in zip(keys, keys[1:]) if a and b]
        trigrams = [(a, b, c) for a, b, c in zip(keys, keys[1:], keys[2:]) if a and b and c]
        expected["bigrams"].update(bigrams)
        expected["trigrams"].update(trigrams)
        for name, items in (("replies", set(content)), ("bigram_replies", set(bigrams)), ("trigram_replies", set(trigrams))):
            expected[name].update(items)
        expected["themes"].update((k, theme) for k in set(content))
        if not pd.isna(like):
            expected["replies_with_likes"].update(set(content))
            for item in (*set(content),):
                expected["likes"][item] += int(like)
            for item in (*set(bigrams), *set(trigrams)):
                expected["phrase_likes"][item] += int(like)
    return {name: +counter for name, counter in expected.items()}  # unary + drops zero totals


def test_counts_over_the_whole_sample_agree_with_counting_reply_by_reply():
    replies = replyscope.load(SAMPLES / "replies.xlsx").head(600)
    likes = replies["likes"].astype("Int64").copy()
    likes.iloc[::7] = pd.NA  # some replies with unknown likes
    texts = replies["clean_text"].tolist()
    themes = ["listening" if i % 3 else "economy" for i in range(len(texts))]
    counts = count_words(tokenise_replies(texts), likes, pd.Series(themes))
    expected = counted_reply_by_reply(texts, likes, themes)
    for name, counter in expected.items():
        assert getattr(counts, name) == counter, name
    assert counts.total_replies == len(texts)
    assert counts.total_words == sum(expected["mentions"].values())


def test_phrases_never_run_from_one_reply_into_the_next():
    texts = ["Universal basic", "income for everyone", "universal basic income"] * 4
    counts = count_words(tokenise_replies(texts), pd.Series([1] * len(texts)))
    assert counts.trigrams == Counter({("universal", "basic", "income"): 4})
    assert ("basic", "income") in counts.bigrams and counts.bigrams[("basic", "income")] == 4
    phrases = phrase_table(counts, min_mentions=4)
    assert "universal basic income" in phrases["phrase"].tolist()


def test_likes_too_large_for_64_bits_together_are_added_exactly():
    huge = 2**62 + 1
    counts = count_words(tokenise_replies(["strong local communities"] * 3), pd.Series([huge] * 3))
    assert counts.likes["community"] == 3 * huge
    assert counts.phrase_likes[("local", "community")] == 3 * huge


PIECES = ["Listen", "listening", "people!!!!", "#BuildBackBetter", "@someone", "citizens'", "assemblies,", "universal",
          "basic", "income.", "https://example.org/a", "...", "🙂", "our", "new", "report", "rubbish", "not", "to",
          "the", "local", "communities", "Doughnut-Economics", "wellbeing", "&", "3.5%", "café", "Tories", "x"]
replies_of_pieces = st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join), min_size=1, max_size=8)


@given(texts=replies_of_pieces, likes=st.lists(st.one_of(st.none(), st.integers(0, 10**6)), min_size=8, max_size=8))
def test_any_replies_count_as_they_would_reply_by_reply(texts, likes):
    likes = pd.Series(likes[:len(texts)], dtype="Int64")
    themes = ["listening"] * len(texts)
    counts = count_words(tokenise_replies(texts), likes, pd.Series(themes))
    for name, counter in counted_reply_by_reply(texts, likes, themes).items():
        assert getattr(counts, name) == counter, name


@given(texts=replies_of_pieces)
def test_any_reply_is_coded_the_same_alone_or_among_others(texts):
    codebook = load_codebook()
    table = conform(pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts}))
    together = code_replies(table, tokenise_replies(table["clean_text"].tolist()), codebook)
    for index in range(len(table)):
        one = table.iloc[[index]].reset_index(drop=True)
        alone = code_replies(one, tokenise_replies(one["clean_text"].tolist()), codebook)
        for column in ("themes", "primary_theme", "evidence", "matched_words", "excluded"):
            assert together.loc[index, column] == alone.loc[0, column], column


def test_phrase_scores_are_nltks_likelihood_ratios():
    from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures
    from nltk.probability import FreqDist

    from replyscope.analyses.association import phrase_scores
    replies = replyscope.load(SAMPLES / "replies.xlsx")
    counts = count_words(tokenise_replies(replies["clean_text"].tolist()), replies["likes"])
    word_fd, bigram_fd = FreqDist(counts.mentions), FreqDist(counts.bigrams)
    bigrams = BigramCollocationFinder(word_fd, bigram_fd)
    bigrams.apply_freq_filter(3)
    wildcard_fd = FreqDist()
    for (a, _, c), n in counts.trigrams.items():
        wildcard_fd[(a, c)] += n
    trigrams = TrigramCollocationFinder(word_fd, bigram_fd, wildcard_fd, FreqDist(counts.trigrams))
    trigrams.apply_freq_filter(3)
    expected = {**dict(bigrams.score_ngrams(BigramAssocMeasures.likelihood_ratio)),
                **dict(trigrams.score_ngrams(TrigramAssocMeasures.likelihood_ratio))}
    scores = phrase_scores(counts.mentions, counts.bigrams, counts.trigrams, 3)
    assert len(expected) > 50 and sorted(scores) == sorted(expected)
    assert all(abs(scores[gram] - expected[gram]) <= 1e-9 * max(1.0, abs(expected[gram])) for gram in expected)
