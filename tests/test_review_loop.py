"""The review loop as the README shows it: analyse, review, fill in the workbook, analyse --reviewed.

The workbook is written by `replyscope review`, filled in with openpyxl as a person would
(x under the right themes, a name under reviewer), read back and analysed.
"""

import csv

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import replyscope
from replyscope.cli import cli

from conftest import SAMPLES

REPLIES = SAMPLES / "replies.xlsx"


@pytest.fixture(scope="module")
def review_workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "review.xlsx"
    result = CliRunner().invoke(cli, ["review", str(REPLIES), "--size", "60", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Wrote 60 replies to review (round 1) to {path}" in result.stdout
    return path


def test_the_workbook_has_the_replies_ticks_instructions_themes_and_design(review_workbook):
    book = openpyxl.load_workbook(review_workbook)
    assert book.sheetnames == ["Review", "Instructions", "Themes", "Design"]
    sheet = book["Review"]
    headers = [c.value for c in sheet[1]]
    codebook = replyscope.load_codebook()
    assert headers[:7] == ["id", "text", "author", "likes", "suggested themes", "primary", "evidence"]
    assert headers[7:] == [t.label for t in codebook.themes] + ["No theme applies", "reviewer", "note"]
    ids = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert len(ids) == 60 and all(isinstance(i, str) for i in ids)
    replies = replyscope.load(REPLIES)
    assert set(ids) <= set(replies["id"])  # exactly as in the input
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"x"' and str(validation.sqref).startswith("H2:")
    themes = {row[1].value: row[2].value for row in book["Themes"].iter_rows(min_row=2)}
    assert themes["sustainability"] == codebook.theme("sustainability").description
    design = pd.DataFrame(book["Design"].values)
    design.columns = design.iloc[0]
    design = design.iloc[1:]
    assert list(design["id"]) == ids
    assert (design["round"] == 1).all() and design["seed"].nunique() == 1
    liked = design[design["stratum"] == "most liked"]
    assert len(liked) == 6 and (liked["inclusion_probability"] == 1).all()
    sampled = design[design["stratum"] != "most liked"]
    assert (sampled["weight"] * sampled["inclusion_probability"]).round(9).eq(1).all()
    themes = {s.split(": ")[0] for s in sampled["stratum"]}  # the codebook's terms, else the nearest description
    assert {"help", "abuse"} <= themes and any(s.endswith(" (by description)") for s in themes)
    assert "replyscope analyse" in " ".join(str(c.value) for c in book["Instructions"]["A"])


def test_an_unfilled_workbook_is_not_used_and_says_so(review_workbook):
    review = replyscope.read_review([review_workbook], replyscope.load_codebook())
    assert len(review) == 0
    assert review.warnings == [f"{review_workbook}: no reply is marked yet (put x under the themes that apply), "
                               "so it was not used"]


def fill_in(path, rows: int, reviewer: str, wrong_every: int = 0):
    """Tick the suggested primary theme of the first `rows` replies (or 'No theme applies'), as a person would."""
    book = openpyxl.load_workbook(path)
    sheet = book["Review"]
    headers = [c.value for c in sheet[1]]
    labels = replyscope.load_codebook().labels()
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_row=rows + 1)):
        primary = row[headers.index("primary")].value
        column = "No theme applies" if primary == "uncategorised" else labels[primary]
        if wrong_every and number % wrong_every == 0:
            column = labels["help"] if column != labels["help"] else labels["abuse"]
        row[headers.index(column)].value = "x"
        row[headers.index("reviewer")].value = reviewer
    book.save(path)


def test_a_filled_workbook_trains_the_coder_and_measures_accuracy(review_workbook, tmp_path):
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(review_workbook.read_bytes())
    fill_in(filled, 40, "AB", wrong_every=8)  # 20 rows left blank: not reviewed yet
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["analyse", str(REPLIES), "--out", str(out), "--reviewed", str(filled)])
    assert result.exit_code == 0, result.output
    assert "Accuracy on 40 reviewed replies (cross-validated): macro-F1 0." in result.stdout
    coded = {row["id"]: row for row in csv.DictReader(open(out / "replies_coded.csv", encoding="utf-8-sig"))}
    sources = pd.Series([row["coding_source"] for row in coded.values()]).value_counts()
    assert sources["reviewer"] == 40 and sources["model"] > 1000
    model_row = next(r for r in coded.values() if r["coding_source"] == "model" and r["primary_theme"] != "uncategorised")
    assert model_row["evidence"].startswith("model p=") and model_row["nearest_reviewed"] in coded
    validity = pd.read_csv(out / "validity.csv", encoding="utf-8-sig")
    assert validity.loc[validity["measure"] == "reviewed replies", "value"].item() == 40
    ratio = validity[validity["measure"] == "likes ratio of top two themes"].iloc[0]
    assert ratio["low"] <= ratio["value"] <= ratio["high"]
    assert "without its most-liked reply" in ratio["note"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<section id="accuracy">' in html and "On 40 reviewed replies" in html
    assert "allowing for the coding error measured on 40 reviewed replies" in html
    assert "without its single most-liked reply" in html
    summary = openpyxl.load_workbook(out / "summary.xlsx", read_only=True)
    assert "validity" in summary.sheetnames


def test_without_a_review_the_report_says_accuracy_is_unmeasured(tmp_path):
    table = replyscope.load(REPLIES)
    analysis = replyscope.analyse(table.head(300), min_mentions=0)
    assert not analysis.validity.measured
    assert analysis.tables()["validity"]["note"].iloc[0].startswith("unmeasured")
    replyscope.write_report(analysis, tmp_path / "out", inputs=[REPLIES], title="t")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Accuracy is unmeasured" in html and "replyscope review replies.xlsx --out review.xlsx" in html


def test_round_two_chooses_unreviewed_replies_the_coder_is_least_sure_of(review_workbook, tmp_path):
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(review_workbook.read_bytes())
    fill_in(filled, 40, "AB")
    second = tmp_path / "round2.xlsx"
    result = CliRunner().invoke(cli, ["review", str(REPLIES), "--round", "2", "--size", "20", "--reviewed", str(filled),
                                      "--out", str(second)])
    assert result.exit_code == 0, result.output
    first_ids = {row[0].value for row in openpyxl.load_workbook(filled)["Review"].iter_rows(min_row=2, max_row=41)}
    book = openpyxl.load_workbook(second)
    ids = [row[0].value for row in book["Review"].iter_rows(min_row=2)]
    assert len(ids) == 20 and not set(ids) & first_ids
    design = list(book["Design"].iter_rows(min_row=2, values_only=True))
    assert {row[1] for row in design} == {"round 2: most informative"} and {row[6] for row in design} == {2}
    assert all(row[5] is None for row in design)  # chosen on purpose: no design weight
    refused = CliRunner().invoke(cli, ["review", str(REPLIES), "--round", "2", "--out", str(tmp_path / "x.xlsx")])
    assert refused.exit_code == 1 and "needs the reviews so far: add --reviewed" in refused.stderr
    again = CliRunner().invoke(cli, ["review", str(REPLIES), "--size", "5", "--out", str(second)])
    assert again.exit_code == 1 and "already exists and may hold someone's review" in again.stderr
