"""A CSV or .xlsx file as a table of cells, with its conventions detected.

CSV: the encoding (a BOM's UTF-8 or UTF-16, UTF-8, else charset-normalizer's
pick among the code pages of DETECTED — Windows-1251 is what Russian accounting
exports use, Windows-1252 Western European ones), the separator (`,` `;` or
tab), the decimal mark and the date order (from the whole file) are detected
and reported in `Table.detected`, so a person can confirm or correct them;
where the file cannot tell (EncodingUnsure, DatesUnsure) the person is asked.
Anything that makes the whole file unreadable raises `FileProblem` before a
single row is looked at, with what to do about it.

.xlsx: cells as the sheet shows them — a percent-formatted number as its
percentage, a cell merged down several rows in each of them; a workbook whose
formulas were never calculated is refused (its formula cells would read empty).

The first non-empty row is the header. Row numbers are those a spreadsheet
shows (the header is row 1), so a rejected row is easy to find in the file.

A file is never trusted with the server's time or memory: spreadsheets are
streamed (openpyxl's read-only mode, the sheet's claimed dimension ignored,
trailing empty rows dropped), and rows, columns, the size of a cell and the
time the first look takes are capped (MAX_ROWS, MAX_COLUMNS, MAX_CELL_CHARS,
READ_SECONDS); past a cap the file is refused with a FileProblem saying so.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from charset_normalizer import from_bytes

from i18n import N_

from ..errors import DomainError
from .formulas import restore
from .values import guess_date_order, guess_decimal

# Encodings offered by name (the wizard's list); any other codec Python knows may be given too.
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": N_("UTF-8 with BOM"), "cp1251": "Windows-1251",
             "cp1252": N_("Windows-1252 (Western European)"), "utf-16": "UTF-16", "iso8859-1": "ISO-8859-1 (Latin-1)",
             "cp1250": N_("Windows-1250 (Central European)"), "koi8-r": "KOI8-R", "cp866": N_("DOS-866 (Cyrillic)"),
             "mac-cyrillic": "Mac Cyrillic", "iso8859-15": "ISO-8859-15 (Latin-9)",
             "cp1257": N_("Windows-1257 (Baltic)"), "cp1254": N_("Windows-1254 (Turkish)")}
# Code pages detection chooses among for a file that is not UTF-8, the most common first (a tie of the
# same text goes to the first): what accounting systems and Excel save in Europe and Russia.
DETECTED = ("cp1252", "cp1251", "cp1250", "koi8-r", "cp866", "mac-cyrillic", "cp1257", "cp1254")
SEPARATORS = {",": ",", ";": ";", "\t": N_("Tab")}
SAMPLE_ROWS = 2000  # rows read to guess the decimal mark and the date order
MAX_ROWS = 1_100_000  # rows of a file (a million shipment lines and some)
MAX_COLUMNS = 200  # columns with something in them
MAX_CELL_CHARS = 32_767  # characters in a cell: what Excel allows
READ_SECONDS = 120.0  # the first look at a file (header, sample, an .xlsx's row count)
# The csv module refuses a longer field itself, in C, at no cost per cell (its csv.Error
# becomes a FileProblem naming the row, below). The limit is the module's, for the process.
csv.field_size_limit(MAX_CELL_CHARS)


class FileProblem(DomainError):
    """The whole file cannot be imported as it is: nothing was written."""


def _too_long_to_read() -> FileProblem:
    return FileProblem("The file takes too long to read (more than {seconds} seconds). Split it into smaller "
                       "files, or save it as CSV.", seconds=int(READ_SECONDS))


def _too_many_rows() -> FileProblem:
    return FileProblem("The file has more than {max} rows. Split it into smaller files.", max=f"{MAX_ROWS:,}")


@dataclass(frozen=True)
class ReadOptions:
    """What the person chose; "auto" means detect it."""

    encoding: str = "auto"
    separator: str = "auto"
    decimal: str = "auto"
    dates: str = "auto"
    sheet: str | None = None

    @classmethod
    def from_dict(cls, options: dict | None) -> ReadOptions:
        options = options or {}
        return cls(**{k: options[k] for k in ("encoding", "separator", "decimal", "dates", "sheet")
                      if options.get(k) not in (None, "")})


@dataclass
class Table:
    name: str
    format: str  # "csv" or "xlsx"
    columns: list[str]
    encoding: str | None
    separator: str | None
    decimal: str
    dates: str
    detected: dict[str, bool] = field(default_factory=dict)  # which settings were guessed
    approx_rows: int = 0
    _text: str | None = None
    _path: Path | None = None
    _data: bytes | None = None
    _header_at: int = 0  # index of the header among the raw rows
    _sheet: str | None = None
    _sep_line: bool = False  # the file starts with Excel's "sep=;" line (not the header)

    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number as a spreadsheet shows it, cells) for every row after the header.

        Fully blank rows are passed too (as an empty list): the importer counts them.
        A text our export made inert (`'=…`, db/io/formulas.py) comes back as it was.
        """
        raw = self._raw_rows()
        for number, cells in enumerate(raw, start=1):
            if number <= self._header_at + 1:
                continue
            if number > MAX_ROWS:
                raise _too_many_rows()
            yield number, [restore(c) for c in cells]

    def fingerprint(self) -> str:
        """A digest of the file's bytes (or text): the same file imported again is known as such."""
        digest = hashlib.sha256()
        if self._data is not None:
            digest.update(self._data)
        elif self._text is not None:
            digest.update(self._text.encode("utf-8", "surrogatepass"))
        elif self._path is not None:
            for chunk in _chunks(self._path):
                digest.update(chunk)
        return digest.hexdigest()[:40]

    def sample(self, n: int = 5) -> list[list]:
        return [cells for _, cells in itertools.islice(self.rows(), n)]

    def _raw_rows(self) -> Iterator[list]:
        if self.format == "xlsx":
            assert self._data is not None  # an .xlsx table is always read from its bytes (_xlsx_table)
            return _xlsx_rows(self._data, self._sheet)
        if self._text is not None:
            return _csv_rows(io.StringIO(self._text, newline=""), self.separator)
        assert self._path is not None and self.encoding is not None  # a CSV table holds its text or its path
        return _file_rows(self._path, self.encoding, self.separator)


def _file_rows(path: Path, encoding: str, separator: str | None) -> Iterator[list]:
    with path.open(encoding=encoding, newline="") as handle:
        yield from _csv_rows(handle, separator)


def _csv_rows(handle, separator: str | None) -> Iterator[list]:
    """csv.reader's rows, with its refusals (a field past the size limit) and the caps as FileProblems."""
    reader = csv.reader(handle, delimiter=separator or ",")
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _cell_too_big(number + 1) from None
            raise FileProblem("Row {row} cannot be read as CSV: {problem}.", row=number + 1,
                              problem=str(exc)) from None
        number += 1
        if len(cells) > MAX_COLUMNS:
            _check_width(number, cells)
        yield cells


def _check_width(number: int, cells) -> None:
    if len(cells) > MAX_COLUMNS and any(c not in (None, "") for c in cells[MAX_COLUMNS:]):
        raise FileProblem("Row {row} has more than {max} columns. Remove the columns the import does not need.",
                          row=number, max=MAX_COLUMNS)
    for cell in cells:
        if cell.__class__ is str and len(cell) > MAX_CELL_CHARS:
            raise _cell_too_big(number)


def _cell_too_big(number: int) -> FileProblem:
    return FileProblem("A cell in row {row} holds more than {max} characters (Excel's limit for a cell). "
                       "Check the file: a quote left open can swallow the rest of it.", row=number,
                       max=f"{MAX_CELL_CHARS:,}")


def read_table(source: bytes | Path, name: str | None = None, options: ReadOptions | None = None) -> Table:
    """Open a file given as bytes (an upload) or a path (the command line; streamed)."""
    options = options or ReadOptions()
    date_order(options.dates)  # an unknown date format is refused before the file is opened
    if options.encoding != "auto":
        codec_name(options.encoding)
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        head = _head(path)
        if head.startswith(b"PK\x03\x04"):
            return _xlsx_table(path.read_bytes(), name, options)
        content: Path | bytes = path
    else:
        name = name or "file"
        head = source[:8]
        if head.startswith(b"PK\x03\x04"):
            return _xlsx_table(source, name, options)
        content = source
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again.")
    encoding, guessed = _encoding(content, options.encoding)
    text: str | None = None
    if isinstance(content, Path):
        with content.open(encoding=encoding, newline="") as handle:
            sample_text = handle.read(200_000)
        approx_rows = max(1, int(content.stat().st_size / max(1, len(sample_text.encode(encoding)))
                                 * sample_text.count("\n")))
    else:
        text = content.decode(encoding)
        sample_text = text[:200_000]
        approx_rows = max(0, text.count("\n") - 1)  # less the header
    if "\x00" in sample_text:
        raise FileProblem("The file is not text (it holds zero bytes). Upload a CSV or an .xlsx file.")
    said = _SEP_LINE.match(sample_text)  # Excel's own "sep=;" first line: the separator, said
    if said and options.separator == "auto" and said[1] in SEPARATORS:
        separator, sep_guessed = said[1], False
    else:
        separator, sep_guessed = _separator(sample_text, options.separator)
    table = Table(name=name, format="csv", columns=[], encoding=encoding, separator=separator, decimal=".",
                  dates="iso", _text=text, _path=content if isinstance(content, Path) else None,
                  _sep_line=bool(said))
    table.detected.update(encoding=guessed, separator=sep_guessed)
    table.approx_rows = approx_rows
    return _finish(table, options)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(8)


def _encoding(content: Path | bytes, wanted: str) -> tuple[str, bool]:
    """The encoding the whole file (its path, or its bytes) decodes with; checked to the end before any row is read.

    Given: any codec Python knows, by any of its names (`cp1252`, `latin-1`, `Windows-1251`). Detected: a BOM
    says UTF-8 or UTF-16; a file that decodes as UTF-8 to its end is UTF-8; anything else goes to
    charset-normalizer among the code pages of DETECTED. When it cannot tell two readings apart, EncodingUnsure
    lists them, each with a few lines as it reads them, for the person to choose.
    """
    if wanted != "auto":
        encoding = codec_name(wanted)
        try:
            _decode_all(content, encoding)
        except UnicodeDecodeError as exc:
            raise FileProblem("The file cannot be read as {encoding}: byte {position} does not belong to it. "
                              "Choose another encoding, or save the file as CSV UTF-8.",
                              encoding=encoding_label(encoding), position=exc.start + 1) from None
        return encoding, False
    first = _head(content) if isinstance(content, Path) else content[:4]
    if first.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
    for encoding in candidates:
        try:
            _decode_all(content, encoding)
        except UnicodeDecodeError:
            continue
        return encoding, True
    if candidates != ["utf-8"]:
        raise FileProblem("The file starts as {encoding} but does not read as it to the end. Save it as CSV "
                          "UTF-8 (in Excel: Save as → CSV UTF-8) and upload it again.",
                          encoding=encoding_label(candidates[0]))
    return _detect(content), True


def codec_name(wanted: str) -> str:
    """Python's own name of a codec given by any of its names ("latin-1" → "iso8859-1"); FileProblem if none."""
    try:
        info = codecs.lookup(wanted.strip())
    except (LookupError, AttributeError):
        raise FileProblem("Unknown encoding {encoding}: give a name Python knows, such as utf-8, cp1251 "
                          "(Windows-1251), cp1252 (Windows-1252) or latin-1.", encoding=wanted) from None
    try:
        codecs.getincrementaldecoder(info.name)
        "".encode(info.name)
    except (LookupError, TypeError):  # rot13, base64...: codecs, but not text encodings
        raise FileProblem("Unknown encoding {encoding}: give a name Python knows, such as utf-8, cp1251 "
                          "(Windows-1251), cp1252 (Windows-1252) or latin-1.", encoding=wanted) from None
    return info.name


def encoding_label(encoding: str | None) -> str:
    return ENCODINGS.get(encoding or "", encoding or "")


class EncodingUnsure(FileProblem):
    """Detection found several plausible readings of the file; `candidates` holds (encoding, sample lines)."""

    def __init__(self, candidates: list[tuple[str, list[str]]]):
        listed = "; ".join(f"{enc} ({' | '.join(lines)[:80]})" for enc, lines in candidates)
        super().__init__("The file's encoding is uncertain: it reads as {candidates}. Choose the encoding that "
                         "shows the names right (on the command line: --encoding NAME).", candidates=listed)
        self.candidates = candidates


DETECT_BYTES = 64_000  # lines with non-ASCII bytes given to charset-normalizer
_NEAR = 0.02  # scores this close are a tie


def _detect(content: Path | bytes) -> str:
    """A file that is not UTF-8: charset-normalizer's best reading among DETECTED.

    Readings that give the same text are one reading (the first of DETECTED names it). Each is scored:
    charset-normalizer's language coherence less its chaos, then the share of non-ASCII characters that
    are letters in a word of one alphabet ("Kцniglich" is not). The best is taken when it is ahead of the
    others; among readings tied with it, the first of DETECTED when a language was recognised in them
    (Windows-1252's "Luleå" before Windows-1250's "Luleĺ"); otherwise, too little text to tell,
    EncodingUnsure.
    """
    sample = _non_ascii_lines(content)
    matches = from_bytes(sample, steps=1, chunk_size=len(sample), cp_isolation=list(DETECTED),
                         preemptive_behaviour=False)
    readings: dict[str, tuple[str, tuple]] = {}  # text -> (encoding, score)
    for match in matches:
        names = {codec_name(name) for name in match.could_be_from_charset} & set(DETECTED)
        if not names:
            continue
        encoding = min(names, key=DETECTED.index)  # the same text from several: the most common names it
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = (round(match.coherence - match.chaos, 2), _letters(text))
        known = readings.get(text)
        if known is None or score > known[1] or (score == known[1]
                                                and DETECTED.index(encoding) < DETECTED.index(known[0])):
            readings[text] = (encoding, score)
    ranked = sorted(readings.items(), key=lambda r: (-r[1][1][0], -r[1][1][1], DETECTED.index(r[1][0])))
    tied: list[tuple[str, str, tuple]] = []  # the best reading that decodes the whole file, those tied with it
    for text, (encoding, score) in ranked:
        if tied and tied[0][2][0] - score[0] > _NEAR:
            break  # the rest score lower still
        if tied and tied[0][2][1] - score[1] > _NEAR:
            continue
        try:
            _decode_all(content, encoding)
        except UnicodeDecodeError:
            continue
        tied.append((text, encoding, score))
    if not tied:
        raise FileProblem("The file's encoding cannot be told: it is not UTF-8 and reads as none of the usual "
                          "code pages. Save it as CSV UTF-8 (in Excel: Save as → CSV UTF-8) and upload it "
                          "again, or give its encoding.")
    best = tied[0][2]
    if len(tied) == 1 or best[0] > 0:  # a tie where a language was recognised: the most common code page
        return min(tied, key=lambda g: DETECTED.index(g[1]))[1]
    raise EncodingUnsure([(encoding, _preview(text)) for text, encoding, _ in tied[:4]])


def _non_ascii_lines(content: Path | bytes) -> bytes:
    """The file's lines that hold a non-ASCII byte (what tells an encoding), up to DETECT_BYTES."""
    found: list[bytes] = []
    size = 0
    chunks = _chunks(content) if isinstance(content, Path) else [content]
    rest = b""
    for chunk in chunks:
        chunk = rest + chunk
        if chunk.isascii():
            rest = b""
            continue
        lines = chunk.split(b"\n")
        rest = lines.pop()
        for line in lines:
            if not line.isascii():
                found.append(line.rstrip(b"\r"))
                size += len(line)
        if size >= DETECT_BYTES:
            break
    if rest and not rest.isascii() and size < DETECT_BYTES:
        found.append(rest.rstrip(b"\r"))
    return b"\n".join(found)[:DETECT_BYTES]


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _letters(text: str) -> float:
    """The share of the non-ASCII characters that are letters in a word of one alphabet (Latin or not)."""
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if not non_ascii:
        return 1.0
    good = 0
    for word in _LETTER_RUN.findall(text):
        if word.isascii():
            continue
        latin = any(ch.isascii() or _is_latin(ch) for ch in word)
        other = any(not ch.isascii() and not _is_latin(ch) for ch in word)
        if not (latin and other):
            good += sum(1 for ch in word if ord(ch) > 127)
    return round(good / non_ascii, 2)


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" or "\u1e00" <= ch < "\u1f00"  # Basic Latin to Latin Extended-B; Latin Extended Additional


def _preview(text: str, n: int = 3) -> list[str]:
    return [line.strip()[:120] for line in text.splitlines() if line.strip()][:n]


def _decode_all(content: Path | bytes, encoding: str) -> None:
    """Decode everything, raising on the first bad byte."""
    if isinstance(content, bytes):
        content.decode(encoding)
        return
    decoder = codecs.getincrementaldecoder(encoding)()
    for chunk in _chunks(content):
        decoder.decode(chunk)
    decoder.decode(b"", final=True)


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            yield chunk


_SEP_LINE = re.compile(r"\ufeff?sep=(.)\r?(?:\n|$)")


def _separator(sample: str, wanted: str) -> tuple[str, bool]:
    if wanted != "auto":
        if wanted in ("tab", "\\t"):
            wanted = "\t"
        if wanted not in SEPARATORS:
            raise FileProblem("Unknown separator {separator}: choose a comma, a semicolon or a tab.",
                              separator=wanted)
        return wanted, False
    lines = sample.splitlines()[:50]
    if len(lines) > 1 and len(sample) == 200_000:
        lines = lines[:-1]  # the last line of a cut sample may be partial
    best, best_score = ",", (False, 0, 0)
    for candidate in SEPARATORS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=candidate) if r]
        except csv.Error:  # a field past the size limit: reading the rows says so, naming the row
            continue
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        # Rows of several cells beat lines of one (a cell's line breaks and inner commas: issue 16).
        score = (common > 1, widths.count(common), common)
        if score > best_score:
            best, best_score = candidate, score
    return best, True


def _finish(table: Table, options: ReadOptions) -> Table:
    """Find the header, then guess the decimal mark and the date order from a sample."""
    deadline = time.monotonic() + READ_SECONDS
    raw = table._raw_rows()
    header = None
    for index, cells in enumerate(raw):
        if index == 0 and table._sep_line:
            continue
        if any(_text(c) for c in cells):
            header, table._header_at = cells, index
            break
        if index % 1000 == 0 and time.monotonic() > deadline:
            raise _too_long_to_read()
    if header is None:
        raise FileProblem("The file is empty: it needs a header row and rows of data.")
    table.columns = _column_names(header)
    sample = [c for _, cells in itertools.islice(table.rows(), SAMPLE_ROWS) for c in cells]
    if time.monotonic() > deadline:
        raise _too_long_to_read()
    if options.decimal in (".", ","):
        table.decimal = options.decimal
    elif options.decimal == "auto":
        guessed = guess_decimal(sample)
        table.decimal = guessed or ("," if table.separator == ";" else ".")
        table.detected["decimal"] = True
    else:
        raise FileProblem("Unknown decimal mark {mark}: choose a point or a comma.", mark=options.decimal)
    if date_order(options.dates) == "auto":
        table.dates = guess_date_order(sample) or "iso"
        table.detected["dates"] = True
        if table.dates in ("mdy", "dmy_slash"):
            table.dates = _slash_order(table, deadline)
    else:
        table.dates = date_order(options.dates)
    return table


_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T].*)?$")


class DatesUnsure(FileProblem):
    """Every D/M/YYYY date of the file is also a M/D/YYYY one: the person says which. `examples`: a few."""

    def __init__(self, examples: list[str]):
        super().__init__("Every date in the file reads both as day/month and as month/day ({examples}): say "
                         "which (on the command line: --dates dmy_slash for D/M/YYYY, --dates mdy for M/D/YYYY).",
                         examples=", ".join(examples))
        self.examples = examples


def _slash_order(table: Table, deadline: float) -> str:
    """D/M/YYYY or M/D/YYYY, from the whole file: the first date with a part above 12 tells (a later
    date of the other order is then a rejected row, "no such date"); none at all raises DatesUnsure."""
    examples: list[str] = []
    for number, cells in table.rows():
        for cell in cells:
            if cell.__class__ is str and "/" in cell and (m := _SLASHED.match(cell)):
                if int(m[1]) > 12:
                    return "dmy_slash"
                if int(m[2]) > 12:
                    return "mdy"
                if len(examples) < 3 and cell.strip() not in examples:
                    examples.append(cell.strip())
        if number % 1000 == 0 and time.monotonic() > deadline:
            raise _too_long_to_read()
    raise DatesUnsure(examples)


# --dates and the mapping's "dates": our names and the formats as people write them.
DATE_ORDERS = {"iso": "iso", "yyyy-mm-dd": "iso", "dmy": "dmy", "dd.mm.yyyy": "dmy", "d.m.yyyy": "dmy",
               "mdy": "mdy", "m/d/yyyy": "mdy", "mm/dd/yyyy": "mdy", "dmy_slash": "dmy_slash",
               "d/m/yyyy": "dmy_slash", "dd/mm/yyyy": "dmy_slash"}


def date_order(wanted: str) -> str:
    """The date order a person gave ("auto", one of DATE_FORMATS or the format itself); FileProblem if unknown."""
    text = str(wanted).strip().lower()
    if text == "auto":
        return "auto"
    if text not in DATE_ORDERS:
        raise FileProblem("Unknown date format {dates}: choose auto, iso (YYYY-MM-DD), dmy (DD.MM.YYYY), "
                          "dmy_slash (D/M/YYYY) or mdy (M/D/YYYY).", dates=wanted)
    return DATE_ORDERS[text]


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


def _column_names(header: list) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(header, start=1):
        name = _text(cell).lstrip("\ufeff") or f"column {i}"
        base, n = name, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    while names and names[-1].startswith("column ") and not _text(header[len(names) - 1]):
        names.pop()  # trailing empty header cells (Excel's formatting leftovers)
    return names


def _xlsx_table(data: bytes, name: str, options: ReadOptions) -> Table:
    table = Table(name=name, format="xlsx", columns=[], encoding=None, separator=None, decimal=".",
                  dates="iso", _data=data)
    try:
        book = _open_book(data)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise FileProblem("The file looks like Excel but cannot be opened. Save it again as .xlsx or CSV.") from None
    sheets = book.sheetnames
    book.close()
    if options.sheet and options.sheet not in sheets:
        raise FileProblem("The workbook has no sheet {sheet}.", sheet=options.sheet)
    table._sheet = options.sheet
    _formulas_have_values(data, options.sheet)
    deadline = time.monotonic() + READ_SECONDS
    finished = _finish(table, options)
    rows = 0
    for _ in finished._raw_rows():  # counted without decoding the cells again
        rows += 1
        if rows % 1000 == 0 and time.monotonic() > deadline:
            raise _too_long_to_read()
    finished.approx_rows = max(0, rows - finished._header_at - 1)
    return finished


def _open_book(data: bytes, *, formulas: bool = False):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)


def _formulas_have_values(data: bytes, sheet_name: str | None) -> None:
    """A workbook a program wrote with formulas but never calculated keeps no values for them: each such
    cell read as empty, silently (an amount "=B2*C2" became no amount). Its first rows' formulas are
    looked at: all of them without a value refuse the file. (Excel saves a value with every formula.)"""
    try:
        with_formulas, with_values = _open_book(data, formulas=True), _open_book(data)
    except Exception:  # noqa: BLE001 - reading the rows says what is wrong with the file
        return
    try:
        formulas = empty = 0
        sheets = [book[sheet_name] if sheet_name else book.worksheets[0] for book in (with_formulas, with_values)]
        rows = zip(sheets[0].iter_rows(max_row=PERCENT_SCAN_ROWS, values_only=True),
                   sheets[1].iter_rows(max_row=PERCENT_SCAN_ROWS, values_only=True), strict=False)
        for formula_row, value_row in rows:
            for formula, value in zip(formula_row[:MAX_COLUMNS], value_row[:MAX_COLUMNS], strict=False):
                if formula.__class__ is str and formula.startswith("="):
                    formulas += 1
                    empty += value is None
    except Exception:  # noqa: BLE001 - as above
        return
    finally:
        with_formulas.close()
        with_values.close()
    if formulas and empty == formulas:
        raise FileProblem("The workbook's formulas have no saved values (it was written by a program and never "
                          "opened in Excel): their cells would be read as empty. Open it in Excel and save it, "
                          "or save it as CSV.")


def _xlsx_rows(data: bytes, sheet_name: str | None) -> Iterator[list]:
    """A sheet's rows, streamed. The sheet's own claim about its size (the dimension) is ignored: a
    file of 1.6 KB claiming A1:XFD1048576 had every row padded to 16,384 cells. Empty rows are passed
    on only when a row with something in it follows them (trailing ones, often a million, are not)."""
    try:
        book = _open_book(data)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise FileProblem("The file looks like Excel but cannot be opened. Save it again as .xlsx or CSV.") from None
    try:
        sheet = book[sheet_name] if sheet_name else book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        empty = 0
        merged = _MergedDown(data, getattr(sheet, "_worksheet_path", None))
        for number, row in enumerate(_xlsx_raw(sheet), start=1):
            if number > MAX_ROWS:
                raise _too_many_rows()
            if merged:
                row = merged.fill(number, row)
            end = len(row)
            if end > MAX_COLUMNS:
                _check_width(number, row)  # refused when something is past the cap
                end = MAX_COLUMNS
            while end and (row[end - 1] is None or row[end - 1] == ""):
                end -= 1
            if not end:
                empty += 1
                continue
            for _ in range(empty):
                yield []
            empty = 0
            cells = [_xlsx_cell(c) for c in row[:end]]
            _check_width(number, cells)
            yield cells
    finally:
        book.close()


_MERGE_REF = re.compile(rb'<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


class _MergedDown:
    """Cells merged down several rows: Excel shows the value of the range's first cell in all of them,
    the file keeps it in the first only. A client or a territory merged down the lines of an order
    (1C's reports do it) was read on the first line and empty on the others — silently, for an optional
    field. Each row of such a range gets the first cell's value, in the range's first column."""

    def __init__(self, data: bytes, path: str | None) -> None:
        self.tops: dict[int, list[int]] = {}  # row -> columns (0-based) where a range starts
        self.spans: dict[int, list[tuple[int, int]]] = {}  # row -> (column, the range's first row) to fill
        self.values: dict[tuple[int, int], object] = {}
        if path:
            try:
                refs = _merge_refs(data, path)
            except Exception:  # noqa: BLE001 - reading the rows says what is wrong with the file
                refs = []
            from openpyxl.utils.cell import column_index_from_string

            for first_col, first_row, _last_col, last_row in refs:
                top, bottom = int(first_row), int(last_row)
                if bottom <= top or bottom - top > MAX_ROWS:
                    continue
                col = column_index_from_string(first_col.decode()) - 1
                self.tops.setdefault(top, []).append(col)
                for number in range(top + 1, bottom + 1):
                    self.spans.setdefault(number, []).append((col, top))

    def __bool__(self) -> bool:
        return bool(self.tops)

    def fill(self, number: int, row: tuple) -> tuple:
        for col in self.tops.get(number, ()):
            self.values[(number, col)] = row[col] if col < len(row) else None
        spans = self.spans.get(number)
        if not spans:
            return row
        cells = list(row)
        for col, top in spans:
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            if cells[col] is None or cells[col] == "":
                cells[col] = self.values.get((top, col))
        return tuple(cells)


def _merge_refs(data: bytes, path: str) -> list[tuple[bytes, bytes, bytes, bytes]]:
    """The sheet's merged ranges (they follow its rows in the XML: the rows are skipped over, unparsed)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path.lstrip("/")) as handle:
        tail = b""  # the end of what was read; everything from the first <mergeCell on
        while chunk := handle.read(1 << 22):
            tail = tail + chunk if b"<mergeCell" in tail else tail[-64:] + chunk
        return _MERGE_REF.findall(tail)


def _xlsx_raw(sheet) -> Iterator[tuple]:
    """openpyxl's rows, as values; what it raises on a damaged sheet becomes a FileProblem.

    A number in a percent format is the percentage the sheet shows: Excel keeps 15 % as 0.15, and a
    discount or a probability typed as 15 % was read as 0.15 %. Which columns hold percentages is seen
    in the first PERCENT_SCAN_ROWS rows (reading every cell's format would double the reading time)."""
    try:
        percent = _percent_columns(sheet)
        rows = sheet.iter_rows(values_only=True)
    except Exception:  # noqa: BLE001 - damaged XML, a bad shared string index...
        raise FileProblem("The file looks like Excel but cannot be read. Save it again as .xlsx or CSV.") \
            from None
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 - damaged XML, a bad shared string index...
            raise FileProblem("The file looks like Excel but cannot be read. Save it again as .xlsx or CSV.") \
                from None
        if percent:
            row = tuple(_percentage(v) if i in percent else v for i, v in enumerate(row))
        yield row


PERCENT_SCAN_ROWS = 200


def _percent_columns(sheet) -> set[int]:
    """The columns (0-based) with a number in a percent format in the sheet's first rows."""
    found: set[int] = set()
    for row in sheet.iter_rows(max_row=PERCENT_SCAN_ROWS):
        for i, cell in enumerate(row[:MAX_COLUMNS]):
            value = cell.value
            if (value.__class__ is float or value.__class__ is int) and "%" in (cell.number_format or ""):
                found.add(i)
    return found


def _percentage(value):
    if value.__class__ is float:
        return Decimal(repr(value)) * 100
    if value.__class__ is int:
        return Decimal(value) * 100
    return value


def _xlsx_cell(value):
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return "" if value is None else value
