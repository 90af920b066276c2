"""The text pipeline: TweetTokenizer's rules at speed, stopwords and lemmas with and without NLTK data."""

import json

import pytest
from nltk.tokenize import TweetTokenizer

from replyscope import text
from replyscope.text import reply_tokens, tokenize

from conftest import FIXTURES


@pytest.fixture(autouse=True)
def fresh_language_cache():
    text.reset_language_cache()
    yield
    text.reset_language_cache()


def _content(tokens):
    """Words, hashtags, mentions and URLs: the token kinds replyscope uses."""
    return [t for t in tokens if t[0] in "#@" or t.startswith("http") or any(c.isalnum() for c in t)]


@pytest.mark.parametrize("reply", [
    "@HMTreasury We need to LISTEN to people!!! #BuildBackBetter https://t.co/abc123 :)",
    "Read Kate Raworth's 'Doughnut Economics' … it's brilliant 👍🏽 #DoughnutEconomics",
    "citizens’ assemblies, lived-experience & frontline voices; see www.example.org/report.",
    "RT @someone: 3.5% of people... wait—what? <b>bold</b> email me@example.com",
])
def test_tokens_follow_tweet_tokenizer_rules(reply):
    assert _content(tokenize(reply)) == _content(TweetTokenizer().tokenize(reply))


def test_tokens_match_tweet_tokenizer_on_real_tweets(shared_data):
    tweets = []
    for line in (shared_data / "twarc-csv" / "entities_test.jsonl").read_text(encoding="utf-8").splitlines():
        tweets.extend(t["text"] for t in json.loads(line)["data"])
    for path in ("kpop.jsonl", "brexit.jsonl"):
        page = json.loads((shared_data / "twarc-csv" / path).read_text(encoding="utf-8").splitlines()[0])
        tweets.extend(t["text"] for t in page["data"])
    nltk_tokenizer = TweetTokenizer()
    differing = [t for t in tweets if _content(tokenize(t)) != _content(nltk_tokenizer.tokenize(t))]
    assert len(tweets) > 600
    assert differing == []


def test_reply_tokens_split_camel_case_hashtags_and_break_at_punctuation():
    tokens = reply_tokens("Listen to people. #BuildBackBetter, with communities")
    assert tokens.words == ["listen", "to", "people", None, "build", "back", "better", None, None, "with", "communities"]
    assert tokens.lemmas[-1] == "community"
    assert tokens.tags == ["#BuildBackBetter"]


@pytest.mark.parametrize("word, expected", [
    ("communities", "community"), ("listening", "listen"), ("listened", "listen"), ("asked", "ask"),
    ("people", "people"), ("better", "better"), ("well-being", "well-being"), ("assemblies", "assembly"),
])
def test_lemmas_group_forms_not_synonyms(no_nltk_data, word, expected):
    assert text.lemma(word) == expected


def test_without_nltk_data_uses_wordcloud_stopwords_and_simplemma(no_nltk_data):
    language = text.language()
    assert "wordcloud" in language.stopwords_source
    assert "simplemma" in language.lemmatiser_source
    assert {"the", "and", "rt", "amp"} <= language.stopwords
    assert "people" not in language.stopwords


def test_with_nltk_data_uses_nltk_stopwords(nltk_data):
    language = text.language()
    assert language.stopwords_source.startswith("NLTK English stopwords")
    assert {"the", "ourselves", "rt"} <= language.stopwords
    # WordNet is not in the shared data: lemmas still come from simplemma
    assert "simplemma" in language.lemmatiser_source


def test_tokenising_many_replies_gives_each_reply_its_own_tokens():
    """The corpus arrays (word ids and offsets) hand every reply back exactly its own tokens."""
    page = json.loads((FIXTURES / "twitter" / "twarc2_brexit_page.jsonl").read_text(encoding="utf-8").splitlines()[0])
    tweets = [t["text"] for t in page["data"]]
    replies = ["", "   ", "🙂", "#BuildBackBetter", *tweets, "...", "@someone"]
    together = text.tokenise_replies(replies)
    assert len(together) == len(replies)
    for index, reply in enumerate(replies):
        alone = reply_tokens(reply)
        assert together.reply(index) == alone
    assert together.reply(3).tags == ["#BuildBackBetter"] and together.reply(0).words == []


def test_tokenising_reports_progress_block_by_block():
    seen = []
    text.tokenise_replies(["Listen to people"] * 25, progress=seen.append, step=10)
    assert seen == [10, 20, 25]


def test_the_copied_tweet_patterns_are_nltks_own():
    from nltk.tokenize import casual

    from replyscope import tweet_patterns
    assert tweet_patterns.REGEXPS == casual.REGEXPS
