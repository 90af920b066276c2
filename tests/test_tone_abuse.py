"""Tone (VADER) per reply and per theme, and abuse flagged by the bundled model with its evidence."""

import gzip
import json

import pandas as pd
import pytest

import replyscope
from replyscope.analyses.abuse import features, load_abuse_model, model_from_dict
from replyscope.analyses.tone import score_tone, tone_by_theme, tone_labels
from replyscope.codebook import load_codebook
from replyscope.schema import conform

from conftest import SAMPLES


def thread(texts, likes=None, authors=None):
    rows = {"id": [str(i) for i in range(len(texts))], "text": texts}
    if likes is not None:
        rows["likes"] = likes
    if authors is not None:
        rows["author"] = authors
    return conform(pd.DataFrame(rows))


@pytest.mark.parametrize("text, label", [
    ("Thank you, this is a brilliant and hopeful thread!", "positive"),
    ("This is a disgrace. Utterly useless and pathetic.", "negative"),
    ("The consultation closes on 4 May.", "neutral"),
    ("This is not good.", "negative"),          # VADER flips a word after a close 'not'
    ("", "neutral"),
])
def test_tone_labels_use_vader_thresholds(text, label):
    assert tone_labels(score_tone([text])).tolist() == [label]


def test_tone_by_theme_counts_shares_and_weights_by_likes():
    codebook = load_codebook(None)
    coded = replyscope.analyse(thread(
        ["Listen to people, it is wonderful when you do.", "Listen to the frontline, they are angry and ignored.",
         "Listen to nurses.", "Invest in nature."], likes=[30, 10, 0, None]), codebook, abuse_model=False).replies
    table = tone_by_theme(coded, codebook).set_index("theme")
    listening = table.loc["listening"]
    assert (listening["replies"], listening["positive"], listening["neutral"], listening["negative"]) == (3, 1, 1, 1)
    assert listening["share_positive"] == pytest.approx(1 / 3, abs=1e-4)
    tones = coded.set_index("id")["tone"]
    expected = (tones["0"] * 30 + tones["1"] * 10) / 40  # no likes, no weight
    assert listening["mean_tone_by_likes"] == pytest.approx(expected, abs=1e-3)
    assert table.loc["all", "replies"] == 4
    assert pd.isna(table.loc["sustainability", "mean_tone_by_likes"])  # its only reply's likes are unknown


def test_tone_can_be_turned_off():
    analysis = replyscope.analyse(thread(["Listen to people."]), tone=False)
    assert analysis.tone is None and "tone" not in analysis.replies and "tone" not in analysis.tables()


def test_shipped_abuse_model_reads_like_the_pipeline_it_was_exported_from():
    """numpy scoring of the stored arrays gives scikit-learn's probabilities, on a model fitted here."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from replyscope.analyses.abuse import prepare
    texts = ["you are a stupid idiot", "what an idiot &amp; a liar", "thanks for asking us", "listen to nurses",
             "RT @someone: idiot idiot idiot", "ask people who live there", "shut up you fool", "great thread"] * 3
    labels = [True, True, False, False, True, False, True, False] * 3
    pipeline = make_pipeline(TfidfVectorizer(preprocessor=prepare, ngram_range=(1, 2), min_df=1, sublinear_tf=True),
                             LogisticRegression(solver="liblinear")).fit(texts, labels)
    vectoriser, regression = pipeline.steps[0][1], pipeline.steps[1][1]
    model = model_from_dict({"terms": vectoriser.get_feature_names_out().tolist(), "idf": vectoriser.idf_.tolist(),
                             "weights": regression.coef_[0].tolist(), "intercept": float(regression.intercept_[0])})
    new = ["Idiot. Shut up, idiot!", "Please listen to nurses", "words it never saw", ""]
    ours, evidence = model.probabilities(new)
    assert ours == pytest.approx(pipeline.predict_proba(new)[:, 1], abs=1e-9)
    assert evidence[0][0] in {"idiot", "shut up", "shut"} and evidence[2] == []


def test_bundled_model_is_small_plain_data_and_flags_with_evidence():
    from importlib import resources
    raw = resources.files("replyscope.data").joinpath("abuse_model.json.gz").read_bytes()
    assert len(raw) < 2_000_000
    stored = json.loads(gzip.decompress(raw))
    assert len(stored["terms"]) == len(stored["weights"]) == len(stored["idf"]) and "Davidson" in stored["about"]["source"]
    model = load_abuse_model()
    scores, evidence = model.probabilities(["shut the fuck up you stupid bitch", "Invest in nature and listen to nurses."])
    assert scores[0] > 0.9 > 0.5 > scores[1]
    assert "fuck" in " ".join(evidence[0]) or "bitch" in " ".join(evidence[0])
    assert features("RT @a: You IDIOT http://t.co/x") == ["you", "idiot", "you idiot"]


def test_model_sets_aside_abuse_the_word_list_misses_and_says_so():
    texts = ["Listen to nurses and carers.", "that bitch is a hoe lol", "You lot are idiots."]
    analysis = replyscope.analyse(thread(texts, likes=[5, 3, 2], authors=["a", "b", "c"]))
    coded = analysis.replies.set_index("id")
    assert coded.loc["1", "primary_theme"] == "abuse" and coded.loc["1", "abuse_by"] == "model"
    assert coded.loc["1", "evidence"].startswith("abuse (model, ")
    assert coded.loc["2", "abuse_by"] == "word list" and coded.loc["0", "primary_theme"] == "listening"
    assert analysis.abuse == {"replies": 3, "set_aside": 2, "by_model": 1, "by_word_list": 1, "model_used": True}
    off = replyscope.analyse(thread(texts, likes=[5, 3, 2]), abuse_model=False)
    assert off.abuse["set_aside"] == 1 and off.replies.set_index("id").loc["1", "primary_theme"] != "abuse"


def test_analyse_report_shows_tone_abuse_and_campaigns(tmp_path):
    from click.testing import CliRunner

    from replyscope.cli import cli
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["analyse", str(SAMPLES / "replies.xlsx"), "--out", str(out), "--count-campaigns-once"])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    coded = pd.read_csv(out / "replies_coded.csv", encoding="utf-8-sig", dtype={"id": str})
    abuse = int((coded["primary_theme"] == "abuse").sum())
    assert f"<b>{abuse}</b> of 1,515 replies were set aside as abuse" in html
    assert f"Set aside as abuse: {abuse} replies (0 found by the abuse model only)" in result.stdout
    assert "Tone and abuse" in html and "80.8%" in html and "sarcasm" in html and "Racial Bias" in html
    assert "Copy-paste replies" in html and "Theme shares count each campaign once." in html
    tone = pd.read_csv(out / "tone.csv", encoding="utf-8-sig").set_index("theme")
    assert tone.loc["all", "replies"] == 1515 and set(coded["tone_label"]) == {"positive", "neutral", "negative"}
    assert tone.loc["abuse", "share_negative"] > 0.5 > tone.loc["help", "share_negative"]
    assert tone.loc["abuse", "mean_tone"] < 0 < tone.loc["help", "mean_tone"]
    # the sample's duplicated abusive replies are found as copies from different accounts
    groups = pd.read_csv(out / "copy_groups.csv", encoding="utf-8-sig")
    abusive = groups[groups["theme"] == "abuse"]
    texts = abusive["text"].str.replace(r"^'?@AlexMorrowCS ", "", regex=True)  # CSV cells starting with @ are made inert
    assert set(texts) >= {"Clueless.", "You lot are idiots."}
    clueless = abusive[abusive["text"].str.endswith("Clueless.")].iloc[0]
    assert clueless["accounts"] >= 2 and clueless["kind"] == "copy" and ";" in clueless["authors"]
    in_group = coded[coded["copy_group"] == clueless["group"]]
    assert in_group["author"].nunique() == clueless["accounts"] and (in_group["primary_theme"] == "abuse").all()
    themes = pd.read_csv(out / "themes.csv", encoding="utf-8-sig")
    campaigns = groups[groups["kind"] == "campaign"]
    assert themes["replies_primary"].sum() == 1515 - (campaigns["replies"] - 1).sum()
