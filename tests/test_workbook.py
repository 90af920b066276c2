"""summary.xlsx: an Overview first, shares as percentages, the most-liked replies, long cells cut visibly."""

import csv

import openpyxl

import replyscope
from replyscope.reporters.tables import XLSX_CELL_LIMIT

LONG_REPLY = "@AlexMorrowCS listen to people" + " and communities" * 3_000  # 48,000+ characters


def write_thread(path):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tweet ID", "Username", "Text", "Likes"])
        writer.writerow(["1", "ann", LONG_REPLY, "3"])
        writer.writerow(["2", "bob", "Doughnut economics, read Kate Raworth", "40"])
        writer.writerow(["3", "cat", "Ask local communities what they need", "25"])
        writer.writerow(["4", "dan", "=HYPERLINK(\"http://x\") listen", "1"])
    return path


def test_the_workbook_opens_on_an_overview_and_holds_the_most_liked_replies(tmp_path):
    replies = replyscope.load(write_thread(tmp_path / "thread.csv"))
    analysis = replyscope.analyse(replies, workbook_replies=2, min_likes=0)
    out = tmp_path / "report"
    replyscope.write_report(analysis, out, inputs=[tmp_path / "thread.csv"], title="Thread")
    workbook = openpyxl.load_workbook(out / "summary.xlsx")
    assert workbook.sheetnames[0] == "Overview"
    overview = {row[0]: row[1:] for row in workbook["Overview"].iter_rows(min_row=2, values_only=True)}
    assert overview["Rows read"][0] == 4 and overview["Replies analysed"][0] == 4
    assert overview["Replies in this workbook"] == (2, "the 2 most liked of 4; replies_coded.csv holds every reply")
    assert overview["Most-cited idea, person or organisation"][0] == "Doughnut Economics (Kate Raworth)"
    sheet = workbook["replies_coded"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["2", "3"]
    assert len(list(csv.DictReader((out / "replies_coded.csv").open(encoding="utf-8-sig")))) == 4
    themes = workbook["themes"]
    share = [c for c in themes[1] if c.value == "share_of_replies"][0].column
    assert themes.cell(row=2, column=share).number_format == "0.0%"
    assert all(workbook[name].freeze_panes == "A2" for name in workbook.sheetnames)


def test_a_reply_longer_than_an_excel_cell_is_cut_with_a_marker_and_kept_whole_in_the_csv(tmp_path):
    out = tmp_path / "report"
    replyscope.write_report(replyscope.analyse(replyscope.load(write_thread(tmp_path / "thread.csv"))), out,
                            inputs=[tmp_path / "thread.csv"], title="Thread")
    workbook = openpyxl.load_workbook(out / "summary.xlsx")
    rows = workbook["replies_coded"].iter_rows(values_only=True)
    text = next(rows).index("text")
    cells = {row[0]: row[text] for row in rows}
    assert len(cells["1"]) == XLSX_CELL_LIMIT
    assert cells["1"].startswith("listen to people and communities")  # the opening @mention has its own column
    written = LONG_REPLY.removeprefix("@AlexMorrowCS ")
    assert cells["1"].endswith(f"[cut at Excel's 32,767-character cell limit; {len(written):,} characters in all, "
                               "see the CSV]")
    assert cells["4"] == '=HYPERLINK("http://x") listen'  # text, not a formula
    overview = {row[0]: row[1:] for row in workbook["Overview"].iter_rows(min_row=2, values_only=True)}
    assert overview["Replies cut at Excel's cell limit"][0] == 1
    coded = {row["id"]: row["text"] for row in csv.DictReader((out / "replies_coded.csv").open(encoding="utf-8-sig"))}
    assert coded["1"] == written  # whole; the opening @mention is in reply_to_mentions, so no guard apostrophe


def test_by_default_the_workbook_holds_the_200_most_liked_replies_and_says_so(tmp_path):
    from replyscope.reporters.workbook import workbook_sheets

    thread = tmp_path / "thread.csv"
    with thread.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tweet ID", "Username", "Text", "Likes"])
        writer.writerows([str(i), f"user{i}", f"listen to people, reply {i}", str((i * 37) % 251)] for i in range(230))
    analysis = replyscope.analyse(replyscope.load(thread))
    tables = analysis.tables()
    sheets = workbook_sheets(analysis, tables, "Thread")
    shown = sheets["replies_coded"]
    assert len(shown) == 200 and len(tables["replies_coded"]) == 230
    assert shown["likes"].is_monotonic_decreasing and shown["likes"].min() >= tables["replies_coded"]["likes"].nlargest(200).min()
    overview = sheets["Overview"].set_index("item")
    assert overview.loc["Replies in this workbook", "detail"] == "the 200 most liked of 230; replies_coded.csv holds every reply"


def test_a_long_table_shows_its_first_rows_in_the_workbook_and_the_overview_points_to_its_csv(tmp_path):
    thread = tmp_path / "thread.csv"
    with thread.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tweet ID", "Username", "Text", "Likes"])
        writer.writerows([str(i), f"user{i % 120}", f"listen to people, see https://site{i % 90}.org/page {i}",
                          str((i * 37) % 251)] for i in range(300))
    analysis = replyscope.analyse(replyscope.load(thread), workbook_rows=40)
    out = tmp_path / "report"
    replyscope.write_report(analysis, out, inputs=[thread], title="Thread")
    workbook = openpyxl.load_workbook(out / "summary.xlsx", read_only=True)
    overview = {row[0]: row[1:] for row in workbook["Overview"].iter_rows(min_row=2, values_only=True)}
    for name in ("accounts", "links"):
        every_row = list(csv.reader((out / f"{name}.csv").open(encoding="utf-8-sig")))
        assert len(every_row) - 1 > 40
        sheet = [list(row) for row in workbook[name].iter_rows(values_only=True)]
        assert len(sheet) == 41 and sheet[0] == every_row[0]
        assert [str(row[0]) for row in sheet[1:]] == [row[0] for row in every_row[1:41]]  # the CSV's first rows
        assert overview[f"Rows of {name} in this workbook"] == (
            40, f"the first 40 of {len(every_row) - 1:,}; {name}.csv holds every row")
    assert len(list(workbook["replies_coded"].iter_rows())) == 201  # the replies keep their own cap
    assert "Rows of themes in this workbook" not in overview
