"""Hashtag extraction from post text, by the platforms' rules (extract.extract_hashtags).

Examples first, then properties that must hold for any text (hypothesis), then the
real Twitter exports: text extraction must agree with the entity lists Twitter sent.
"""

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from replyscope.extract import extract_hashtags


@pytest.mark.parametrize("text, tags", [
    ("Who should we listen to? #renewal #COVID19", ["renewal", "COVID19"]),
    ("Elections: #MyPCC, then #PCC!", ["MyPCC", "PCC"]),
    ("#Meloni/#Berlusconi/#Salvini", ["Meloni", "Berlusconi", "Salvini"]),
    ("repeated #tag and #tag again", ["tag", "tag"]),
    ("#2020 is not a tag, #_1 neither, #Year2020 is", ["Year2020"]),
    ("trailing underscore kept: #open_", ["open_"]),
    ("email@example.com#notatag and a#b", []),
    ("entity &#39; and &#x27; are not tags", []),
    ("in a link https://example.org/page#section and www.example.org/#top", []),
    ("#foo#bar runs into another '#': neither counts", []),
    ("full-width ＃日本 and Hindi #भारत and #café", ["日本", "भारत", "café"]),
    ("Catalan middle dot #col·lecció", ["col·lecció"]),
    ("keycap #️⃣ is an emoji, not a tag", []),
    ("RT @someone: all about #Brexit and #Br…", ["Brexit"]),
    ("a complete tag before a link's ellipsis #hobby… https://t.co/x", ["hobby"]),
    ("", []),
])
def test_examples(text, tags):
    assert extract_hashtags(text) == tags


def test_none_is_empty():
    assert extract_hashtags(None) == []


LETTERS = st.characters(categories=["Lu", "Ll", "Lo"])
TAG_CHARS = st.one_of(LETTERS, st.sampled_from("0123456789_"), st.sampled_from("\u0301\u093f\u0bcd"))


@st.composite
def valid_tags(draw):
    """Tags as the platforms allow them: tag characters with at least one letter, starting with a letter."""
    first = draw(LETTERS)
    rest = draw(st.text(TAG_CHARS, max_size=20))
    return first + rest


@given(st.lists(valid_tags(), max_size=6), st.sampled_from([" ", "\n", ", ", " and "]))
def test_written_tags_come_back_as_written(tags, separator):
    text = "Reply: " + separator.join("#" + tag for tag in tags) + " end"
    assert extract_hashtags(text) == tags


@given(st.text())
def test_every_tag_is_written_after_a_hash_and_has_a_letter(text):
    for tag in extract_hashtags(text):
        assert "#" + tag in text or "＃" + tag in text
        assert any(ch.isalpha() for ch in tag)


@given(st.from_regex(r"[0-9_]{1,12}", fullmatch=True))
def test_digits_and_underscores_alone_are_never_tags(body):
    assert extract_hashtags(f"see #{body} here") == []


@given(valid_tags(), st.sampled_from(["https://example.org/", "http://t.co/", "www.example.org/a/"]))
def test_tags_inside_links_are_never_extracted(tag, link):
    assert extract_hashtags(f"read {link}#{tag} now") == []


@given(st.text(), st.text())
def test_extracting_two_texts_joined_by_a_space_is_extracting_each(first, second):
    assume(not first.startswith("RT @") and not second.startswith("RT @"))
    assert extract_hashtags(first + " " + second) == extract_hashtags(first) + extract_hashtags(second)


def _tweets_with_entities(path):
    """Every tweet object in a twarc2 file (data and included tweets), with Twitter's own hashtag list."""
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        data = record.get("data") if isinstance(record, dict) else None
        tweets = [data] if isinstance(data, dict) else list(data or [])
        tweets += (record.get("includes") or {}).get("tweets", []) if isinstance(record, dict) else []
        for tweet in tweets:
            if isinstance(tweet, dict) and "text" in tweet:
                yield tweet["text"], [h["tag"] for h in (tweet.get("entities") or {}).get("hashtags", [])]


def test_agrees_with_twitters_entities_on_real_exports(shared_data):
    originals = retweets = 0
    for path in sorted((shared_data / "twarc-csv").glob("*.jsonl")):
        for text, platform_tags in _tweets_with_entities(path):
            extracted = extract_hashtags(text)
            if not text.startswith("RT @"):
                originals += 1
                assert extracted == platform_tags, text
            elif extracted != platform_tags:
                # A retweet's shortened text ends in '…'; a tag touching it is usually cut ('#Br…'), so it
                # is dropped, and the only disagreement allowed is a whole tag that the '…' happened to touch.
                retweets += 1
                assert extracted == platform_tags[:-1] and text.rstrip().endswith("#" + platform_tags[-1] + "…"), text
    assert originals > 1000
    assert retweets < 20
