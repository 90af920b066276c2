"""The spreadsheet importer on real files: volunteers' workbooks, CSV in every encoding, hostile workbooks.

Fixture files come from tests/fixtures/spreadsheets/make_fixtures.py; workbooks that
only make sense as attacks (entity bombs, sparse sheets) are built here in tmp_path.
"""

import importlib.util
import io
import zipfile
from xml.etree import ElementTree
from collections import Counter
from datetime import datetime
from pathlib import Path

import openpyxl
import openpyxl.xml
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

import replyscope
from replyscope.cli import cli
from replyscope.errors import ReplyscopeError
from replyscope.importers import load_replies
from replyscope.importers.base import LoadOptions
from replyscope.importers.columns import match_columns
from replyscope.importers.spreadsheet import detect_delimiter, detect_header_row

FIXTURES = Path(__file__).parent / "fixtures" / "spreadsheets"
RENEWAL = FIXTURES / "renewal_replies.xlsx"


def _fixture_builder():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_fixtures = _fixture_builder()


def load(path, **options):
    """The table and the one file's report."""
    table, report = load_replies(path, LoadOptions(**options))
    return table, report.files[0]


def save_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def rewrite_member(path: Path, member: str, content: bytes, target: Path | None = None) -> Path:
    """Copy a workbook with one zip member replaced (or added)."""
    target = target or path
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members[member] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def test_committed_fixtures_are_what_the_script_builds(tmp_path):
    make_fixtures.main(tmp_path)
    built = {p.name for p in tmp_path.iterdir()}
    committed = {p.name for p in FIXTURES.iterdir() if p.suffix in (".xlsx", ".xls", ".csv", ".tsv", ".txt")}
    assert committed - {"password_protected.xlsx"} <= built
    for name in sorted(committed - {"password_protected.xlsx"}):
        assert same_fixture(tmp_path / name, FIXTURES / name), f"rerun make_fixtures.py: {name}"


def same_fixture(built: Path, committed: Path) -> bool:
    """Byte-equal, or the same workbook: openpyxl writes other XML bytes when lxml is installed.

    Workbooks are compared member by member after XML canonicalisation; a cut workbook
    (truncated.xlsx) by its length, which the cut keeps at half of the whole.
    """
    if built.read_bytes() == committed.read_bytes():
        return True
    if not (zipfile.is_zipfile(built) and zipfile.is_zipfile(committed)):
        return built.suffix == ".xlsx" and abs(built.stat().st_size - committed.stat().st_size) < 200
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(committed) as b:
        if a.namelist() != b.namelist():
            return False
        for member in a.namelist():
            x, y = a.read(member), b.read(member)
            if x != y and not (member.endswith((".xml", ".rels"))
                               and ElementTree.canonicalize(x.decode()) == ElementTree.canonicalize(y.decode())):
                return False
    return True


# --- the volunteers' workbook ----------------------------------------------------------------

def test_volunteer_workbook_is_read_from_the_data_sheet_under_its_title_rows():
    table, file = load(RENEWAL)
    assert file.detail["sheet"] == "Replies"
    assert file.detail["sheets"] == ["Notes", "Replies"]
    assert file.detail["header_row"] == 3
    assert file.mapping == {"text": "Reply Text", "likes": "Favourites", "retweets": "Retweets", "author": "Handle",
                            "created_at": "Posted", "id": "Tweet ID", "url": "Link"}
    assert table["source_row"].tolist() == [4, 5, 6, 8, 10, 14]
    assert table["text"].iloc[3] == "@renewal_team Local government knows its places. Start there."
    assert table["likes"].tolist() == [1200, 3104, 45, 2000, 0, pd.NA]
    assert table["retweets"].tolist() == [310, 1100, 7, 96, pd.NA, pd.NA]
    assert table["author"].tolist() == ["localvoices", "econ_reader", "carer_notes", "town_hall_watch",
                                        "wellbeing_now", "short_and_sweet"]
    assert table["created_at"].tolist() == [pd.Timestamp(t, tz="UTC") for t in (
        "2020-04-22 09:14", "2020-04-22 10:02", "2020-04-22 11:30", "2020-04-23 08:45",
        "2020-04-24 17:05", "2020-04-26 19:59")]
    assert table["id"].iloc[0] == "1252853001000000001"
    assert table["hashtags"].iloc[4] == ["wellbeing", "sustainability"]
    assert table["urls"].iloc[1] == ["https://doughnuteconomics.org"]


def test_every_row_left_out_is_counted_with_its_reason():
    table, file = load(RENEWAL)
    assert file.rows_read == 11
    assert file.rows_kept == len(table) == 6
    assert file.dropped == Counter({"blank row": 3, "duplicate id": 1, "no text": 1})
    assert file.rows_read == file.rows_kept + sum(file.dropped.values())


def test_blank_counts_stay_unknown_never_zero():
    table, _ = load(RENEWAL)
    wellbeing = table[table["author"] == "wellbeing_now"].iloc[0]
    assert wellbeing["likes"] == 0
    assert pd.isna(wellbeing["retweets"])


def test_inspect_reports_the_sheet_header_mapping_and_row_counts():
    result = CliRunner().invoke(cli, ["inspect", str(RENEWAL)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "renewal_replies.xlsx"
    assert "  sheet:       Replies (also: Notes)" in lines
    assert "  header row:  3" in lines
    for field, column in (("text", "Reply Text"), ("likes", "Favourites"), ("author", "Handle"),
                          ("created_at", "Posted"), ("id", "Tweet ID")):
        assert f"    {field:<16} <- {column}" in lines
    assert "  rows read:   11; kept: 6" in lines
    left_out = {line.split("left out:")[1].strip() for line in lines if line.startswith("  left out:")}
    assert left_out == {"blank row: 3", "duplicate id: 1", "no text: 1"}
    assert "total: 6 replies from 1 source(s)" in lines


def test_a_named_sheet_is_used_and_matched_case_insensitively():
    _, file = load(RENEWAL, sheet="replies")
    assert file.detail["sheet"] == "Replies"
    with pytest.raises(ReplyscopeError, match=r"no reply-text column found in sheet 'Notes' \(header row 1\)"):
        load(RENEWAL, sheet="Notes")
    with pytest.raises(ReplyscopeError, match=r"no sheet named 'Summary'; sheets found: \"Notes\", \"Replies\""):
        load(RENEWAL, sheet="Summary")


def test_the_sheet_with_the_replies_wins_over_notes_and_summaries(tmp_path):
    path = save_xlsx(tmp_path / "several.xlsx", {
        "Read me": [["These replies were collected by hand."]],
        "Top replies": [["Text", "Likes"], ["listen to people", 90], ["ask for help", 80]],
        "All replies": [["Text", "Likes", "Author"]] + [[f"reply {n}", n, f"user{n}"] for n in range(6)],
        "Chart data": [["Theme", "Likes"], ["wellbeing", 300]],
    })
    table, file = load(path)
    assert file.detail["sheet"] == "All replies"
    assert table["text"].tolist() == [f"reply {n}" for n in range(6)]


def test_rows_are_numbered_as_the_sheet_shows_them_when_data_starts_away_from_a1(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"] = "Tweet", "Likes"
    sheet["C4"], sheet["D4"] = "first", 1
    sheet["C6"], sheet["D6"] = "second", 2
    workbook.save(tmp_path / "offset.xlsx")
    table, file = load(tmp_path / "offset.xlsx")
    assert file.detail["header_row"] == 3
    assert table["source_row"].tolist() == [4, 6]
    assert file.dropped == Counter({"blank row": 1})


def test_cells_typed_as_numbers_keep_their_digits(tmp_path):
    path = save_xlsx(tmp_path / "numbers.xlsx", {"Replies": [["Reply", "Status ID", "Likes"], [2020, 1234567, 3.0]]})
    table, _ = load(path)
    assert table["text"].tolist() == ["2020"]
    assert table["id"].tolist() == ["1234567"]
    assert table["likes"].tolist() == [3]


def test_dates_in_a_workbook_become_utc_whatever_form_they_take():
    table, file = load(FIXTURES / "dates.xlsx")
    dates = dict(zip(table["text"], table["created_at"]))
    at_1403 = pd.Timestamp("2020-04-28 14:03", tz="UTC")
    for form in ("a datetime cell", "UK text", "ISO with zone", "Twitter v1", "IFTTT", "epoch seconds",
                 "serial number"):
        assert dates[form] == at_1403, form
    assert dates["a date cell"] == pd.Timestamp("2020-04-28", tz="UTC")
    assert pd.isna(dates["not a date"])
    assert "1 unreadable dates (left blank)" in file.notes


# --- header rows and column names ------------------------------------------------------------

@pytest.mark.parametrize(("rows", "header"), [
    ([["Replies to the renewal tweet"], ["Scraped 30 April"], ["Reply Text", "Favourites", "Handle"], ["a", 1, "b"]], 2),
    ([["Replies"], ["Tweet", "Likes", "User"], ["a", 1, "b"]], 1),  # a title that is itself a column name
    ([["Text"], ["Tweet", "Who", "When"], ["a", "b", "c"]], 1),  # a tie goes to the fuller row
    ([["My export", None, None], ["Words", "Applause", "Person"], ["a", 3, "b"]], 1),  # no known names
    ([["Reply Text", "Likes"], ["Text", 5]], 0),
])
def test_detect_header_row(rows, header):
    assert detect_header_row(rows) == header


def test_columns_the_user_names_count_towards_finding_the_header(tmp_path):
    path = save_xlsx(tmp_path / "own_names.xlsx", {"Sheet": [
        ["Gathered by the comms team"], ["Words said", "Person"], ["listen to people", "ann"]]})
    table, file = load(path, text_col="words said")
    assert file.detail["header_row"] == 2
    assert file.mapping["text"] == "Words said"
    assert table["text"].tolist() == ["listen to people"]


ISSUE_NAMES = {
    "text": ["text", "tweet", "reply", "comment", "content", "full_text", "message", "body", "Reply Text",
             "FULL TEXT", "Tweet-Text"],
    "likes": ["likes", "favorites", "favourites", "favorite_count", "like_count", "Likes count", "LIKES"],
    "retweets": ["retweets", "reposts", "reblogs", "Retweet Count"],
    "author": ["author", "username", "screen_name", "handle", "user", "Screen Name", "User Name"],
    "created_at": ["date", "created_at", "timestamp", "posted", "Created At", "Date/Time"],
    "id": ["id", "tweet id", "status id", "Tweet_ID", "ID"],
    "url": ["url", "link", "permalink", "URL", "Perma-Link"],
}


@pytest.mark.parametrize(("field", "name"), [(f, n) for f, names in ISSUE_NAMES.items() for n in names])
def test_column_names_map_ignoring_case_and_punctuation(field, name):
    assert match_columns(["Notes", name]) == {field: name}


def test_loose_matches_skip_columns_that_only_look_related():
    mapping = match_columns(["Tweet type", "Tweet text as shown", "Date scraped", "Likes (on 10 May)"])
    assert mapping == {"text": "Tweet text as shown", "likes": "Likes (on 10 May)"}


def test_column_options_override_the_names(tmp_path):
    path = tmp_path / "own.csv"
    path.write_text("Words,Applause,Person,When,Ref,Text\n"
                    "listen to people,1.2K,@ann,28/04/2020 14:03,9,not this one\n", encoding="utf-8")
    table, file = load(path, text_col="Words", likes_col="applause", author_col="Person", date_col="When", id_col="Ref")
    assert file.mapping == {"text": "Words", "likes": "Applause", "author": "Person", "created_at": "When", "id": "Ref"}
    assert table[["text", "likes", "author", "id"]].iloc[0].tolist() == ["listen to people", 1200, "ann", "9"]
    assert table["created_at"].iloc[0] == pd.Timestamp("2020-04-28 14:03", tz="UTC")


def test_an_override_naming_a_missing_column_lists_the_columns(tmp_path):
    with pytest.raises(ReplyscopeError) as error:
        load(RENEWAL, likes_col="Hearts")
    assert str(error.value) == (
        "renewal_replies.xlsx: no column named 'Hearts' in sheet 'Replies' (header row 3); columns found: "
        '"Reply Text", "Favourites", "Retweets", "Handle", "Posted", "Tweet ID", "Link".')


def test_list_columns_are_split_into_names_and_links(tmp_path):
    path = tmp_path / "lists.csv"
    path.write_text('Tweet,Hashtags,Mentions,Links\n'
                    '"a reply","#Renewal, #wellbeing","@ann @bob","https://a.org/x https://b.org"\n'
                    '"#Inline tags still count",,,\n', encoding="utf-8")
    table, _ = load(path)
    assert table["hashtags"].tolist() == [["Renewal", "wellbeing"], ["Inline"]]
    assert table["mentions"].tolist() == [["ann", "bob"], []]
    assert table["urls"].tolist() == [["https://a.org/x", "https://b.org"], []]


# --- delimited text --------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "encoding", "delimiter", "header_row"), [
    ("utf8_comma.csv", "utf-8", ",", 1),
    ("utf8_bom_semicolon.csv", "utf-8 (with BOM)", ";", 1),
    ("cp1252_comma.csv", "cp1252", ",", 1),
    ("excel_unicode_text.txt", "utf-16", "tab", 1),
    ("tab_separated.tsv", "utf-8", "tab", 1),
    ("excel_sep_line.csv", "cp1252", ";", 2),
])
def test_text_exports_are_decoded_and_split_right(name, encoding, delimiter, header_row):
    table, file = load(FIXTURES / name)
    assert (file.detail["encoding"], file.detail["delimiter"], file.detail["header_row"]) == (
        encoding, delimiter, header_row)
    assert table["text"].tolist() == [row[0] for row in make_fixtures.PLAIN_ROWS]
    assert table["likes"].tolist() == [1234, 3, pd.NA]
    assert table["author"].tolist() == ["cafe_owner", "quiet_voice", "regions_fan"]
    assert table["created_at"].tolist() == [pd.Timestamp(t, tz="UTC") for t in (
        "2020-04-28 10:15", "2020-04-28 11:00", "2020-04-28 11:30")]
    assert table["source_row"].tolist() == [header_row + 1, header_row + 2, header_row + 3]


@pytest.mark.parametrize(("encoding", "reported"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                                   ("latin-1", "latin-1")])
def test_bomless_utf16_and_latin1_are_recognised(tmp_path, encoding, reported):
    text = "text\tlikes\r\nÇa va\u0081\t3\r\n" if encoding == "latin-1" else "text\tlikes\r\nÇa va ✓\t3\r\n"
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode(encoding))
    table, file = load(path)
    assert file.detail["encoding"] == reported
    assert table["text"].iloc[0] == text.split("\r\n")[1].split("\t")[0]


@pytest.mark.parametrize(("sample", "delimiter"), [
    ('text;likes\n"Listen, then act, then listen";3\n"Ask: who, what, where?";4\n', ";"),
    ('text,likes\n"a; b; c",3\n"d; e",4\n', ","),
    ("text\tlikes\nlisten, please; now\t3\n", "\t"),
    ("text|likes\nlisten|3\nask|4\n", "|"),
    ("text\nonly one column, with a comma\n", ","),
])
def test_detect_delimiter_ignores_delimiters_inside_quoted_text(sample, delimiter):
    assert detect_delimiter(sample, ".csv") == delimiter


def test_rows_wider_than_the_header_are_noted(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("text,likes\nlisten to people,3\nask, then act,4\n", encoding="utf-8")
    table, file = load(path)
    assert table["text"].tolist() == ["listen to people", "ask"]
    assert any("1 rows have more cells than the header" in note for note in file.notes)


def test_whitespace_rows_count_as_blank(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("text,likes\n\nlisten,3\n  ,  \n,,\nask,4\n", encoding="utf-8")
    table, file = load(path)
    assert table["text"].tolist() == ["listen", "ask"]
    assert table["source_row"].tolist() == [3, 6]
    assert file.dropped == Counter({"blank row": 3})


def test_text_saved_with_a_workbook_name_is_read_as_text(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("text\tlikes\nlisten to people\t3\n", encoding="utf-8")
    table, file = load(path)
    assert table["text"].tolist() == ["listen to people"]
    assert file.notes[0] == "the file is text, not a .xls workbook: read as delimited text"


# --- broken and hostile workbooks -------------------------------------------------------------

def test_openpyxl_reads_xml_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


BILLION_LAUGHS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{n} "{("&lol;" if n == 1 else f"&lol{n - 1};") * 10}">' for n in range(1, 10))
                  + "]>\n")


def _bombed_sheet(tmp_path: Path, prolog: str = BILLION_LAUGHS) -> Path:
    path = save_xlsx(tmp_path / "bomb.xlsx", {"Replies": [["text", "likes"], ["hello", 3]]})
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = prolog + sheet.replace("<t>hello</t>", "<t>&lol9;</t>")
    return rewrite_member(path, "xl/worksheets/sheet1.xml", sheet.encode("utf-8"))


def test_an_entity_bomb_in_a_sheet_is_refused_before_it_is_parsed(tmp_path):
    path = _bombed_sheet(tmp_path)
    with pytest.raises(ReplyscopeError) as error:
        load(path)
    assert str(error.value) == (
        "bomb.xlsx: part 'xl/worksheets/sheet1.xml' declares XML entities, which no real workbook does; refusing "
        "it as unsafe (possible entity-expansion attack). Save the data again from Excel.")
    with pytest.raises(Exception, match="(?i)entit"):  # openpyxl, through defusedxml, refuses it too
        openpyxl.load_workbook(path)


def test_a_dtd_hidden_behind_a_long_prolog_is_still_found(tmp_path):
    padded = '<?xml version="1.0"?>\n<!--' + "padding " * 4000 + "-->\n" + BILLION_LAUGHS.split("\n", 1)[1]
    with pytest.raises(ReplyscopeError, match="declares XML entities"):
        load(_bombed_sheet(tmp_path, padded))


def test_a_part_with_no_element_in_its_first_megabyte_is_refused(tmp_path):
    padded = '<?xml version="1.0"?>\n<!--' + "x" * (1024**2 + 10) + "-->\n"
    with pytest.raises(ReplyscopeError, match="has no XML element in its first 1 MB"):
        load(_bombed_sheet(tmp_path, padded))


def _shared_strings_workbook(tmp_path: Path, shared_strings: str) -> Path:
    """A workbook whose text lives in xl/sharedStrings.xml, as Excel writes it (openpyxl writes inline text)."""
    path = save_xlsx(tmp_path / "shared.xlsx", {"Replies": [["text", "likes"], ["placeholder", 3]]})
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    sheet = sheet.replace('t="inlineStr"><is><t>placeholder</t></is>', 't="s"><v>0</v>')
    types = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    for member, content in (("xl/worksheets/sheet1.xml", sheet), ("[Content_Types].xml", types),
                            ("xl/_rels/workbook.xml.rels", rels), ("xl/sharedStrings.xml", shared_strings)):
        rewrite_member(path, member, content.encode("utf-8"))
    return path


SHARED = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
          "<si><t>{}</t></si></sst>")


def test_an_entity_bomb_in_shared_strings_is_refused(tmp_path):
    benign = _shared_strings_workbook(tmp_path, SHARED.format("listen to people"))
    assert load(benign)[0]["text"].tolist() == ["listen to people"]  # the construction is a real workbook
    bomb = _shared_strings_workbook(tmp_path, BILLION_LAUGHS + SHARED.format("&lol9;"))
    with pytest.raises(ReplyscopeError, match=r"part 'xl/sharedStrings.xml' declares XML entities"):
        load(bomb)


def test_a_sheet_whose_few_cells_span_the_whole_grid_is_refused(tmp_path):
    workbook = Workbook()
    workbook.active["A1"], workbook.active["A2"] = "text", "hello"
    workbook.active["XFD1048576"] = "far away"
    workbook.save(tmp_path / "sparse.xlsx")
    with pytest.raises(ReplyscopeError, match=r"3 cells spread over 1,048,576 rows x 16,384 columns"):
        load(tmp_path / "sparse.xlsx")


def test_password_protected_workbooks_are_named_as_such(tmp_path):
    message = ("password_protected.xlsx: is password-protected; open it in Excel, remove the password "
               "(File > Info > Protect Workbook > Encrypt with Password), save it and try again.")
    with pytest.raises(ReplyscopeError) as error:
        load(FIXTURES / "password_protected.xlsx")
    assert str(error.value) == message
    renamed = tmp_path / "password_protected.xls"
    renamed.write_bytes((FIXTURES / "password_protected.xlsx").read_bytes())
    with pytest.raises(ReplyscopeError, match="is password-protected"):
        load(renamed)


def test_ole_files_are_encrypted_only_with_an_encrypted_package_stream(tmp_path):
    """Text that merely says "EncryptedPackage" (here in a file named .xls) is not a password."""
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8 + "EncryptedPackage".encode("utf-16-le") * 4)
    with pytest.raises(ReplyscopeError, match=r"old.xls: cannot be read as a .xls workbook"):
        load(path)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("truncated.xlsx", None, "truncated.xlsx: is not a valid .xlsx file (the zip container is damaged)"),
    ("junk.xlsx", bytes(range(256)) * 4,
     "junk.xlsx: is not a .xlsx workbook (it is neither a zip nor an OLE2 file: damaged, or another format renamed)"),
    ("web_page.xls", None, "web_page.xls: is a web page or XML file saved with a .xls name, not a workbook"),
    ("empty_sheet.xlsx", None, "empty_sheet.xlsx: sheet 'Replies' is empty"),
    ("nothing.xlsx", b"", "nothing.xlsx: the file is empty"),
    ("nothing.csv", b"\xef\xbb\xbf\r\n", "nothing.csv: the file is empty"),
])
def test_damaged_and_empty_files_say_what_is_wrong(tmp_path, name, content, message):
    path = FIXTURES / name if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReplyscopeError) as error:
        load(path)
    assert str(error.value).startswith(message)


def test_a_zip_that_is_not_a_workbook_cannot_be_read(tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    with pytest.raises(ReplyscopeError, match=r"notes.xlsx: cannot be read as a .xlsx workbook \(.+\); open it in"):
        load(path)


def test_a_sheet_missing_from_the_zip_is_named(tmp_path):
    path = tmp_path / "missing_part.xlsx"
    with zipfile.ZipFile(RENEWAL) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                target.writestr(info, source.read(info))
    with pytest.raises(ReplyscopeError, match=r"missing_part.xlsx: sheet 'Replies' cannot be read"):
        load(path)


def test_a_workbook_of_empty_sheets_lists_them(tmp_path):
    path = save_xlsx(tmp_path / "blank.xlsx", {"Replies": [], "Notes": [[None, ""]]})
    with pytest.raises(ReplyscopeError, match=r'blank.xlsx: every sheet \("Replies", "Notes"\) is empty'):
        load(path)


def test_a_header_without_replies_holds_nothing_to_analyse(tmp_path):
    path = save_xlsx(tmp_path / "header_only.xlsx", {"Replies": [["Tweet", "Likes"]]})
    with pytest.raises(ReplyscopeError, match="header_only.xlsx: holds no replies to analyse"):
        load(path)


def test_no_text_column_lists_the_columns_and_suggests_the_option():
    with pytest.raises(ReplyscopeError) as error:
        load(FIXTURES / "no_text_column.xlsx")
    assert str(error.value) == (
        "no_text_column.xlsx: no reply-text column found in sheet 'Replies' (header row 1); columns found: "
        '"Name", "Score", "When". Name it with --text-col "COLUMN".')
    table, _ = load(FIXTURES / "no_text_column.xlsx", text_col="Name")
    assert table["text"].tolist() == ["a reader"]


def test_load_is_the_same_through_the_public_api():
    table = replyscope.load(RENEWAL)
    assert len(table) == 6
    assert table.attrs["load_report"].files[0].detail["sheet"] == "Replies"
    assert table["created_at"].dt.tz is not None
    assert datetime(2020, 4, 22, 9, 14) == table["created_at"].iloc[0].tz_convert(None).to_pydatetime()
