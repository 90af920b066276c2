"""Detecting the languages of many replies at once gives py3langid's label for each, one text at a time."""

import pytest
from py3langid.langid import LanguageIdentifier

from replyscope import langid_batch, languages

from real_texts import sample_replies, shared_texts, vader_evaluation_texts


@pytest.fixture(scope="module")
def identifier():
    return languages._identifier()   # py3langid's LanguageIdentifier with its shipped model, loaded once


def test_detect_languages_matches_py3langid_on_real_posts_in_many_languages():
    texts = sample_replies() + shared_texts(per_crisis=80, davidson=500) + vader_evaluation_texts()[::10]
    assert len(texts) > 3_500
    one_at_a_time = [languages.detect_language(text) for text in texts]   # py3langid's classify per text
    assert languages.detect_languages(texts) == one_at_a_time
    if len(texts) > 6_000:   # the shared tweets are there: several languages, and some too short to tell
        assert {"en", "es", "it", "pt", languages.UNDETERMINED} <= set(one_at_a_time)


EDGE_TEXTS = [
    "", "a", "ok", "THE GOVERNMENT MUST LISTEN TO PEOPLE NOW", "Ça ira, ça ira, les aristocrates à la lanterne",
    "Cafe\u0301 con leche, por favor, y una tostada",   # decomposed accent: NFC-normalised as py3langid does
    "\ud83d broken surrogate left in a text by a bad export", "😀😀😀😀", "12345 67890", "⌘⌘⌘⌘⌘⌘⌘⌘⌘⌘⌘⌘⌘",
    "Мы должны слушать людей", "我们应该倾听人民的声音", "يجب أن نستمع إلى الناس", "हमें लोगों की बात सुननी चाहिए",
    "Dobbiamo ascoltare le persone che vivono nei territori " * 80,
    "Wir müssen den Menschen zuhören, die in den Regionen leben", "Temos de ouvir as pessoas",
]


def test_batch_labels_equal_py3langid_on_edge_texts_across_chunks(identifier, monkeypatch):
    monkeypatch.setattr(langid_batch, "CHUNK", 3)   # several chunks, each sorted by length
    batch = langid_batch.BatchLanguageIdentifier(identifier)
    assert batch.classify(EDGE_TEXTS) == [identifier.classify(text)[0] for text in EDGE_TEXTS]


def test_texts_too_close_to_call_are_classified_by_py3langid_itself(identifier, monkeypatch):
    texts = ["Dobbiamo ascoltare le persone", "We should listen to people", "Hay que escuchar a la gente"]
    asked = []
    monkeypatch.setattr(langid_batch, "_FLOAT32_UNIT", 1.0)   # every margin counts as too close
    monkeypatch.setattr(LanguageIdentifier, "classify", lambda self, text: asked.append(text) or ("xx", 0.0))
    assert langid_batch.BatchLanguageIdentifier(identifier).classify(texts) == ["xx"] * 3
    assert sorted(asked) == sorted(texts)


def test_featureless_text_gets_py3langids_first_label(identifier):
    assert langid_batch.BatchLanguageIdentifier(identifier).classify([""]) == [identifier.classify("")[0]]


def test_detect_languages_reads_each_distinct_text_once_and_keeps_order():
    texts = ["Dobbiamo ascoltare le persone che vivono nei territori", "ok", None,
             "We should listen to the people who live there", "Dobbiamo ascoltare le persone che vivono nei territori"]
    assert languages.detect_languages(texts) == ["it", languages.UNDETERMINED, languages.UNDETERMINED, "en", "it"]


def test_detect_languages_in_batches_gives_the_same_codes(monkeypatch):
    texts = ["Dobbiamo ascoltare le persone che vivono nei territori", "ok", "Hay que escuchar a la gente del pueblo",
             "We should listen to the people who live there", "Wir müssen den Menschen zuhören, die dort leben"]
    whole = languages.detect_languages(texts)
    monkeypatch.setattr(languages, "_DETECTION_BATCH", 2)
    assert languages.detect_languages(texts) == whole == ["it", languages.UNDETERMINED, "es", "en", "de"]
