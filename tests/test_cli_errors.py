"""What a user sees when a file cannot be read: one line naming the file and what to do, a non-zero exit, no traceback."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from replyscope.cli import EXIT_BROKEN_PIPE, EXIT_USER_ERROR, cli

FIXTURES = Path(__file__).parent / "fixtures" / "spreadsheets"


def inspect(*arguments):
    return CliRunner().invoke(cli, ["inspect", *map(str, arguments)])


def assert_one_line_error(result, expected: str):
    """Exit 1, nothing on stdout, and exactly the expected line on stderr."""
    assert result.exit_code == EXIT_USER_ERROR
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"replyscope: error: {expected}"]


def copy_fixture(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copy(FIXTURES / name, tmp_path / name))


def test_missing_file(tmp_path):
    missing = tmp_path / "replies.xlsx"
    assert_one_line_error(inspect(missing), f"{missing}: file not found; check the path and try again.")


def test_corrupt_workbook(tmp_path):
    assert_one_line_error(inspect(copy_fixture(tmp_path, "truncated.xlsx")),
                          "truncated.xlsx: is not a valid .xlsx file (the zip container is damaged); "
                          "re-download it or save it again from Excel.")


def test_unreadable_workbook_names_the_sheet(tmp_path):
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(FIXTURES / "renewal_replies.xlsx") as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                content = content[: len(content) // 2]  # cut off mid-element
            target.writestr(info, content)
    result = inspect(damaged)
    assert result.exit_code == EXIT_USER_ERROR and "Traceback" not in result.stderr
    line, = result.stderr.splitlines()
    assert line.startswith("replyscope: error: damaged.xlsx: sheet 'Replies' cannot be read (")
    assert line.endswith("); open it in Excel or LibreOffice and save it again, or export it as CSV.")


def test_empty_sheet(tmp_path):
    assert_one_line_error(inspect(copy_fixture(tmp_path, "empty_sheet.xlsx")),
                          "empty_sheet.xlsx: sheet 'Replies' is empty; check you exported the replies and saved the file.")


def test_empty_csv(tmp_path):
    empty = tmp_path / "replies.csv"
    empty.write_bytes(b"")
    assert_one_line_error(inspect(empty), "replies.csv: the file is empty; check the export finished.")


def test_password_protected_workbook(tmp_path):
    assert_one_line_error(inspect(copy_fixture(tmp_path, "password_protected.xlsx")),
                          "password_protected.xlsx: is password-protected; open it in Excel, remove the password "
                          "(File > Info > Protect Workbook > Encrypt with Password), save it and try again.")


def test_no_text_column_lists_the_columns_found_and_suggests_text_col(tmp_path):
    assert_one_line_error(inspect(copy_fixture(tmp_path, "no_text_column.xlsx")),
                          "no_text_column.xlsx: no reply-text column found in sheet 'Replies' (header row 1); "
                          'columns found: "Name", "Score", "When". Name it with --text-col "COLUMN".')


def test_text_col_naming_a_missing_column(tmp_path):
    assert_one_line_error(inspect(copy_fixture(tmp_path, "renewal_replies.xlsx"), "--text-col", "Comment"),
                          "renewal_replies.xlsx: no column named 'Comment' in sheet 'Replies' (header row 3); "
                          'columns found: "Reply Text", "Favourites", "Retweets", "Handle", "Posted", "Tweet ID", "Link".')


def test_unknown_sheet(tmp_path):
    assert_one_line_error(inspect(copy_fixture(tmp_path, "renewal_replies.xlsx"), "--sheet", "Data"),
                          'renewal_replies.xlsx: no sheet named \'Data\'; sheets found: "Notes", "Replies".')


def test_entity_bomb(tmp_path):
    workbook = Workbook()
    workbook.active.append(["text"])
    workbook.active.append(["hello"])
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    bomb = tmp_path / "bomb.xlsx"
    laughs = "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a0 "ha">{laughs}]>'.encode()
                           + content.replace(b"<t>hello</t>", b"<t>&a9;</t>"))
            target.writestr(info, content)
    assert_one_line_error(inspect(bomb),
                          "bomb.xlsx: part 'xl/worksheets/sheet1.xml' declares XML entities, which no real workbook "
                          "does; refusing it as unsafe (possible entity-expansion attack). Save the data again from Excel.")


def test_a_folder_instead_of_a_file(tmp_path):
    result = inspect(tmp_path)
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr
    assert str(tmp_path) in result.stderr


@pytest.mark.parametrize("name", ["renewal_replies.xlsx", "utf8_comma.csv"])
def test_readable_files_exit_zero_without_errors(name):
    result = inspect(FIXTURES / name)
    assert result.exit_code == 0
    assert "error" not in result.stderr
    assert result.stdout.startswith(f"{name}\n")


def test_csv_with_a_quote_left_open(tmp_path):
    broken = tmp_path / "replies.csv"
    broken.write_text('text,likes\nfine,1\n"never closed,3\n' + "words " * 30_000 + "\n", encoding="utf-8")
    assert_one_line_error(inspect(broken),
                          "replies.csv: cannot be read as delimited text at line 4 (field larger than field limit "
                          '(131072)); look for a quote mark (") left open before it, or add --ignore-quotes.')


def test_a_reader_that_stops_early_is_not_reported_as_a_bug():
    # like `replyscope formats | head -1`: the reading end is closed before replyscope writes
    child = subprocess.Popen([sys.executable, "-m", "replyscope", "formats"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=60) == EXIT_BROKEN_PIPE
    assert stderr == ""


def test_a_file_of_binary_data_is_named_as_such(tmp_path):
    program = tmp_path / "replies.dat"
    program.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)))
    assert_one_line_error(inspect(program), "replies.dat: not a format replyscope recognises (it begins with binary "
                                            "data, not text); see 'replyscope formats', or force one with --format NAME.")


@pytest.mark.parametrize("option, value", [("--min-likes", "-5"), ("--min-mentions", "-1")])
def test_negative_thresholds_are_refused(option, value):
    result = CliRunner().invoke(cli, ["analyse", str(FIXTURES / "renewal_replies.xlsx"), option, value])
    assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.stderr
