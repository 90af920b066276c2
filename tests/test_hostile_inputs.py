"""Bad and hostile inputs, one per family: each ends in one clear line or is read correctly.

The small files are in tests/fixtures/hostile/ (built by its make_fixtures.py, listed in
its README); inputs that cannot be committed (decompression bombs, FIFOs, devices) are
made here in tmp_path. Nothing here writes into the fixtures folder.
"""

import errno
import gzip
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import replyscope
from replyscope.cli import EXIT_TERMINATED, EXIT_USER_ERROR, cli
from replyscope.errors import ReplyscopeError
from replyscope.importers import LoadOptions, load_replies
from replyscope.importers.jsonrecords import TOO_DEEP, WRONG_TYPES
from replyscope.reporters import output

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SPREADSHEETS = Path(__file__).parent / "fixtures" / "spreadsheets"
CORPUS = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".json", ".jsonl", ".js", ".csv"))


def run(*arguments):
    return CliRunner().invoke(cli, [*map(str, arguments)])


def one_line_error(result) -> str:
    """The user error line (exit 1, no traceback, not called a bug), without its prefix."""
    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert "Traceback" not in result.stderr and "this is a bug" not in result.stderr
    line, = result.stderr.splitlines()
    assert line.startswith("replyscope: error: ")
    return line.removeprefix("replyscope: error: ")


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_no_file_in_the_corpus_reaches_the_user_as_a_traceback_or_a_bug(path):
    result = run("inspect", path)
    assert result.exit_code in (0, EXIT_USER_ERROR)
    assert "Traceback" not in result.output and "this is a bug" not in result.output


@pytest.mark.parametrize("name", ["deep_twitter_v2_page.jsonl", "deep_snscrape.jsonl", "deep_twitter_v1.json",
                                  "deep_archive_tweets.js"])
def test_json_nested_past_the_parsers_limit_is_a_one_line_error(name):
    assert one_line_error(run("inspect", HOSTILE / name)).startswith(
        f"{name}: nests its records deeper than replyscope can read (about 1,000 levels)")


def test_a_deep_line_among_good_json_lines_is_skipped_and_counted(tmp_path):
    good = (HOSTILE / "nul_in_reply.jsonl").read_text(encoding="utf-8")
    deep = (HOSTILE / "deep_twitter_v2_page.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "mixed.jsonl"
    path.write_text(good + deep, encoding="utf-8")
    table, report = load_replies(path)
    assert report.dropped[TOO_DEEP] == 1 and report.rows_read == 3
    with pytest.raises(ReplyscopeError, match=r"mixed.jsonl: line 3 nests its records deeper"):
        load_replies(path, LoadOptions(strict=True))


def test_fields_of_the_wrong_type_are_read_as_unknown_or_their_record_left_out_and_counted(tmp_path):
    table, report = load_replies(HOSTILE / "twitter_v2_id_is_a_list.jsonl")
    assert table["id"].isna().tolist() == [True, False]  # a list where the id goes: the id is unknown
    assert table["text"].tolist() == ["listen to carers", "listen to nurses"]
    assert "1 unreadable likes (left blank)" in report.files[0].notes
    broken = tmp_path / "page.jsonl"
    page = json.loads((HOSTILE / "twitter_v2_id_is_a_list.jsonl").read_text(encoding="utf-8"))
    page["data"][0]["referenced_tweets"] = [{"type": ["replied_to"]}]  # unreadable: the tweet is left out
    broken.write_text(json.dumps(page) + "\n", encoding="utf-8")
    table, report = load_replies(broken)
    assert table["id"].tolist() == ["2"] and report.dropped[WRONG_TYPES] == 1
    table, report = load_replies(HOSTILE / "bluesky_record_is_a_string.json")
    assert table["text"].tolist() == ["listen to people"]  # its facets, reply and langs of the wrong type ignored


@pytest.mark.parametrize("name, message", [
    ("codebook_deep.toml", "nests arrays or tables deeper than any codebook needs"),
    ("codebook_colour.toml", "[themes.listening] colour 'red\"><script>alert(1)</script>' is not a colour"),
])
def test_broken_codebooks_are_one_line_errors(name, message):
    line = one_line_error(run("codebook", "check", HOSTILE / name))
    assert line.startswith(f"{HOSTILE / name}: {message}")


def test_codebook_check_warns_about_a_catastrophic_regex_and_analysis_stops_on_it_in_bounded_time(tmp_path):
    result = run("codebook", "check", HOSTILE / "codebook_catastrophic.toml")
    assert result.exit_code == 0
    assert "warning: regex /(a|aa)+$/ in 'listening' has a repeated choice whose alternatives start alike" in result.stderr
    sheet = tmp_path / "replies.csv"
    sheet.write_text("text,likes\nlisten to carers,1\n" + "a" * 60 + "!,2\n", encoding="utf-8")
    with pytest.raises(ReplyscopeError, match=r"regex /\(a\|aa\)\+\$/ took over 0.5 s on reply 2 \(61 characters\)"):
        replyscope.analyse(replyscope.load(sheet), codebook=HOSTILE / "codebook_catastrophic.toml")


def test_a_corrupt_member_inside_a_workbook_is_a_one_line_error(tmp_path):
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(SPREADSHEETS / "renewal_replies.xlsx") as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(damaged.read_bytes())
    with zipfile.ZipFile(damaged) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10:start + 60] = b"\xff" * 50  # garble the deflate stream, keep the zip directory
    damaged.write_bytes(bytes(data))
    line = one_line_error(run("inspect", damaged))
    assert line.startswith("damaged.xlsx: ") and ("damaged" in line or "cannot be read" in line)


def test_a_zip_bomb_in_a_workbook_stays_refused(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    shutil.copy(SPREADSHEETS / "renewal_replies.xlsx", bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(150 * 1024**2))
    assert "refusing it as a possible zip bomb" in one_line_error(run("inspect", bomb))


def test_counts_too_large_and_dates_out_of_range_are_blank_with_a_note():
    table, report = load_replies(HOSTILE / "likes_30_digits.csv")
    assert table["likes"].isna().tolist() == [True, False]
    assert "1 unreadable likes (left blank)" in report.files[0].notes
    table, report = load_replies(HOSTILE / "dates_out_of_range.csv")
    assert table["created_at"].notna().tolist() == [False, False, True]
    assert "2 unreadable dates (left blank)" in report.files[0].notes
    analysis = replyscope.analyse(table)
    assert len(analysis.replies) == 3


def test_an_unclosed_quote_that_swallows_rows_is_warned_about_with_its_line():
    table, report = load_replies(HOSTILE / "unclosed_quote.csv")
    assert len(table) == 6
    assert report.warnings == [
        "unclosed_quote.csv: the row on line 7 opens a quote mark (\") that is never closed, so one cell swallowed "
        "the 34 lines after it (rows lost); fix the quote, or read the file with --ignore-quotes"]
    table, report = load_replies(HOSTILE / "unclosed_quote.csv", LoadOptions(ignore_quotes=True))
    assert len(table) == 40 and report.warnings == []
    assert table["text"].iloc[5] == '"reply number 5 opens a quote and never closes it'


def test_a_nul_byte_in_a_csv_is_dropped_and_the_rest_read():
    table, report = load_replies(HOSTILE / "nul_byte.csv")
    assert table["text"].tolist() == ["listen to carers", "ask nurses", "third reply"]
    assert "1 NUL character(s) removed from the text (an export glitch); the rest was read" in report.files[0].notes


def test_dense_control_characters_are_read_and_kept_as_written():
    table, report = load_replies(HOSTILE / "control_dense.csv")
    assert len(table) == 10 and table["text"].str.contains("\x0b").all()
    assert "120 control character(s) in the text, kept as written (the workbook and report show each as \ufffd)" \
        in report.files[0].notes


def test_binary_data_named_csv_is_still_refused(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(os.urandom(20_000))
    assert one_line_error(run("inspect", path)).startswith("photo.csv: is not a text file (it holds binary data)")


def test_a_nul_in_a_reply_never_reaches_report_html_raw(tmp_path):
    result = run("hashtags", HOSTILE / "nul_in_reply.jsonl", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "\x00" not in page and "listen\ufffd to carers" in page


def test_far_apart_dates_keep_the_timeline_where_the_posts_are():
    result = replyscope.analyse_hashtags(replyscope.load(HOSTILE / "far_apart_dates.csv"))
    periods = result.timeline["period"].drop_duplicates()
    assert result.granularity == "day" and len(periods) == 9
    assert periods.min().year == periods.max().year == 2020
    assert any(note.startswith("2 posts are dated far from the rest (outside 20 Apr 2020 to 28 Apr 2020")
               for note in result.notes)


def test_fifos_and_devices_are_refused_before_they_are_opened(tmp_path):
    fifo = tmp_path / "replies.csv"
    os.mkfifo(fifo)  # opening it for reading would block for ever
    assert one_line_error(run("inspect", fifo)) == (
        f"{fifo}: is a named pipe (FIFO), not a file; save the export to a file and give that.")
    assert one_line_error(run("inspect", "--format", "spreadsheet", "/dev/zero")) == (
        "/dev/zero: is a device, not a file; save the export to a file and give that.")
    assert one_line_error(run("codebook", "check", fifo)) == f"{fifo}: is not a file; give the codebook's .toml file."


POST_LINE = json.dumps({"id": "1", "text": "listen to carers", "author_id": "9", "conversation_id": "1",
                        "edit_history_tweet_ids": ["1"], "author": {"id": "9", "username": "a"}}) + "\n"


def gzip_bomb(path: Path, megabytes: int) -> Path:
    """A valid JSON Lines post followed by `megabytes` MB of spaces, gzipped to a few hundred KB."""
    with gzip.open(path, "wb", compresslevel=1) as stream:
        stream.write(POST_LINE.encode())
        block = b" " * 1024**2
        for _ in range(megabytes):
            stream.write(block)
    return path


def test_a_gzip_bomb_is_refused_and_a_genuine_giant_can_be_let_through(tmp_path):
    bomb = gzip_bomb(tmp_path / "tweets.jsonl.gz", 80)
    assert bomb.stat().st_size < 1024**2
    line = one_line_error(run("inspect", bomb))
    assert line.startswith("tweets.jsonl.gz: unpacks to more than 64 MB, far more than its packed size suggests; "
                           "refusing it as a possible decompression bomb.")
    assert line.endswith("rerun with --max-input-size (e.g. --max-input-size 50GB).")
    result = run("inspect", "--max-input-size", "100MB", bomb)
    assert result.exit_code == 0 and "total: 1 replies" in result.stdout


def test_a_bomb_of_blank_space_around_one_page_is_not_called_empty(tmp_path):
    padded = tmp_path / "page.json.gz"
    with gzip.open(padded, "wb", compresslevel=1) as stream:
        stream.write(b" " * (2 * 1024**2) + POST_LINE.encode())
    assert one_line_error(run("inspect", padded)) == (
        "page.json.gz: begins with 64 KiB of blank space, which no export does; check the file, "
        "or force its format with --format NAME.")


def test_a_zipped_export_that_unpacks_like_a_bomb_is_refused(tmp_path):
    archive_path = tmp_path / "export.zip"
    with zipfile.ZipFile(archive_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tweets.jsonl", POST_LINE.encode() + b" " * (80 * 1024**2))
    line = one_line_error(run("inspect", archive_path))
    assert line.startswith("export.zip:tweets.jsonl: unpacks to more than 64 MB")


def test_output_folder_below_a_file_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "report"
    blocker.write_text("not a folder", encoding="utf-8")
    line = one_line_error(run("hashtags", HOSTILE / "far_apart_dates.csv", "--out", blocker / "inside", "-q"))
    assert line.startswith(f"{blocker / 'inside'}: cannot write the report: part of the path is a file, not a folder")


@pytest.mark.parametrize("failure, reason", [
    (PermissionError(errno.EACCES, "Permission denied"), "no permission to write there"),
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
])
def test_write_failures_are_one_line_errors_and_leave_the_earlier_report(tmp_path, monkeypatch, failure, reason):
    out = tmp_path / "out"
    assert run("hashtags", HOSTILE / "far_apart_dates.csv", "--out", out).exit_code == 0
    earlier = sorted(p.name for p in out.iterdir())

    def fail(*args, **kwargs):
        raise failure
    monkeypatch.setattr(output, "write_csv", fail)
    line = one_line_error(run("hashtags", HOSTILE / "far_apart_dates.csv", "--out", out, "-q"))
    assert line == f"{out}: cannot write the report: {reason}; nothing was changed there. Free space or choose another --out folder."
    assert sorted(p.name for p in out.iterdir()) == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_sigterm_while_writing_removes_the_staging_folder_and_keeps_the_earlier_report(tmp_path):
    out = tmp_path / "out"
    assert run("hashtags", HOSTILE / "far_apart_dates.csv", "--out", out).exit_code == 0
    earlier = {p.name: p.read_bytes() for p in out.iterdir()}
    script = textwrap.dedent(f"""
        import os, signal, sys
        from replyscope import cli
        from replyscope.reporters import output
        def killed_while_writing(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGTERM)  # as a closed terminal or a killed job would
        output.write_csv = killed_while_writing
        cli.main(["hashtags", {str(HOSTILE / 'far_apart_dates.csv')!r}, "--out", {str(out)!r}, "-q"])
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "PYTHONPATH": str(Path(replyscope.__file__).parents[1])})
    assert child.returncode == EXIT_TERMINATED
    assert child.stderr.strip() == "replyscope: interrupted; nothing was written."
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier
