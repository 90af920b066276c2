"""Which replies round 1 chooses when the codebook has themes with only a label and a description.

A theme without terms matches no reply, so the codebook alone would leave the whole thread
uncategorised, one stratum sampled at random: a rare theme could get no reply in the round.
Its description still says what it is about, and each reply's sentence vector says which
description it is nearest: round 1 gets one stratum per theme.
"""

import numpy as np
import pandas as pd
import pytest

from replyscope.analyses.themes import code_replies
from replyscope.codebook import parse_codebook
from replyscope.coding import embeddings
from replyscope.coding.review import choose_for_review
from replyscope.schema import conform
from replyscope.text import tokenise_replies

needs_embedding = pytest.mark.skipif(not embeddings.available(), reason="wordllama (the embedding's files) not installed")

CODEBOOK = """version = 1

[themes.transport]
label = "Transport"
description = "Buses, trains, trams, roads, traffic, fares and getting around the city."

[themes.parks]
label = "Parks and green space"
description = "Parks, trees, gardens, grass, playgrounds and nature in the city."

[themes.housing]
label = "Housing"
description = "Homes, rents, landlords, flats, houses and the cost of somewhere to live."
"""
SUBJECTS = {
    "transport": ["the bus was late again", "the train fare went up", "traffic on the ring road is awful",
                  "the tram never comes on time", "more buses on the night routes", "the station car park is full"],
    "parks": ["plant more trees in the park", "the playground swings are broken", "keep the gardens open later",
              "the grass by the lake needs cutting", "more benches under the trees", "the park ponds are lovely"],
    "housing": ["my rent went up again", "the landlord will not fix the damp flat", "houses cost far too much here",
                "build homes people can afford", "we cannot find a flat to rent", "the council housing list is long"],
}
ENDINGS = ["", " honestly", " this week", " again and again", " in our area", " for everyone", " please sort it"]


def thread(counts: dict[str, int]) -> pd.DataFrame:
    """A rule-coded thread with `counts` replies per subject, worded from varied phrases."""
    rng = np.random.default_rng(7)
    texts = [f"{SUBJECTS[subject][rng.integers(6)]}{ENDINGS[rng.integers(len(ENDINGS))]} #{n}"
             for subject, count in counts.items() for n in range(count)]
    subjects = [subject for subject, count in counts.items() for _ in range(count)]
    table = conform(pd.DataFrame({"id": [f"r{i}" for i in range(len(texts))], "text": texts}))
    coded = code_replies(table, tokenise_replies(table["clean_text"].fillna("").tolist()),
                         parse_codebook(CODEBOOK, "test codebook"))
    return coded.assign(subject=subjects)


@needs_embedding
def test_a_codebook_without_terms_gives_each_theme_its_own_stratum():
    coded = thread({"transport": 400, "parks": 150, "housing": 30})
    assert (coded["primary_theme"] == "uncategorised").all()  # no terms: the rules say nothing
    chosen = choose_for_review(coded, parse_codebook(CODEBOOK, "test codebook"), size=40, seed=1)
    sampled = chosen[chosen["stratum"] != "most liked"]
    themes = sampled["stratum"].str.extract(r"^(\w+) \(by description\)")[0]
    assert set(themes) == {"transport", "parks", "housing"}  # and no 'uncategorised' stratum left
    subject = chosen["id"].map(coded.set_index("id")["subject"])
    # the rare theme (5% of the thread) gets twice the 2 replies chance would give it, most from its own stratum
    housing = chosen[themes == "housing"]
    assert len(housing) >= 6 and (subject[housing.index] == "housing").mean() >= 0.5
    assert (subject == "housing").sum() >= 4
    # the design stays recorded: each stratum's chance is its sample over its size, weights add up to the thread
    for _, stratum in sampled.groupby("stratum"):
        assert np.allclose(stratum["inclusion_probability"], len(stratum) / stratum["stratum_size"])
    assert chosen["weight"].sum() == pytest.approx(len(coded))


def test_without_sentence_vectors_a_termless_round_is_one_uncategorised_stratum(monkeypatch):
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    coded = thread({"transport": 200, "parks": 60, "housing": 20})
    chosen = choose_for_review(coded, parse_codebook(CODEBOOK, "test codebook"), size=30, seed=1)
    assert {s.split(": ")[0] for s in chosen["stratum"]} == {"uncategorised"}
    assert chosen["weight"].sum() == pytest.approx(len(coded))


def test_round_one_never_joins_the_feature_matrix_and_a_model_gets_the_same_one(monkeypatch):
    """Choosing round 1 reads the latent summary and sentence vectors only; the model's matrix is built on first use."""
    from scipy import sparse

    from replyscope.coding import learned

    coded = thread({"transport": 60, "parks": 40, "housing": 20})
    made = []
    real = learned.thread_features
    monkeypatch.setattr(learned, "thread_features", lambda *args, **kwargs: made.append(real(*args, **kwargs)) or made[-1])
    choose_for_review(coded, parse_codebook(CODEBOOK, "test codebook"), size=20, seed=1)
    features = made[0]
    assert "matrix" not in vars(features)  # never joined
    parts = [block.copy() for block in features.blocks]
    joined = features.matrix
    assert joined is features.matrix and not features.blocks  # joined once, the blocks let go
    assert joined.shape[1] == sum(part.shape[1] for part in parts)
    assert (joined != sparse.hstack(parts, format="csr")).nnz == 0
    assert (joined[:, :features.word_columns] != features.word_matrix).nnz == 0
