"""Opening an input file the same way for every importer.

A Source is one readable stream: a plain file, a .gz file, or one member of a .zip,
read without unpacking to disk. Importers get its first bytes (`head`) to recognise
their format and `open()` to read it all.
"""

import gzip
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..errors import ReplyscopeError

HEAD_BYTES = 64 * 1024
DATA_SUFFIXES = {".json", ".jsonl", ".ndjson", ".js", ".csv", ".tsv", ".txt",
                 ".xlsx", ".xlsm", ".xls", ".ods"}
# X/Twitter account archives hold dozens of .js files in data/; only these carry the posts
# (tweets.js, or tweet.js in older archives, split as tweets-part1.js ... when large).
ARCHIVE_TWEETS_RE = re.compile(r"tweets?(?:-part(\d+))?\.js")


@dataclass
class Source:
    """One stream of posts: a file, a gzip file, or a member of a zip file."""

    path: Path
    member: str | None = None
    _head: bytes | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """What the user calls it: the file name, or 'archive.zip:data/tweets.js'."""
        return f"{self.path.name}:{self.member}" if self.member else self.path.name

    @property
    def suffix(self) -> str:
        """The data suffix, looking through .gz: 'replies.jsonl.gz' -> '.jsonl'."""
        name = PurePosixPath(self.member) if self.member else self.path
        suffixes = [s.lower() for s in name.suffixes]
        if suffixes and suffixes[-1] == ".gz":
            suffixes = suffixes[:-1]
        return suffixes[-1] if suffixes else ""

    def open(self) -> BinaryIO:
        """Return a binary stream of the decompressed content."""
        try:
            if self.member is not None:
                archive = zipfile.ZipFile(self.path)
                stream = archive.open(self.member)
                return gzip.GzipFile(fileobj=stream) if self.member.lower().endswith(".gz") else stream
            if self.path.suffix.lower() == ".gz":
                return gzip.open(self.path, "rb")
            return open(self.path, "rb")
        except (OSError, zipfile.BadZipFile) as error:
            raise ReplyscopeError(f"{self.name}: cannot be opened ({error}); check the file is complete and readable.") from None

    @property
    def head(self) -> bytes:
        """The first 64 KiB of decompressed content, for format detection."""
        if self._head is None:
            with self.open() as stream:
                try:
                    self._head = stream.read(HEAD_BYTES)
                except (OSError, EOFError, zipfile.BadZipFile) as error:
                    raise ReplyscopeError(f"{self.name}: is not a readable compressed file ({error}).") from None
        return self._head

    def head_text(self) -> str:
        """The head decoded leniently (a BOM dropped), for text formats."""
        return self.head.decode("utf-8-sig", errors="replace")

    def read_bytes(self) -> bytes:
        """The whole decompressed content (for formats that need random access, like xlsx)."""
        with self.open() as stream:
            return stream.read()

    def sibling(self, name: str) -> "Source | None":
        """The file called `name` beside this one (same zip folder or same directory), if there is one.

        Archives keep facts the posts leave out in other files (data/account.js holds
        the account's handle), so an importer may look beside the file it reads.
        """
        if self.member is not None:
            wanted = str(PurePosixPath(self.member).parent / name)
            try:
                with zipfile.ZipFile(self.path) as archive:
                    found = wanted in archive.namelist()
            except (OSError, zipfile.BadZipFile):
                return None
            return Source(self.path, wanted) if found else None
        path = self.path.parent / name
        return Source(path) if path.is_file() else None


def sources_for(path: Path) -> list[Source]:
    """Return the streams inside `path`: itself, or the data members of a zip file.

    A zip holding an X/Twitter archive yields only its tweets file(s); any other zip
    yields each data file it holds (folders such as __MACOSX are skipped).
    """
    if not path.exists():
        raise ReplyscopeError(f"{path}: file not found; check the path and try again.")
    if path.is_dir():
        raise ReplyscopeError(f"{path}: is a folder; give the export file(s) inside it.")
    if path.suffix.lower() != ".zip":
        return [Source(path)]
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX" not in n]
    except zipfile.BadZipFile:
        raise ReplyscopeError(f"{path}: is not a readable zip file; re-download or re-export it.") from None
    tweet_files = [n for n in names if _archive_part(n) is not None]
    if tweet_files:
        return [Source(path, member) for member in sorted(tweet_files, key=lambda n: (_archive_part(n), n))]
    data = [n for n in names if _member_suffix(n) in DATA_SUFFIXES]
    if not data:
        raise ReplyscopeError(f"{path}: the zip holds no data files (.json, .jsonl, .csv, .xlsx, ...): {', '.join(names[:5]) or 'nothing'}.")
    return [Source(path, member) for member in data]


def _member_suffix(name: str) -> str:
    suffixes = [s.lower() for s in PurePosixPath(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _archive_part(name: str) -> int | None:
    """The part number of an archive's tweets file (tweets.js is part 0), or None for any other file."""
    member = PurePosixPath(name)
    match = ARCHIVE_TWEETS_RE.fullmatch(member.name.lower())
    if member.parent.name.lower() != "data" or not match:
        return None
    return int(match.group(1) or 0)
