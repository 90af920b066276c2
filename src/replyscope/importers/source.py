"""Opening an input file the same way for every importer.

A Source is one readable stream: a plain file, a .gz file, or one member of a .zip,
read without unpacking to disk. Importers get its first bytes (`head`) to recognise
their format and `open()` to read it all.
"""

import gzip
import io
import re
import stat
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
# A .gz or zipped file may unpack to this many times its packed size (real exports stay under
# about 10x: twarc2 JSON Lines gzip 6-9x; a "bomb" of spaces reaches 1000x) once past the floor below;
# --max-input-size overrides. A 5 MB bomb is stopped at 250 MB.
MAX_UNPACK_RATIO = 50
UNPACK_FLOOR_BYTES = 64 * 1024**2


@dataclass
class Source:
    """One stream of posts: a file, a gzip file, or a member of a zip file."""

    path: Path
    member: str | None = None
    _head: bytes | None = field(default=None, repr=False)
    # The most the content may unpack to (--max-input-size); None: the ratio rule above.
    max_unpacked: int | None = None

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
        """Return a binary stream of the decompressed content; compressed content is capped (see `_Capped`)."""
        try:
            if self.member is not None:
                archive = zipfile.ZipFile(self.path)
                packed = archive.getinfo(self.member).compress_size
                stream = archive.open(self.member)
                if self.member.lower().endswith(".gz"):
                    stream = gzip.GzipFile(fileobj=stream)
                elif archive.getinfo(self.member).compress_type == zipfile.ZIP_STORED:
                    return stream
                return io.BufferedReader(_Capped(stream, self._unpack_limit(packed), self.name))
            if self.path.suffix.lower() == ".gz":
                packed = self.path.stat().st_size
                return io.BufferedReader(_Capped(gzip.open(self.path, "rb"), self._unpack_limit(packed), self.name))
            return open(self.path, "rb")
        except (OSError, zipfile.BadZipFile, KeyError) as error:
            raise ReplyscopeError(f"{self.name}: cannot be opened ({error}); check the file is complete and readable.") from None

    def _unpack_limit(self, packed: int) -> int:
        if self.max_unpacked is not None:
            return self.max_unpacked
        return max(UNPACK_FLOOR_BYTES, MAX_UNPACK_RATIO * packed)

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
            try:
                return stream.read()
            except (OSError, EOFError, zipfile.BadZipFile) as error:
                raise ReplyscopeError(f"{self.name}: is not a readable compressed file ({error}).") from None

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
            return Source(self.path, wanted, max_unpacked=self.max_unpacked) if found else None
        path = self.path.parent / name
        return Source(path, max_unpacked=self.max_unpacked) if path.is_file() else None


class _Capped(io.RawIOBase):
    """A decompressing stream that stops with a clear error once it has given `limit` bytes.

    A few megabytes of gzip can unpack to gigabytes of one repeated byte; reading stops
    there instead of filling memory, and the message names the override for real giants.
    """

    def __init__(self, stream: BinaryIO, limit: int, name: str):
        super().__init__()
        self._stream, self._limit, self._name, self._given = stream, limit, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(min(len(buffer), self._limit + 1 - self._given))
        self._given += len(data)
        if self._given > self._limit:
            raise ReplyscopeError(
                f"{self._name}: unpacks to more than {_size(self._limit)}, far more than its packed size "
                "suggests; refusing it as a possible decompression bomb. If the export is genuinely that big, "
                "rerun with --max-input-size (e.g. --max-input-size 50GB).")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _size(count: int) -> str:
    return f"{count / 1024**3:,.1f} GB" if count >= 1024**3 else f"{count / 1024**2:,.0f} MB"


def parse_size(text: str) -> int:
    """'500MB', '20GB', '2.5 GiB', '1000000' -> bytes; ReplyscopeError for anything else."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)i?b?\s*", text.lower())
    if not match:
        raise ReplyscopeError(f"--max-input-size '{text}' is not a size; write it like 500MB or 20GB.")
    number, unit = match.groups()
    return int(float(number) * 1024 ** "_kmgt".index(unit or "_"))


def sources_for(path: Path, max_unpacked: int | None = None) -> list[Source]:
    """Return the streams inside `path`: itself, or the data members of a zip file.

    A zip holding an X/Twitter archive yields only its tweets file(s); any other zip
    yields each data file it holds (folders such as __MACOSX are skipped). Anything
    but a regular file (a FIFO, a device such as /dev/zero) is refused before it is
    opened, since reading one can block for ever or never end.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ReplyscopeError(f"{path}: file not found; check the path and try again.") from None
    except OSError as error:
        raise ReplyscopeError(f"{path}: cannot be read ({error.strerror}); check the path and its permissions.") from None
    if stat.S_ISDIR(mode):
        raise ReplyscopeError(f"{path}: is a folder; give the export file(s) inside it.")
    if not stat.S_ISREG(mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise ReplyscopeError(f"{path}: is {kind}, not a file; save the export to a file and give that.")
    if path.suffix.lower() != ".zip":
        return [Source(path, max_unpacked=max_unpacked)]
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX" not in n]
    except zipfile.BadZipFile:
        raise ReplyscopeError(f"{path}: is not a readable zip file; re-download or re-export it.") from None
    tweet_files = [n for n in names if _archive_part(n) is not None]
    if tweet_files:
        return [Source(path, member, max_unpacked=max_unpacked)
                for member in sorted(tweet_files, key=lambda n: (_archive_part(n), n))]
    data = [n for n in names if _member_suffix(n) in DATA_SUFFIXES]
    if not data:
        raise ReplyscopeError(f"{path}: the zip holds no data files (.json, .jsonl, .csv, .xlsx, ...): {', '.join(names[:5]) or 'nothing'}.")
    return [Source(path, member, max_unpacked=max_unpacked) for member in data]


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
