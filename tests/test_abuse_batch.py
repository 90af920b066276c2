"""The abuse model scores many replies at once with exactly the probabilities, flags and evidence it gives one at a time."""

import numpy as np
import pytest

from replyscope.analyses import abuse
from replyscope.analyses.abuse import load_abuse_model, model_from_dict

from real_texts import sample_replies, shared_texts, vader_evaluation_texts


def one_at_a_time(model, texts):
    scored = [model._score(text if isinstance(text, str) else "") for text in texts]
    return np.array([probability for probability, _ in scored]), [words for _, words in scored]


def test_scores_and_evidence_match_one_at_a_time_on_real_posts():
    model = load_abuse_model()
    texts = sample_replies() + shared_texts(per_crisis=60, davidson=4000) + vader_evaluation_texts()[::4]
    assert len(texts) > 5_000
    probabilities, evidence = model.probabilities(texts)
    expected, expected_evidence = one_at_a_time(model, texts)
    assert np.abs(probabilities - expected).max() < 1e-12
    assert np.array_equal(np.round(probabilities, 4), np.round(expected, 4))
    assert evidence == expected_evidence
    for threshold in (0.5, 0.7, 0.9):
        assert np.array_equal(probabilities >= threshold, expected >= threshold)
    if len(texts) > 9_000:   # Davidson's tweets are there: most of them abusive
        assert (probabilities >= 0.7).sum() > 2_000


def test_unusual_texts_score_as_one_at_a_time():
    model = load_abuse_model()
    texts = [None, "", "   ", "&amp; &lt;3 &#128514;&#128514;", "RT @someone: you idiot https://t.co/x",
             "IDIOT idiot Idiot", "idiot " * 200, "a b c", "Shut up! shut up!", "www.example.com/idiot",
             f"a text that holds the {abuse._SEPARATOR_WORD} word, you idiot", "\n\n", "shut\nup"]
    probabilities, evidence = model.probabilities(texts)
    expected, expected_evidence = one_at_a_time(model, texts)
    assert np.array_equal(np.round(probabilities, 4), np.round(expected, 4)) and evidence == expected_evidence
    assert evidence[5] and evidence[0] == []


def test_words_that_push_equally_are_ordered_as_one_at_a_time():
    # every term weighs the same: the strongest words tie, so these texts are scored one at a time
    terms = ["idiot", "fool", "shut", "up", "shut up", "idiot fool"]
    model = model_from_dict({"terms": terms, "idf": [1.0] * len(terms), "weights": [2.0] * len(terms),
                             "intercept": -1.0})
    texts = ["idiot fool", "fool idiot", "shut up you idiot fool", "nothing here"]
    probabilities, evidence = model.probabilities(texts)
    expected, expected_evidence = one_at_a_time(model, texts)
    assert probabilities.tolist() == expected.tolist() and evidence == expected_evidence


def test_texts_are_scored_in_chunks_with_the_same_results(monkeypatch):
    model = load_abuse_model()
    texts = ["you idiot", "thank you", "shut up", "you idiot", "", "what a fool", "lovely people"]
    whole = model.probabilities(texts)
    monkeypatch.setattr(abuse, "SCORE_CHUNK", 2)
    chunked = model.probabilities(texts)
    assert whole[0].tolist() == pytest.approx(chunked[0].tolist(), abs=1e-15) and whole[1] == chunked[1]
