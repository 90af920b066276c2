"""The CSV files are written a chunk of rows at a time: the same bytes as in one go, every reply, formulas inert."""

import pandas as pd

import replyscope
from conftest import SAMPLES
from replyscope.analysis import coded_for_export
from replyscope.reporters import tables
from replyscope.reporters.tables import FORMULA_TRIGGERS, write_csv


def test_chunks_write_the_same_file_as_one_go(tmp_path, monkeypatch):
    replies = coded_for_export(replyscope.load(SAMPLES / "replies.xlsx"))
    assert len(replies) > 1000
    write_csv(replies, tmp_path / "whole.csv")
    monkeypatch.setattr(tables, "CSV_CHUNK_ROWS", 97)  # sixteen chunks, the last one short
    write_csv(replies, tmp_path / "chunked.csv")
    assert (tmp_path / "chunked.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()

    back = pd.read_csv(tmp_path / "chunked.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.columns.tolist() == replies.columns.tolist()
    assert back["id"].tolist() == replies["id"].astype(str).tolist()
    # texts come back whole, commas included; blanks stay blank
    texts = replies["text"].fillna("")
    guarded = texts.map(lambda t: "'" + t if t.startswith(FORMULA_TRIGGERS) else t)
    assert back["text"].tolist() == guarded.tolist()
    assert texts.str.contains(",").any()  # quoted in the file, read back as written
    # no cell in any chunk starts a formula
    assert not any(back[column].str.startswith(("=", "+", "-", "@")).any() for column in back.columns)


def test_an_empty_table_is_its_header_only(tmp_path):
    write_csv(pd.DataFrame({"word": pd.Series([], dtype="string"), "mentions": pd.Series([], dtype="Int64")}),
              tmp_path / "empty.csv")
    assert (tmp_path / "empty.csv").read_bytes() == "\ufeffword,mentions\n".encode("utf-8")
