"""Realistic reply files for the end-to-end benchmark, the same for the same seed.

Texts are the sample thread's replies (samples/replies.xlsx) with their words shuffled
per copy, so every text is new but its vocabulary, lengths, @mentions, hashtags and
links are a real-shaped thread's; on top, about one word in eight comes from a long
Zipf tail of 200,000 made-up words (names, typos and slang keep appearing in real
threads), one reply in four @mentions one of 200,000 accounts and one in ten carries a
link of its own. Likes follow a Pareto curve; authors come from a pool of 20,000.

    reply_workbook(path, rows)   a volunteer's scrape: an About sheet, a title row, the columns of the sample
    post_lines(path, posts)      twarc2-flattened v2 tweets, one per line, a tenth of them retweets
"""

import random
import zlib
import re
from bisect import bisect
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

import orjson
from python_calamine import CalamineWorkbook

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "replies.xlsx"
HEADER = ["Reply ID", "Date", "Handle", "Display name", "Reply text", "Likes", "Retweets", "Replies", "Link"]
ROOT_ID = 1252637000000000000
START = datetime(2020, 4, 21, 16, 35)
SYLLABLES = "ka lo mi ne ru sa ti vo be da fe gi ho ju ly ma no pe ri so tu ve wi xa yo ze".split()
_TAG_RE = re.compile(r"#(\w+)")
_MENTION_RE = re.compile(r"@(\w+)")
_URL_RE = re.compile(r"https?://\S+")


class ReplyMaker:
    """Draws reply texts, authors and likes from one seeded generator."""

    def __init__(self, seed: int = 2020):
        self.rng = random.Random(seed)
        rows = CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_name("Replies").to_python()
        header = rows.index(next(r for r in rows if r and r[0] == "Reply ID"))
        self.texts = [str(r[4]).split() for r in rows[header + 1:] if r[4]]
        self.tail = ["".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))) for _ in range(200_000)]
        self.cumulative = list(accumulate(1 / rank for rank in range(1, len(self.tail) + 1)))
        self.handles = [f"{self.rng.choice(self.tail).title()}_{n}" for n in range(20_000)]

    def text(self, number: int) -> str:
        rng = self.rng
        words = list(rng.choice(self.texts))
        rng.shuffle(words)
        total = self.cumulative[-1]
        words = [self.tail[bisect(self.cumulative, rng.random() * total)] if rng.random() < 0.125 else word
                 for word in words]
        if rng.random() < 0.25:
            words.insert(rng.randrange(len(words) + 1), f"@user{rng.randrange(200_000)}")
        if rng.random() < 0.1:
            words.append(f"https://example.org/post/{number}")
        return " ".join(words)

    def likes(self) -> int:
        return int(self.rng.paretovariate(1.2)) - 1

    def handle(self) -> str:
        return self.rng.choice(self.handles)


def reply_workbook(path: Path, rows: int, seed: int = 2020) -> None:
    """A reply workbook shaped like the sample (About sheet, title row, blank row, header), written fast."""
    import xlsxwriter
    maker = ReplyMaker(seed)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    about = workbook.add_worksheet("About")
    about.write_string(0, 0, "Synthetic replies for the replyscope end-to-end benchmark")
    sheet = workbook.add_worksheet("Replies")
    sheet.write_string(0, 0, "Replies to @AlexMorrowCS (synthetic), scraped for the benchmark")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(2, 0, HEADER)
    for number in range(rows):
        handle = maker.handle()
        reply_id = ROOT_ID + 1000 + number
        row = 3 + number
        sheet.write_string(row, 0, str(reply_id))
        sheet.write_datetime(row, 1, START + timedelta(seconds=7 * number), date_format)
        sheet.write_string(row, 2, handle)
        sheet.write_string(row, 3, handle.replace("_", " "))
        sheet.write_string(row, 4, maker.text(number))
        sheet.write_number(row, 5, maker.likes())
        sheet.write_number(row, 6, maker.rng.randint(0, 20))
        sheet.write_number(row, 7, maker.rng.randint(0, 5))
        sheet.write_string(row, 8, f"https://twitter.com/{handle}/status/{reply_id}")
    workbook.close()


def post_lines(path: Path, posts: int, seed: int = 2020) -> None:
    """twarc2-flattened v2 tweets (author and entities embedded), one JSON object per line; every tenth a retweet."""
    with path.open("wb") as out:
        for line in post_records(ReplyMaker(seed), 0, posts):
            out.write(line)


def post_records(maker: ReplyMaker, first: int, posts: int):
    """Posts number first .. first + posts - 1 as JSON lines (bytes ending in a newline), drawn from `maker`.

    Files of one collection share a maker's authors and words; numbering them on keeps every id distinct."""
    for number in range(first, first + posts):
        handle = maker.handle()
        text = maker.text(number)
        tweet = {
            "id": str(ROOT_ID + 1000 + number), "conversation_id": str(ROOT_ID), "lang": "en",
            "created_at": (START + timedelta(seconds=number // 2)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "author_id": str(10_000_000 + zlib.crc32(handle.encode())),
            "author": {"id": str(10_000_000 + zlib.crc32(handle.encode())), "username": handle,
                       "name": handle.replace("_", " ")},
            "public_metrics": {"like_count": maker.likes(), "retweet_count": maker.rng.randint(0, 20),
                               "reply_count": maker.rng.randint(0, 5), "quote_count": 0},
            "referenced_tweets": [{"type": "replied_to", "id": str(ROOT_ID)}],
        }
        if number % 10 == 9:
            original = maker.handle()
            tweet["text"] = f"RT @{original}: {text}"
            tweet["referenced_tweets"] = [{"type": "retweeted", "id": str(ROOT_ID + 10 + number % 500)}]
            tweet["public_metrics"]["like_count"] = 0
        else:
            tweet["text"] = text
        entities = {}
        if tags := [{"tag": t} for t in _TAG_RE.findall(tweet["text"])]:
            entities["hashtags"] = tags
        if mentions := [{"username": m} for m in _MENTION_RE.findall(tweet["text"])]:
            entities["mentions"] = mentions
        if urls := [{"url": u, "expanded_url": u} for u in _URL_RE.findall(tweet["text"])]:
            entities["urls"] = urls
        if entities:
            tweet["entities"] = entities
        yield orjson.dumps(tweet) + b"\n"
