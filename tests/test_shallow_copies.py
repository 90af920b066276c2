"""Steps that add columns share the table's data instead of copying it, and still never change what they were given."""

import pandas as pd

import replyscope
from conftest import SAMPLES
from replyscope.analyses.abuse import flag_abuse
from replyscope.analyses.campaigns import find_copies, mark_copies
from replyscope.analyses.themes import apply_corrections, code_replies
from replyscope.analyses.tone import add_tone
from replyscope.codebook import load_codebook
from replyscope.text import tokenise_replies


def coded_sample():
    table = replyscope.load(SAMPLES / "replies.xlsx")
    table.attrs = {}
    codebook = load_codebook()
    return code_replies(table, tokenise_replies(table["clean_text"].fillna("").tolist()), codebook), codebook


def test_steps_writing_cells_leave_their_input_as_it_was():
    coded, codebook = coded_sample()
    before = coded.copy(deep=True)
    flagged = flag_abuse(coded, threshold=0.0)  # every reply pushed to Abuse: themes, evidence, words written
    assert (flagged["primary_theme"] == "abuse").all()
    corrections = pd.DataFrame({"id": coded["id"].head(5), "theme": "listening"})
    corrected = apply_corrections(coded, corrections, codebook)
    assert corrected["evidence"].head(5).str.startswith("corrected by user").all()
    marked = mark_copies(add_tone(coded), find_copies(coded))
    assert "copy_group" in marked and "tone" in marked
    pd.testing.assert_frame_equal(coded, before)
    assert [list(t) for t in coded["themes"]] == [list(t) for t in before["themes"]]
