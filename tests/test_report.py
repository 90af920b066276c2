"""`replyscope analyse`: real file in, every output out, replies inert wherever they land."""

import csv
import re

import openpyxl
import pytest
from click.testing import CliRunner

from replyscope.cli import cli
from replyscope.reporters import figures

FORMULA = '=HYPERLINK("http://example.com","x")'
SCRIPT = "@user <script>alert(1)</script>"
EXPECTED_FILES = {"report.html", "summary.xlsx", "replies_coded.csv", "words.csv", "phrases.csv", "themes.csv",
                  "theme_likes.csv", "wordcloud.png", "wordcloud.svg", "theme_likes.png", "theme_likes_all.png",
                  "references.csv", "reference_candidates.csv", "links.csv", "domains.csv", "accounts.csv",
                  "lobbying.csv", "hashtags.csv", "hashtag_pairs.csv", "hashtag_timeline.png"}


@pytest.fixture
def replies_csv(tmp_path):
    rows = [
        ("1", "2020-04-28 09:00", "ann", "Listen to people on the front line, listen to communities", "45"),
        ("2", "2020-04-28 09:05", "bob", "A sustainable, green recovery that puts wellbeing first #DoughnutEconomics", "130"),
        ("3", "2020-04-28 09:10", "cat", FORMULA, "3"),
        ("4", "2020-04-28 09:15", "dan", SCRIPT, "25"),
        ("5", "2020-04-28 09:20", "eve", "Ask local people & communities what they need", ""),
        ("6", "2020-04-29 10:00", "fay", "+44 call me, happy to help", "1"),
    ]
    path = tmp_path / "replies.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tweet ID", "Date", "Username", "Text", "Likes"])
        writer.writerows(rows)
    return path


def run_analyse(*args):
    return CliRunner().invoke(cli, ["analyse", *map(str, args)])


def test_analyse_writes_every_output(replies_csv, tmp_path):
    out = tmp_path / "report"
    result = run_analyse(replies_csv, "--out", out, "--min-mentions", "0")
    assert result.exit_code == 0, result.output + result.stderr
    assert EXPECTED_FILES <= {p.name for p in out.iterdir()}
    assert "Read 6 replies from replies.csv" in result.stderr
    assert "Themes, more than 20 likes:" in result.stdout
    assert f"Report: {out / 'report.html'}" in result.stdout
    html = (out / "report.html").read_text(encoding="utf-8")
    for section in ("Overview", "Key words", "Themes by likes", "Most-liked replies by theme", "Hashtags",
                    "What the replies cite", "Who is speaking", "Method and caveats", "Data quality"):
        assert f">{section}</h2>" in html
    # the next theme rests on one reply, so no ratio is claimed (issue 14: "× next theme" only where it means something)
    assert "Sustainability &amp; wellbeing drew the most likes (130, 65% of them); the next theme, Listening to people, rests on 1 reply." in html
    assert "<mark>sustainable</mark>" in html
    assert 'src="data:image/png;base64,' in html
    assert not re.search(r'(src|href)="https?://(?!example\.com|twitter\.com)', html.replace('href="http://example.com', ""))
    words = list(csv.DictReader((out / "words.csv").open(encoding="utf-8-sig")))
    assert words[0]["word"] in {"listen", "people", "communities"}
    theme_likes = list(csv.DictReader((out / "theme_likes.csv").open(encoding="utf-8-sig")))
    first = [r for r in theme_likes if r["subset"] == "more than 20 likes"][0]
    assert (first["theme"], first["total_likes"]) == ("sustainability", "130")


def test_formulas_and_scripts_are_inert_in_every_output(replies_csv, tmp_path):
    out = tmp_path / "report"
    assert run_analyse(replies_csv, "--out", out).exit_code == 0
    coded = list(csv.DictReader((out / "replies_coded.csv").open(encoding="utf-8-sig")))
    texts = {row["id"]: row["text"] for row in coded}
    assert texts["3"] == "'" + FORMULA
    # the opening @mention moves to its own column, so the text needs no guard apostrophe (issue 14)
    assert texts["4"] == "<script>alert(1)</script>"
    assert {row["id"]: row["reply_to_mentions"] for row in coded}["4"] == "user"
    assert texts["6"] == "'+44 call me, happy to help"
    for path in out.glob("*.csv"):
        for row in csv.reader(path.open(encoding="utf-8-sig")):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), (path.name, row)
    sheet = openpyxl.load_workbook(out / "summary.xlsx")["replies_coded"]
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells[FORMULA] == "s" and cells["<script>alert(1)</script>"] == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script>") == 2  # only the report's own scripts: table sorting and the reply explorer
    assert "</script>" not in html.split('id="explore-data">')[1].split("</script>")[0]  # embedded replies stay data


def test_a_failed_run_leaves_no_half_report(replies_csv, tmp_path, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(figures, "wordcloud_svg", broken)
    out = tmp_path / "report"
    result = run_analyse(replies_csv, "--out", out)
    assert result.exit_code == 3
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["replies.csv"]


def test_a_rerun_replaces_its_own_report_but_refuses_foreign_folders(replies_csv, tmp_path):
    out = tmp_path / "report"
    assert run_analyse(replies_csv, "--out", out).exit_code == 0
    assert run_analyse(replies_csv, "--out", out).exit_code == 0
    (out / "my notes.docx").write_text("mine", encoding="utf-8")
    refused = run_analyse(replies_csv, "--out", out)
    assert refused.exit_code == 1
    assert "already holds files replyscope did not write (my notes.docx)" in refused.stderr
    forced = run_analyse(replies_csv, "--out", out, "--force")
    assert forced.exit_code == 0
    assert (out / "my notes.docx").read_text(encoding="utf-8") == "mine"


def test_the_input_is_never_written_over(replies_csv, tmp_path):
    before = replies_csv.read_bytes()
    result = run_analyse(replies_csv, "--out", tmp_path, "--force")
    assert result.exit_code == 1
    assert "holds the input" in result.stderr
    assert replies_csv.read_bytes() == before


def test_wordcloud_is_reproducible(replies_csv, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_analyse(replies_csv, "--out", first, "--min-mentions", "0").exit_code == 0
    assert run_analyse(replies_csv, "--out", second, "--min-mentions", "0").exit_code == 0
    assert (first / "wordcloud.png").read_bytes() == (second / "wordcloud.png").read_bytes()
    assert (first / "wordcloud.svg").read_text() == (second / "wordcloud.svg").read_text()
    assert len((first / "wordcloud.png").read_bytes()) > 10_000


def test_a_small_file_shows_all_its_words_and_says_why(replies_csv, tmp_path):
    out = tmp_path / "report"
    assert run_analyse(replies_csv, "--out", out).exit_code == 0
    words = list(csv.DictReader((out / "words.csv").open(encoding="utf-8-sig")))
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"No word has more than 20 mentions in this file, so all {len(words)} words are shown instead." in html


def test_control_characters_and_error_codes_survive_the_workbook(tmp_path):
    export = tmp_path / "replies.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tweet ID", "Username", "Text", "Likes"])
        writer.writerow(["1", "ann", "copied from a PDF:\x0bListen to people", "3"])
        writer.writerow(["2", "bob", "#N/A", "1"])
    out = tmp_path / "report"
    result = run_analyse(export, "--out", out)
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(out / "summary.xlsx")["replies_coded"]
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells["copied from a PDF:\ufffdListen to people"] == "s"   # XLSX cannot hold \x0b: marked, not dropped
    assert cells["#N/A"] == "s"                                       # text, not Excel's error value
    coded = list(csv.DictReader((out / "replies_coded.csv").open(encoding="utf-8-sig")))
    assert coded[0]["text"] == "copied from a PDF:\x0bListen to people"  # the CSV keeps the reply as written


def test_corrections_recode_replies_and_unknown_rows_are_warned_about(replies_csv, tmp_path):
    fixes = tmp_path / "fixes.csv"
    fixes.write_text("id,theme\n5,local\n2,sustainabilty\n99,abuse\n", encoding="utf-8")
    out = tmp_path / "report"
    result = run_analyse(replies_csv, "--out", out, "--corrections", fixes)
    assert result.exit_code == 0, result.stderr
    assert f"warning: {fixes} row 3: theme 'sustainabilty' is not in the codebook, so the row was not applied" in result.stderr
    assert f"warning: {fixes} row 4: no reply with id '99'" in result.stderr
    coded = {row["id"]: row for row in csv.DictReader((out / "replies_coded.csv").open(encoding="utf-8-sig"))}
    assert coded["5"]["primary_theme"] == "local"
    assert coded["5"]["evidence"].startswith("corrected by user (was: ")
    assert coded["2"]["primary_theme"] == "sustainability" and "corrected" not in coded["2"]["evidence"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<li>1 reply recoded by hand (corrections file)</li>" in html


def test_data_quality_lines_agree_in_number(tmp_path):
    export = tmp_path / "one.csv"
    export.write_text("comment,likes\nonly one reply #tag,abc\n", encoding="utf-8")
    out = tmp_path / "report"
    assert run_analyse(export, "--out", out).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<li>1 reply has no likes count (shown as unknown, not zero).</li>" in html
    assert "<li>1 reply (100.0%) matches no theme.</li>" in html
    assert "<li>1 post has no date: counted, but left out of the timeline and lifecycle.</li>" in html
