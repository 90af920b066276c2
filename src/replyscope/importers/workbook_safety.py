"""Workbooks are untrusted input: what a zip must pass before calamine reads it.

An xlsx is a zip of XML parts. Before calamine sees one, each part is checked for XML
entity declarations (a "billion laughs"), the archive for unpacking like a zip bomb,
and each sheet for cells spanning a huge rectangle (calamine allocates every cell of
it). An OLE2 file holding an "EncryptedPackage" stream is a password-protected xlsx.
"""

import io
import re
import zipfile
import zlib

from ..errors import ReplyscopeError
from .source import Source

# An xlsx whose XML would unpack past this, or at a ratio no real sheet has, is refused.
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 200
# A sheet's cells may span at most this many cells, or ten times the cells it holds:
# calamine allocates the whole rectangle, so two far-apart cells would take terabytes.
MAX_SPARSE_SHEET_CELLS = 5_000_000
SPARSENESS_ALLOWED = 10
# An XML part's prolog (before its first element) longer than this is not a real workbook part.
MAX_XML_PROLOG_BYTES = 1024**2
_XML_CHUNK_BYTES = 8 * 1024**2
_ROOT_ELEMENT_RE = re.compile(r"<[A-Za-z_]")
_CELL_COLUMN_RE = re.compile(rb' r="([A-Z]{1,3})[0-9]')
_CELL_ROW_RE = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')


def first_line(error: Exception) -> str:
    """The error's first line, with its type where the message alone says little ("Notes")."""
    lines = str(error).strip().splitlines()
    if not lines:
        return type(error).__name__
    line = lines[0][:160]
    return line if " " in line else f"{type(error).__name__}: {line}"


def is_encrypted_ooxml(data: bytes) -> bool:
    """True when an OLE2 compound file has an "EncryptedPackage" stream: how Office stores a password-protected xlsx.

    Looks for the stream's 128-byte directory entry (UTF-16 name, then its byte length
    at offset 64), so a cell that merely says "EncryptedPackage" does not count.
    """
    name = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
    position = data.find(name)
    while position != -1:
        if position % 128 == 0 and data[position + 64:position + 66] == len(name).to_bytes(2, "little"):
            return True
        position = data.find(name, position + 1)
    return False


def refuse_unsafe_zip(source: Source, data: bytes) -> None:
    """Refuse workbooks that declare XML entities, unpack like a bomb, or hold hugely sparse sheets.

    Office files never need a DTD; one in a workbook is an entity-expansion attack
    (a "billion laughs"), which would eat memory before any reader could object.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReplyscopeError(
            f"{source.name}: is not a valid {source.suffix} file (the zip container is damaged); "
            "re-download it or save it again from Excel.") from None
    with archive:
        infos = archive.infolist()
        unpacked = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if unpacked > MAX_UNPACKED_BYTES or (unpacked > 100 * 1024**2 and unpacked / packed > MAX_COMPRESSION_RATIO):
            raise ReplyscopeError(
                f"{source.name}: unpacks to {unpacked / 1024**2:,.0f} MB, far more than a real workbook; "
                "refusing it as a possible zip bomb. Export the sheet as CSV if it is genuine.")
        try:
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml_part(source, archive, info)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error) as error:
            raise ReplyscopeError(
                f"{source.name}: is not a valid {source.suffix} file (part '{info.filename}' is damaged: "
                f"{first_line(error)}); re-download it or save it again from Excel.") from None


def _check_xml_part(source: Source, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with archive.open(info) as member:
        prolog = _xml_prolog(member)
        if prolog is None:
            raise ReplyscopeError(
                f"{source.name}: part '{info.filename}' has no XML element in its first "
                f"{MAX_XML_PROLOG_BYTES // 1024**2} MB, which no real workbook has; refusing it as unsafe. "
                "Save the data again from Excel.")
        if "<!doctype" in prolog.lower() or "<!entity" in prolog.lower():
            raise ReplyscopeError(
                f"{source.name}: part '{info.filename}' declares XML entities, which no real workbook does; "
                "refusing it as unsafe (possible entity-expansion attack). Save the data again from Excel.")
    if info.filename.lower().endswith(".xml"):  # any part: the workbook's relationships may put a sheet anywhere
        with archive.open(info) as member:
            rows, columns, cells = _cell_extent(member)
        if rows * columns > max(MAX_SPARSE_SHEET_CELLS, SPARSENESS_ALLOWED * cells):
            raise ReplyscopeError(
                f"{source.name}: part '{info.filename}' has {cells:,} cells spread over {rows:,} rows x "
                f"{columns:,} columns, which would take gigabytes to read; delete the stray cells far "
                "below or beside the data (Ctrl+End finds them), or export the sheet as CSV.")


def _xml_prolog(member) -> str | None:
    """The text of an XML part before its first element (where a DTD would be); None if too long."""
    buffer = b""
    while len(buffer) < MAX_XML_PROLOG_BYTES:
        chunk = member.read(64 * 1024)
        buffer += chunk
        text = _decode_xml_start(buffer)
        found = _ROOT_ELEMENT_RE.search(text)
        if found:
            return text[:found.start()]
        if not chunk:
            return text
    return None


def _decode_xml_start(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data[:len(data) // 2 * 2].decode("utf-16", errors="replace")
    if data.startswith(b"<\x00"):
        return data[:len(data) // 2 * 2].decode("utf-16-le", errors="replace")
    if data.startswith(b"\x00<"):
        return data[:len(data) // 2 * 2].decode("utf-16-be", errors="replace")
    return data.decode("utf-8", errors="replace")


def _cell_extent(member) -> tuple[int, int, int]:
    """(rows spanned, columns spanned, cells) of a worksheet part, from its cells' A1 references."""
    columns: set[bytes] = set()
    rows: set[bytes] = set()
    cells = 0
    tail = b""
    while chunk := member.read(_XML_CHUNK_BYTES):
        buffer = tail + chunk
        columns.update(_CELL_COLUMN_RE.findall(buffer))
        found = _CELL_ROW_RE.findall(buffer)
        rows.update(found)
        cells += len(found)
        tail = buffer[-24:]
    if not rows:
        return 0, 0, 0
    numbers = [int(row) for row in rows]
    indexes = [_column_index(column) for column in columns]
    return max(numbers) - min(numbers) + 1, max(indexes) - min(indexes) + 1, cells


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index
