"""Round 1's recorded design: chances proportional to how typical a reply is, still known for every reply.

Estimates are weighted back to the whole thread with each reviewed reply's weight (the
inverse of its chance), so the chances must be the real ones: checked here by drawing
the design many times and counting how often each reply comes up.
"""

import numpy as np
import pandas as pd

from replyscope.coding import selection


def _thread(count: int = 400, seed: int = 0):
    """Replies in a small topic space: five tight topics, some replies far from any."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(5, 8))
    topic = rng.integers(0, 5, count)
    spread = np.where(rng.uniform(size=count) < 0.2, 2.0, 0.3)[:, None]
    latent = centres[topic] + spread * rng.normal(size=(count, 8))
    latent /= np.linalg.norm(latent, axis=1, keepdims=True)
    suggested = np.where(topic == 0, "cost", np.where(topic == 1, "safety", "uncategorised")).tolist()
    likes = pd.Series(rng.integers(0, 50, count))
    return suggested, likes, latent


def test_pps_chances_sum_to_the_sample_none_above_one_and_none_below_a_tenth_of_the_mean():
    measure = np.array([100.0, 4.0, 4.0, 4.0, 0.0, 2.0, 8.0, 4.0])
    chances = selection.pps_probabilities(measure, 4)
    assert np.isclose(chances.sum(), 4) and chances.max() <= 1
    assert chances[0] == 1  # far above the rest: taken for certain, the rest share 3 places
    assert np.isclose(chances[6] / chances[1], 2) and np.isclose(chances[5] / chances[1], 0.5)
    assert np.isclose(chances[4] / chances[1], 0.1 * measure.mean() / 4)  # raised to a tenth of the mean


def test_each_reply_is_chosen_as_often_as_its_recorded_chance_says():
    rng = np.random.default_rng(1)
    members = np.arange(100, 160)
    clusters = np.zeros(200, dtype=int)
    clusters[members] = rng.integers(0, 5, len(members))
    measure = np.zeros(200)
    measure[members] = rng.uniform(0, 1, len(members)) ** 4
    chances = selection.pps_probabilities(measure[members], 12)
    counts, totals = np.zeros(200), []
    for seed in range(3000):
        picked, recorded = selection.systematic_pps_sample(members, 12, clusters, measure, np.random.default_rng(seed))
        assert len(set(picked.tolist())) == 12 and set(picked.tolist()) <= set(members.tolist())
        assert np.allclose(recorded, chances[picked - 100])
        counts[picked] += 1
        totals.append((1 / recorded).sum())
    assert np.abs(counts[members] / 3000 - chances).max() < 0.03
    assert abs(np.mean(totals) - len(members)) < 0.03 * len(members)  # weights add up to the stratum


def test_round_one_weights_add_up_to_each_stratum_in_expectation(monkeypatch):
    suggested, likes, latent = _thread()
    # The clusters only order the replies; fixed ones keep forty draws of the design quick.
    monkeypatch.setattr(selection, "topic_clusters", lambda space, count, seed: np.argmax(space[:, :5], axis=1))
    sums: dict[str, list[float]] = {}
    for seed in range(40):
        design = selection.design_round_one(suggested, likes, None, latent, 40, seed)
        for stratum, rows in design.groupby("stratum"):
            assert np.isclose((rows["weight"] * rows["inclusion_probability"]).to_numpy(), 1).all()
            sums.setdefault(stratum, []).append(rows["weight"].sum())
            size = rows["stratum_size"].iloc[0]
            sums.setdefault(f"{stratum} size", []).append(size)
    for stratum in ("cost", "safety", "uncategorised"):
        expected = np.mean(sums[f"{stratum} size"])
        assert abs(np.mean(sums[stratum]) - expected) < 0.1 * expected, stratum
    assert sums["most liked"] == sums["most liked size"]  # taken for certain: weight 1 each


def test_round_one_prefers_replies_typical_of_their_topic_and_is_the_same_for_a_seed():
    suggested, likes, latent = _thread()
    first = selection.design_round_one(suggested, likes, None, latent, 40, seed=3)
    again = selection.design_round_one(suggested, likes, None, latent, 40, seed=3)
    other = selection.design_round_one(suggested, likes, None, latent, 40, seed=4)
    pd.testing.assert_frame_equal(first, again)
    assert set(first["position"]) != set(other["position"])
    sampled = first[first["stratum"] != "most liked"]
    assert sampled["inclusion_probability"].nunique() > 1
    clusters = selection.topic_clusters(latent, 40, 3)
    typical = selection.typicality(latent, clusters)
    assert typical[sampled["position"]].mean() > typical.mean()
