"""analyses/vader.py gives vaderSentiment's compound score, to the last digit, on real posts and on every rule."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from replyscope.analyses import vader
from replyscope.analyses.tone import score_tone

from real_texts import sample_replies, shared_texts, vader_evaluation_texts

REFERENCE = SentimentIntensityAnalyzer()


def reference(text: str) -> float:
    return REFERENCE.polarity_scores(text)["compound"]


def test_compound_is_vadersentiment_compound_on_real_posts():
    texts = sample_replies() + vader_evaluation_texts() + shared_texts()
    assert len(texts) > 9_000
    scorer = vader.CompoundScorer()
    ours = [scorer.compound(text) for text in texts]
    differ = [(text, reference(text), score) for text, score in zip(texts, ours) if score != reference(text)]
    assert differ == []
    assert sum(score != 0 for score in ours) > len(texts) / 2   # most texts carry sentiment


RULES = [
    "VADER is smart, handsome, and funny.",
    "VADER is very smart, handsome, and funny!!!",               # booster, exclamation marks
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",  # capitals among lower case, boosters in capitals
    "VADER IS VERY SMART AND FUNNY",                             # all capitals: no capitals emphasis
    "VADER is not smart, handsome, nor funny.",                  # negation
    "The book was only kind of good.",                           # 'kind of' dampens
    "The plot was good, but the characters are uncompelling and the dialog is not great.",  # 'but'
    "good good but good bad bad but",                           # 'but' with repeated scores
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",                             # emoticons
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",                # emoji described
    "💘💋😁 so happy😁",                                         # emoji next to emoji and words
    "Not bad at all",
    "At least it isn't a horrible book.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "very least good", "the least good",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Sentiment analysis has never so good",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Without a doubt, an excellent idea.",
    "without doubt this good", "I am not sure if this is to die for",
    "no good", "no problem at all", "no, no or good", "no or nor bad", "not no good",
    "Is this good??", "Is this good???", "Is this really bad????",
    "yeah right, great job", "kiss of death for the great plan", "bus stop is lovely",
    "I kinda sorta just enough like it", "it is sort of good", "it is kind of bad",
    "hardly good at all", "HARDLY good AT all", "barely BAD",
    "", "   ", "!!!", ":)", "a", "Good", "GOOD", "good.", "...good...", "'good'", "no", "NO!",
    "I don't love it", "I dont love it", "I ain't happy", "wasn't it great", "uh-uh great",
    "you mayn't think it good", "it mayn't be so bad",                  # "n't" inside a word not in the list
    "The hashtag #love and @happy mention", "line\nbreaks\tand\u00a0odd spaces good",
    # an emoji's description is spaced from what comes before it unless that is a kept space or the start
    "😀good", "good😀", "x😀y😁z", "😀😁💔", " 😀 ", "good\t😀", "good\u00a0💔bad", "!😀!", "😀  💔", "a 😀b😁 c",
]


@pytest.mark.parametrize("text", RULES)
def test_compound_follows_each_rule_as_vadersentiment_does(text):
    assert vader.CompoundScorer().compound(text) == reference(text)


TOKENS = st.sampled_from([
    "good", "GOOD", "bad", "Bad", "love", "hate", "great", "horrible", "no", "NO", "not", "never", "isn't",
    "very", "VERY", "extremely", "kind", "of", "kinda", "sort", "just", "enough", "but", "BUT", "least", "at",
    "so", "this", "without", "doubt", "or", "nor", "the", "shit", "bomb", "bad", "ass", "to", "die", "for",
    "yeah", "right", "people", "listen", ":)", ":(", "</3", "lol", "😀", "💔", "!", "?", "good!", "bad?",
    "'no'", "(great)", "...", "-", "uh-uh", "n't",
])


@given(st.lists(st.tuples(TOKENS, st.sampled_from([" ", "  ", "\n", "", ", "])), max_size=14))
def test_compound_matches_on_word_mixes_that_hit_the_rules_together(pieces):
    text = "".join(token + separator for token, separator in pieces)
    assert vader.CompoundScorer().compound(text) == reference(text)


def test_a_small_token_memory_forgets_and_still_scores_the_same(monkeypatch):
    monkeypatch.setattr(vader, "TOKEN_CACHE_LIMIT", 3)
    scorer = vader.CompoundScorer()
    texts = RULES * 2
    assert [scorer.compound(text) for text in texts] == [reference(text) for text in texts]
    assert len(scorer._lower_of) <= 3


def test_score_tone_gives_vader_scores_and_zero_for_empty_or_missing_text():
    texts = ["Thank you, this is brilliant!", "", None, "  ", "This is not good.", "Thank you, this is brilliant!"]
    scores = score_tone(texts).tolist()
    assert scores == [reference(texts[0]), 0.0, 0.0, 0.0, reference(texts[4]), reference(texts[0])]
    assert scores[0] > 0.5 and scores[4] < 0
