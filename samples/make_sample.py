"""Write samples/replies.xlsx: an openly synthetic copy of the April 2020 renewal thread's replies.

    python samples/make_sample.py [--out PATH]

The workbook is laid out like the sheet volunteers scraped (a title row above the
header, an About sheet before the data, blank rows, counts typed as text, HTML
entities, a couple of rows scraped twice), and its replies are worded so that
replyscope recovers the documented findings from it. Same seed, same bytes: the
workbook's dates and the zip's timestamps are fixed, nothing depends on "now".
Only the standard library and openpyxl are used.
"""

import argparse
import html
import io
import random
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

import phrasebook as book

SEED = 20200510
# Stamped on the workbook and every part of the zip, so reruns give identical bytes.
FIXED_TIME = datetime(2020, 5, 10, 9, 0, 0)
QUESTION_POSTED = datetime(2020, 4, 21, 16, 32, 7)  # UTC
SCRAPED_UNTIL = datetime(2020, 4, 30, 21, 0, 0)
ORDINARY_REPLIES = 1436
BLANK_ROWS = 5
ROWS_SCRAPED_TWICE = 2
MAX_CHARACTERS = 280
TWITTER_EPOCH_MS = 1288834974657
HEADER = ["Reply ID", "Date", "Handle", "Display name", "Reply text", "Likes", "Retweets", "Replies", "Link"]
# Themes whose replies sometimes borrow a sentence from one another or open with a pleasantry.
SUBSTANTIVE = ("listening", "questions", "history", "local", "sustainability", "economic")
DEFAULT_OUT = Path(__file__).resolve().parent / "replies.xlsx"

# Likes of ordinary replies, drawn from this list: most under 5, none over 20
# (the replies with more than 20 likes are the phrasebook's NOTABLE and DOUGHNUT ones).
ORDINARY_LIKES = ([0] * 34 + [1] * 20 + [2] * 12 + [3] * 8 + [4] * 6 + [5, 6, 7, 8, 9] * 2 + [6, 7, 8]
                  + list(range(10, 21)) + [11, 12, 14, 20])
# Distinct repliers to draw from; some reply more than once.
ACCOUNTS = 1300


class SentenceDecks:
    """Each theme's sentences dealt like cards, reshuffled when used up.

    Every sentence is used about equally often, so the thread's word counts follow the
    phrasebook rather than the luck of the draw.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.piles: dict[str, list[str]] = {}

    def deal(self, theme: str, count: int = 1) -> list[str]:
        sentences = book.SENTENCES[theme][1]
        dealt: list[str] = []
        while len(dealt) < min(count, len(sentences)):
            if not self.piles.get(theme):
                self.piles[theme] = self.rng.sample(sentences, len(sentences))
            card = self.piles[theme].pop()
            if card not in dealt:
                dealt.append(card)
        return dealt


def compose_ordinary(rng: random.Random, decks: SentenceDecks, theme: str) -> str:
    """Return the words of one ordinary reply of `theme`, before escaping and prefix."""
    parts = decks.deal(theme, rng.choices([1, 2, 3, 4], weights=[58, 29, 9, 4])[0])
    if theme in SUBSTANTIVE and rng.random() < 0.12:
        parts += decks.deal(rng.choice(SUBSTANTIVE))
    if theme in SUBSTANTIVE + ("help",) and rng.random() < 0.14:
        parts.insert(0, rng.choice(book.OPENERS))
    text = " ".join(fill_slots(rng, part) for part in parts)
    if rng.random() < 0.25:
        tags = rng.sample(book.HASHTAGS[theme], min(len(book.HASHTAGS[theme]), rng.choice([1, 1, 1, 2])))
        text = f"{text} {' '.join(tags)}"
    if rng.random() < 0.18:
        text = f"{text} {rng.choice(book.EMOJI[theme])}"
    if theme in ("local", "sustainability", "economic", "history") and rng.random() < 0.05:
        text = f"{text} {rng.choice(book.REAL_LINKS)}"
    return restyle(rng, text, theme)


def fill_slots(rng: random.Random, sentence: str) -> str:
    """Fill {group}, {place}, {topic}, {thinker}, {link} ... with the phrasebook's words."""
    fillers = {
        "group": lambda: rng.choice(book.GROUPS), "place": lambda: rng.choice(book.PLACES),
        "topic": lambda: rng.choice(book.TOPICS), "thinker": lambda: rng.choice(book.THINKERS),
        "link": lambda: rng.choice(book.REAL_LINKS + [short_link(rng)]), "n": lambda: str(rng.choice([5, 7, 10, 12])),
        "n_members": lambda: rng.choice(["400", "1,200", "2,000", "12,000"]),
        "day": lambda: rng.choice(["Thursday", "Tuesday 5 May", "Wednesday at 2pm", "7 May"]),
    }
    return re.sub(r"\{(\w+)\}", lambda match: fillers[match.group(1)](), sentence)


def short_link(rng: random.Random) -> str:
    """A t.co link as scrapes keep them, unexpanded."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "https://t.co/" + "".join(rng.choice(alphabet) for _ in range(10))


def restyle(rng: random.Random, text: str, theme: str) -> str:
    """Give the reply a writer's habits: lower case, no full stop, typos, shouting."""
    roll = rng.random()
    if roll < 0.10:
        text = text.lower()
    elif roll < 0.13 and theme in ("political", "political right", "abuse"):
        text = text.upper()
    if rng.random() < 0.12:
        text = text.rstrip(".")
    misspelt = [word for word in book.TYPOS if re.search(rf"\b{word}\b", text)]
    if misspelt and rng.random() < 0.08:
        word = rng.choice(misspelt)
        text = re.sub(rf"\b{word}\b", book.TYPOS[word], text, count=1)
    return text


def lobbying_text(rng: random.Random, decks: SentenceDecks, organisation: tuple[str, str, str]) -> str:
    """A self-promoting post from a fictional organisation, linking to its own site."""
    _, _, site = organisation
    sentence = decks.deal("lobbying")[0].replace("{own_site}", f"https://{site}")
    text = fill_slots(rng, sentence)
    if rng.random() < 0.3:
        text = f"{text} {rng.choice(book.EMOJI['lobbying'])}"
    return text


def make_account(rng: random.Random) -> tuple[str, str]:
    """A fictional account: (handle of at most 15 characters, display name)."""
    while True:
        handle, name = _account(rng)
        if len(handle) <= 15:
            return handle, name


def _account(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(book.FIRST_NAMES), rng.choice(book.SURNAMES)
    style = rng.randrange(7)
    if style == 4:
        words = [rng.choice(book.HANDLE_FIRST_WORDS), rng.choice(book.HANDLE_SECOND_WORDS)]
        return "".join(words) + rng.choice(["", "", str(rng.randint(1, 99))]), " ".join(words) + rng.choice(
            book.NAME_DECORATIONS)
    handle = {
        0: f"{first}{last}",
        1: f"{first}_{last}",
        2: f"{first.lower()}{last.lower()}{rng.randint(1, 99)}",
        3: f"{first}{last[0]}{rng.randint(1955, 2001)}",
        5: f"{first}_in_{rng.choice([p for p in book.PLACES if p.isalpha()])}",
        6: f"{first[0]}{last}".lower() + rng.choice(["", "_", "x"]),
    }[style]
    title = rng.choices(["", "Dr ", "Cllr ", "Prof "], weights=[88, 6, 4, 2])[0]
    return handle, f"{title}{first} {last}{rng.choice(book.NAME_DECORATIONS)}"


def reply_time(rng: random.Random, early: bool = False) -> datetime:
    """When a reply came: most in the first hours, a tail to the scrape."""
    if early:
        hours = rng.expovariate(1 / 3)
    else:
        hours = rng.choices([rng.expovariate(1 / 6), rng.expovariate(1 / 40), rng.uniform(0, 220)],
                            weights=[70, 25, 5])[0]
    moment = QUESTION_POSTED + timedelta(seconds=int(90 + hours * 3600))
    return min(moment, SCRAPED_UNTIL - timedelta(seconds=rng.randint(60, 7200)))


def snowflake(moment: datetime, rng: random.Random) -> str:
    """A status id as Twitter made them in 2020: milliseconds since its epoch, shifted, plus worker bits."""
    milliseconds = int((moment - datetime(1970, 1, 1)).total_seconds() * 1000) + rng.randint(0, 999)
    return str(((milliseconds - TWITTER_EPOCH_MS) << 22) | rng.getrandbits(22))


def build_replies(rng: random.Random) -> list[dict]:
    """Return every reply (no blank or repeated rows yet), in the order they were posted."""
    accounts: dict[str, str] = {}
    while len(accounts) < ACCOUNTS:
        handle, name = make_account(rng)
        accounts.setdefault(handle, name)
    people = list(accounts.items())
    used: list[tuple[str, str]] = []

    def someone() -> tuple[str, str]:
        if used and rng.random() < 0.15:
            return rng.choice(used)
        account = people[len(used) % len(people)]
        used.append(account)
        return account

    replies = []
    organisations = {handle: (handle, name) for handle, name, _ in book.ORGANISATIONS}
    for theme, likes, text in book.NOTABLE:
        own_site = re.search(r"https://([\w.]+)/", text)
        author = next((organisations[handle] for handle, _, site in book.ORGANISATIONS
                       if own_site and own_site.group(1) == site), None) if theme == "lobbying" else None
        replies.append(new_reply(rng, author or someone(), text, likes, early=True))
    for likes, text in book.DOUGHNUT:
        early = not isinstance(likes, int) or likes > 20
        replies.append(new_reply(rng, someone(), text, likes, early=early))
    decks = SentenceDecks(rng)
    for theme in ordinary_themes(rng):
        if theme == "lobbying":
            organisation = rng.choice(book.ORGANISATIONS)
            author = organisation[:2]
            text = lobbying_text(rng, decks, organisation)
        elif theme == "reaction" and rng.random() < 0.4 and replies:
            author = someone()
            answered = rng.choice([reply["handle"] for reply in replies if reply["handle"] != author[0]])
            text = f"@{answered} {rng.choice(book.AGREEMENTS)}"
        else:
            author = someone()
            text = compose_ordinary(rng, decks, theme)
            while len(text) > MAX_CHARACTERS:
                text = compose_ordinary(rng, decks, theme)
        replies.append(new_reply(rng, author, text, rng.choice(ORDINARY_LIKES), early=False))
    for reply in rng.sample([r for r in replies if isinstance(r["likes"], int) and r["likes"] <= 20], 3):
        reply["likes"] = rng.choice(["", " "]) + str(reply["likes"])  # typed as text, as some scrapes do
    replies.sort(key=lambda reply: reply["date"])
    for reply in replies:
        reply["id"] = snowflake(reply["date"], rng)
        reply["link"] = f"https://twitter.com/{reply['handle']}/status/{reply['id']}"
    return replies


def ordinary_themes(rng: random.Random) -> list[str]:
    """The theme of each ordinary reply, in shuffled order: each theme's share of the thread is its weight's."""
    total = sum(weight for weight, _ in book.SENTENCES.values())
    shares = {theme: weight * ORDINARY_REPLIES / total for theme, (weight, _) in book.SENTENCES.items()}
    counts = {theme: int(share) for theme, share in shares.items()}
    by_remainder = sorted(shares, key=lambda theme: shares[theme] - counts[theme], reverse=True)
    for theme in by_remainder[:ORDINARY_REPLIES - sum(counts.values())]:
        counts[theme] += 1
    themes = [theme for theme, count in counts.items() for _ in range(count)]
    rng.shuffle(themes)
    return themes


def new_reply(rng: random.Random, author: tuple[str, str], words: str, likes: int | str, early: bool) -> dict:
    """A reply as the scrape holds it: prefixed, entities escaped, counts alongside."""
    handle, name = author
    if len(words) > MAX_CHARACTERS:
        raise ValueError(f"reply over {MAX_CHARACTERS} characters: {words!r}")
    text = html.escape(words, quote=False)
    if not text.startswith("@"):
        if rng.random() < 0.92:
            text = f"@{book.ASKER} {text}"
    else:
        text = f"@{book.ASKER} {text}"
    count = likes_number(likes)
    retweets = int(count * rng.uniform(0.05, 0.35)) if count > 2 else rng.choice([0, 0, 0, 1])
    answers = int(count * rng.uniform(0.02, 0.08)) if count > 20 else rng.choices([0, 1, 2, 3], [80, 13, 5, 2])[0]
    return {"date": reply_time(rng, early), "handle": handle, "name": name, "text": text,
            "likes": likes, "retweets": retweets, "replies": answers}


def likes_number(likes: int | str) -> int:
    """The count behind a like cell typed as text ("1.2K")."""
    if isinstance(likes, int):
        return likes
    text = likes.strip()
    return int(float(text[:-1]) * 1000) if text.upper().endswith("K") else int(text)


def sheet_rows(rng: random.Random, replies: list[dict]) -> list[list | None]:
    """The data rows as scraped: a few blank rows between replies, a couple of replies scraped twice."""
    rows: list[list | None] = [[r["id"], r["date"], r["handle"], r["name"], r["text"], r["likes"],
                                r["retweets"], r["replies"], r["link"]] for r in replies]
    for position in sorted(rng.sample(range(40, len(rows) - 40), ROWS_SCRAPED_TWICE), reverse=True):
        rows.insert(position + rng.randint(1, 3), list(rows[position]))
    for position in sorted(rng.sample(range(10, len(rows) - 10), BLANK_ROWS), reverse=True):
        rows.insert(position, None)
    return rows


ABOUT = [
    "replyscope sample: an OPENLY SYNTHETIC reply thread",
    "",
    "Every reply, account, handle, like count and reply ID in this workbook is invented. None of it was posted on Twitter.",
    f"It imitates the ~1,500 replies to a question a UK civil servant posted in April 2020: \"{book.QUESTION}\"",
    f"The asker here, @{book.ASKER}, is fictional, and so is every account that replies and every organisation "
    "that promotes itself (the ... Trust, ... Foundation, ... CIC, ... Network accounts).",
    "Well-known thinkers and organisations (Kate Raworth, the New Economics Foundation, the Wellbeing Economy Alliance, "
    "Carnegie UK Trust, the RSA, Nesta, JRF ...) are named and @mentioned as a real thread would name them; "
    "none of the words here are theirs.",
    "It is laid out like a sheet volunteers scraped (end of April 2020) and cleaned (10 May 2020): a title row above "
    "the header, blank rows, counts typed as text, HTML entities such as &amp;, and a couple of replies scraped twice.",
    "The replies are worded so that the documented analysis can be recovered from them: 'people' the most frequent "
    "key word, then 'listen' and 'ask'; sustainability and wellbeing drawing about three times the likes of "
    "'listening to people' among replies with more than 20 likes; Kate Raworth's Doughnut Economics cited 34 times.",
    "The data is on the sheet 'Replies'. Reply ID and Link are text; Date is in UTC; Likes, Retweets and Replies are counts.",
    f"Made by samples/make_sample.py (seed {SEED}); run 'python samples/make_sample.py' to write it again.",
]


def build_workbook(replies: list[dict], rng: random.Random) -> Workbook:
    """The About sheet, then the Replies sheet with its title rows, header and data."""
    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    for line in ABOUT:
        about.append([line])
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 150
    for row in about.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    sheet = workbook.create_sheet("Replies")
    sheet.append([f"SYNTHETIC SAMPLE - not real tweets. Replies to @{book.ASKER} (fictional), "
                  f"21 April 2020: \"{book.QUESTION}\" Scraped 30 April 2020, cleaned 10 May 2020. See 'About'."])
    sheet.append([])
    sheet.append(HEADER)
    sheet["A1"].font = Font(bold=True)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in sheet_rows(rng, replies):
        sheet.append(row if row is not None else [])
    for cell in sheet["B"][3:]:
        if cell.value is not None:
            cell.number_format = "dd/mm/yyyy hh:mm"
    for column, width in zip("ABCDEFGHI", [21, 17, 17, 28, 90, 8, 9, 8, 60]):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"

    properties = workbook.properties
    properties.title = "Replies to the renewal question (synthetic sample)"
    properties.creator = "replyscope samples/make_sample.py"
    properties.description = "Openly synthetic: invented replies for trying replyscope."
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx bytes with fixed document dates and zip timestamps (openpyxl's save stamps 'now')."""
    written = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            stamped.create_system = 3
            stamped.external_attr = 0o600 << 16
            target.writestr(stamped, source.read(info.filename))
    return fixed.getvalue()


def make_sample(out: Path) -> int:
    """Write the sample workbook to `out`; return the number of distinct replies."""
    rng = random.Random(SEED)
    replies = build_replies(rng)
    out.write_bytes(workbook_bytes(build_workbook(replies, rng)))
    return len(replies)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic renewal-thread sample workbook.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to write it (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    count = make_sample(args.out)
    print(f"Wrote {args.out} ({count:,} synthetic replies)")


if __name__ == "__main__":
    main()
