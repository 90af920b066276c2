"""The text pipeline: TweetTokenizer's rules at speed, stopwords and lemmas with and without NLTK data."""

import json
import re

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


def _letters_and_digits_joined(tokens, text):
    """TweetTokenizer's tokens with letters and digits written together joined again ("covid", "19" -> "covid19"):
    replyscope's one deliberate difference, so a codebook term "covid19" matches as written."""
    joined = []
    for token in tokens:
        both = joined[-1] + token if joined else ""
        if (joined and token.isalnum() and joined[-1].isalnum() and both in text
                and re.search(r"\d", both) and re.search(r"[^\W\d_]", both)):
            joined[-1] = both
        else:
            joined.append(token)
    return joined


@pytest.mark.parametrize("reply", [
    "@HMTreasury We need to LISTEN to people!!! #BuildBackBetter https://t.co/abc123 :)",
    "Read Kate Raworth's 'Doughnut Economics' … it's brilliant 👍🏽 #DoughnutEconomics",
    "citizens’ assemblies, lived-experience & frontline voices; see www.example.org/report.",
    "RT @someone: 3.5% of people... wait—what? <b>bold</b> email me@example.com",
])
def test_tokens_follow_tweet_tokenizer_rules(reply):
    assert _content(tokenize(reply)) == _content(_letters_and_digits_joined(TweetTokenizer().tokenize(reply), reply))


def test_tokens_match_tweet_tokenizer_on_real_tweets(shared_data):
    tweets = []
    for line in (shared_data / "twarc-csv" / "entities_test.jsonl").read_text(encoding="utf-8").splitlines():
        tweets.extend(t["text"] for t in json.loads(line)["data"])
    for path in ("kpop.jsonl", "brexit.jsonl"):
        page = json.loads((shared_data / "twarc-csv" / path).read_text(encoding="utf-8").splitlines()[0])
        tweets.extend(t["text"] for t in page["data"])
    nltk_tokenizer = TweetTokenizer()
    differing = [t for t in tweets
                 if _content(tokenize(t)) != _content(_letters_and_digits_joined(nltk_tokenizer.tokenize(t), t))]
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


@pytest.mark.parametrize("nltk_setup", ["no_nltk_data", "nltk_data"])
def test_the_shipped_stopwords_and_simplemma_are_used_whatever_nltk_data_is_installed(request, nltk_setup):
    request.getfixturevalue(nltk_setup)
    language = text.language()
    assert language.stopwords_source.startswith("Snowball stopword list")
    assert language.lemmatiser_source == "simplemma"
    assert {"the", "and", "ourselves", "rt", "amp"} <= language.stopwords
    assert "people" not in language.stopwords


@pytest.mark.parametrize("written, word", [("covid19", "covid19"), ("Net0!", "net0"), ("5G", "5g"), ("#COVID19", "covid19"),
                                           ("COVID19s", "covid19s"), ("G7.", "g7")])
def test_letters_and_digits_written_together_stay_one_word(written, word):
    assert reply_tokens(written).words[0] == word


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
