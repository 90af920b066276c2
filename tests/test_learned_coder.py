"""The learned coder: themes with no terms learn from reviewed examples, reviewers win, the same seed codes the same.

Also the two review file forms, and what a bad review file says.
"""

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import replyscope
from replyscope.cli import cli
from replyscope.codebook import parse_codebook
from replyscope.schema import conform

CODEBOOK_TEXT = """
version = 1
[themes.transport]
label = "Transport"
description = "Buses, trains, roads and getting about."
[themes.parks]
label = "Parks & green space"
description = "Parks, trees, playgrounds and open space."
"""
TRANSPORT = ["the {} bus never comes on time", "we need more trains to the {} station", "fix the potholes on {} road",
             "cheaper bus fares for {} please", "the {} train line is always late", "a safe cycle lane along {} road"]
PARKS = ["plant more trees in {} park", "the {} playground needs new swings", "keep the {} park open late",
         "more green space around {}", "clean up the pond in {} park", "protect the {} meadow and its trees"]
OTHER = ["what time is it in {}", "lovely weather in {} today", "congratulations to the {} team"]
PLACES = ["Leeds", "York", "Hull", "Bath", "Derby", "Ely", "Wells", "Ripon", "Truro", "Exeter"]


@pytest.fixture(scope="module")
def thread():
    texts, truth = [], []
    for place in PLACES:
        for templates, theme in ((TRANSPORT, "transport"), (PARKS, "parks"), (OTHER, "")):
            for template in templates:
                texts.append(template.format(place))
                truth.append(theme)
    table = conform(pd.DataFrame({"id": [f"r{i}" for i in range(len(texts))], "text": texts,
                                  "likes": [(i * 7) % 40 for i in range(len(texts))]}))
    return table, np.array(truth, dtype=object)


@pytest.fixture(scope="module")
def codebook():
    return parse_codebook(CODEBOOK_TEXT, "test codebook")


def review_of(table, truth, rows, reviewer=""):
    ids = table["id"].iloc[rows].tolist()
    return replyscope.Review(labels=pd.DataFrame({
        "id": ids, "reviewer": reviewer, "themes": [[truth[r]] if truth[r] else [] for r in rows],
        "primary": [truth[r] or "uncategorised" for r in rows], "source": "test", "row": np.arange(len(rows)) + 2}))


def reviewed_rows(truth):
    # every fourth reply, so each theme has examples and most replies are left to the model
    return list(range(0, len(truth), 4))


def test_themes_without_terms_learn_from_reviewed_examples(thread, codebook):
    table, truth = thread
    assert all(not theme.include for theme in codebook.themes)
    rows = reviewed_rows(truth)
    analysis = replyscope.analyse(table, codebook=codebook, reviewed=review_of(table, truth, rows), min_mentions=0)
    coded = analysis.replies
    unseen = coded[coded["coding_source"] == "model"]
    assert len(unseen) == len(table) - len(rows)
    expected = pd.Series(truth, index=coded.index).replace("", "uncategorised")[unseen.index]
    accuracy = (unseen["primary_theme"].astype(object) == expected).mean()
    assert accuracy >= 0.8, accuracy
    transport = unseen[unseen["primary_theme"] == "transport"].iloc[0]
    assert transport["evidence"].startswith("model p=") and "like reviewed reply" in transport["evidence"]
    assert transport["pushed_by"] and transport["nearest_reviewed"] in set(table["id"].iloc[rows])
    assert analysis.validity.measured and analysis.validity.reviewed == len(rows)
    assert analysis.validity.macro_f1 >= 0.7


def test_reviewed_labels_win_over_the_model(thread, codebook):
    table, truth = thread
    rows = reviewed_rows(truth)
    wrong = truth.copy()
    wrong[rows[0]] = "parks" if truth[rows[0]] == "transport" else "transport"  # a reviewer's surprising call
    coded = replyscope.analyse(table, codebook=codebook, reviewed=review_of(table, wrong, rows), min_mentions=0).replies
    first = coded.iloc[rows[0]]
    assert first["primary_theme"] == wrong[rows[0]] and first["coding_source"] == "reviewer"
    assert first["evidence"].startswith("reviewed (coder said:")


def test_the_coder_is_deterministic_for_a_seed(thread, codebook):
    table, truth = thread
    review = review_of(table, truth, reviewed_rows(truth))
    runs = [replyscope.analyse(table, codebook=codebook, reviewed=review, min_mentions=0) for _ in range(2)]
    columns = ["primary_theme", "evidence", "coding_probability", "nearest_reviewed"]
    pd.testing.assert_frame_equal(runs[0].replies[columns], runs[1].replies[columns])
    pd.testing.assert_frame_equal(runs[0].validity.table(), runs[1].validity.table())


def test_two_reviewers_get_kappa_per_theme(thread, codebook, tmp_path):
    table, truth = thread
    rows = reviewed_rows(truth)[:12]
    ids = table["id"].iloc[rows].tolist()
    names = {"transport": "Transport", "parks": "parks", "": ""}
    first = [names[truth[r]] for r in rows]
    second = list(first)
    second[0] = "Transport" if first[0] != "Transport" else ""  # one disagreement
    path = tmp_path / "reviewed.csv"
    pd.DataFrame({"id": ids * 2, "themes": first + second, "reviewer": ["AB"] * 12 + ["CD"] * 12}).to_csv(path, index=False)
    review = replyscope.read_review([path], codebook)
    assert len(review) == 12 and set(review.labels["reviewer"]) == {"AB", "CD"}
    validity = replyscope.analyse(table, codebook=codebook, reviewed=review, min_mentions=0).validity
    agreement = validity.reviewers.set_index("theme")
    assert agreement.loc["parks", "value"] == pytest.approx(1.0)
    assert agreement.loc["transport", "statistic"] == "Cohen's kappa"
    assert agreement.loc["transport", "value"] < 1


@pytest.mark.parametrize("content, message", [
    ("id,themes\nr1,Transport\nr2,Bikes\n", "reviewed.csv row 3: theme 'Bikes' is not in the codebook; use one of transport, parks"),
    ("reply,comment\nr1,great\n", "reviewed.csv: is not a review: its first sheet has no 'id' column"),
    ("id,Transport\nr1,maybe\n", "reviewed.csv row 2, column 'Transport': 'maybe' is not a tick"),
    ("id,note\nr1,hello\n", "reviewed.csv: is not a review: no column is headed by a theme of the codebook"),
    ("id,themes\nzz,Transport\n", "reviewed.csv: none of its 1 reviewed ids is in the data (row 2: 'zz')"),
])
def test_bad_review_files_are_one_line_errors(tmp_path, content, message):
    (tmp_path / "codebook.toml").write_text(CODEBOOK_TEXT, encoding="utf-8")
    (tmp_path / "replies.csv").write_text("id,text\nr1,the bus is late\nr2,plant trees\n", encoding="utf-8")
    (tmp_path / "reviewed.csv").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyse", str(tmp_path / "replies.csv"), "--codebook", str(tmp_path / "codebook.toml"),
                                      "--reviewed", str(tmp_path / "reviewed.csv"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("replyscope: error: ")]
    assert len(errors) == 1 and message in errors[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_ids_are_warned_about_by_row(thread, codebook, tmp_path):
    table, truth = thread
    path = tmp_path / "reviewed.csv"
    rows = reviewed_rows(truth)
    frame = pd.DataFrame({"id": table["id"].iloc[rows].tolist() + ["nobody"],
                          "themes": [truth[r] for r in rows] + ["parks"]})
    frame.to_csv(path, index=False)
    validity = replyscope.analyse(table, codebook=codebook, reviewed=replyscope.read_review(path, codebook),
                                  min_mentions=0).validity
    assert validity.warnings == [f"{path} row {len(rows) + 2}: no reply with id 'nobody' in the data, so it was not applied"]
    assert validity.reviewed == len(rows)


def test_codebook_check_says_a_theme_without_terms_is_valid(tmp_path):
    path = tmp_path / "codebook.toml"
    path.write_text(CODEBOOK_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["codebook", "check", str(path)])
    assert result.exit_code == 0
    assert "transport        Transport (no terms: valid; learned from reviewed examples" in result.stdout


def test_evaluate_compares_a_coding_with_hand_labels(tmp_path):
    coded = tmp_path / "replies_coded.csv"
    gold = tmp_path / "labels.csv"
    pd.DataFrame({"id": ["1", "2", "3", "4"], "primary_theme": ["a", "a", "b", "uncategorised"],
                  "themes": ["a", "a; b", "b", ""]}).to_csv(coded, index=False)
    pd.DataFrame({"id": ["1", "2", "3", "4", "5"], "label": ["A", "b", "b", "", "a"]}).to_csv(gold, index=False)
    result = replyscope.evaluate(coded, gold)
    assert (result.matched, result.unmatched, result.matched_by) == (4, 1, "id")
    per_theme = result.per_theme.set_index("theme")
    # a: labelled in 1; coded in 1, 2 -> precision 1/2, recall 1
    assert per_theme.loc["a", ["precision", "recall"]].tolist() == pytest.approx([0.5, 1.0])
    # b: labelled in 2, 3; coded in 2, 3 -> perfect
    assert per_theme.loc["b", "f1"] == pytest.approx(1.0)
    cli_result = CliRunner().invoke(cli, ["evaluate", str(coded), str(gold)])
    assert cli_result.exit_code == 0
    assert "4 replies matched by id; 1 labelled replies not in" in cli_result.stdout
    assert "macro-F1 0.83" in cli_result.stdout


def test_evaluate_matches_by_text_when_ids_are_missing():
    coded = pd.DataFrame({"text": ["The bus is late", "Plant  trees"], "themes": ["transport", "parks"]})
    gold = pd.DataFrame({"text": ["the bus is late", "plant trees", "unseen"], "theme": ["Transport", "transport", "x"]})
    result = replyscope.evaluate(coded, gold)
    assert (result.matched, result.unmatched, result.matched_by) == (2, 1, "text")
    assert result.per_theme.set_index("theme").loc["transport", ["precision", "recall"]].tolist() == [1.0, 0.5]


def test_a_review_that_never_says_no_theme_leaves_no_model_reply_uncategorised(thread, codebook):
    table, truth = thread
    rows = [r for r in reviewed_rows(truth) if truth[r]]  # reviewers only ever ticked a theme
    coded = replyscope.analyse(table, codebook=codebook, reviewed=review_of(table, truth, rows), min_mentions=0).replies
    modelled = coded[coded["coding_source"] == "model"]
    assert len(modelled) == len(table) - len(rows)
    assert (modelled["primary_theme"] != "uncategorised").all()
    # with "no theme" replies in the review, the small talk the model is unsure of stays uncategorised
    coded = replyscope.analyse(table, codebook=codebook, reviewed=review_of(table, truth, reviewed_rows(truth)),
                               min_mentions=0).replies
    small_talk = coded[(truth == "") & (coded["coding_source"] == "model").to_numpy()]
    assert (small_talk["primary_theme"] == "uncategorised").mean() >= 0.8


def test_the_uncategorised_floor_is_chosen_from_the_review():
    from replyscope.coding.coder import _floor

    themes = ["a", "b", "c"]
    best = np.linspace(0.1, 0.4, 30)  # right but unsure: every reviewed reply's true theme is its best
    probabilities = np.column_stack([best, best / 2, best / 3])
    primary = np.array(["a"] * 30, dtype=object)
    assert _floor(probabilities, probabilities, primary, themes, default=0.2) == 0.0  # nothing to keep out
    # ten replies reviewers said have no theme, all less likely than the sure themed ones
    no_theme = np.column_stack([np.linspace(0.05, 0.2, 10), np.full(10, 0.01), np.full(10, 0.01)])
    sure = np.column_stack([np.linspace(0.5, 0.9, 30), np.full(30, 0.1), np.full(30, 0.1)])
    probabilities = np.vstack([sure, no_theme])
    primary = np.array(["a"] * 30 + ["uncategorised"] * 10, dtype=object)
    # every floor from 0.25 to 0.5 codes all 40 right: the middle of that gap is kept
    assert 0.35 <= _floor(probabilities, probabilities, primary, themes, default=0.2) <= 0.4
