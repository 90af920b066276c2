"""`replyscope themes` and the report's "Themes the codebook may be missing": real files in, themes out."""

import csv
import random
import re
from itertools import permutations

import pandas as pd
import pytest
from click.testing import CliRunner

import replyscope
from replyscope.analyses.discovery import suggest_label
from replyscope.cli import cli
from replyscope.codebook import default_codebook_text, load_codebook, parse_codebook
from replyscope.reporters.draft_codebook import draft_codebook_text

from conftest import SAMPLES

SAMPLE = SAMPLES / "replies.xlsx"


def two_largest_themes_codebook(path):
    """The bundled codebook with only its two largest themes (listening, sustainability), the rest left out."""
    tables = re.split(r"(?m)^(?=\[)", default_codebook_text())
    kept = [t for t in tables if not t.startswith("[themes.") or t.startswith(("[themes.listening]", "[themes.sustainability]"))]
    path.write_text("".join(kept), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_themes(tmp_path_factory):
    """`replyscope themes` on the sample, given only the two largest themes: (result, out folder, codebook)."""
    folder = tmp_path_factory.mktemp("themes")
    codebook = two_largest_themes_codebook(folder / "two.toml")
    out = folder / "out"
    result = CliRunner().invoke(cli, ["themes", str(SAMPLE), "--codebook", str(codebook), "--out", str(out)])
    return result, out, codebook


def test_themes_on_the_sample_rediscovers_economy_local_and_research(sample_themes):
    result, out, _ = sample_themes
    assert result.exit_code == 0, result.output + result.stderr
    themes = pd.read_csv(out / "proposed_themes.csv", encoding="utf-8-sig")
    top_terms = [set(terms.split(", ")[:6]) for terms in themes["top_terms"]]
    concepts = {"economy": {"economy", "economic", "tax", "wage", "income", "pay"},
                "local": {"local", "community", "council", "neighbour", "mutual aid"},
                "research": {"research", "read", "evidence", "book", "report", "study"}}
    # three different proposed themes, one per concept
    assert any(all(concepts[c] & top_terms[t] for c, t in zip(concepts, chosen))
               for chosen in permutations(range(len(themes)), 3)), themes[["label", "top_terms"]]
    assert "uncategorised replies" in result.stdout
    assert f"Draft codebook: {out / 'draft_codebook.toml'}" in result.stdout


def test_themes_writes_a_draft_codebook_that_keeps_the_given_themes(sample_themes):
    result, out, codebook = sample_themes
    assert {p.name for p in out.iterdir()} >= {"draft_codebook.toml", "proposed_themes.csv", "proposed_terms.csv",
                                               "proposed_typical.csv", "theme_choice.csv", "report.html"}
    draft = load_codebook(out / "draft_codebook.toml")
    themes = pd.read_csv(out / "proposed_themes.csv", encoding="utf-8-sig")
    assert [t.key for t in draft.themes] == ["sustainability", "listening", *themes["theme"]]
    assert draft.theme("listening").include == load_codebook(codebook).theme("listening").include
    assert CliRunner().invoke(cli, ["codebook", "check", str(out / "draft_codebook.toml")]).exit_code == 0
    # the draft's terms give most of the replies the two-theme codebook left alone a theme
    table = replyscope.load(SAMPLE)
    before = replyscope.analyse(table, codebook=load_codebook(codebook)).replies["primary_theme"]
    after = replyscope.analyse(table, codebook=draft).replies["primary_theme"]
    assert (after == "uncategorised").sum() < 0.5 * (before == "uncategorised").sum()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ">Proposed themes</h2>" in html and "draft_codebook.toml" in html
    typical = pd.read_csv(out / "proposed_typical.csv", encoding="utf-8-sig", dtype=str)
    assert set(typical["theme"]) == set(themes["theme"])
    assert typical["text"].str.len().min() > 0


def reply_table(texts: list[str], path) -> pd.DataFrame:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "likes"])
        writer.writerows((str(i), text, str(i % 7)) for i, text in enumerate(texts))
    return replyscope.load(path)


ROADS = "pothole potholes road roads pavement resurfacing junction traffic tarmac kerb".split()
FERRIES = "ferry ferries island harbour timetable crossing boat pier islanders sailing".split()
LISTENING = ["Listen to local communities and ask people", "Ask people who live here, listen to them",
             "Citizens assembly: listen to communities", "Listen to people on the frontline"]


def texts_from(words: list[str], count: int, rng: random.Random) -> list[str]:
    filler = "we really think that the council should look at this soon please".split()
    return [" ".join(rng.sample(words, 4) + rng.sample(filler, 3)) for _ in range(count)]


def test_discover_themes_without_a_codebook_separates_what_replies_talk_about(tmp_path):
    rng = random.Random(5)
    table = reply_table(texts_from(ROADS, 40, rng) + texts_from(FERRIES, 40, rng), tmp_path / "thread.csv")
    proposed = replyscope.discover_themes(table, codebook=None, n=2, seed=1)
    assert proposed.scope == "replies" and proposed.searched == 80
    labels = proposed.themes["label"].tolist()
    assert len(labels) == 2
    assert {("road" in l or "pothole" in l, "ferry" in l or "island" in l) for l in labels} == {(True, False), (False, True)}
    assert proposed.themes["replies"].sum() == 80
    assert proposed.assignment.notna().sum() == 80
    # more themes asked for than there are replies: fitted with as many as the replies allow, tiny ones merged away
    crowded = replyscope.discover_themes(table, codebook=None, n=500)
    assert 2 <= len(crowded.themes) <= 80 // 5 and crowded.themes["replies"].min() >= 5


def test_the_same_seed_gives_the_same_themes(tmp_path):
    table = replyscope.load(SAMPLE).head(500)
    first = replyscope.discover_themes(table, codebook=None, seed=7)
    second = replyscope.discover_themes(table, codebook=None, seed=7)
    for name, frame in first.tables().items():
        pd.testing.assert_frame_equal(frame, second.tables()[name], obj=name)
    pd.testing.assert_frame_equal(first.choice, second.choice)
    assert 5 <= len(first.themes) <= 12


def test_too_few_replies_are_said_plainly(tmp_path):
    table = reply_table(["Fix the potholes on the high road", "More ferries to the island please"] * 5, tmp_path / "few.csv")
    proposed = replyscope.discover_themes(table, codebook=None)
    assert not proposed and proposed.themes.empty
    assert "too few to propose themes" in proposed.notes[0]
    result = CliRunner().invoke(cli, ["themes", str(tmp_path / "few.csv"), "--no-codebook", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "too few to propose themes" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("arguments, message", [
    (["--codebook", "cb.toml", "--no-codebook"], "contradict each other"),
    (["--n", "1"], "--n '1': give 'auto' or a whole number"),
    (["--n", "many"], "--n 'many': give 'auto' or a whole number"),
    (["--codebook", "missing.toml"], "codebook not found"),
])
def test_themes_refuses_bad_options_in_one_line(tmp_path, arguments, message):
    (tmp_path / "cb.toml").write_text(default_codebook_text(), encoding="utf-8")
    arguments = [str(tmp_path / a) if a.endswith(".toml") else a for a in arguments]
    result = CliRunner().invoke(cli, ["themes", str(SAMPLE), *arguments, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_report_proposes_missing_themes_when_over_a_fifth_is_uncategorised(tmp_path):
    rng = random.Random(9)
    texts = [rng.choice(LISTENING) + f" ({i})" for i in range(40)] + texts_from(ROADS, 30, rng) + texts_from(FERRIES, 30, rng)
    path = tmp_path / "many_uncategorised.csv"
    reply_table(texts, path)
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["analyse", str(path), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ">Themes the codebook may be missing</h2>" in html
    themes = pd.read_csv(out / "proposed_themes.csv", encoding="utf-8-sig")
    assert themes["replies"].sum() == 60
    assert any("pothole" in t or "road" in t for t in themes["top_terms"])
    assert any("ferry" in t or "island" in t for t in themes["top_terms"])


def test_report_has_no_missing_themes_section_when_the_codebook_fits(tmp_path):
    rng = random.Random(9)
    texts = [rng.choice(LISTENING) + f" ({i})" for i in range(90)] + texts_from(ROADS, 10, rng)
    path = tmp_path / "mostly_coded.csv"
    reply_table(texts, path)
    analysis = replyscope.analyse(replyscope.load(path))
    assert analysis.proposed_themes is None
    out = tmp_path / "report"
    assert CliRunner().invoke(cli, ["analyse", str(path), "--out", str(out), "-q"]).exit_code == 0
    assert "Themes the codebook may be missing" not in (out / "report.html").read_text(encoding="utf-8")
    assert not (out / "proposed_themes.csv").exists()


@pytest.mark.parametrize("terms, label", [
    (["community", "local", "mutual", "aid", "mutual aid"], "community, local, mutual aid"),
    (["basic income", "income", "tax", "wage"], "basic income, tax, wage"),
    (["economy"], "economy"),
    ([], "(no distinctive words)"),
])
def test_labels_prefer_phrases_over_their_words(terms, label):
    assert suggest_label(terms) == label


def test_a_draft_from_words_outside_ascii_is_valid_toml(tmp_path):
    rng = random.Random(2)
    accented = "città università attività libertà qualità società sanità comunità identità verità".split()
    table = reply_table(texts_from(accented, 30, rng) + texts_from(FERRIES, 30, rng), tmp_path / "accents.csv")
    proposed = replyscope.discover_themes(table, codebook=None, n=2, seed=1)
    draft = parse_codebook(draft_codebook_text(proposed), "draft")
    assert [t.key for t in draft.themes] == proposed.themes["theme"].tolist()
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in proposed.themes["theme"])
    assert any("città" in theme.label.casefold() or "università" in theme.label.casefold() for theme in draft.themes)


def test_themes_without_a_codebook_drafts_a_codebook_of_its_own(tmp_path):
    rng = random.Random(5)
    reply_table(texts_from(ROADS, 40, rng) + texts_from(FERRIES, 40, rng), tmp_path / "thread.csv")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["themes", str(tmp_path / "thread.csv"), "--no-codebook", "--n", "2", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "2 themes proposed for all 80 replies:" in result.stdout
    draft_text = (out / "draft_codebook.toml").read_text(encoding="utf-8")
    assert draft_text.startswith("# replyscope codebook: a draft proposed from the replies")
    draft = load_codebook(out / "draft_codebook.toml")
    assert len(draft.themes) == 2 and not draft.entities
    coded = replyscope.analyse(replyscope.load(tmp_path / "thread.csv"), codebook=draft).replies
    assert (coded["primary_theme"] == "uncategorised").sum() == 0
    # the same seed again: the same draft, byte for byte
    again = tmp_path / "again"
    CliRunner().invoke(cli, ["themes", str(tmp_path / "thread.csv"), "--no-codebook", "--n", "2", "--out", str(again)])
    assert (again / "draft_codebook.toml").read_bytes() == (out / "draft_codebook.toml").read_bytes()
