"""Word and phrase counts: the array counting agrees with counting reply by reply."""

from collections import Counter

import pandas as pd

import replyscope
from replyscope.analyses.words import count_words, phrase_table
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
