"""Links: a reply thread in, every link traced to its site and kind, short links reported as unresolved."""

import csv
import json
import socket
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

import replyscope
from replyscope import schema
from replyscope.analyses import links as links_module
from replyscope.analyses.links import (
    analyse_links, count_links, host_of, kind_of, link_tables, normalise_url, split_host,
)

DEFAULTS_TOML = Path(replyscope.__file__).parent / "data" / "codebook.toml"


def default_link_kinds() -> dict[str, list[str]]:
    return tomllib.loads(DEFAULTS_TOML.read_text(encoding="utf-8"))["link_kinds"]


def write_csv(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tweet ID", "Username", "Likes", "Tweet"])
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("url, host, domain, kind", [
    ("https://www.gov.uk/government/publications/our-plan-to-rebuild", "gov.uk", "gov.uk", "government"),
    ("https://assets.publishing.service.gov.uk/media/plan.pdf", "assets.publishing.service.gov.uk",
     "publishing.service.gov.uk", "government"),   # service.gov.uk hands out names, like a registry
    ("https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing", "ons.gov.uk", "ons.gov.uk", "government"),
    ("https://www.whitehouse.gov/briefing-room/", "whitehouse.gov", "whitehouse.gov", "government"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7/", "ncbi.nlm.nih.gov", "nih.gov", "academic"),
    ("https://blogs.lse.ac.uk/politicsandpolicy/renewal/", "blogs.lse.ac.uk", "lse.ac.uk", "academic"),
    ("https://doi.org/10.1016/j.ecolecon.2020.106", "doi.org", "doi.org", "academic"),
    ("https://www.bbc.co.uk/news/uk-52", "bbc.co.uk", "bbc.co.uk", "news"),
    ("https://news.sky.com/story/x", "news.sky.com", "sky.com", "news"),
    ("https://neweconomics.org/2020/04/a-new-social-settlement", "neweconomics.org", "neweconomics.org",
     "organisation"),
    ("https://www.carnegieuktrust.org.uk/publications/kinder", "carnegieuktrust.org.uk", "carnegieuktrust.org.uk",
     "organisation"),
    ("https://en.wikipedia.org/wiki/Doughnut_(economic_model)", "en.wikipedia.org", "wikipedia.org", "other"),
    ("https://kateraworth.com/doughnut/", "kateraworth.com", "kateraworth.com", "other"),
    ("https://coppolacomment.blogspot.com/2020/04/x.html", "coppolacomment.blogspot.com",
     "coppolacomment.blogspot.com", "blog"),
    ("https://twitter.com/KateRaworth/status/1250000000000000000", "twitter.com", "twitter.com", "social"),
    ("https://t.co/AbCdEf1234", "t.co", "t.co", "shortened"),
    ("https://bit.ly/3renewal", "bit.ly", "bit.ly", "shortened"),
    ("www.jrf.org.uk/report/uk-poverty-2020", "jrf.org.uk", "jrf.org.uk", "organisation"),
])
def test_each_link_has_its_host_registered_domain_and_kind(url, host, domain, kind):
    assert host_of(url) == host
    assert split_host(host)[0] == domain
    assert kind_of(host, default_link_kinds()) == kind


@pytest.mark.parametrize("first, second", [
    ("https://www.bbc.co.uk/news/a?utm_source=twitter&utm_medium=social", "http://bbc.co.uk/news/a/"),
    ("https://neweconomics.org/report#section-2", "https://neweconomics.org/report"),
    ("https://example.org/page?id=7&fbclid=IwAR0", "https://www.example.org/page?id=7"),
])
def test_the_same_page_is_one_link_whatever_tracking_it_carries(first, second):
    assert normalise_url(first) == normalise_url(second)


def test_pages_with_different_queries_stay_different():
    assert normalise_url("https://example.org/page?id=7") != normalise_url("https://example.org/page?id=8")


def test_a_codebook_can_add_kinds_and_short_link_hosts():
    kinds = {"news": ["bbc.co.uk"], "campaign": ["renewal.example"], "shortened": ["short.example"]}

    replies = schema.conform(pd.DataFrame({"id": ["1"], "text": [
        "https://renewal.example/join https://short.example/x https://bbc.co.uk/news"]}))
    table = analyse_links(replies, kinds).links.set_index("host")

    assert table.loc["renewal.example", "kind"] == "campaign"
    assert table.loc["short.example", "kind"] == "shortened" and table.loc["short.example", "unresolved"]


THREAD = [
    ("1", "amy", "20", "@Lead https://www.bbc.co.uk/news/uk-52 and https://blogs.lse.ac.uk/politicsandpolicy/renewal/"),
    ("2", "ben", "5", "@Lead same story: https://www.bbc.co.uk/news/uk-52?utm_source=twitter"),
    ("3", "cat", "", "@Lead https://www.bbc.co.uk/sounds/play/m000 https://www.bbc.co.uk/news/uk-52"),
    ("4", "dan", "2", "@Lead read this https://t.co/AbCdEf1234 and https://t.co/ZyXwVu9876"),
    ("5", "eve", "1", "@Lead no link, just listen to people"),
    ("6", "fay", "8", "@Lead https://www.lse.ac.uk/research/wellbeing"),
]


def test_top_domains_count_links_replies_and_likes(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "thread.csv", THREAD))

    result = analyse_links(replies, default_link_kinds())

    domains = result.domains.set_index("domain")
    for domain in ("bbc.co.uk", "lse.ac.uk", "t.co"):
        texts = [(text, likes) for _, _, likes, text in THREAD if domain in text]
        assert domains.loc[domain, "replies"] == len(texts)
        assert domains.loc[domain, "links"] == sum(text.count(domain) for text, _ in texts)
        assert domains.loc[domain, "likes"] == sum(int(likes) for _, likes in texts if likes)
    assert list(result.domains["domain"][:2]) == ["bbc.co.uk", "lse.ac.uk"]     # most replies first
    assert domains.loc["bbc.co.uk", "pages"] == 2          # news/uk-52 (three ways) and sounds/play/m000
    top_link = result.links.iloc[0]
    assert (top_link["host"], top_link["links"], top_link["replies"]) == ("bbc.co.uk", 3, 3)
    assert top_link["url"] == "https://www.bbc.co.uk/news/uk-52"
    assert result.replies == len(THREAD) and result.replies_with_links == 5
    assert result.total_links == sum(text.count("https://") for _, _, _, text in THREAD)
    kinds = result.kinds.set_index("kind")
    assert kinds.loc["news", "replies"] == 3 and kinds.loc["academic", "replies"] == 2


def test_short_links_are_unresolved_unless_the_export_expanded_them(tmp_path):
    scraped = replyscope.load(write_csv(tmp_path / "thread.csv", THREAD))
    # An API export gives each link's expansion: the importer puts it in `urls`, the text keeps the t.co.
    expanded = schema.conform(pd.DataFrame({
        "id": ["4"], "text": [THREAD[3][3]], "likes": [2],
        "urls": [["https://neweconomics.org/2020/04/a-new-social-settlement", "https://www.gov.uk/guidance/x"]]}))

    from_sheet = analyse_links(scraped, default_link_kinds())
    from_api = analyse_links(expanded, default_link_kinds())

    assert from_sheet.unresolved_links == 2 and from_sheet.unresolved_replies == 1
    assert from_sheet.domains.set_index("domain").loc["t.co", "unresolved"]
    assert from_api.unresolved_links == 0
    assert set(from_api.domains["domain"]) == {"neweconomics.org", "gov.uk"}


def test_counts_of_chunks_merge_to_the_count_of_the_whole(tmp_path):
    replies = replyscope.load(write_csv(tmp_path / "thread.csv", THREAD))
    kinds = default_link_kinds()

    whole = analyse_links(replies, kinds)
    merged = link_tables(count_links(replies.iloc[:2], kinds).merge(count_links(replies.iloc[2:], kinds)))

    for name, table in whole.tables().items():
        pd.testing.assert_frame_equal(merged.tables()[name], table)
    assert (merged.total_links, merged.replies_with_links) == (whole.total_links, whole.replies_with_links)


def test_domains_come_from_the_bundled_suffix_list_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("tldextract tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    links_module._suffix_extractor.cache_clear()
    links_module.split_host.cache_clear()

    assert split_host("www.parliament.uk") == ("parliament.uk", "parliament")
    assert split_host("committees.parliament.uk")[0] == "parliament.uk"
    assert split_host("localhost") == ("localhost", "")


def test_the_links_section_renders_with_short_links_reported(tmp_path):
    html = pytest.importorskip("replyscope.reporters.html")
    from replyscope.analyses.references import analyse_references
    replies = replyscope.load(write_csv(tmp_path / "thread.csv", THREAD))

    page = html.environment().get_template("section_references.html.j2").render(
        references=analyse_references(replies, []), links=analyse_links(replies, default_link_kinds()))

    assert "2 of the links, in 1 replies" in page.replace("\n", " ").replace("  ", " ")
    assert '<a href="https://www.bbc.co.uk/news/uk-52" rel="noopener noreferrer" title="https://www.bbc.co.uk/news/uk-52">' in page


def test_links_of_a_twitter_v2_export_are_the_expanded_ones(shared_data):
    if not {"twitter-v2", "twitter_v2"} & set(replyscope.importers.IMPORTERS):
        pytest.skip("the Twitter API v2 importer is not registered in replyscope.importers yet")
    path = shared_data / "twarc-csv" / "many_urls.jsonl"
    replies = replyscope.load(path)

    result = analyse_links(replies, default_link_kinds())

    raw = [url for line in path.read_text(encoding="utf-8").splitlines()
           for tweet in json.loads(line).get("data", []) for url in tweet.get("entities", {}).get("urls", [])]
    expected_hosts = {urlsplit(u.get("unwound_url") or u["expanded_url"]).hostname.removeprefix("www.") for u in raw}
    assert set(result.links["host"]) == expected_hosts
    assert result.unresolved_links == 0
