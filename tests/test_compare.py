"""replyscope compare: keyness (G², log ratio), and two threads or two periods side by side."""

import math

import pandas as pd
import pytest
from click.testing import CliRunner

import replyscope
from replyscope.analyses.compare import keyness, log_likelihood, split_by_date, wilson_interval
from replyscope.cli import cli
from replyscope.errors import ReplyscopeError
from replyscope.schema import conform

from conftest import SAMPLES


def test_keyness_matches_a_hand_computed_example():
    # bus: 10 of 1,000 words in A, 2 of 2,000 in B. Expected 4 and 8; G² = 2(10 ln(10/4) + 2 ln(2/8)) = 12.7806.
    # car: 5 in A, none in B. Expected 1.667 and 3.333; G² = 2(5 ln 3) = 10.9861; log ratio log2((5/1000)/(0.5/2000)) = log2 20.
    # train: 2 in A, 10 in B: G² = 2(2 ln 0.5 + 10 ln 1.25) = 1.6903, below 3.84 (p < 0.05), so not listed.
    table = keyness({"bus": 10, "train": 2, "car": 5}, 1000, {"bus": 2, "train": 10}, 2000)
    assert table["word"].tolist() == ["bus", "car"]
    bus, car = table.iloc[0], table.iloc[1]
    assert bus["g2"] == 12.78 and bus["log_ratio"] == round(math.log2(10), 2) == 3.32 and bus["side"] == "A"
    assert (bus["count_a"], bus["count_b"], bus["per_10k_a"], bus["per_10k_b"]) == (10, 2, 100.0, 10.0)
    assert bus["significance"] == "p < 0.001" == car["significance"]  # 10.99 is above 10.83
    assert car["g2"] == 10.99 and car["log_ratio"] == round(math.log2(20), 2)
    everything = keyness({"bus": 10, "train": 2, "car": 5}, 1000, {"bus": 2, "train": 10}, 2000, min_g2=0).set_index("word")
    assert everything.loc["train", "side"] == "B" and everything.loc["train", "g2"] == 1.69
    assert everything.loc["train", "log_ratio"] == round(math.log2(0.4), 2)
    assert log_likelihood(3, 6, 100, 200) == pytest.approx(0.0)


def test_wilson_interval():
    low, high = wilson_interval(20, 100)
    # p = 0.2, n = 100, z = 1.96: centre 0.2111, half-width 0.0777
    assert (round(low, 4), round(high, 4)) == (0.1334, 0.2888)


def test_split_by_date_and_its_errors():
    table = conform(pd.DataFrame({"id": ["1", "2", "3"], "text": ["a", "b", "c"],
                                  "created_at": ["2020-04-21T10:00:00Z", "2020-04-25T10:00:00Z", None]}))
    before, after = split_by_date(table, "2020-04-23")
    assert before["id"].tolist() == ["1"] and after["id"].tolist() == ["2"]
    with pytest.raises(ReplyscopeError, match="every reply falls on one side.*2020-04-21 10:00 to 2020-04-25 10:00"):
        split_by_date(table, "2021-01-01")
    with pytest.raises(ReplyscopeError, match="not a date"):
        split_by_date(table, "next tuesday")
    with pytest.raises(ReplyscopeError, match="no readable dates"):
        split_by_date(table.assign(created_at=pd.NaT), "2020-04-23")


def g2(a, b, total_a, total_b):
    """The log-likelihood written out again, independently of replyscope's."""
    e1, e2 = total_a * (a + b) / (total_a + total_b), total_b * (a + b) / (total_a + total_b)
    return 2 * sum(o * math.log(o / e) for o, e in ((a, e1), (b, e2)) if o)


def test_compare_two_halves_of_the_sample_by_date(tmp_path):
    out = tmp_path / "halves"
    result = CliRunner().invoke(cli, ["compare", str(SAMPLES / "replies.xlsx"), "--split", "2020-04-23",
                                      "--names", "first days,later", "--out", str(out), "--no-tone"])
    assert result.exit_code == 0, result.output
    assert "More in first days:" in result.stdout
    keyness_csv = pd.read_csv(out / "keyness.csv", encoding="utf-8-sig")
    overview = pd.read_csv(out / "compare_overview.csv", encoding="utf-8-sig").set_index("measure")
    replies_a, replies_b = int(overview.loc["replies", "a"]), int(overview.loc["replies", "b"])
    assert replies_a + replies_b == 1515
    total_a, total_b = int(overview.loc["words counted", "a"]), int(overview.loc["words counted", "b"])
    for row in keyness_csv.head(10).itertuples():
        assert row.g2 == pytest.approx(g2(row.count_a, row.count_b, total_a, total_b), abs=0.006)
        assert row.g2 >= 3.84 and (row.side == "A") == (row.count_a / total_a > row.count_b / total_b)
    themes = pd.read_csv(out / "compare_themes.csv", encoding="utf-8-sig")
    assert themes["replies_primary_a"].sum() == replies_a and themes["replies_primary_b"].sum() == replies_b
    assert (themes["share_a_low"] <= themes["share_a"]).all() and (themes["share_a"] <= themes["share_a_high"]).all()
    references = pd.read_csv(out / "compare_references.csv", encoding="utf-8-sig").set_index("key")
    assert references.loc["doughnut_economics", ["mentions_a", "mentions_b"]].sum() == 34
    html = (out / "report.html").read_text(encoding="utf-8")
    top = keyness_csv.iloc[0]
    assert "Distinctive words" in html and f"<td>{top.word}</td>" in html and "first days" in html
    assert not (out / "compare_tone.csv").read_text(encoding="utf-8-sig").strip()  # --no-tone


def test_compare_needs_two_files_or_a_split():
    result = CliRunner().invoke(cli, ["compare", str(SAMPLES / "replies.xlsx")])
    assert result.exit_code == 1
    assert "compare takes two files (A B), or one thread and --split DATE; got 1 file." in result.stderr


def test_compare_two_real_exports(shared_data, tmp_path):
    exports = shared_data / "twarc-csv"
    comparison = replyscope.compare(replyscope.load(exports / "brexit.jsonl"),
                                    replyscope.load(exports / "media_policy_violation_on.jsonl"), ("brexit", "media"))
    distinctive = comparison.keyness.set_index("word")
    assert distinctive.loc["brexit", "side"] == "A" and distinctive.loc["brexit", "count_b"] == 0
    assert comparison.tone["theme"].iloc[-1] == "all"
    written = replyscope.write_comparison(comparison, tmp_path / "out", [exports / "brexit.jsonl"], "Brexit and media")
    assert {p.name for p in written} >= {"report.html", "keyness.csv", "compare_themes.csv", "compare_hashtags.csv"}
    hashtags = pd.read_csv(tmp_path / "out" / "compare_hashtags.csv", encoding="utf-8-sig")
    assert (hashtags["posts_a"] > 0).any()
