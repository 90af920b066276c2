"""The abuse scores, tone and copy candidates analyse works out beside the coding (own_text.py) are exactly
what flag_abuse, add_tone and find_copies compute for themselves, on the sample and on a real export."""

import pandas as pd
import pytest

import replyscope
from replyscope import own_text
from replyscope.analyses.abuse import flag_abuse
from replyscope.analyses.campaigns import find_copies
from replyscope.analyses.tone import add_tone
from replyscope.analysis import analyse
from replyscope.settings import DEFAULTS

from conftest import ROOT


@pytest.fixture(params=["sample", "real"])
def replies(request, shared_data_or_none):
    if request.param == "sample":
        return replyscope.load(ROOT / "samples" / "replies.xlsx")
    if shared_data_or_none is None:
        pytest.skip("../shared/data is not beside this checkout")
    return replyscope.load(shared_data_or_none / "twarc-csv" / "entities_test.jsonl")


@pytest.fixture
def shared_data_or_none():
    path = ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


def test_scores_made_ahead_give_the_same_columns_and_groups(replies):
    coded = analyse(replies, tone=False, detect_languages=False).replies  # themes, primary_theme, evidence
    coded = coded.drop(columns=["abuse_score", "abuse_by", "copy_group"], errors="ignore")
    threshold = DEFAULTS.abuse_threshold

    scored = own_text.abuse_scores(coded, threshold)
    pd.testing.assert_frame_equal(flag_abuse(coded, threshold, scored=scored), flag_abuse(coded, threshold))

    tone, candidates = own_text.tone_and_copies(coded, True, DEFAULTS.copy_similarity)
    pd.testing.assert_frame_equal(add_tone(coded, tone), add_tone(coded))
    assert len(candidates) > 0   # both inputs hold copies, so the comparison below compares groups
    ahead = find_copies(coded, DEFAULTS.copy_similarity, candidates=candidates)
    alone = find_copies(coded, DEFAULTS.copy_similarity)
    pd.testing.assert_frame_equal(ahead.groups, alone.groups)
    pd.testing.assert_frame_equal(ahead.members, alone.members)


def test_tone_off_scores_no_tone(replies):
    tone, candidates = own_text.tone_and_copies(replies, False, DEFAULTS.copy_similarity)
    assert tone is None and isinstance(candidates, list)


def test_analysis_is_the_same_with_and_without_second_processes(shared_data, monkeypatch):
    replies = replyscope.load(shared_data / "twarc-csv" / "entities_test.jsonl")  # the sample: test_golden
    forked = analyse(replies).tables()
    monkeypatch.setenv("REPLYSCOPE_SERIAL", "1")
    serial = analyse(replies).tables()
    assert list(forked) == list(serial)
    for name in forked:
        pd.testing.assert_frame_equal(forked[name], serial[name], obj=name)
