"""Work done in a forked child beside the main process: the same results as done in-process, errors reported by the
parent, a child never outliving its block, and the same report folder either way."""

import functools
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

import replyscope
from replyscope import analysis as analysis_module
from replyscope import side_process
from replyscope.side_process import Beside



def forking(test):
    """Run `test` where a child can be forked; in a fresh interpreter when earlier tests left threads behind.

    Dask's tests leave an idle offload thread in this process, and Beside never forks a threaded
    process, so a test run after them re-runs itself alone in a new pytest process.
    """
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        return pytest.mark.skip(reason="no safe fork with a second CPU here")(test)

    @functools.wraps(test)
    def run(*args, **kwargs):
        if side_process.can_fork():
            return test(*args, **kwargs)
        assert threading.active_count() > 1, "can_fork() is false for a reason other than threads"
        node = f"{Path(__file__).resolve()}::{test.__name__}"
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node],
                              capture_output=True, text=True, env={**os.environ, side_process.SERIAL_VARIABLE: ""})
        assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    return run


@forking
def test_the_work_runs_in_a_child_and_its_value_comes_back():
    with Beside(lambda: {"pid": os.getpid(), "values": list(range(5))}) as side:
        value = side.result()
    assert value["values"] == [0, 1, 2, 3, 4]
    assert value["pid"] != os.getpid()


def test_serial_setting_keeps_the_work_in_this_process(monkeypatch):
    monkeypatch.setenv(side_process.SERIAL_VARIABLE, "1")
    assert not side_process.can_fork()
    with Beside(os.getpid) as side:
        assert side.result() == os.getpid()


@forking
def test_a_failing_child_is_redone_here_so_the_error_is_the_parents(tmp_path):
    calls = tmp_path / "calls"

    def work():
        with calls.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        raise ValueError("broken input")

    with pytest.raises(ValueError, match="broken input"), Beside(work) as side:
        side.result()
    pids = calls.read_text().split()
    assert len(pids) == 2 and pids[1] == str(os.getpid()) != pids[0]


@forking
def test_a_child_still_working_when_the_block_is_left_is_stopped():
    with pytest.raises(KeyboardInterrupt), Beside(lambda: time.sleep(60)) as side:
        pid = side._child["pid"]
        raise KeyboardInterrupt
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    dropped = Beside(lambda: time.sleep(60))  # not in a with block: stopped when the object goes
    pid = dropped._child["pid"]
    del dropped
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def _contents(folder):
    """Each file's bytes; Office files by member, without the zip's and the properties' timestamps."""
    result = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in (".xlsx", ".pptx", ".docx"):
            with zipfile.ZipFile(path) as archive:
                result[path.name] = {name: re.sub(rb"<dcterms:(created|modified)[^<]*<", b"", archive.read(name))
                                     for name in archive.namelist()}
        else:
            result[path.name] = path.read_bytes()
    return result


def _small_thread(tmp_path):
    """Sixty replies over four themes in a CSV, and their analysis."""
    source = tmp_path / "replies.csv"
    source.write_text("id,date,author,text,likes\n" + "".join(
        f"{i},2020-04-{20 + i % 9} 09:00,user{i % 7},Listen to local people and communities #renewal "
        f"{['green recovery', 'ask for help', 'doughnut economics', 'wellbeing first'][i % 4]},{i * 3}\n"
        for i in range(60)), encoding="utf-8")
    return source, replyscope.analyse(replyscope.load(source))


@forking
def test_the_report_folder_is_the_same_written_with_a_child_or_without(tmp_path, monkeypatch):
    source, analysis = _small_thread(tmp_path)
    stamp = datetime(2026, 1, 2, tzinfo=timezone.utc)
    replyscope.write_report(analysis, tmp_path / "forked", [source], "Replies", generated_at=stamp)
    monkeypatch.setenv(side_process.SERIAL_VARIABLE, "1")
    replyscope.write_report(analysis, tmp_path / "serial", [source], "Replies", generated_at=stamp)
    forked, serial = _contents(tmp_path / "forked"), _contents(tmp_path / "serial")
    assert {"summary.xlsx", "wordcloud.png", "wordcloud.svg", "report.html", "briefing.pptx"} <= set(forked)
    assert forked == serial


@forking
def test_work_needed_soon_runs_here_while_waiting_for_a_child_and_only_once():
    done = []
    side_process.while_waiting(lambda: done.append(os.getpid()))
    with Beside(lambda: time.sleep(0.2) or "child's") as side:
        assert side.result() == "child's"
    with Beside(lambda: "again") as side:
        side.result()
    assert done == [os.getpid()]


@forking
def test_citations_links_and_accounts_counted_in_a_child_are_those_counted_here(monkeypatch):
    replies = replyscope.load(Path(__file__).resolve().parents[1] / "samples" / "replies.xlsx")
    pids = []
    counted = analysis_module.references_links_accounts

    def counting(*args):
        pids.append(os.getpid())
        return counted(*args)
    monkeypatch.setattr(analysis_module, "references_links_accounts", counting)
    forked = replyscope.analyse(replies, tone=False)
    monkeypatch.setenv(side_process.SERIAL_VARIABLE, "1")
    serial = replyscope.analyse(replies, tone=False)
    assert pids == [os.getpid()]  # the forked run counted them in a child, whose call this process never sees
    for name in ("references", "links", "accounts"):
        tables, expected = getattr(forked, name).tables(), getattr(serial, name).tables()
        assert tables.keys() == expected.keys() and all(len(t) for t in tables.values())
        for table in tables:
            assert tables[table].equals(expected[table]), (name, table)


@forking
def test_a_shared_queue_hands_each_item_out_once_to_the_parent_and_its_child():
    from replyscope.shared_queue import SharedQueue

    with SharedQueue(range(10)) as queue:
        first = queue.take()
        with Beside(lambda: [queue.take() for _ in range(3)]) as side:
            by_child = side.result()
        rest = list(queue)
    assert (first, by_child, rest) == (0, [1, 2, 3], [4, 5, 6, 7, 8, 9])
    with SharedQueue(range(4), shared=False) as queue:  # no child meant to run: a child takes nothing
        with Beside(lambda: list(queue)) as side:
            assert side.result() == []
        assert list(queue) == [0, 1, 2, 3]
    assert list(queue) == [] and queue.take() is None  # closed


@forking
def test_csv_rows_and_theme_clouds_a_failed_child_took_are_written_by_the_parent(tmp_path, monkeypatch):
    from replyscope.reporters import output

    source, analysis = _small_thread(tmp_path)
    stamp = datetime(2026, 1, 2, tzinfo=timezone.utc)
    replyscope.write_report(analysis, tmp_path / "whole", [source], "Replies", generated_at=stamp)
    parent, taken = os.getpid(), tmp_path / "taken"
    shared_work = output._then_shared_work

    def child_fails_after_taking_shares(work, analysis, colours, folder, csv_tables, shares, clouds):
        if os.getpid() != parent:
            taken.write_text(repr([shares.take(), clouds.take(), clouds.take()]))
            raise RuntimeError("the child fails holding rows and clouds")
        return shared_work(work, analysis, colours, folder, csv_tables, shares, clouds)

    monkeypatch.setattr(output, "_then_shared_work", child_fails_after_taking_shares)
    monkeypatch.setattr(output, "CSV_SHARE_ROWS", 20)  # replies_coded.csv in three shares, joined
    replyscope.write_report(analysis, tmp_path / "failed", [source], "Replies", generated_at=stamp)
    assert "wordcloud_" in taken.read_text() and "None" not in taken.read_text()  # the child did take them
    whole, failed = _contents(tmp_path / "whole"), _contents(tmp_path / "failed")
    assert sum(name.startswith("wordcloud_") for name in whole) >= 3 and whole["replies_coded.csv"].count(b"\n") == 61
    assert failed == whole


@forking
def test_a_csv_written_in_shares_by_two_processes_is_the_csv_written_whole(tmp_path, monkeypatch):
    from replyscope.reporters import output

    source = tmp_path / "replies.csv"
    source.write_text("id,date,author,text,likes\n" + "".join(
        f"{i},2020-04-{20 + i % 9} 09:00,user{i % 13},\"Listen, \"\"local\"\" people\nline two {i}\",{i}\n"
        for i in range(95)), encoding="utf-8")
    analysis = replyscope.analyse(replyscope.load(source))
    replyscope.write_report(analysis, tmp_path / "whole", [source], "Replies")
    monkeypatch.setattr(output, "CSV_SHARE_ROWS", 7)
    replyscope.write_report(analysis, tmp_path / "shared", [source], "Replies")
    for name in ("replies_coded.csv", "accounts.csv", "words.csv"):
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert (tmp_path / "whole" / "replies_coded.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert not [p for p in (tmp_path / "shared").iterdir() if ".csv.from-row-" in p.name]
