"""What the learned coder draws on beyond the reviewed replies: pretrained sentence vectors and the unreviewed thread.

The sentence vectors come from files inside the installed `wordllama` wheel and are read
with the network switched off; the unreviewed thread teaches through self-training.
"""

import socket

import numpy as np
import pytest

from replyscope.coding import embeddings, learned

THEMES = ["transport", "parks"]


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to reach the network fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the coder tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


needs_embedding = pytest.mark.skipif(not embeddings.available(), reason="wordllama (the embedding's files) not installed")


@needs_embedding
def test_sentence_vectors_load_offline_and_put_alike_replies_near(offline):
    embeddings._model.cache_clear()
    texts = ["the bus to town is always late", "the train into the city never runs on time",
             "plant more trees in the park", ""]
    vectors = embeddings.sentence_vectors(texts)
    assert vectors.shape == (4, 256) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, rtol=1e-5)
    assert not vectors[3].any()  # an empty reply has no direction
    similarity = vectors[:3] @ vectors[:3].T
    assert similarity[0, 1] > similarity[0, 2] and similarity[0, 1] > similarity[1, 2]
    np.testing.assert_array_equal(vectors, embeddings.sentence_vectors(texts))


@needs_embedding
def test_thread_features_carry_the_sentence_vectors(offline):
    texts = ["the bus is late", "trees in the park", "the train is late", "a new park bench"] * 3
    with_vectors = learned.thread_features(texts)
    assert with_vectors.embedded
    vectors = embeddings.sentence_vectors([learned._for_features(t) for t in texts])
    tail = with_vectors.matrix[:, -256:].toarray()
    np.testing.assert_allclose(tail, vectors * learned.EMBEDDING_WEIGHT, rtol=1e-5)
    assert with_vectors.matrix.shape[1] == without_vectors(texts).matrix.shape[1] + 256


def without_vectors(texts):
    root = embeddings._package_root
    try:
        embeddings._package_root = lambda: None
        return learned.thread_features(texts)
    finally:
        embeddings._package_root = root


def test_without_the_embedding_the_coder_uses_n_grams_alone(monkeypatch):
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    texts = ["the bus is late", "trees in the park", "the train is late", "a new park bench"] * 3
    assert not embeddings.available() and embeddings.sentence_vectors(texts) is None
    features = learned.thread_features(texts)
    assert not features.embedded
    tail = features.matrix[:, -features.latent.shape[1]:].toarray()
    np.testing.assert_allclose(tail, features.latent * learned.SVD_WEIGHT, rtol=1e-5)  # the latent block comes last


def _tram_thread():
    """Reviewed replies never say 'tram'; unreviewed ones say it beside words the reviewers did see."""
    reviewed = ["the bus is late again", "the train is late again", "more buses and trains please",
                "the bus fare is too high", "plant trees in the park", "the park needs swings",
                "keep the park open", "more trees and grass in the park"]
    labels = np.array([[1, 0]] * 4 + [[0, 1]] * 4, dtype=np.int8)
    unreviewed = ([f"the tram and the bus are late on route {i}" for i in range(12)]
                  + [f"the park has new trees by gate {i}" for i in range(12)])
    return reviewed + unreviewed, labels


def test_self_training_learns_words_only_the_unreviewed_replies_use(monkeypatch):
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)  # n-grams alone: the word's weight is readable
    texts, labels = _tram_thread()
    features = learned.thread_features(texts, seed=0)
    rows = np.arange(len(labels))
    tram = list(features.word_names).index("tram")
    plain = learned.fit_coder(features.matrix[rows], labels, THEMES, seed=0)
    taught = learned.fit_self_trained(features.matrix, rows, labels, THEMES, seed=0)
    assert plain.models[0].coef_[0, tram] == 0  # no reviewed reply has the word
    assert taught.models[0].coef_[0, tram] > 0 > taught.models[1].coef_[0, tram]
    again = learned.fit_self_trained(features.matrix, rows, labels, THEMES, seed=0)
    for first, second in zip(taught.models, again.models):
        np.testing.assert_array_equal(first.coef_, second.coef_)



def test_the_prior_chooses_which_unreviewed_replies_the_model_teaches_itself_with(monkeypatch):
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    texts, labels = _tram_thread()
    texts = texts + [f"a ferry crossing from dock {i}" for i in range(12)]  # no word a reviewed reply used
    features = learned.thread_features(texts, seed=0)
    rows = np.arange(len(labels))
    ferry = list(features.word_names).index("ferry")
    prior = np.zeros((len(texts), 2))
    prior[-12:, 0] = 3.0  # the transport description is near the ferry replies
    unguided = learned.fit_self_trained(features.matrix, rows, labels, THEMES, seed=0)
    guided = learned.fit_self_trained(features.matrix, rows, labels, THEMES, seed=0, prior=prior)
    assert guided.models[0].coef_[0, ferry] > max(0.0, unguided.models[0].coef_[0, ferry])
    assert guided.models[1].coef_[0, ferry] < 0
    again = learned.fit_self_trained(features.matrix, rows, labels, THEMES, seed=0, prior=prior)
    np.testing.assert_array_equal(guided.models[0].coef_, again.models[0].coef_)

def test_self_training_needs_two_learned_themes(monkeypatch):
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    texts, labels = _tram_thread()
    labels = labels.copy()
    labels[:, 1] = 0  # parks never ticked: only transport can be learned, so there is nothing to pseudo-label against
    features = learned.thread_features(texts, seed=0)
    rows = np.arange(len(labels))
    taught = learned.fit_self_trained(features.matrix, rows, labels, THEMES, seed=0)
    plain = learned.fit_coder(features.matrix[rows], labels, THEMES, seed=0)
    assert taught.models[1] is None
    np.testing.assert_array_equal(taught.models[0].coef_, plain.models[0].coef_)


DESCRIPTIONS = ["Transport. Buses, trains, roads and getting about.",
                "Parks & green space. Parks, trees, playgrounds and open space."]


@needs_embedding
def test_a_themes_description_alone_points_at_its_replies(offline):
    transport = ["the bus to town is always late", "we need more trains at the station", "fix the potholes on our road",
                 "cheaper bus fares please", "the train line is late again", "a safe cycle lane along the road"]
    parks = ["plant more trees in the park", "the playground needs new swings", "keep the park open late",
             "more green space around town", "clean up the pond in the park", "protect the meadow and its trees"]
    features = learned.thread_features(transport + parks)
    prior = learned.description_prior(features, DESCRIPTIONS)
    assert prior.shape == (12, 2)
    np.testing.assert_allclose(prior.mean(axis=0), 0.0, atol=1e-5)  # standardised per theme over the thread
    assert (prior.argmax(axis=1) == np.repeat([0, 1], 6)).mean() >= 10 / 12
    assert learned.description_prior(without_vectors(transport + parks), DESCRIPTIONS) is None


def test_the_description_prior_is_weighted_by_how_well_it_predicts_the_reviewers():
    rng = np.random.default_rng(0)
    primary = rng.integers(0, 3, 90)
    truth = np.eye(3)[primary]
    scores = truth + rng.normal(0, 1.5, truth.shape)  # a weak model
    helpful = 2 * truth + rng.normal(0, 1, truth.shape)
    unrelated = rng.normal(0, 1, truth.shape)
    weight = learned.prior_weight(scores, helpful, primary)
    assert weight > 1.0
    assert learned.prior_weight(scores, unrelated, primary) < 0.2 * weight
    assert learned.prior_weight(scores, helpful, primary) == weight  # deterministic
    assert learned.prior_weight(scores[:15], helpful[:15], primary[:15]) == 0.0  # too few reviewed replies to tell
    unlearned = scores.copy()
    unlearned[:, 1:] = np.nan  # one learned theme: nothing to choose between
    assert learned.prior_weight(unlearned, helpful, primary) == 0.0
    no_theme = np.where(np.arange(90) < 80, -1, primary)  # 'no theme' replies do not count
    assert learned.prior_weight(scores, helpful, no_theme) == 0.0


def test_all_themes_are_scored_in_one_pass_as_each_model_would(monkeypatch):
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    texts, labels = _tram_thread()
    features = learned.thread_features(texts, seed=0)
    labels = np.column_stack([np.zeros(len(labels), np.int8), labels])
    coder = learned.fit_self_trained(features.matrix, np.arange(len(labels)), labels, ["x", *THEMES], seed=0)
    scores = coder.scores(features.matrix)
    assert coder.models[0] is None and np.isnan(scores[:, 0]).all()  # 'x' never ticked: not learned, NaN
    for column in (1, 2):
        np.testing.assert_array_equal(scores[:, column], coder.models[column].decision_function(features.matrix))


def test_a_long_threads_latent_directions_are_found_on_a_sample_of_it(monkeypatch):
    from sklearn.decomposition import TruncatedSVD

    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    texts = [f"the bus on route {i} is late" for i in range(60)] + [f"plant {i} trees in the park" for i in range(60)]
    fitted_on = []
    fit = TruncatedSVD.fit
    monkeypatch.setattr(TruncatedSVD, "fit", lambda self, X, y=None: fitted_on.append(X.shape[0]) or fit(self, X))
    monkeypatch.setattr(learned, "SVD_FIT_REPLIES", 50)
    features = learned.thread_features(texts, seed=0)
    assert fitted_on == [50]  # found on 50 replies, then every reply is placed in them
    assert features.latent.shape[0] == 120
    np.testing.assert_allclose(np.linalg.norm(features.latent, axis=1), 1.0, rtol=1e-5)
    similarity = features.latent @ features.latent.T
    assert similarity[0, 1:60].mean() > similarity[0, 60:].mean() + 0.3  # buses stay near buses
    np.testing.assert_array_equal(features.latent, learned.thread_features(texts, seed=0).latent)
    monkeypatch.setattr(learned, "SVD_FIT_REPLIES", 1000)
    fitted_on.clear()
    learned.thread_features(texts, seed=0)
    assert fitted_on == []  # a shorter thread is fitted whole (fit_transform)
