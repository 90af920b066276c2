"""Who is speaking: a volunteers' workbook in, accounts counted, organisations flagged with evidence, lobbying."""

from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import replyscope
from replyscope.analyses.accounts import (
    ALL_ORGANISATIONS, AUTHOR_UNKNOWN, CORRECTED, INDIVIDUAL_LOBBYING, INDIVIDUAL_OTHER, INDIVIDUALS,
    ORGANISATION_LOBBYING, ORGANISATION_OTHER, ORGANISATIONS, WHOLE_THREAD, analyse_accounts, account_table,
    count_accounts, handle_words, lobbying_summary, resembles,
)
from replyscope.errors import ReplyscopeError


@dataclass(frozen=True)
class Row:
    id: str
    handle: str
    name: str
    bio: str
    likes: int | None
    text: str
    themes: tuple[str, ...] = ()


NEF_BIO = "We are a think tank working for a new economy. Registered charity 1055254."
ROWS = [
    Row("1", "NEF", "New Economics Foundation", NEF_BIO,
        40, "Read our new report on a new social settlement https://neweconomics.org/2020/04/social-settlement",
        ("lobbying", "economy")),
    Row("2", "NEF", "New Economics Foundation", NEF_BIO, 25, "Our research shows people want a fairer recovery", ("lobbying",)),
    Row("3", "CarnegieUKTrust", "Carnegie UK Trust", "Improving wellbeing for people in the UK and Ireland.",
        30, "We've published a report on kinder communities https://www.carnegieuktrust.org.uk/publications/kinder",
        ("lobbying", "local")),
    Row("4", "WEAll_Global", "Wellbeing Economy Alliance",
        "A collaboration of organisations, movements and people working towards a wellbeing economy.",
        60, "A wellbeing economy puts people and planet first", ("sustainability",)),
    Row("5", "HometownNetworkCIC", "Hometown Network", "", 2, "Listen to local people", ("listening",)),
    Row("6", "amy_p", "Amy Price", "Mum of two. Views my own.", 100, "Listen to Kate Raworth", ("sustainability",)),
    Row("7", "drjoe", "Dr Joe Bloggs", "Economist. He/him", 8,
        "Our research group found the same: read our paper https://joebloggs.net/papers/renewal", ("lobbying",)),
    Row("8", "KateRaworth", "Kate Raworth", "Renegade economist. Author of Doughnut Economics", 300,
        "Thank you! More at https://kateraworth.com/doughnut/", ("sustainability",)),
    Row("9", "ben_k", "Ben K", "", 1, "ask nurses", ("listening",)),
    Row("10", "ben_k", "Ben K", "", None, "ask teachers", ("listening",)),
    Row("11", "ben_k", "Ben K", "", 0, "ask carers", ("listening",)),
    Row("12", "", "", "", 4, "Ask the people who do the work", ("listening",)),
]
ORGANISATIONS_TRUTH = {"NEF", "CarnegieUKTrust", "WEAll_Global", "HometownNetworkCIC"}
# The evidence a reader should see for each account's flag.
EVIDENCE = {
    "NEF": ["'foundation'", "'registered charity'", "own site neweconomics.org"],
    "CarnegieUKTrust": ["'trust'", "'we've published'", "own site carnegieuktrust.org.uk"],
    "WEAll_Global": ["'alliance'"],
    "HometownNetworkCIC": ["'cic'", "'network'"],
    "amy_p": ["'views my own'", "'mum'"],
    "drjoe": ["title 'dr'", "'he/him'", "own site joebloggs.net", "'our research'"],
    "KateRaworth": ["own site kateraworth.com"],
    "ben_k": ["no sign of an organisation"],
}


def write_workbook(path: Path, rows: list[Row]) -> Path:
    """A volunteers' sheet: a title row, then the header, then one reply per row (blank cells for unknowns)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Replies"
    sheet.append(["Replies to the renewal tweet, scraped 30 April 2020"])
    sheet.append(["Tweet ID", "Username", "Display Name", "Bio", "Likes", "Tweet"])
    for row in rows:
        sheet.append([row.id, row.handle or None, row.name or None, row.bio or None, row.likes, row.text])
    book.save(path)
    return path


def coded(replies: pd.DataFrame, rows: list[Row]) -> pd.DataFrame:
    """The reply table as the theme classifier returns it: a `themes` list per reply."""
    themes = {row.id: list(row.themes) for row in rows}
    return replies.assign(themes=[themes[reply_id] for reply_id in replies["id"]])


@pytest.fixture
def replies(tmp_path) -> pd.DataFrame:
    return replyscope.load(write_workbook(tmp_path / "renewal.xlsx", ROWS))


def test_accounts_are_counted_by_replies_and_likes(replies):
    result = analyse_accounts(replies)

    accounts = result.accounts.set_index("author")
    by_hand = {}
    for row in ROWS:
        if row.handle:
            by_hand.setdefault(row.handle, []).append(row.likes)
    assert {a: int(n) for a, n in accounts["replies"].items()} == {a: len(likes) for a, likes in by_hand.items()}
    assert accounts.loc["ben_k", "likes"] == 1            # 1 + unknown + 0: the unknown adds nothing
    assert result.accounts.iloc[0]["author"] == "ben_k"     # most replies first
    assert result.by_likes(1).iloc[0]["author"] == "KateRaworth"
    assert list(result.repeat_repliers["author"]) == ["ben_k"]
    assert result.replies == len(ROWS) and result.replies_without_author == 1


def test_every_flag_shows_its_evidence_and_matches_the_known_organisations(replies):
    accounts = analyse_accounts(replies).accounts.set_index("author")

    assert set(accounts.index[accounts["organisation"]]) == ORGANISATIONS_TRUTH
    for handle, signs in EVIDENCE.items():
        evidence = accounts.loc[handle, "evidence"]
        for sign in signs:
            assert sign in evidence, f"@{handle}: {sign} not in {evidence!r}"
    assert (accounts["flag_source"] == "automatic").all()
    assert accounts.loc["NEF", "own_sites"] == "neweconomics.org"


def test_lobbying_shares_combine_the_theme_with_the_organisation_flag(replies):
    result = analyse_accounts(coded(replies, ROWS))

    lobbying = result.lobbying.set_index("group")
    known_likes = sum(row.likes for row in ROWS if row.likes is not None)

    def expected(keep):
        chosen = [row for row in ROWS if keep(row)]
        return len(chosen), len(chosen) / len(ROWS), sum(r.likes or 0 for r in chosen), \
            sum(r.likes or 0 for r in chosen) / known_likes

    def is_org(row):
        return row.handle in ORGANISATIONS_TRUTH

    def lobbies(row):
        return "lobbying" in row.themes

    for group, keep in [
        (ORGANISATION_LOBBYING, lambda r: is_org(r) and lobbies(r)),                # NEF twice, Carnegie once
        (ORGANISATION_OTHER, lambda r: is_org(r) and not lobbies(r)),               # WEAll, Hometown Network
        (INDIVIDUAL_LOBBYING, lambda r: r.handle and not is_org(r) and lobbies(r)),  # Dr Joe's paper
        (INDIVIDUAL_OTHER, lambda r: r.handle and not is_org(r) and not lobbies(r)),
        (AUTHOR_UNKNOWN, lambda r: not r.handle),
        (ALL_ORGANISATIONS, is_org),
        (WHOLE_THREAD, lambda r: True),
    ]:
        replies_n, reply_share, likes, like_share = expected(keep)
        assert lobbying.loc[group, "replies"] == replies_n, group
        assert lobbying.loc[group, "share_of_replies"] == pytest.approx(reply_share), group
        assert lobbying.loc[group, "likes"] == likes, group
        assert lobbying.loc[group, "share_of_likes"] == pytest.approx(like_share), group
    assert lobbying.loc[ORGANISATION_LOBBYING, "accounts"] == 2


def test_without_coded_themes_the_summary_is_the_organisation_share(replies):
    lobbying = analyse_accounts(replies).lobbying.set_index("group")

    assert list(lobbying.index) == [ORGANISATIONS, INDIVIDUALS, AUTHOR_UNKNOWN, WHOLE_THREAD]
    assert lobbying.loc[ORGANISATIONS, "replies"] == sum(row.handle in ORGANISATIONS_TRUTH for row in ROWS)


def test_corrections_override_the_flag_and_say_so(replies):
    result = analyse_accounts(coded(replies, ROWS), organisations=["@amy_p"], individuals=["hometownnetworkcic",
                                                                                              "nobody_here"])

    accounts = result.accounts.set_index("author")
    assert accounts.loc["amy_p", "organisation"] and not accounts.loc["HometownNetworkCIC", "organisation"]
    for handle in ("amy_p", "HometownNetworkCIC"):
        assert accounts.loc[handle, "flag_source"] == CORRECTED
        assert accounts.loc[handle, "evidence"].startswith("corrected by user (automatic: ")
    assert accounts.loc["NEF", "organisation"] and accounts.loc["NEF", "flag_source"] == "automatic"
    assert result.unmatched_corrections == ("nobody_here",)
    other = result.lobbying.set_index("group").loc[ORGANISATION_OTHER, "replies"]
    assert other == 2      # WEAll and now Amy; the Hometown Network is an individual


def test_an_account_cannot_be_corrected_both_ways(replies):
    with pytest.raises(ReplyscopeError, match="@NEF listed as both an organisation and an individual"):
        analyse_accounts(replies, organisations=["NEF"], individuals=["nef"])


def test_lobbying_summary_takes_any_accounts_table(replies):
    accounts = pd.DataFrame({"author": ["ben_k"], "organisation": [True]})

    lobbying = lobbying_summary(coded(replies, ROWS), accounts).set_index("group")

    assert lobbying.loc[ORGANISATION_OTHER, "replies"] == 3 and lobbying.loc[ORGANISATION_LOBBYING, "replies"] == 0
    assert lobbying.loc[ORGANISATION_OTHER, "likes"] == 1


def test_counts_of_chunks_merge_to_the_count_of_the_whole(replies):
    whole, _ = account_table(count_accounts(replies))
    merged, _ = account_table(count_accounts(replies.iloc[:5]).merge(count_accounts(replies.iloc[5:])))

    pd.testing.assert_frame_equal(merged, whole)


@pytest.mark.parametrize("handle, words", [
    ("CarnegieUKTrust", ("carnegie", "uk", "trust")),
    ("WEAll_Global", ("we", "all", "global")),
    ("jrf_uk", ("jrf", "uk")),
    ("NHSEngland", ("nhs", "england")),
])
def test_handles_split_into_words(handle, words):
    assert handle_words(handle) == words


@pytest.mark.parametrize("site, handle, name, own", [
    ("neweconomics", "NEF", "New Economics Foundation", True),
    ("jrf", "jrf_uk", "Joseph Rowntree Foundation", True),
    ("kateraworth", "KateRaworth", "", True),
    ("weall", "WEAll_Global", "Wellbeing Economy Alliance", True),
    ("ons", "ponsonby_j", "J Ponsonby", False),
    ("bbc", "amy_p", "Amy Price", False),
    ("t", "t", "T", False),
])
def test_own_sites_resemble_the_handle_or_name(site, handle, name, own):
    assert resembles(site, handle, name) is own


def test_the_section_renders_flags_with_escaped_evidence(tmp_path):
    html = pytest.importorskip("replyscope.reporters.html")
    rows = ROWS + [Row("13", "evil", "<img src=x onerror=alert(1)> Trust", "", None, "hello")]
    replies = replyscope.load(write_workbook(tmp_path / "renewal.xlsx", rows))
    accounts = analyse_accounts(coded(replies, rows))

    page = html.environment().get_template("section_accounts.html.j2").render(accounts=accounts)

    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; Trust" in page
    assert ORGANISATION_LOBBYING in page and 'class="sortable"' in page
    assert "name or handle has &#39;foundation&#39; (+2)" in page


def test_accounts_of_a_twitter_v2_export_match_the_table(shared_data):
    if not {"twitter-v2", "twitter_v2"} & set(replyscope.importers.IMPORTERS):
        pytest.skip("the Twitter API v2 importer is not registered in replyscope.importers yet")
    replies = replyscope.load(shared_data / "twarc-csv" / "entities_test.jsonl")

    result = analyse_accounts(replies)

    expected = replies["author"].dropna().str.casefold().value_counts()
    counted = result.accounts.assign(key=result.accounts["author"].str.casefold()).set_index("key")["replies"]
    assert counted.sort_index().to_dict() == expected.sort_index().to_dict()
    assert result.accounts["evidence"].str.len().gt(0).all()
    assert result.lobbying.set_index("group").loc[WHOLE_THREAD, "replies"] == len(replies)
