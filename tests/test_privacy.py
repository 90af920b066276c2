"""--pseudonymise: no individual's handle or name in any file written; organisations and the root stay named."""

import csv
import re
import zipfile

from click.testing import CliRunner

from replyscope.cli import cli


def written_text(path) -> str:
    """A written file as text; for xlsx and pptx, the XML inside the zip."""
    if path.suffix in (".xlsx", ".pptx"):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def name_words(name: str) -> str:
    return " ".join(re.findall(r"[^\W\d_][\w'’.-]*", name))


def test_pseudonymise_leaves_no_individual_in_any_output(shared_data, tmp_path):
    source = shared_data / "twarc-csv" / "brexit.jsonl"
    out, key_file = tmp_path / "report", tmp_path / "private" / "key.csv"
    args = ["analyse", str(source), "--out", str(out), "--pseudonymise", "--pseudonym-key", str(key_file), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output + result.stderr
    key = list(csv.DictReader(key_file.open(encoding="utf-8")))
    assert len(key) > 20 and key[0]["pseudonym"] == "person_0001"
    # Repliers (the key has their names) must not appear even as a bare word; accounts only @mentioned
    # must not appear as @mentions (#BorisJohnson the hashtag is a topic, not the account).
    handles = {row["handle"].casefold() for row in key if row["name"]}
    mentioned = {"@" + row["handle"].casefold() for row in key}
    names = {name_words(row["name"]).casefold() for row in key if len(name_words(row["name"]).split()) >= 2}
    files = [p for p in out.iterdir() if p.is_file()]
    assert {"report.html", "replies_coded.csv", "summary.xlsx", "briefing.pptx", "accounts.csv"} <= {p.name for p in files}
    for path in files:
        text = written_text(path).casefold()
        # a site's host name is not its account (tagesschau.de links stay links); paths are checked
        words = set(re.findall(r"\w+", re.sub(r"(?:[\w-]+\.)+(?:de|com|org|net|uk|eu|fr|io)\b", " ", text)))
        assert not handles & words, (path.name, sorted(handles & words)[:5])
        assert not mentioned & set(re.findall(r"@\w+", text)), path.name
        assert not [n for n in names if n in text], path.name
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "replaced by pseudonyms" in html and "@person_0001" in html
    # the same key gives the same pseudonyms on a second run
    again = tmp_path / "again"
    assert CliRunner().invoke(cli, [*args[:3], str(again), *args[4:]]).exit_code == 0
    assert (again / "replies_coded.csv").read_bytes() == (out / "replies_coded.csv").read_bytes()


def test_organisations_stay_named(tmp_path):
    path = tmp_path / "replies.csv"
    path.write_text("id,author,author_name,author_bio,text,likes\n"
                    "1,carnegieuk,Carnegie UK Trust,Registered charity improving wellbeing,Read our report on wellbeing,5\n"
                    "2,jo_bloggs,Jo Bloggs,views my own,@carnegieuk thanks Jo Bloggs here agrees with @sam_smith,2\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyse", str(path), "--out", str(out), "--pseudonymise", "-q"])
    assert result.exit_code == 0, result.output + result.stderr
    coded = list(csv.DictReader((out / "replies_coded.csv").open(encoding="utf-8-sig")))
    assert [row["author"] for row in coded] == ["carnegieuk", "person_0001"]
    assert coded[1]["reply_to_mentions"] == "carnegieuk"
    assert coded[1]["text"] == "thanks Person 0001 here agrees with @person_0002"
    for file in out.iterdir():
        text = written_text(file) if file.is_file() else ""
        assert "jo_bloggs" not in text and "Jo Bloggs" not in text and "sam_smith" not in text, file.name
