"""Cited ideas: a reply thread in, every form of citation counted, candidates listed, the section rendered."""

import csv
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

import replyscope
from replyscope.analyses.references import (
    EntityMatcher, analyse_references, count_references, name_words, reference_tables,
)

DEFAULTS_TOML = Path(replyscope.__file__).parent / "data" / "codebook.toml"
ENTITY_KINDS = {"idea", "person", "organisation", "publication"}


@dataclass(frozen=True)
class Entity:
    """The fields references read from a codebook entity (replyscope.codebook.Entity has the same)."""

    key: str
    label: str
    kind: str
    names: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


def default_entities() -> list[Entity]:
    data = tomllib.loads(DEFAULTS_TOML.read_text(encoding="utf-8"))
    return [Entity(key, value["label"], value["kind"], *(tuple(value.get(form, ())) for form in
                                                          ("names", "mentions", "hashtags", "domains")))
            for key, value in data["entities"].items()]


def doughnut() -> Entity:
    return next(entity for entity in default_entities() if entity.key == "doughnut_economics")


def write_csv(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tweet ID", "Username", "Likes", "Tweet"])
        writer.writerows(rows)
    return path


# A renewal-style thread: Doughnut Economics cited by name, possessive, @mention, hashtag and links,
# next to a doughnut that is only a doughnut and a link whose path says "doughnut-model".
DOUGHNUT_THREAD = [
    ("101", "amy_p", "54", "@RenewalLead Listen to Kate Raworth. Doughnut Economics is the framework: meet the needs "
                           "of all within the means of the planet https://kateraworth.com/doughnut/"),
    ("102", "ben_k", "12", "@RenewalLead @KateRaworth of course! #DoughnutEconomics"),
    ("103", "cat_m", "", "@RenewalLead Raworth's doughnut model; Amsterdam already uses it "
                         "https://doughnuteconomics.org/stories/1 "
                         "https://www.theguardian.com/world/2020/apr/08/amsterdam-doughnut-model"),
    ("104", "dan_o", "3", "@RenewalLead Communities. Local people know what they need."),
    ("105", "eve_r", "7", "@RenewalLead The Doughnut! Kate Raworth, Kate Raworth and again KATE RAWORTH"),
    ("106", "fay_s", "1", "@RenewalLead I'd like a doughnut right now tbh"),
    ("107", "gus_t", "9", "@RenewalLead Mariana Mazzucato https://neweconomics.org/2020/04/a-new-social-settlement"),
    ("108", "hal_u", "0", "@RenewalLead #doughnuteconomics https://t.co/AbCdEf1234"),
    ("109", "ivy_v", "5", "@RenewalLead Raworthian thinking? Doughnuts and Raworths are not the names"),
]


def count_by_hand(text: str, entity: Entity) -> dict[str, int]:
    """The citations of one reply by simple means: split on spaces, sort words by their first character."""
    words = text.split()
    plain = " ".join(w for w in words if not w.startswith(("@", "#", "http"))).lower()
    names = 0
    for name in sorted(entity.names, key=len, reverse=True):   # longest first, blanked once counted
        pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
        names += len(re.findall(pattern, plain))
        plain = re.sub(pattern, " ", plain)
    handles = {h.lower() for h in entity.mentions}
    tags = {t.lower() for t in entity.hashtags}
    return {
        "name": names,
        "@mention": sum(w.startswith("@") and w[1:].rstrip(".,!?:;").lower() in handles for w in words),
        "hashtag": sum(w.startswith("#") and w[1:].rstrip(".,!?:;").lower() in tags for w in words),
        "link": sum(w.startswith("http") and any(urlsplit(w).hostname.removeprefix("www.") == d for d in entity.domains)
                    for w in words),
    }


def test_doughnut_economics_is_counted_in_every_form(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "renewal.csv", DOUGHNUT_THREAD))
    entity = doughnut()

    row = analyse_references(replies, default_entities()).table.set_index("key").loc["doughnut_economics"]

    by_hand = {reply_id: count_by_hand(text, entity) for reply_id, _, _, text in DOUGHNUT_THREAD}
    citing = [reply_id for reply_id, forms in by_hand.items() if sum(forms.values())]
    # 101: "Kate Raworth", "Doughnut Economics", kateraworth.com          -> 3 in one reply
    # 102: @KateRaworth, #DoughnutEconomics                              -> 2
    # 103: "Raworth's", "doughnut model", doughnuteconomics.org          -> 3 (the guardian link's path is no name)
    # 105: "The Doughnut" and "Kate Raworth" three times (not also "Raworth") -> 4
    # 108: #doughnuteconomics                                            -> 1
    assert row["by_name"] == sum(forms["name"] for forms in by_hand.values())
    assert row["by_mention"] == sum(forms["@mention"] for forms in by_hand.values())
    assert row["by_hashtag"] == sum(forms["hashtag"] for forms in by_hand.values())
    assert row["by_link"] == sum(forms["link"] for forms in by_hand.values())
    assert row["mentions"] == sum(sum(forms.values()) for forms in by_hand.values())
    assert row["replies"] == len(citing) == 5
    known_likes = [int(likes) for reply_id, _, likes, _ in DOUGHNUT_THREAD if reply_id in citing and likes]
    assert row["likes"] == sum(known_likes)   # 103's likes are unknown: it counts as citing, adds no likes
    assert row["example_ids"] == "101; 102; 105"   # the three most liked citing replies


def test_example_replies_keep_their_text_and_forms(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "renewal.csv", DOUGHNUT_THREAD))
    references = analyse_references(replies, [doughnut()], examples=5)

    examples = references.examples_for("doughnut_economics")

    assert [e["id"] for e in examples] == ["101", "102", "105", "108", "103"]   # unknown likes last
    assert examples[0]["text"] == DOUGHNUT_THREAD[0][3]
    assert examples[0]["forms"] == "name, link"
    assert examples[1]["forms"] == "@mention, hashtag"
    assert examples[-1]["likes"] is None


@pytest.mark.parametrize("text, keys", [
    ("Kate Raworth's doughnut", ["doughnut_economics"]),
    ("Raworth, and Kate Raworth", ["doughnut_economics", "doughnut_economics"]),
    ("DOUGHNUT ECONOMICS", ["doughnut_economics"]),
    ("doughnut-economics", ["doughnut_economics"]),
    ("Raworthian doughnuts", []),
    ("a Citizens’ Assembly, a citizens assembly and a citizen's assembly",
     ["citizens_assemblies"] * 3),
    ("the Wellbeing Economy Alliance", ["wellbeing_economy_alliance"]),   # not also "wellbeing economy"
    ("a wellbeing economy", ["wellbeing_economy"]),
    ("Wilkinson & Pickett", ["the_spirit_level"]),
])
def test_names_match_whole_words_and_the_longest_name_wins(text, keys):
    assert EntityMatcher(default_entities()).names_in(name_words(text)) == keys


def test_likes_are_unknown_when_no_citing_reply_has_likes(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "thread.csv", [
        ("1", "a", "", "Kate Raworth"), ("2", "b", "", "#DoughnutEconomics"), ("3", "c", "4", "nothing here")]))

    row = analyse_references(replies, [doughnut()]).table.iloc[0]

    assert row["replies"] == 2
    assert row["likes"] is pd.NA


CANDIDATE_THREAD = [
    ("1", "a", "10", "@Lead Listen to the New Economics Foundation and read “The Spirit Level” "
                     "https://neweconomics.org/a"),
    ("2", "b", "3", "@Lead New Economics Foundation! Also \"The Spirit Level\" by Wilkinson and Pickett @nef"),
    ("3", "c", "", "@Lead Ask @NEF and Doughnut Economics people https://neweconomics.org/b https://t.co/x1"),
    ("4", "d", "1", "@Lead Kate Raworth, Kate Raworth"),
    ("5", "e", "2", "@Lead Read Kate Raworth and Mariana Mazzucato"),
    ("6", "f", "0", "@Lead Mariana Mazzucato obviously https://t.co/x2"),
]


def test_candidates_are_what_the_codebook_does_not_know_ranked_by_replies(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "thread.csv", CANDIDATE_THREAD))

    candidates = analyse_references(replies, [doughnut()]).candidates

    found = {(row.candidate, row.form): row.replies for row in candidates.itertuples()}
    assert found == {
        ("New Economics Foundation", "name"): 2,
        ("The Spirit Level", "title"): 2,           # a quoted title, not also a capitalised name
        ("@nef", "@mention"): 2,                    # @nef and @NEF are one account
        ("neweconomics.org", "domain"): 2,          # t.co is a short link, not a site
        ("Mariana Mazzucato", "name"): 2,           # split from the known "Kate Raworth and ..."
    }
    # Not listed: Kate Raworth and Doughnut Economics (in the codebook), @Lead (opens every reply:
    # the account the thread answers), Wilkinson and Pickett (one reply only).
    assert list(candidates["replies"]) == sorted(candidates["replies"], reverse=True)
    assert candidates.set_index("candidate").loc["New Economics Foundation", "likes"] == 13


def test_counts_of_chunks_merge_to_the_count_of_the_whole(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "renewal.csv", DOUGHNUT_THREAD + CANDIDATE_THREAD))
    entities = default_entities()

    whole = analyse_references(replies, entities)
    merged = count_references(replies.iloc[:7], entities).merge(count_references(replies.iloc[7:], entities))

    pd.testing.assert_frame_equal(reference_tables(merged, entities).table, whole.table)
    pd.testing.assert_frame_equal(reference_tables(merged, entities).candidates, whole.candidates)


def test_replies_from_the_entitys_own_account_are_shown_apart(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "thread.csv", [
        ("1", "KateRaworth", "300", "Thank you! More at https://kateraworth.com/doughnut/"),
        ("2", "amy_p", "4", "Listen to Kate Raworth"),
        ("3", "KateRaworth", "9", "Listen to people")]))

    row = analyse_references(replies, [doughnut()]).table.iloc[0]

    assert (row["replies"], row["own_replies"]) == (2, 1)


def test_ignored_accounts_are_never_counted_as_cited(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "thread.csv", [("1", "a", "1", "@KateRaworth thank you!")]))

    table = analyse_references(replies, [doughnut()], ignore_accounts=["@kateraworth"]).table

    assert table.iloc[0]["mentions"] == 0


def test_the_default_entities_are_well_formed():
    data = tomllib.loads(DEFAULTS_TOML.read_text(encoding="utf-8"))
    entities = default_entities()

    assert len(entities) >= 25
    assert {e.kind for e in entities} <= ENTITY_KINDS
    assert set(data["link_kinds"]) >= {"government", "academic", "news", "organisation", "social"}
    assert data["accounts"] == {"organisations": [], "individuals": []}
    for form, fold in (("names", lambda n: " ".join(name_words(n))), ("mentions", str.casefold),
                       ("hashtags", str.casefold), ("domains", str.casefold)):
        owners: dict[str, str] = {}
        for entity in entities:
            for value in {fold(v) for v in getattr(entity, form)}:
                assert value not in owners, f"{form} '{value}' belongs to {owners.get(value)} and {entity.key}"
                owners[value] = entity.key
    for entity in entities:
        assert not any(m.startswith("@") for m in entity.mentions)
        assert not any(h.startswith("#") for h in entity.hashtags)
        assert all("/" not in d and not d.startswith(("http", "www.")) for d in entity.domains)


def test_the_default_entities_load_as_codebook_entries_and_count_the_same(tmp_path):
    codebook = pytest.importorskip("replyscope.codebook")
    text = DEFAULTS_TOML.read_text(encoding="utf-8") + '\n[themes.any]\nlabel = "Any"\ninclude = ["x"]\n'
    replies = replyscope.load(write_csv(tmp_path / "renewal.csv", DOUGHNUT_THREAD))

    parsed = codebook.parse_codebook(text, "codebook.toml")

    assert [e.key for e in parsed.entities] == [e.key for e in default_entities()]
    pd.testing.assert_frame_equal(analyse_references(replies, parsed.entities).table,
                                  analyse_references(replies, default_entities()).table)


def test_the_section_escapes_reply_text_and_links_only_web_addresses(tmp_path):
    html = pytest.importorskip("replyscope.reporters.html")
    replies = replyscope.load(write_csv(tmp_path / "evil.csv", [
        ("1", "a", "5", "<script>alert('x')</script> Kate Raworth https://kateraworth.com/?a=<b>"),
        ("2", "b", "3", "Kate Raworth again"),
    ]))
    replies["url"] = pd.array(["javascript:alert(1)", "https://twitter.com/b/status/2"], dtype="string")
    references = analyse_references(replies, [doughnut()])
    from replyscope.analyses.links import analyse_links

    page = html.environment().get_template("section_references.html.j2").render(
        references=references, links=analyse_links(replies))

    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert 'href="javascript:' not in page
    assert '<a href="https://twitter.com/b/status/2" rel="noopener noreferrer" title="https://twitter.com/b/status/2">original post</a>' in page
    assert "Doughnut Economics (Kate Raworth)" in page and 'class="sortable"' in page


def twitter_v2_loaded(path: Path) -> pd.DataFrame:
    if not {"twitter-v2", "twitter_v2"} & set(replyscope.importers.IMPORTERS):
        pytest.skip("the Twitter API v2 importer is not registered in replyscope.importers yet")
    return replyscope.load(path)


def test_candidates_on_a_twitter_v2_export_match_the_table(shared_data):
    replies = twitter_v2_loaded(shared_data / "twarc-csv" / "entities_test.jsonl")

    references = analyse_references(replies, default_entities(), min_candidate_replies=1, max_candidates=1000)
    candidates = references.candidates

    for row in candidates[candidates["form"] == "@mention"].itertuples():
        handle = row.candidate[1:].casefold()
        assert row.replies == sum(handle in {m.casefold() for m in mentions} for mentions in replies["mentions"])
    for row in candidates[candidates["form"] == "domain"].itertuples():
        hosts = [{urlsplit(u).hostname.removeprefix("www.") for u in urls} for urls in replies["urls"]]
        assert row.replies == sum(any(h == row.candidate or h.endswith("." + row.candidate) for h in reply_hosts)
                                  for reply_hosts in hosts), row.candidate
    assert {"@mention", "domain", "name"} <= set(candidates["form"])
