"""schema.conform's list columns: an importer's own lists are kept (their strings only); missing ones are read from the text."""

import pandas as pd

from replyscope import schema


def test_given_lists_keep_their_strings_and_missing_lists_are_read_from_the_text():
    texts = ["#Renewal now @kate https://a.example/x", "#Renewal now @kate https://a.example/x",
             "plain words", "#Tag and @who", "@lead hello"]
    frame = pd.DataFrame({
        "id": ["1", "2", "3", "4", "5"],
        "text": texts,
        "hashtags": [["Given"], [], ("Tup", 7, None), None, float("nan")],
        "mentions": [[5, "m", ["nested"]], None, {"only"}, [], "not a list"],
        "urls": [[], ["https://given.example"], None, [None], ()],
    })
    table = schema.conform(frame, platform="twitter")
    assert table["hashtags"].tolist() == [["Given"], [], ["Tup"], ["Tag"], []]
    assert table["mentions"].tolist() == [["m"], ["kate"], ["only"], [], ["lead"]]
    assert table["urls"].tolist() == [[], ["https://given.example"], [], [], []]
    assert all(type(value) is list for name in ("hashtags", "mentions", "urls") for value in table[name])
    # the lists are the table's own: changing one leaves the importer's frame as it was
    table["hashtags"][0].append("added")
    assert frame["hashtags"][0] == ["Given"]
