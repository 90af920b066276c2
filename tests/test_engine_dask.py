"""The Dask engine gives the default engine's tables: on the sample, on generated gzipped exports, on real ones.

A LocalCluster of two worker threads in this process is started once for the module (no
external service; the importers set no process-wide pandas option, so the workers' frames
and the default engine's built beside them stay apart). One test runs two worker processes
and kills one mid-run: Dask reruns its tasks and the tables still match. Skipped where Dask
is not installed (pip install 'replyscope[cluster]').
"""

import os
import signal

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import replyscope  # noqa: E402
from replyscope.cli import cli  # noqa: E402
from replyscope.engines.dask import analyse_files  # noqa: E402
from replyscope.errors import ReplyscopeError  # noqa: E402

from conftest import SAMPLES  # noqa: E402
from test_engines import assert_same_tables, write_generated_exports  # noqa: E402


def default_tables(files, **settings) -> dict:
    return replyscope.analyse(replyscope.load(files), **settings).tables()


def test_sample_gives_the_same_tables_on_dask(client, tmp_path):
    analysis = analyse_files([SAMPLES / "replies.xlsx"], client=client, work_dir=tmp_path)
    assert_same_tables(default_tables(SAMPLES / "replies.xlsx"), analysis.tables())
    assert (analysis.engine.engine, analysis.engine.workers, analysis.engine.partitions) == ("dask", 2, 1)


def test_generated_exports_in_many_partitions_give_the_same_tables_and_drop_reasons(client, tmp_path):
    paths = write_generated_exports(tmp_path)
    analysis = analyse_files(tmp_path, client=client, block_lines=40, work_dir=tmp_path, count_campaigns_once=True)
    expected = replyscope.load(paths)
    tables = analysis.tables()
    assert {"words_by_language", "copy_groups", "proposed_themes"} <= set(tables)
    assert_same_tables(replyscope.analyse(expected, count_campaigns_once=True).tables(), tables)
    loaded, report = expected.attrs["load_report"], analysis.load_report
    assert report.dropped == loaded.dropped and report.rows == loaded.rows
    assert report.dropped["duplicate id (also in an earlier file)"] == 2 and report.dropped["duplicate id"] == 3
    assert report.root_post["id"] == loaded.root_post["id"] == "100"
    assert [(f.source, f.rows_read, f.rows_kept, f.dropped) for f in report.files] == \
        [(f.source, f.rows_read, f.rows_kept, f.dropped) for f in loaded.files]
    assert analysis.engine.partitions == 12


def test_real_twarc_exports_give_the_same_tables(client, shared_data, tmp_path):
    names = ("brexit", "flat", "noflat", "withheld")
    paths = [shared_data / "twarc-csv" / f"{name}.jsonl" for name in names]
    analysis = analyse_files(paths, client=client, block_lines=30, work_dir=tmp_path)
    assert_same_tables(default_tables(paths), analysis.tables())
    assert analysis.load_report.dropped["duplicate id (also in an earlier file)"] > 0


def test_cli_writes_the_report_with_a_parquet_dataset_and_says_which_engine_ran(client, tmp_path):
    from click.testing import CliRunner

    (tmp_path / "in").mkdir()
    write_generated_exports(tmp_path / "in", files=2, posts=40)
    out = tmp_path / "out"
    address = client.scheduler_info()["address"]  # the suite's cluster, as a user names a running scheduler
    result = CliRunner().invoke(cli, ["analyse", str(tmp_path / "in"), "--scheduler", address, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Dask cluster: 2 workers at {address}" in result.stderr
    coded = pd.read_csv(out / "replies_coded.csv", dtype=str)
    dataset = pd.read_parquet(out / "replies_coded.parquet")
    assert len(coded) == len(dataset) > 0 and coded["id"].tolist() == dataset["id"].tolist()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Dask, on 2 workers over 2 partitions" in html


def test_root_and_pseudonymise_are_refused_with_one_clear_line(tmp_path):
    from click.testing import CliRunner

    with pytest.raises(ReplyscopeError, match="--root needs the whole thread"):
        analyse_files([SAMPLES / "replies.xlsx"], options=replyscope.LoadOptions(root="1"), work_dir=tmp_path)
    result = CliRunner().invoke(cli, ["analyse", str(SAMPLES / "replies.xlsx"), "--engine", "dask", "--pseudonymise",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code != 0 and "--pseudonymise needs the whole table" in result.stderr


def test_a_worker_killed_mid_run_is_replaced_and_the_tables_still_match(tmp_path):
    import dask
    from distributed import Client, LocalCluster

    paths = write_generated_exports(tmp_path, files=2, posts=30)
    killed = []

    def kill_one_worker(step, done, total):
        if step == "reading partitions" and not killed:
            pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    # Forked workers start with replyscope already imported: seconds, not tens of seconds.
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        analysis = analyse_files(tmp_path, client=client, block_lines=20, progress=kill_one_worker, work_dir=tmp_path)
    assert killed
    assert_same_tables(default_tables(paths), analysis.tables())


def test_corrections_and_a_review_give_the_same_tables_on_dask(client, tmp_path):
    from replyscope.coding.reviewed import review_from_corrections

    paths = write_generated_exports(tmp_path, files=2, posts=40)
    table = replyscope.load(paths)
    themes = ["local", "economy", "help", "listening"]
    corrections = pd.DataFrame({"id": table["id"].iloc[1:31].tolist(),
                                "theme": [themes[i % 4] for i in range(30)]})
    corrected = analyse_files(paths, client=client, block_lines=25, work_dir=tmp_path, corrections=corrections)
    assert_same_tables(replyscope.analyse(table, corrections=corrections).tables(), corrected.tables())
    assert corrected.notes[0].endswith("recoded by hand (corrections file)")
    review = review_from_corrections(corrections, replyscope.load_codebook())
    reviewed = analyse_files(paths, client=client, block_lines=25, work_dir=tmp_path, reviewed=review)
    assert_same_tables(replyscope.analyse(table, reviewed=review).tables(), reviewed.tables())
    assert "learned coder trains on every reply" in " ".join(reviewed.engine.method)


def test_a_thread_above_the_gather_limit_gives_the_same_tables_from_a_slim_table(client, tmp_path):
    paths = write_generated_exports(tmp_path)
    analysis = analyse_files(tmp_path, client=client, block_lines=40, work_dir=tmp_path, count_campaigns_once=True,
                             gather_replies=0, coded_out=tmp_path / "coded")
    expected = replyscope.analyse(replyscope.load(paths), count_campaigns_once=True).tables()
    tables = analysis.tables()
    assert {"copy_groups", "proposed_themes", "tone", "lobbying"} <= set(tables)
    coded = expected.pop("replies_coded")  # the workers wrote the coded replies out:
    dataset = pd.read_parquet(tmp_path / "coded" / "replies_coded.parquet")
    assert len(list((tmp_path / "coded" / "replies_coded.parquet").iterdir())) == analysis.engine.partitions == 12
    assert dataset["copy_group"].notna().sum() >= 3 and dataset["text"].notna().all()
    pd.testing.assert_frame_equal(dataset, coded, check_dtype=False)
    csv_parts = sorted((tmp_path / "coded" / "replies_coded").glob("part-*.csv"))
    from_csv = pd.concat([pd.read_csv(part, dtype=str, keep_default_na=False) for part in csv_parts], ignore_index=True)
    assert from_csv["id"].tolist() == coded["id"].tolist() and from_csv["text"].tolist() == coded["text"].tolist()
    # the replies the report and workbook show (here all 360) were filled in whole
    assert tables.pop("replies_coded")["text"].tolist() == coded["text"].tolist()
    assert_same_tables(expected, tables)
    assert any("slim table" in sentence for sentence in analysis.engine.method)


def test_theme_discovery_above_its_limit_reads_a_seeded_sample_and_says_so(client, tmp_path, monkeypatch):
    from replyscope.engines import slim

    paths = write_generated_exports(tmp_path, files=2, posts=120)
    monkeypatch.setattr(slim, "DISCOVERY_REPLIES", 60)
    analysis = analyse_files(paths, client=client, block_lines=50, work_dir=tmp_path, gather_replies=0)
    assert analysis.replies["text"].isna().all()  # without outputs to write, no text comes to the client
    uncategorised = int((analysis.replies["primary_theme"] == "uncategorised").sum())
    assert uncategorised > 60
    assert analysis.proposed_themes.searched == 60 and analysis.proposed_themes.thread_replies == len(analysis.replies)
    assert len(analysis.proposed_themes.themes) > 0
    assert any(f"sample of 60 of the {uncategorised:,} uncategorised" in s for s in analysis.engine.method)
    expected = default_tables(paths)
    tables = analysis.tables()
    for name in ("replies_coded", "proposed_themes", "proposed_terms", "proposed_typical"):
        expected.pop(name, None), tables.pop(name, None)
    assert_same_tables(expected, tables)


def test_cli_on_a_thread_too_large_to_gather_moves_the_workers_coded_parts_into_the_report(client, tmp_path,
                                                                                          monkeypatch):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from replyscope.engines import slim

    (tmp_path / "in").mkdir()
    paths = write_generated_exports(tmp_path / "in", files=2, posts=40)
    monkeypatch.setattr(slim, "GATHER_REPLIES", 0)
    out = tmp_path / "out"
    address = client.scheduler_info()["address"]
    result = CliRunner().invoke(cli, ["analyse", str(tmp_path / "in"), "--scheduler", address, "--out", str(out)])
    assert result.exit_code == 0, result.output
    expected = replyscope.analyse(replyscope.load(paths)).tables()["replies_coded"]
    assert not (out / "replies_coded.csv").exists()
    parts = sorted((out / "replies_coded").glob("part-*.csv"))
    coded = pd.concat([pd.read_csv(part, dtype=str, keep_default_na=False) for part in parts], ignore_index=True)
    assert len(parts) == 2 and coded["id"].tolist() == expected["id"].tolist()
    assert pd.read_parquet(out / "replies_coded.parquet")["text"].tolist() == expected["text"].tolist()
    assert not list(tmp_path.glob(".out.coded.*"))  # the workers' folder was moved in and cleared away
    sheet = load_workbook(out / "summary.xlsx", read_only=True)["replies_coded"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows and all(row[header.index("text")] for row in rows)  # the replies shown are whole
    html = (out / "report.html").read_text(encoding="utf-8")
    assert expected["text"].iloc[0][:30] in html
    assert "replies_coded.csv" not in html and "<code>replies_coded/ (CSV parts) and replies_coded.parquet/</code>" in html


def test_the_replies_shown_in_full_are_those_the_report_and_the_workbook_pick():
    from replyscope.engines.slim import shown_positions
    from replyscope.reporters.workbook import _most_liked
    from replyscope.settings import DEFAULTS

    replies = pd.DataFrame({"likes": pd.array([5, None, 9, 5, 0, 9, 5], dtype="Int64"),
                            "created_at": pd.to_datetime(["2024-01-0%d" % d for d in (7, 6, 5, 4, 3, 2, 1)], utc=True),
                            "position": range(7)})
    settings = DEFAULTS.with_overrides(max_embedded_replies=3, workbook_replies=4)
    # the report: most liked, ties by date (positions 5 and 2 with 9 likes, then 6, the earliest of the 5s)
    # the workbook: most liked, ties in table order (2, 5, then 0 and 3)
    assert shown_positions(replies, settings).tolist() == [0, 2, 3, 5, 6]
    assert set(_most_liked(replies, 4)["position"]) <= {0, 2, 3, 5, 6}
